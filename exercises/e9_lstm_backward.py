"""Exercise 9: one step of the LSTM's backward pass, where hand-written LSTMs usually break.

Write the body of lstm_backward, then check it from the project's folder:

    python3 exercises/check.py exercises/e9_lstm_backward.py

The check puts your function in the loop of a whole BPTT gradient and compares it with
tinyrnn's (held to finite differences and to PyTorch), then checks each quantity you return in
the order it is made; it names the usual mistakes (a sigmoid's derivative left out, dc_next not
carried back, dc_prev without f, tanh's derivative taken at c instead of at tanh_c).
"""
from tinyrnn import add, multiply  # all you need


def lstm_backward(s, c_prev, dh, dc_next):
    """One LSTM step back, from the step's forward values s (tinyrnn.lstm_step's: "i", "f",
    "g", "o", "c", "tanh_c", "h") and c_prev, the cell before the step.

    dh: d loss / d h at this step (W_hy.T @ dy + dh_next); dc_next: d loss / d c from the step
    after (zeros at the last step). Return a dict of lists of H numbers:
        "dc"      dc_next + dh * o * (1 - tanh_c ** 2)     h = o * tanh_c
        "do_raw"  dh * tanh_c * o * (1 - o)                 back through o's sigmoid
        "di_raw"  dc * g * i * (1 - i)                      c = f * c_prev + i * g
        "df_raw"  dc * c_prev * f * (1 - f)
        "dg_raw"  dc * i * (1 - g ** 2)                     back through g's tanh
        "dc_prev" dc * f                                    the cell kept: c_prev's share
    (The grader then forms each gate's weight gradients and dh_prev = sum of W_h*.T @ d*_raw.)
    """
    raise NotImplementedError("write lstm_backward")
