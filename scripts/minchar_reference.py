"""Reference numbers for chunked training, computed independently of tinyrnn with NumPy.

The training code below is min-char-rnn's (Andrej Karpathy's minimal character-level RNN, 2015):
its lossFun (forward over a chunk, backward in reverse with dhnext), np.clip of every gradient,
and its Adagrad update, mem += dparam * dparam; param += -lr * dparam / np.sqrt(mem + 1e-8).
Changes, each to match what tinyrnn's fit() promises:
- the loss adds 1e-8 inside the log, as the notebook does (the gradient does not change);
- an epoch is one pass over the text in chunks of seq_length, starting from a zero hidden state
  and carrying it from chunk to chunk; the last chunk may be shorter;
- the update is plain SGD (param -= lr * dparam) when asked;
- the weights start from a formula, so the test can build the same model without NumPy:
  weight(name, i, j) = 0.1 * sin(SEED[name] + 1.3 * i + 0.7 * j), biases zero.

The tests use the numbers it prints (test_tinyrnn.py names them MINCHAR); it needs NumPy, which
tinyrnn itself never does.

    python3 scripts/minchar_reference.py
"""
import json
import math

import numpy as np

TEXT = "the cat sat on the mat. the dog sat on the log."
HIDDEN = 10
SEED = {"W_xh": 1.0, "W_hh": 2.0, "W_hy": 3.0}  # the formula's phase for each matrix
RUNS = {  # name: (optimizer, learning_rate, clip, seq_length, epochs)
    "adagrad_clip5": ("adagrad", 0.1, 5.0, 12, 6),
    "sgd_clip0.05": ("sgd", 0.5, 0.05, 7, 6),
}


def formula_weights(rows, cols, phase):
    """The starting weights: 0.1 * sin(phase + 1.3 * i + 0.7 * j)."""
    return np.array([[0.1 * math.sin(phase + 1.3 * i + 0.7 * j) for j in range(cols)]
                     for i in range(rows)])


def lossFun(inputs, targets, hprev, Wxh, Whh, Why, bh, by, vocab_size):
    """min-char-rnn's lossFun, with the notebook's + 1e-8 inside the log."""
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
        loss += -np.log(ps[t][targets[t], 0] + 1e-8)
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


def run(optimizer, learning_rate, clip, seq_length, epochs):
    """Train on TEXT; returns the per-epoch losses and the final weights."""
    chars = sorted(set(TEXT))
    V, H = len(chars), HIDDEN
    data = [chars.index(ch) for ch in TEXT]
    P = {"W_xh": formula_weights(H, V, SEED["W_xh"]),
         "W_hh": formula_weights(H, H, SEED["W_hh"]),
         "W_hy": formula_weights(V, H, SEED["W_hy"]),
         "b_h": np.zeros((H, 1)), "b_y": np.zeros((V, 1))}
    mem = {name: np.zeros_like(value) for name, value in P.items()}
    losses = []
    for epoch in range(epochs):
        hprev = np.zeros((H, 1))
        total = 0.0
        for p in range(0, len(data) - 1, seq_length):
            inputs = data[p:min(p + seq_length, len(data) - 1)]
            targets = data[p + 1:p + 1 + len(inputs)]
            loss, dWxh, dWhh, dWhy, dbh, dby, hprev = lossFun(
                inputs, targets, hprev, P["W_xh"], P["W_hh"], P["W_hy"], P["b_h"], P["b_y"], V)
            total += loss
            grads = {"W_xh": dWxh, "W_hh": dWhh, "W_hy": dWhy, "b_h": dbh, "b_y": dby}
            for dparam in grads.values():
                np.clip(dparam, -clip, clip, out=dparam)
            for name in P:
                if optimizer == "adagrad":
                    mem[name] += grads[name] * grads[name]
                    P[name] += -learning_rate * grads[name] / np.sqrt(mem[name] + 1e-8)
                else:
                    P[name] -= learning_rate * grads[name]
        losses.append(float(total))
    return {"losses": losses,
            "params": {name: (value.ravel() if name.startswith("b") else value).tolist()
                       for name, value in P.items()}}


if __name__ == "__main__":
    print(json.dumps({name: run(*settings) for name, settings in RUNS.items()}, indent=1))
