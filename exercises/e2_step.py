"""Exercise 2: one forward step of the notebook's In [9].

Write the body of step, then check it from the project's folder:

    python3 exercises/check.py exercises/e2_step.py

The check runs the notebook's first two steps ("h", then "e") from its weights and compares
every value with the numbers the notebook prints.
"""
from tinyrnn import add, matvec, one_hot, softmax, tanh  # all you need


def step(params, index, h_prev):
    """One time step for the character `index`, after the hidden state h_prev.

    params: a dict of the notebook's weights: W_xh (H rows of V), W_hh (H rows of H),
    W_hy (V rows of H), b_h (H), b_y (V). h_prev: a list of H floats.
    Return a dict with the notebook's names:
        "x"        one_hot(index, V)
        "mid_h"    W_xh @ x + W_hh @ h_prev + b_h
        "h"        tanh(mid_h)
        "y_logits" W_hy @ h + b_y
        "y_pred"   softmax(y_logits)
    """
    raise NotImplementedError("write step")
