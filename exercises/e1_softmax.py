"""Exercise 1: softmax, the notebook's y_pred = np.exp(y_logits) / np.sum(np.exp(y_logits)).

Write the body of softmax, then check it from the project's folder:

    python3 exercises/check.py exercises/e1_softmax.py

The check compares your y_pred with the notebook's and tries logits of 1000: np.exp(1000)
overflows, so find a way to compute the same probabilities without exponentiating anything
large. (tinyrnn.py's own softmax is in Part 1; try before you look.)
"""
import math  # math.exp(z) is e ** z


def softmax(logits):
    """Probabilities from scores: exp(z_i) / (exp(z_0) + exp(z_1) + ...), for each z_i.

    logits: a list of V floats (the notebook's y_logits). Return a list of V floats that are
    positive and sum to 1, in the same order.
    """
    raise NotImplementedError("write softmax")
