"""A heat map of the hidden units as the trained model reads "hello".

Each row is one hidden unit, each column one character. A cell is the sign of h and a mark for
its size: blank below 0.17, then . : + # @ up to 1 (so "-@" is close to -1). The numbers follow.

Run it from any folder: python3 examples/hidden_states.py
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402

SIZES = " .:+#@"  # marks for |h| from 0 up to 1, in six equal steps


def shade(value):
    """Two characters for one value: a sign ('-' or '+') and a shade for its size."""
    level = min(len(SIZES) - 1, int(abs(value) * len(SIZES)))
    if level == 0:
        return "  "
    return ("-" if value < 0 else "+") + SIZES[level]


def heat_map(states, labels):
    """Lines of a text heat map: one row per hidden unit, one column per label."""
    lines = ["unit  " + "   ".join(" %s" % ch for ch in labels)]
    for unit in range(len(states[0])):
        cells = [shade(h[unit]) for h in states]
        values = " ".join("% .2f" % h[unit] for h in states)
        lines.append("h[%d]  %s    %s" % (unit, "   ".join(cells), values))
    return lines


def main():
    model = tinyrnn.TinyRNN.from_notebook()
    model.fit("hello", 50, learning_rate=0.1)
    text = "hell"
    print("Hidden state h after each character of %r (trained 50 epochs on 'hello'):" % text)
    print("cell: sign, then . : + # @ for the size ('+@' is near +1, blank near 0)")
    for line in heat_map(model.hidden_states(text), text):
        print(line)
    print()
    print("The two 'l' columns differ: the memory tells the second 'l' to predict 'o'.")


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
