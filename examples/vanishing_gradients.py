"""Vanishing and exploding gradients, measured: how far back the last step's loss reaches.

model.gradient_norms(text) gives, for each step t, the length of d loss_T / d h_t: the gradient
of the last step's loss with respect to the hidden state t steps back. Each step back multiplies
it by W_hh.T and by (1 - h ** 2). This example scales W_hh of one model down and up and draws the
norms on a log scale, then shows what clipping does to an exploding gradient: clipping every
entry (clip) turns its direction, scaling the whole gradient (clip_norm) does not.

    python3 examples/vanishing_gradients.py
"""
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402

TEXT = "the quick brown fox jumps over"
SCALES = (0.5, 0.8, 1.0, 1.25, 1.5)


def orthogonal(n, rng):
    """A random n x n orthogonal matrix (Gram-Schmidt on normal rows): it keeps lengths."""
    rows = []
    for _ in range(n):
        v = [rng.normal() for _ in range(n)]
        for q in rows:
            v = [v_i - tinyrnn.dot(v, q) * q_i for v_i, q_i in zip(v, q)]
        length = tinyrnn.norm(v)
        rows.append([v_i / length for v_i in v])
    return rows


def model_with(factor, input_scale, hidden=16):
    """A model on TEXT whose W_hh is factor times an orthogonal matrix."""
    rng = tinyrnn.SeededRandom(5)
    model = tinyrnn.TinyRNN.for_text(TEXT, hidden, seed=3)
    model.params["W_hh"] = [[factor * w for w in row] for row in orthogonal(hidden, rng)]
    model.params["W_xh"] = [[input_scale * w for w in row] for row in model.params["W_xh"]]
    return model


def bar(value, low, high, width=40):
    """A bar whose length is value's place between low and high on a log scale."""
    place = (math.log10(value) - low) / (high - low)
    return "#" * max(1, int(round(place * width)))


def draw(norms):
    """Print each W_hh factor's norms, every fourth step back from the last, as bars."""
    low = math.log10(min(min(n) for n in norms.values()))
    high = math.log10(max(max(n) for n in norms.values()))
    for factor in sorted(norms):
        values = norms[factor]
        print("W_hh = %g x orthogonal: %.1e at the last step, %.1e at the first (ratio %.1e)"
              % (factor, values[-1], values[0], values[0] / values[-1]))
        for t in range(len(values) - 1, -1, -4):
            print("  t=%2d  %8.1e  %s" % (t, values[t], bar(values[t], low, high)))


def flat(grads):
    """Every entry of a gradient, in one list."""
    return [g for name in tinyrnn.PARAM_NAMES for row in tinyrnn.rows_of(grads[name]) for g in row]


def cosine(a, b):
    """The cosine of the angle between two vectors: 1.0 when they point the same way."""
    return tinyrnn.dot(a, b) / (tinyrnn.norm(a) * tinyrnn.norm(b))


def main():
    print("|d loss_T / d h_t|: how strongly the last step's loss reaches back to step t")
    print("(log scale). Each step back multiplies it by W_hh.T and by 1 - h ** 2.")
    print()
    print("1. Inputs so weak that h stays near 0, so 1 - h ** 2 is near 1: each step back")
    print("   multiplies the norm by W_hh's factor. Below 1 it vanishes, above 1 it explodes.")
    draw(dict((f, model_with(f, 1e-4).gradient_norms(TEXT)) for f in SCALES))
    print()
    print("2. Strong inputs (W_xh times 100) and a large W_hh: h is pushed near -1 or 1, where")
    print("   tanh is flat, 1 - h ** 2 is near 0, and the gradient vanishes after all.")
    draw({4.0: model_with(4.0, 100.0).gradient_norms(TEXT)})

    _, grads = model_with(1.5, 1e-4).loss_and_gradients(TEXT, bptt=True)
    full = flat(grads)
    limit = 0.1 * tinyrnn.norm(full)
    by_entry = flat({name: tinyrnn.clip_values(grads[name], 0.01 * max(map(abs, full)))
                     for name in tinyrnn.PARAM_NAMES})
    by_norm = flat(tinyrnn.clip_by_norm(grads, limit))
    print()
    print("3. Clipping the exploding gradient of 1. (factor 1.5, BPTT), whose norm is %.3g:"
          % tinyrnn.norm(full))
    print("   every entry clipped to 1%% of the largest: norm %8.3g, cosine with it %.4f"
          % (tinyrnn.norm(by_entry), cosine(by_entry, full)))
    print("   the norm clipped to %-8.3g (clip_norm):  norm %8.3g, cosine with it %.4f"
          % (limit, tinyrnn.norm(by_norm), cosine(by_norm, full)))
    print("   Per-entry clipping (clip) turns the step away from downhill; clip_norm only")
    print("   shortens it.")


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
