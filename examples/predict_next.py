"""What comes next? The three most likely characters after "h", "he", "hel" and "hell".

Trains the notebook's model on "hello" (50 epochs, as `python3 tinyrnn.py` does), then asks it.

Run it from any folder: python3 examples/predict_next.py
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402


def main():
    model = tinyrnn.TinyRNN.from_notebook()
    model.fit("hello", 50, learning_rate=0.1)
    print("prefix  1st        2nd        3rd")
    for prefix in ("h", "he", "hel", "hell"):
        ranked = model.predict_next(prefix, k=3)
        print("%-6s  " % prefix + "  ".join("%r %.3f" % (ch, p) for ch, p in ranked))


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
