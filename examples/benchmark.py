"""How fast is tinyrnn? Ratios measured in one run, so a busy machine slows both sides alike.

1. One notebook epoch (its weights, "hello", its gradient) against the notebook's own NumPy loop,
   as written (its update runs exec) and with exec replaced by a plain dict update. Skipped,
   with a note, when NumPy is not installed: it is never a dependency.
2. Training time per character with full BPTT (SGD, and Adagrad with clipping) against two
   floors, each the same count of multiply-adds done with the fastest dot product this Python
   has, math.sumprod on CPython 3.12 and later, sum(map(operator.mul, row, v)) before. Per
   character the model does three H x H and three V x H matrix-vector products' worth: W_hh @ h,
   W_hh.T @ dh_raw and the W_hh gradient; W_hy @ h, W_hy.T @ dy and the W_hy gradient. The
   long-dot floor does them all as dot products of length H. The algorithm's floor does them in
   the dot products the algorithm itself needs: length H for W_hh @ h, W_hy @ h and W_hh.T @
   dh_raw, length V for W_hy.T @ dy, and length T (seq_length) for the two gradients summed over
   a chunk, H x H and V x H of them per chunk. Short dot products cost more per multiply-add
   (each call has its overhead), so this floor is the honest one to hold the model to.
3. Peak memory of one training pass over examples/rhymes.txt, with tracemalloc.

    python3 examples/benchmark.py [--quick]       (about 15 s; --quick: a few seconds, noisier)
"""
import os
import platform
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import tinyrnn  # noqa: E402
from tinyrnn import TinyRNN  # noqa: E402

SIZES = [(32, 30, 25), (64, 30, 25), (128, 60, 25)]  # (H, V, T)
NOTEBOOK_TARGET = 1.5  # at least this many times faster than the notebook's NumPy loop
FLOOR_TARGET = 1.3     # at H=128, V=60: at most this many times the floor
CPYTHON = platform.python_implementation() == "CPython"  # the targets are for CPython


def verdict(met):
    """'met' or 'NOT met' on CPython; elsewhere the CPython targets do not apply."""
    if not CPYTHON:
        return "a CPython target"
    return "met" if met else "NOT met"


def fastest(contestants, rounds, number):
    """{name: best seconds per call}, timing the contestants in turns, round after round."""
    best = {name: float("inf") for name in contestants}
    for _ in range(rounds):
        for name, call in contestants.items():
            start = time.perf_counter()
            for _ in range(number):
                call()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


# --- 1. the notebook's epoch ---------------------------------------------------------------------

NOTEBOOK_LOOP = '''
for epoch in range(1):
    h_prev = np.zeros((hidden_size, 1))
    loss = 0
    grads = {'W_xh': 0, 'W_hh': 0, 'W_hy': 0, 'b_h': 0, 'b_y': 0}
    for t in range(len(X)):
        x = X[t].reshape(-1, 1)
        target = Y[t]
        mid_h = W_xh @ x + W_hh @ h_prev + b_h
        h = np.tanh(W_xh @ x + W_hh @ h_prev + b_h)
        y_logits = W_hy @ h + b_y
        y_pred = np.exp(y_logits) / np.sum(np.exp(y_logits))  # softmax
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
    for param in grads:
        UPDATE
'''
WITH_EXEC = 'exec(f"{param} -= learning_rate * grads[param]")'  # the notebook's own line
WITHOUT_EXEC = "globals()[param] -= learning_rate * grads[param]"


def notebook_namespace(np):
    """The notebook's variables (In [2] and In [5]) for its loop to run in."""
    p = TinyRNN.from_notebook().params
    return {"np": np, "X": np.eye(4)[[0, 1, 2, 2]], "Y": np.array([1, 2, 2, 3]),
            "hidden_size": 4, "learning_rate": 0.1, "W_xh": np.array(p["W_xh"]),
            "W_hh": np.array(p["W_hh"]), "W_hy": np.array(p["W_hy"]),
            "b_h": np.zeros((4, 1)), "b_y": np.zeros((4, 1))}


def notebook_epoch(rounds):
    """Print tinyrnn's notebook epoch against the notebook's NumPy loop; returns the ratio."""
    model = TinyRNN.from_notebook()
    contestants = {"tinyrnn": lambda: model.train_epoch("hello")}
    try:
        import numpy as np
    except ImportError:
        np = None
    if np is not None:
        for name, update in (("notebook", WITH_EXEC), ("no exec", WITHOUT_EXEC)):
            # the notebook's cell, its prints left out, run as the notebook runs it
            code = compile(NOTEBOOK_LOOP.replace("UPDATE", update), "notebook", "exec")
            namespace = notebook_namespace(np)
            contestants[name] = lambda code=code, namespace=namespace: exec(code, namespace)
    best = fastest(contestants, rounds, 200)
    print("1. One notebook epoch (H=4, V=4, T=4, the notebook's gradient)")
    print("   tinyrnn                               %8.1f us" % (best["tinyrnn"] * 1e6))
    if np is None:
        print("   NumPy is not installed: no comparison with the notebook's loop (it is never a "
              "dependency)")
        return None
    ratio = best["notebook"] / best["tinyrnn"]
    print("   notebook's NumPy loop (update by exec) %7.1f us   tinyrnn %.1fx faster  "
          "[target >= %.1fx: %s]" % (best["notebook"] * 1e6, ratio, NOTEBOOK_TARGET,
                                     verdict(ratio >= NOTEBOOK_TARGET)))
    print("   same loop, update without exec        %8.1f us   tinyrnn %.1fx faster"
          % (best["no exec"] * 1e6, best["no exec"] / best["tinyrnn"]))
    return ratio


# --- 2. training per character against the CPython floor ----------------------------------------

