"""Exercise 8: one step of a gated cell, the GRU (torch.nn.GRU's equations).

Write the body of gru_step, then check it from the project's folder:

    python3 exercises/check.py exercises/e8_gru_step.py

The check compares your gates with a one-unit step worked by hand and with tinyrnn's gru_step
on a random model; when your numbers are those of a usual mistake (z and 1 - z swapped, the
reset gate applied to h_prev before W_hn instead of after), it says which.
"""
from tinyrnn import add, matvec, multiply, one_hot, tanh  # and sigmoid, below


def sigmoid(v):
    """1 / (1 + exp(-a)) for each entry a: a gate between 0 and 1."""
    import math
    return [1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
            for a in v]


def gru_step(params, index, h_prev):
    """One GRU step for the character `index` after the hidden state h_prev.

    x = one_hot(index, V), V = len(params["b_y"]). Return a dict with:
        "r"  sigmoid(W_xr @ x + W_hr @ h_prev + b_r)            the reset gate
        "z"  sigmoid(W_xz @ x + W_hz @ h_prev + b_z)            the update gate
        "n"  tanh(W_xn @ x + b_xn + r * (W_hn @ h_prev + b_hn))  the candidate
        "h"  (1 - z) * n + z * h_prev                           z near 1 keeps the old h
    Every W_x* is (H rows of V), W_h* (H rows of H), b_* (H); * is an entry-by-entry product.
    """
    raise NotImplementedError("write gru_step")
