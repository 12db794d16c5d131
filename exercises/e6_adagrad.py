"""Exercise 6: Adagrad with clipping, min-char-rnn's update.

Write the body of adagrad_update, then check it from the project's folder:

    python3 exercises/check.py exercises/e6_adagrad.py
"""
import math  # math.sqrt


def adagrad_update(params, grads, memory, learning_rate, clip=None):
    """min-char-rnn's update, for every name in grads, entry by entry:

        if clip is given: grad = max(-clip, min(clip, grad))    (first, as min-char-rnn does)
        memory += grad * grad                                    (memory keeps growing)
        param  -= learning_rate * grad / math.sqrt(memory + 1e-8)

    params, grads, memory: dicts of matrices (lists of rows) and vectors. Change params and
    memory (new weights and sums under the same names); return nothing.
    """
    raise NotImplementedError("write adagrad_update")
