"""The answer to vanishing gradients, measured: gated cells keep a gradient alive.

1. How strongly the last step's loss reaches back k steps, |d loss_T / d state_(T-k)| against
   the last step's own, by tinyrnn's gradient_norms, for the tanh cell, the GRU (update bias 0,
   and its default 2) and the LSTM (forget bias 0, 1, its default, and 3): H=32, 8 characters,
   weights randn * 0.1. Gates alone do not keep it: a gate held near 1 does.
2. A memory task: lines "a" + N dots + "a" and "b" + N dots + "b"; after the dots the model must
   say which letter began the line. Each cell trains with the same budget (100 epochs, Adagrad,
   BPTT over each line), then is asked; printed: the smaller of its two probabilities of the
   right letter, given that the line ends there (0.5 is a guess).

    python3 examples/gated_cells.py [N ...]       (default: N = 5, 10, 20; about 10 s)
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402  (after the path line, so it is found from any folder)

CELLS = [("tanh (the notebook's)", "rnn", None, None), ("GRU, update bias 0", "gru", "b_z", 0.0),
         ("GRU, update bias 2", "gru", "b_z", 2.0), ("LSTM, forget bias 0", "lstm", "b_f", 0.0),
         ("LSTM, forget bias 1", "lstm", "b_f", 1.0), ("LSTM, forget bias 3", "lstm", "b_f", 3.0)]


def reach_back():
    """Print |d loss_T / d state_(T-k)| / |d loss_T / d state_T| for each cell and k."""
    text = ("abcdefgh" * 6)[:42]
    print("1. How much of the last step's gradient reaches k steps back (H=32, randn * 0.1)")
    print("   %-22s %9s %9s %9s %9s" % ("cell", "k=1", "k=10", "k=20", "k=40"))
    for label, cell, bias, value in CELLS:
        model = tinyrnn.TinyRNN("abcdefgh", 32, seed=1, cell=cell)
        if bias is not None:
            model.params[bias] = [value] * 32
        norms = model.gradient_norms(text)
        print("   %-22s %s" % (label, " ".join("%9.1e" % (norms[-1 - k] / norms[-1])
                                               for k in (1, 10, 20, 40))))


def memory_task(N, lines=8, seed=0):
    """lines lines of a letter, N dots and the same letter again, the letters drawn at random."""
    rng = tinyrnn.SeededRandom(seed)
    text = ""
    for _ in range(lines):
        letter = "ab"[rng.next_int() % 2]
        text += letter + "." * N + letter + "\n"
    return text


def remembered(cell, N):
    """The smaller of P(right letter | a letter comes) for the two letters, after training."""
    model = tinyrnn.TinyRNN("\n.ab", 8, seed=2, cell=cell)
    model.fit(memory_task(N), 100, learning_rate=0.3, bptt=True, seq_length=N + 3,
              optimizer="adagrad", clip=5.0)
    chances = []
    for letter in "ab":
        probs = dict(model.predict_next("\n" + letter + "." * N, 4))
        chances.append(probs[letter] / (probs["a"] + probs["b"]))
    return min(chances)


def main(sizes):
    reach_back()
    print()
    print("2. Which letter began the line, N dots ago? (the smaller of the two chances of the")
    print("   right one; 0.5 is a guess; H=8, 100 epochs of Adagrad, lr 0.3)")
    print("      N   tanh   GRU   LSTM   time")
    for N in sizes:
        started = time.time()
        found = [remembered(cell, N) for cell in ("rnn", "gru", "lstm")]
        print("   %4d   %.2f   %.2f  %.2f   %.1f s" % (N, found[0], found[1], found[2],
                                                      time.time() - started))


if __name__ == "__main__":
    started = time.time()
    main([int(n) for n in sys.argv[1:]] or [5, 10, 20])
    print("(%.2f s on this machine)" % (time.time() - started))
