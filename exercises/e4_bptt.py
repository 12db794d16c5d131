"""Exercise 4: backpropagation through time, the gradient the notebook leaves out.

Start from your exercise 3 and add bptt=True, then check it from the project's folder:

    python3 exercises/check.py exercises/e4_bptt.py

The check compares your gradient with central finite differences of the loss (it must agree to
1e-6 for every parameter) and with the full gradient on random models, and checks that
bptt=False still gives the notebook's.
"""
from tinyrnn import (cross_entropy, matvec, multiply, one_hot, step, tanh_derivative,
                     transpose, zeros)


def loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    """Exercise 3's loss_and_gradients, and with bptt=True the full gradient.

    Step t's h_prev is step t - 1's h, so the losses of step t and later also depend on step
    t - 1's h, through W_hh. Go backwards from the last step, carrying dh_next (zeros after
    the last step): at each step, dh = W_hy.T @ dy + dh_next, then dh_raw = (1 - h ** 2) * dh
    as before, and the dh_next handed to the step before is W_hh.T @ dh_raw.
    """
    raise NotImplementedError("write loss_and_gradients with bptt")
