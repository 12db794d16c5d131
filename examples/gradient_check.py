"""Is the gradient right? Compare it with finite differences, for the notebook's gradient and BPTT.

The notebook's gradient stops at each time step, so only the output layer (W_hy, b_y) matches the
true gradient of the loss; the full backpropagation through time matches it everywhere.

Run it from any folder: python3 examples/gradient_check.py
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402


def main():
    print("The notebook's model on 'hello':")
    for line in tinyrnn.gradient_check_table(tinyrnn.TinyRNN.from_notebook(), "hello"):
        print("  " + line)
    text = "the quick brown fox"
    print()
    print("A random model (hidden 8, seed 1) on %r:" % text)
    for line in tinyrnn.gradient_check_table(tinyrnn.TinyRNN.for_text(text, 8, seed=1), text):
        print("  " + line)
    print()
    print("Errors near 1e-8 mean the gradient is right; errors near 1 mean it is another one.")


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