def training_case(H, V, T, chunks=4):
    """A model and a text of chunks * T + 1 random characters from a V-character vocabulary."""
    rng = tinyrnn.SeededRandom(H + V)
    vocab = "".join(chr(48 + i) for i in range(V))
    text = "".join(vocab[rng.next_int() % V] for _ in range(chunks * T + 1))
    return TinyRNN(vocab, H, seed=1), text


def fastest_dot():
    """The fastest dot product this Python has: math.sumprod (CPython 3.12+), else
    sum(map(operator.mul, a, b)); and its name."""
    import math
    import operator
    if hasattr(math, "sumprod"):
        return math.sumprod, "math.sumprod"
    mul = operator.mul
    return (lambda a, b: sum(map(mul, a, b))), "sum(map(operator.mul, a, b))"


def floor_per_character(model):
    """A function doing one character's multiply-adds with the fastest dot product."""
    dot = fastest_dot()[0]
    W_hh, W_hy = model.params["W_hh"], model.params["W_hy"]
    h = [0.5] * model.hidden_size

    def floor():
        for _ in range(3):
            [dot(row, h) for row in W_hh]  # an H x H matrix-vector product
            [dot(row, h) for row in W_hy]  # a V x H matrix-vector product
    return floor


def algorithm_floor_per_chunk(model, T):
    """A function doing one chunk's multiply-adds (T characters) in the dot products the
    algorithm needs: lengths H and V step by step, length T for the gradients of the chunk."""
    dot = fastest_dot()[0]
    W_hh, W_hy = model.params["W_hh"], model.params["W_hy"]
    H, V = len(W_hh), len(W_hy)
    W_hy_T = [list(column) for column in zip(*W_hy)]  # H rows of length V
    h, dy, over_time = [0.5] * H, [0.5] * V, [0.5] * T

    def floor():
        for _ in range(T):
            [dot(row, h) for row in W_hh]    # W_hh @ h: H of length H
            [dot(row, h) for row in W_hy]    # W_hy @ h: V of length H
            [dot(row, h) for row in W_hh]    # W_hh.T @ dh_raw: H of length H
            [dot(row, dy) for row in W_hy_T]  # W_hy.T @ dy: H of length V
        for _ in range(H * H + V * H):     # the W_hh and W_hy gradients: each entry a sum over T
            dot(over_time, over_time)
    return floor


def training_speed(rounds, warm_up, chunks=4):
    """Print training time per character against both floors; returns the ratio to the
    algorithm's floor at the largest size."""
    print("2. Training per character, full BPTT, seq_length T, against two floors (%s)"
          % fastest_dot()[1])
    print("      H    V   T   long-dot  algorithm     SGD  (x long, x algorithm)   "
          "Adagrad+clip  (x long, x algorithm)")
    ratio = None
    for H, V, T in SIZES:
        model, text = training_case(H, V, T, chunks)
        characters = len(text) - 1
        contestants = {
            "floor": floor_per_character(model),
            "algorithm": algorithm_floor_per_chunk(model, T),
            "sgd": lambda: model.fit(text, 1, bptt=True, seq_length=T),
            "adagrad": lambda: model.fit(text, 1, bptt=True, seq_length=T, optimizer="adagrad",
                                         clip=5.0),
        }
        fastest(contestants, warm_up, 1)  # first runs to warm up (PyPy's JIT needs them)
        best = fastest(contestants, rounds, 1)
        floor, algorithm = best["floor"], best["algorithm"] / T
        sgd, adagrad = best["sgd"] / characters, best["adagrad"] / characters
        ratio = sgd / algorithm
        print("   %4d %4d %3d  %6.0f us  %6.0f us  %6.0f us  %5.2fx %5.2fx   %10.0f us  "
              "%5.2fx %5.2fx" % (H, V, T, floor * 1e6, algorithm * 1e6, sgd * 1e6, sgd / floor,
                                 sgd / algorithm, adagrad * 1e6, adagrad / floor,
                                 adagrad / algorithm))
    print("   at H=128, V=60: SGD %.2fx the algorithm's floor  [target <= %.1fx: %s]"
          % (ratio, FLOOR_TARGET, verdict(ratio <= FLOOR_TARGET)))
    return ratio


# --- 3. memory ------------------------------------------------------------------------------------

def peak_memory(characters=None):
    """Print the peak memory of one pass of examples/train_text.py's training.

    characters: train on only the text's first characters (tracemalloc makes training several
    times slower; the peak does not grow with the number of chunks).
    """
    try:
        import tracemalloc
        tracemalloc.start()
    except (ImportError, RuntimeError, AttributeError):
        print("3. Peak memory: this Python has no tracemalloc")
        return
    text = tinyrnn.read_text_file(os.path.join(here, "rhymes.txt"))[:characters]
    model = TinyRNN.for_text(text, 64, seed=1)
    model.fit(text, 1, bptt=True, seq_length=25, optimizer="adagrad", clip=5.0)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    part = "all %d characters" if characters is None else "its first %d characters"
    print("3. Peak memory, one pass over examples/rhymes.txt (%s, H=64): %.1f MB  "
          "[target < 50 MB: %s]" % (part % len(text), peak, verdict(peak < 50)))


def main():
    quick = "--quick" in sys.argv[1:]
    print("tinyrnn benchmark: %s %s on %s %s, %s cores; best of repeated runs, in turns"
          % (platform.python_implementation(), platform.python_version(), platform.system(),
             platform.machine(), os.cpu_count()))
    print()
    notebook_epoch(3 if quick else 15)
    print()
    training_speed(1 if quick else 5, 1 if quick else 3, 1 if quick else 4)
    print()
    peak_memory(100 if quick else None)


if __name__ == "__main__":
    main()
