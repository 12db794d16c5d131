"""Run the notebook's own NumPy code and print reference numbers as JSON.

This is the notebook (../shared/notebook.txt, cells In [2] to In [10]) with its prints removed and
one change: its `exec(f"{param} -= learning_rate * grads[param]")` becomes the same in-place
subtraction on a dict of the arrays. The tests use the numbers it prints; it needs NumPy, which
tinyrnn itself never does.

    python3 scripts/notebook_reference.py [EPOCHS]
"""
import json
import sys

import numpy as np


def run(epochs):
    char_to_idx = {'h': 0, 'e': 1, 'l': 2, 'o': 3}
    inputs = ['h', 'e', 'l', 'l']
    targets = ['e', 'l', 'l', 'o']

    def one_hot(idx, size=4):
        vec = np.zeros(size)
        vec[idx] = 1
        return vec

    X = np.array([one_hot(char_to_idx[ch]) for ch in inputs])
    Y = np.array([char_to_idx[ch] for ch in targets])
    hidden_size = output_size = 4
    learning_rate = 0.1
    P = {
        'W_xh': np.array([
            [0.13309074, 0.17127598, -0.15813858, -0.04525709],
            [-0.09057376, -0.14782509, 0.06502781, 0.14093142],
            [0.04669049, 0.01720516, 0.03336642, 0.1781491],
            [-0.07548864, -0.02664684, 0.11772184, -0.07503803]]),
        'W_hh': np.array([
            [0.07809908, -0.13063158, 0.05358797, 0.05681267],
            [0.01768576, 0.15217173, 0.23846673, 0.09969253],
            [0.09635959, 0.06631399, -0.17052794, 0.00988055],
            [0.01199125, -0.01561548, 0.10577997, 0.10847363]]),
        'W_hy': np.array([
            [0.0247689, -0.11553708, 0.21316413, 0.08569605],
            [-0.05522459, -0.0882109, 0.00430406, -0.00389115],
            [0.17101969, -0.2330526, -0.04581541, 0.06289344],
            [0.07365608, 0.006953, 0.08645168, 0.14256647]]),
        'b_h': np.zeros((hidden_size, 1)),
        'b_y': np.zeros((output_size, 1)),
    }
    record = {'losses': [], 'steps': []}
    for epoch in range(epochs):
        W_xh, W_hh, W_hy, b_h, b_y = (P[k] for k in ('W_xh', 'W_hh', 'W_hy', 'b_h', 'b_y'))
        h_prev = np.zeros((hidden_size, 1))
        loss = 0
        grads = {'W_xh': 0, 'W_hh': 0, 'W_hy': 0, 'b_h': 0, 'b_y': 0}
        steps = []
        for t in range(len(X)):
            x = X[t].reshape(-1, 1)
            target = Y[t]
            step = {'W_xh @ x': (W_xh @ x).ravel().tolist(),
                    'W_hh @ h_prev': (W_hh @ h_prev).ravel().tolist()}
            mid_h = W_xh @ x + W_hh @ h_prev + b_h
            h = np.tanh(W_xh @ x + W_hh @ h_prev + b_h)
            y_logits = W_hy @ h + b_y
            y_pred = np.exp(y_logits) / np.sum(np.exp(y_logits))
            step.update({'mid_h': mid_h.ravel().tolist(), 'h': h.ravel().tolist(),
                         'y_logits': y_logits.ravel().tolist(),
                         'y_pred': y_pred.ravel().tolist(),
                         'exp(y_logits)': np.exp(y_logits).ravel().tolist()})
            loss += -np.log(y_pred[target, 0] + 1e-8)
            dy = y_pred
            dy[target] -= 1
            grads['W_hy'] += dy @ h.T
            grads['b_y'] += dy
            dh = W_hy.T @ dy
            dh_raw = (1 - h ** 2) * dh
            grads['W_xh'] += dh_raw @ x.T
            grads['W_hh'] += dh_raw @ h_prev.T
            grads['b_h'] += dh_raw
            h_prev = h
            steps.append(step)
        record['steps'].append(steps)
        record['losses'].append(float(loss))
        if epoch == 0:
            record['grads_epoch0'] = {k: v.tolist() for k, v in grads.items()}
        for param in grads:
            P[param] -= learning_rate * grads[param]   # the notebook: exec(f"{param} -= ...")
    record['params'] = {k: v.tolist() for k, v in P.items()}
    return record


if __name__ == '__main__':
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 2), indent=1))
