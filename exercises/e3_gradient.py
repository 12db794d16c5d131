"""Exercise 3: the loss and the notebook's gradient (In [9], "not through time").

Write the body of loss_and_gradients for bptt=False, then check it from the project's folder:

    python3 exercises/check.py exercises/e3_gradient.py

The check compares your loss and gradients with the notebook's code run with NumPy, on random
models, and (for W_hy and b_y, where the notebook's gradient is exact) with finite differences.
When the numbers match a classic mistake, it says which.
"""
from tinyrnn import (cross_entropy, matvec, multiply, one_hot, step, tanh_derivative,
                     transpose, zeros)


def loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    """The notebook's loop over one sequence: returns (loss, grads, the last h).

    inputs, targets: lists of T character indices; targets[t] is the character after
    inputs[t]. h_prev: a list of H floats, the hidden state before the first step.
    For each step t, as the notebook does:
        s = step(params, inputs[t], h_prev)          (or your own step from exercise 2)
        loss += cross_entropy(s["y_pred"], targets[t])
        dy = y_pred - one_hot(target)                 (d loss / d y_logits)
        dh = W_hy.T @ dy
        dh_raw = (1 - h ** 2) * dh                    (back through tanh)
        grads["W_hy"] += dy @ h.T     (the matrix of dy[i] * h[j])
        grads["b_y"]  += dy
        grads["W_xh"] += dh_raw @ x.T (x is one-hot: only column inputs[t] changes)
        grads["W_hh"] += dh_raw @ h_prev.T
        grads["b_h"]  += dh_raw
        h_prev = h
    grads has the shapes of params (matrices as lists of rows). Ignore bptt here (exercise 4).
    """
    raise NotImplementedError("write loss_and_gradients")
