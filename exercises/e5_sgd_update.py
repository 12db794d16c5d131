"""Exercise 5: the update, the notebook's exec(f"{param} -= learning_rate * grads[param]").

Write the body of sgd_update, then check it from the project's folder:

    python3 exercises/check.py exercises/e5_sgd_update.py
"""


def sgd_update(params, grads, learning_rate):
    """param -= learning_rate * grads[param], for every name in grads, entry by entry.

    params and grads: dicts of matrices (lists of rows) and vectors (lists). Change params
    (put the new weights in it under the same names); return nothing.
    """
    raise NotImplementedError("write sgd_update")
