"""tinyrnn: the notebook's character RNN in plain Python, every multiply and add readable.

The notebook (notebook.txt) trains a 4-unit RNN with NumPy to continue "hell" as "ello"; this
file does it with lists (a vector is a list of floats, a matrix a list of rows). One time step,
for the character `index` after the hidden state h_prev, with H hidden units and V characters:

    x        = one_hot(index, V)                    # (V,)  the character as a vector
    mid_h    = W_xh @ x + W_hh @ h_prev + b_h       # (H,)  mix the input and the memory
    h        = tanh(mid_h)                          # (H,)  the new hidden state (the memory)
    y_logits = W_hy @ h + b_y                       # (V,)  a score for every next character
    y_pred   = softmax(y_logits)                    # (V,)  scores -> probabilities
    loss    += -log(y_pred[target] + 1e-8)          #       cross-entropy of the true next one
    dy       = y_pred - one_hot(target)             # (V,)  back: d loss / d y_logits
    dh       = W_hy.T @ dy   (+ dh_next with BPTT)  # (H,)  d loss / d h
    dh_raw   = (1 - h ** 2) * dh                    # (H,)  d loss / d mid_h, back through tanh
    grads   += dy @ h.T, dy, dh_raw @ x.T, dh_raw @ h_prev.T, dh_raw  (W_hy, b_y, W_xh, W_hh, b_h)
    param   -= learning_rate * grads[param]         #       plain SGD, once per epoch

The notebook's gradient stops at each step; bptt=True adds backpropagation through time. Left
out on purpose: mini-batches, LSTM and GRU cells, GPUs, and anything that needs NumPy.

Part 1 is the notebook, lines 1-300: one epoch runs only there. Part 2, class TinyRNN, checks
what you pass it. Part 3 goes beyond; last, python3 tinyrnn.py --help. Each runs without the next.
"""

import math

try:
    from operator import mul  # mul(a, b) = a * b, which map() calls at C speed
except ImportError:  # MicroPython has no operator module
    def mul(a, b):
        """a * b."""
        return a * b

# =============================================================================================
# Part 1. The notebook: its helpers, its weights, one step, the gradient, the update
# =============================================================================================

def zeros(n):
    """A vector of n zeros: np.zeros(n)."""
    return [0.0] * n


def one_hot(index, size):
    """A vector of `size` zeros with a 1.0 at `index`: how a character enters the network.

    >>> one_hot(1, 4)
    [0.0, 1.0, 0.0, 0.0]
    """
    vec = zeros(size)
    vec[index] = 1.0
    return vec


def dot(a, b):
    """Dot product: the sum of a[i] * b[i].

    >>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    32.0
    """
    return sum(map(mul, a, b))  # = sum([a_i * b_i for a_i, b_i in zip(a, b)]), 1.5x as fast


if hasattr(math, "sumprod"):  # CPython 3.12 and later: the same sum of products, done in C,
    dot = math.sumprod  # noqa: F811  1.9-2.8x as fast at H >= 32 (measured)


def _shapes_differ(operation, shape_a, shape_b):
    """The error for operands whose shapes do not fit, naming both, as NumPy does."""
    return ValueError("%s: shapes %s and %s do not match" % (operation, shape_a, shape_b))


def matvec(W, v):
    """Matrix times vector, W @ v: one dot product per row of W.

    >>> matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 10.0])
    [21.0, 43.0]
    """
    if W and len(W[0]) != len(v):  # zip would drop the extra entries and go on
        raise _shapes_differ("W @ v", (len(W), len(W[0])), (len(v),))
    return [dot(row, v) for row in W]


def transpose(W):
    """W.T: row i of the result is column i of W.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    return [list(col) for col in zip(*W)]


def add(a, b):
    """a + b, entry by entry.

    >>> add([1.0, 2.0], [0.5, 0.25])
    [1.5, 2.25]
    """
    if len(a) != len(b):
        raise _shapes_differ("a + b", (len(a),), (len(b),))
    return [a_i + b_i for a_i, b_i in zip(a, b)]


def multiply(a, b):
    """a * b, entry by entry (NumPy's * on two vectors)."""
    if len(a) != len(b):
        raise _shapes_differ("a * b", (len(a),), (len(b),))
    return [a_i * b_i for a_i, b_i in zip(a, b)]


def sum_of_outers(a_list, b_list):
    """a_0 @ b_0.T + a_1 @ b_1.T + ... for the vectors in two lists, as one matrix product.

    Plain form: M = 0, then M += a_t @ b_t.T (the matrix of a_t[i] * b_t[j]) for each t. M[i][j]
    is the dot product of the a_t[i] with the b_t[j]: the same products in the same order, 1.5-3.7x
    as fast at H = 32-128 (measured on CPython 3.11, 3.13).

    >>> sum_of_outers([[1.0, 2.0], [3.0, 4.0]], [[1.0], [10.0]])
    [[31.0], [42.0]]
    """
    B_T = transpose(b_list)  # row j: every b_t[j]
    return [matvec(B_T, a_i) for a_i in transpose(a_list)]  # a_i: every a_t[i]


def sum_of_outers_one_hot(a_list, indices, size):
    """sum_of_outers(a_list, [one_hot(i, size) for i in indices]), skipping the products with 0:

    a @ one_hot(i).T is a in column i, zeros elsewhere. 15% faster training at H = 128 (measured).

    >>> sum_of_outers_one_hot([[1.0, 2.0], [3.0, 4.0]], [1, 1], 3)
    [[0.0, 4.0, 0.0], [0.0, 6.0, 0.0]]
    """
    columns = [zeros(len(a_list[0])) for _ in range(size)]
    for a, i in zip(a_list, indices):
        columns[i] = add(columns[i], a)
    return transpose(columns)


def vector_sum(vectors):
    """vectors[0] + vectors[1] + ..., entry by entry."""
    return [sum(entries) for entries in zip(*vectors)]


def tanh(v):
    """tanh of every entry: squashes any number into (-1, 1).

    >>> tanh([0.0, 100.0])
    [0.0, 1.0]
    """
    return [math.tanh(v_i) for v_i in v]


def tanh_derivative(h):
    """d tanh(z) / dz, written with h = tanh(z): 1 - h ** 2.

    >>> tanh_derivative([0.0, 0.5])
    [1.0, 0.75]
    """
    return [1.0 - h_i * h_i for h_i in h]


def softmax(logits):
    """Probabilities from scores: exp(z_i) / sum of exp(z_j).

    The notebook's np.exp(y) / np.sum(np.exp(y)) overflows above ~709. Subtracting the largest
    score m first gives the same, (e^z_i / e^m) / (sum e^z_j / e^m), with no exponent above 0.

    >>> softmax([0.0, 0.0])
    [0.5, 0.5]
    >>> softmax([1000.0, 1000.0])
    [0.5, 0.5]
    """
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


def cross_entropy(y_pred, target, epsilon=1e-8):
    """The loss of one step: -log of the probability given to the true next character.

    The notebook adds 1e-8 inside the log, so a probability of 0 costs 18.4, not infinity.

    >>> round(cross_entropy([0.25, 0.25, 0.25, 0.25], 2), 6)
    1.386294
    """
    return -math.log(y_pred[target] + epsilon)


def notebook_params():
    """The notebook's weights (In [5]): fixed numbers instead of randn * 0.1; zero biases."""
    return {
        "W_xh": [[0.13309074, 0.17127598, -0.15813858, -0.04525709],  # (H, V) input -> hidden
                 [-0.09057376, -0.14782509, 0.06502781, 0.14093142],
                 [0.04669049, 0.01720516, 0.03336642, 0.1781491],
                 [-0.07548864, -0.02664684, 0.11772184, -0.07503803]],
        "W_hh": [[0.07809908, -0.13063158, 0.05358797, 0.05681267],  # (H, H) hidden -> hidden
                 [0.01768576, 0.15217173, 0.23846673, 0.09969253],
                 [0.09635959, 0.06631399, -0.17052794, 0.00988055],
                 [0.01199125, -0.01561548, 0.10577997, 0.10847363]],
        "W_hy": [[0.0247689, -0.11553708, 0.21316413, 0.08569605],  # (V, H) hidden -> output
                 [-0.05522459, -0.0882109, 0.00430406, -0.00389115],
                 [0.17101969, -0.2330526, -0.04581541, 0.06289344],
                 [0.07365608, 0.006953, 0.08645168, 0.14256647]],
        "b_h": zeros(4), "b_y": zeros(4),  # (H,) and (V,)
    }


def step(params, index, h_prev):
    """One time step of In [9], character `index` after h_prev (H floats): its values by name."""
    x = one_hot(index, len(params["b_y"]))  # (V,)
    W_xh_x = matvec(params["W_xh"], x)  # (H,) W_xh @ x: the input's share
    W_hh_h_prev = matvec(params["W_hh"], h_prev)  # (H,) W_hh @ h_prev: the memory's share
    mid_h = add(add(W_xh_x, W_hh_h_prev), params["b_h"])  # W_xh @ x + W_hh @ h_prev + b_h
    h = tanh(mid_h)  # (H,) the new hidden state
    y_logits = add(matvec(params["W_hy"], h), params["b_y"])  # (V,) W_hy @ h + b_y
    y_pred = softmax(y_logits)  # (V,) the next character's probabilities
    return {"x": x, "W_xh @ x": W_xh_x, "W_hh @ h_prev": W_hh_h_prev, "mid_h": mid_h, "h": h,
            "y_logits": y_logits, "y_pred": y_pred}


def loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    """In [9]'s loop over one sequence: returns (summed loss, grads, the last h).

    inputs, targets: lists of T character indices, targets[t] the one after inputs[t]; h_prev:
    H floats, the state before step 0. bptt=True lets the gradient flow back through time too.
    """
    W_hy_T = transpose(params["W_hy"])  # (H, V) W_hy.T, the same at every step
    loss = 0.0
    h_prevs, hs, dys, dhs, dh_raws = [], [], [], [], []  # what each step adds to grads
    for t in range(len(inputs)):
        target = targets[t]
        s = step(params, inputs[t], h_prev)  # forward pass
        h, y_pred = s["h"], s["y_pred"]
        loss += cross_entropy(y_pred, target)  # -np.log(y_pred[target, 0] + 1e-8)

        # Backpropagation (simple, not through time here)
        dy = y_pred[:]  # a copy (the notebook's dy = y_pred then changes y_pred too)
        dy[target] -= 1.0  # d loss / d y_logits = y_pred - one_hot(target), for softmax + log
        dh = matvec(W_hy_T, dy)  # (H,) W_hy.T @ dy: how the loss moves with h
        dh_raw = multiply(tanh_derivative(h), dh)  # (H,) (1 - h ** 2) * dh: back through tanh
        # grads['W_hy'] += dy @ h.T, grads['W_hh'] += dh_raw @ h_prev.T, and the rest: each
        # step keeps its vectors, and the sums over the steps are taken after the loop.
        h_prevs.append(h_prev)
        hs.append(h)
        dys.append(dy)
        dhs.append(dh)
        dh_raws.append(dh_raw)
        h_prev = h  # move to next time step

    if bptt:
        # Backpropagation through time, which the notebook leaves out. Step t's h_prev is step
        # t - 1's h, so the losses from step t on also move with it, through W_hh: by dh_next =
        # W_hh.T @ dh_raw. Going back from the last step, each step adds it to its own dh.
        W_hh_T = transpose(params["W_hh"])  # (H, H)
        dh_next = zeros(len(h_prev))  # no step after the last one
        for t in reversed(range(len(inputs))):
            dh = add(dhs[t], dh_next)  # through this step's output, and through later steps
            dh_raws[t] = multiply(tanh_derivative(hs[t]), dh)  # back through tanh
            dh_next = matvec(W_hh_T, dh_raws[t])  # (H,) handed back to step t - 1

    grads = {  # each is the sum over the steps of what the notebook adds with +=
        "W_xh": sum_of_outers_one_hot(dh_raws, inputs, len(params["b_y"])),  # dh_raw @ x.T
        "W_hh": sum_of_outers(dh_raws, h_prevs),  # (H, H) dh_raw @ h_prev.T
        "W_hy": sum_of_outers(dys, hs),  # (V, H) dy @ h.T
        "b_h": vector_sum(dh_raws),  # (H,) dh_raw
        "b_y": vector_sum(dys),  # (V,) dy
    }
    return loss, grads, h_prev


def downhill(value, grad, learning_rate):
    """value - learning_rate * grad, entry by entry, for a vector or a matrix.

    >>> downhill([[1.0, 2.0]], [[10.0, -10.0]], 0.1)
    [[0.0, 3.0]]
    """
    if isinstance(value[0], list):  # a matrix: row by row
        return [downhill(row, g, learning_rate) for row, g in zip(value, grad)]
    return [w - learning_rate * g for w, g in zip(value, grad)]


def sgd_update(params, grads, learning_rate):
    """The notebook's update, param -= learning_rate * grads[param], for every param.

    The notebook runs it with exec; a dict needs none. A copy of params keeps the old lists.
    """
    for name in grads:
        params[name] = downhill(params[name], grads[name], learning_rate)


def train_epoch(params, inputs, targets, learning_rate=0.1, bptt=False):
    """One epoch of In [9]: from h_prev = zeros, the loss and gradients, one update. The loss."""
    h_prev = zeros(len(params["b_h"]))
    loss, grads, _ = loss_and_gradients(params, inputs, targets, h_prev, bptt)
    sgd_update(params, grads, learning_rate)
    return loss


# =============================================================================================
# Part 2. The model, checked: TinyRNN, the interface to use
# =============================================================================================

__version__ = "2.0"
__all__ = [  # the public API (what the README, the examples and the exercises use); names that
    # begin with _ are the file's own plumbing: argument checks, file safety, progress, shims
    "zeros", "one_hot", "dot", "matvec", "transpose", "add", "multiply", "sum_of_outers",
    "sum_of_outers_one_hot", "vector_sum", "tanh", "tanh_derivative", "softmax",
    "cross_entropy", "notebook_params", "step", "loss_and_gradients", "downhill", "sgd_update",
    "train_epoch",  # Part 1, the notebook
    "PARAM_NAMES", "BLOCK", "TinyRNN", "SeededRandom", "adagrad_update", "clip_values",
    "clip_by_norm", "sample_with_temperature", "sample", "argmax", "norm", "is_matrix",
    "rows_of", "shape_of", "map_entries", "copy_entries", "zero_of", "all_finite", "brief",
    # Part 2
    "gru_step", "lstm_step", "GRU_NAMES", "LSTM_NAMES",
    "gradient_check", "gradient_check_table", "bigram_bits_per_char", "MAX_FILE_BYTES",
    "read_text_file", "write_file_atomically", "explain_step", "text_chart", "RECIPES",
    "LONG_TEXT", "main"]  # Part 3
_NEEDS_PART_3 = "%s needs the whole tinyrnn.py: it is in Part 3, which this copy does not have"
PARAM_NAMES = ("W_xh", "W_hh", "W_hy", "b_h", "b_y")  # the order the notebook updates them in


# --- what some Pythons lack, in one place: each stand-in says why -----------------------------
# (Two more sit where they are used: Scale, since Skulpt cannot compile a lambda inside a
# comprehension, and _Clock.elapsed, which counts with time.ticks_ms on MicroPython.)

try:
    _Interrupt = KeyboardInterrupt  # Ctrl-C
except NameError:  # Skulpt has no KeyboardInterrupt, and nothing there can interrupt a run
    class _Interrupt(Exception):
        """Stands in for KeyboardInterrupt where a Python has none; never raised there."""


try:
    _FileError = OSError  # a file that cannot be opened, read or written
except NameError:  # Skulpt has only IOError: naming OSError in an except would raise NameError
    _FileError = IOError


def _collect_garbage():
    """On MicroPython, free all garbage now, in one go.

    A board's heap is small and its collector never moves anything: if an epoch's values are
    made among the last epoch's garbage, every one kept (a weight, the epoch's loss) pins a gap,
    and a later list finds no room in one piece though enough is free in bits. The demo from
    tinyrnn.mpy failed that way in 63 and 66 KB heaps, though it ran in 62, 64 and 65; collecting
    before each epoch, it ran in every heap from 59 KB to 110 KB. Elsewhere: nothing.
    """
    import sys
    if getattr(getattr(sys, "implementation", None), "name", None) == "micropython":
        import gc  # only here: Skulpt would search the web page's folder for it every epoch
        gc.collect()


# --- the cells: the tanh cell here, its parts in Part 1; Part 3 adds the GRU and the LSTM --------

def _h_of(s):
    """The state a tanh step hands to the next: its h."""
    return s["h"]


def _rnn_shapes(H, V):
    """The tanh cell's parameters and their shapes."""
    return {"W_xh": (H, V), "W_hh": (H, H), "W_hy": (V, H), "b_h": (H,), "b_y": (V,)}


_CELLS = {"rnn": {"names": PARAM_NAMES, "shapes": _rnn_shapes, "step": step,
                  "loss_and_gradients": loss_and_gradients, "state_of": _h_of, "states": 1,
                  "gates": 1}}  # states: lists of H numbers in the state; gates: W_x's


def _cell(name):
    """The cell called name, from the table; ValueError for any other name, and for a gated
    cell in a copy of the file cut above Part 3."""
    if isinstance(name, str) and name in _CELLS:
        return _CELLS[name]
    if name in ("gru", "lstm"):
        raise ValueError(_NEEDS_PART_3 % ("cell=%r" % name))
    raise ValueError("cell must be 'rnn', 'gru' or 'lstm', got %s" % brief(name))


# --- checking arguments: each public call checks each argument once, before anything changes ---

def _is_int(value):
    """True for an int that is not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_positive_number(name, value, zero_allowed=False):
    """Raise ValueError unless value is a finite number > 0 (>= 0 when zero_allowed)."""
    if not (_finite_numbers([value]) and (value > 0 or (zero_allowed and value == 0))):
        raise ValueError("%s must be a %s finite number, got %s"
                         % (name, "non-negative" if zero_allowed else "positive",
                            brief(value)))


def _check_int(name, value, smallest):
    """Raise ValueError unless value is an integer >= smallest."""
    if not (_is_int(value) and value >= smallest):
        raise ValueError("%s must be an integer >= %d, got %r" % (name, smallest, value))


def _check_bool(name, value):
    """Raise ValueError unless value is True or False."""
    if value is not True and value is not False:
        raise ValueError("%s must be True or False, got %s" % (name, brief(value)))


def brief(value, limit=60):
    """repr(value), cut to about `limit` characters for an error message.

    >>> brief("x" * 100, 10)
    "'xxxxxx...(102 characters)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return "%s...(%d characters)" % (text[:limit - 3], len(text))


def _check_vocab(vocab):
    """Raise ValueError unless vocab is a non-empty string with no character twice."""
    if not isinstance(vocab, str) or len(vocab) == 0:
        raise ValueError("vocab must be a non-empty string of characters, got %s" % brief(vocab))
    seen = set()
    for ch in vocab:  # one pass: a long vocabulary is refused as fast as it is read
        if ch in seen:
            raise ValueError("vocab must not repeat a character: %r appears twice in %s"
                             % (ch, brief(vocab)))
        seen.add(ch)


def _check_seed(seed):
    """Raise ValueError unless seed is an integer (any integer, negative ones too)."""
    if not _is_int(seed):
        raise ValueError("seed must be an integer, got %r" % (seed,))


def is_matrix(value):
    """True for a list of rows, False for a flat vector."""
    return bool(value) and isinstance(value[0], list)


def rows_of(value):
    """The rows of a matrix; a vector as a matrix of one row.

    >>> rows_of([1.0, 2.0])
    [[1.0, 2.0]]
    """
    return value if is_matrix(value) else [value]


def shape_of(value):
    """The shape of a vector (n,) or a matrix (rows, cols); None if it is neither.

    Only the structure is looked at (lists, and rows of one length), one step per row.

    >>> shape_of([1.0, 2.0])
    (2,)
    >>> shape_of([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    (3, 2)
    """
    if not isinstance(value, list):
        return None
    if not is_matrix(value):
        return (len(value),)
    cols = len(value[0])
    if all(isinstance(row, list) and len(row) == cols for row in value):
        return (len(value), cols)
    return None


def _finite_numbers(row):
    """True when every entry of row is an int or float (not a bool) and finite.

    >>> _finite_numbers([1, 2.5]), _finite_numbers([1.0, True]), _finite_numbers([float("nan")])
    (True, False, False)
    """
    kinds = set(map(type, row))
    if not kinds <= {int, float}:
        return False
    try:
        if int in kinds:
            row = [float(v) for v in row]  # an int too large for a float: OverflowError, or inf
        return all(map(math.isfinite, row))
    except OverflowError:
        return False


def _check_weights(weights, shapes, what, names=PARAM_NAMES):
    """Raise ValueError unless weights is a dict of exactly the parameters names, each a vector
    or matrix of its shape in shapes made of finite real numbers. what names it in messages."""
    if not isinstance(weights, dict):
        raise ValueError("%s must be a dict of %s, got %s"
                         % (what, ", ".join(names), brief(weights)))
    for name in weights:
        if name not in shapes:
            raise ValueError("%s has an entry %s; it holds only %s"
                             % (what, brief(name), ", ".join(names)))
    for name in names:
        if name not in weights:
            raise ValueError("%s has no %s (it needs %s)" % (what, name, ", ".join(names)))
        shape = shape_of(weights[name])
        if shape != shapes[name]:
            raise ValueError("%s[%r] has shape %s, but it must be %s"
                             % (what, name, _shape_text(shape), _shape_text(shapes[name])))
        for row in rows_of(weights[name]):
            if not _finite_numbers(row):
                bad = [v for v in row if not _finite_numbers([v])][0]
                raise ValueError("%s[%r] holds %s; every entry must be a finite int or float"
                                 % (what, name, brief(bad)))


def _shape_text(shape):
    """A shape as text: (4, 4) -> '4x4', (4,) -> '4', None -> 'not a vector or matrix'."""
    if shape is None:
        return "not a vector or matrix"
    return "x".join([str(n) for n in shape])


def map_entries(f, value):
    """f applied to every entry of a vector or matrix.

    >>> map_entries(abs, [[-1.0, 2.0], [3.0, -4.0]])
    [[1.0, 2.0], [3.0, 4.0]]
    """
    if is_matrix(value):
        return [[f(x) for x in row] for row in value]
    return [f(x) for x in value]


def copy_entries(value):
    """A copy of a vector or matrix that shares no list with it."""
    return [row[:] for row in value] if is_matrix(value) else value[:]


def all_finite(params):
    """True when no entry of any parameter is inf or nan."""
    for value in params.values():
        for row in rows_of(value):
            if not all(map(math.isfinite, row)):
                return False
    return True


class SeededRandom:
    """xorshift32 (Marsaglia, 2003) for uniform numbers, Box-Muller for normal ones.

    A generator of our own, so a seed gives the same numbers on every Python (MicroPython's
    random module has no gauss() and no Random class).
    """

    def __init__(self, seed=0):
        """Start from an integer seed; equal seeds give equal sequences."""
        state = (seed * 2654435761 + 1013904223) & 0xFFFFFFFF  # spread small seeds out
        self.state = state or 1  # xorshift never leaves 0, so never start there

    def next_int(self):
        """The next 32-bit integer: three shift-and-xor steps scramble the state."""
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x

    def uniform(self):
        """A float in (0, 1), never exactly 0 or 1."""
        return (self.next_int() + 0.5) / 4294967296.0

    def normal(self):
        """A standard normal number (mean 0, standard deviation 1), by Box-Muller."""
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


# --- room for a new model: refused before anything is built when it would not fit -----------------

def _check_room_for(name, hidden_size, vocab_size, gates=1):
    """(weights, bytes to train them) of a new model; ValueError, naming the hidden size as name,
    when the memory free here (where the system says) is less: before anything is built.
    gates: how many W_x, W_h and b the cell has (1 for the tanh cell, 3 GRU, 4 LSTM)."""
    weights = (gates * (hidden_size * vocab_size + hidden_size * hidden_size + hidden_size)
               + hidden_size * vocab_size + vocab_size)
    needed = 200 * weights  # bytes: ~32 per float and its list slot, in ~6 copies while training
    available = _available_memory()
    if available is not None and needed > available:
        raise ValueError("%s %d: the model's %d weights need about %s to train, and this "
                         "machine has %s free" % (name, hidden_size, weights, _size_text(needed),
                                                  _size_text(available)))
    return weights, needed


def _available_memory():
    """Bytes of memory free for a new process (Linux's MemAvailable), or None if unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (_FileError, ValueError):
        pass
    return None


def _size_text(size):
    """Bytes as text: '512 B', '3.2 MB', '1.5 GB'.

    >>> _size_text(512), _size_text(3.2e6), _size_text(1.5e9)
    ('512 B', '3.2 MB', '1.5 GB')
    """
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return "%.1f %s" % (size / scale, unit)
    return "%d B" % size


# --- beside fit: long texts, progress, and the update rules (SGD is Part 1's sgd_update) -----

BLOCK = 100  # steps of the notebook's gradient summed at a time: memory for 100 steps, not T


class _Diverged(ValueError):
    """Raised inside fit when the loss or a weight stops being finite."""


def _add_grads(a, b):
    """The sum of two gradients, parameter by parameter and entry by entry."""
    return {name: [add(row_a, row_b) for row_a, row_b in zip(a[name], b[name])]
            if is_matrix(a[name]) else add(a[name], b[name]) for name in a}


class _Clock:
    """Progress of a long fit: whether a report is due, the report, and the time taken."""

    EVERY = 5.0  # seconds between two progress lines within an epoch

    def __init__(self, total_steps):
        """Start timing a run of total_steps steps."""
        import time
        self.clock = time
        self.started = time.ticks_ms() if hasattr(time, "ticks_ms") else time.time()
        self.last = 0.0  # seconds from the start to the last line printed
        self.total = total_steps

    def elapsed(self):
        """Seconds since the start. MicroPython counts them with ticks_ms: on a board, whose
        floats are single precision, time.time() would move in steps of two minutes."""
        if hasattr(self.clock, "ticks_ms"):
            return self.clock.ticks_diff(self.clock.ticks_ms(), self.started) / 1000
        return self.clock.time() - self.started

    def due(self):
        """True when the last line printed is EVERY seconds old."""
        return self.elapsed() - self.last >= self.EVERY

    def reported(self):
        """Note that a line was printed just now."""
        self.last = self.elapsed()

    def progress(self, epoch, done, steps, loss):
        """A line: the characters done in this epoch, the loss so far, the speed, time left."""
        self.last = self.elapsed()
        finished = epoch * steps + done
        rate = finished / max(self.last, 1e-9)
        try:
            left = _duration((self.total - finished) / rate)
        except OverflowError:  # more epochs than a float can count
            left = "more time than a float can count"
        return ("epoch %5d  %d of %d characters  loss per character %.4f  %.0f characters/s  "
                "%s left" % (epoch, done, steps, loss / max(done, 1), rate, left))

    def closing_line(self, epochs, steps):
        """The last line: what was trained, and the time it took."""
        return "trained %d epoch%s of %d characters in %s" % (
            epochs, "" if epochs == 1 else "s", steps, _duration(self.elapsed()))


def _duration(seconds):
    """Seconds as text: '2.5 ms', '1.25 s', '42 s', '3 min 20 s', '2 h 05 min'.

    >>> _duration(0.0025), _duration(1.25), _duration(200), _duration(7500)
    ('2.5 ms', '1.25 s', '3 min 20 s', '2 h 05 min')
    """
    if seconds < 1:
        return "%.1f ms" % (seconds * 1000)
    if seconds < 10:
        return "%.2f s" % seconds
    if seconds < 60:
        return "%.0f s" % seconds
    if seconds < 3600:
        return "%d min %02d s" % (seconds // 60, seconds % 60)
    return "%d h %02d min" % (seconds // 3600, seconds % 3600 // 60)


def zero_of(_):
    """0.0, whatever the argument: for map_entries to make a zero matrix of any shape."""
    return 0.0


def adagrad_update(params, grads, memory, learning_rate, clip=None):
    """Adagrad (min-char-rnn's rule): memory += grad ** 2, param -= lr * grad / sqrt(memory).

    Each weight's step shrinks as its squared gradients add up in memory (+ 1e-8 inside the
    root keeps a weight whose gradients were all 0 from dividing by 0). With clip, every
    gradient entry is first limited to [-clip, clip], as min-char-rnn does.
    """
    for name in grads:  # one parameter at a time: a clipped copy of one gradient at most
        grad = grads[name] if clip is None else clip_values(grads[name], clip)
        memory[name] = _add_squares(memory[name], grad)
        params[name] = _adagrad_step(params[name], grad, memory[name], learning_rate)


def _clip_grads(grads, clip):
    """Limit every entry of every gradient to [-clip, clip], in grads itself (nothing when clip
    is None), one parameter at a time: a clipped copy of one gradient at most, not of all."""
    if clip is not None:
        for name in grads:
            grads[name] = clip_values(grads[name], clip)


def _add_squares(memory, grad):
    """memory + grad * grad, for a vector or a matrix.

    >>> _add_squares([1.0, 0.0], [2.0, -3.0])
    [5.0, 9.0]
    """
    if is_matrix(memory):
        return [_add_squares(row, g) for row, g in zip(memory, grad)]
    return [m + g * g for m, g in zip(memory, grad)]


def _adagrad_step(value, grad, memory, learning_rate):
    """value - learning_rate * grad / sqrt(memory + 1e-8), for a vector or a matrix.

    >>> [round(w, 6) for w in _adagrad_step([1.0], [2.0], [4.0], 0.5)]  # 1 - 0.5 * 2 / sqrt(4)
    [0.5]
    """
    if is_matrix(value):
        return [_adagrad_step(row, g, m, learning_rate) for row, g, m in zip(value, grad, memory)]
    sqrt = math.sqrt
    return [w - learning_rate * g / sqrt(m + 1e-8) for w, g, m in zip(value, grad, memory)]


def clip_values(value, limit):
    """Every entry of a vector or matrix, limited to [-limit, limit].

    Plain form: max(-limit, min(limit, v)) for each entry v; the conditional expression is the
    same comparison without two function calls per entry.

    >>> clip_values([[-7.0, 0.5], [3.0, 9.0]], 5.0)
    [[-5.0, 0.5], [3.0, 5.0]]
    """
    if is_matrix(value):
        return [clip_values(row, limit) for row in value]
    return [limit if v > limit else (-limit if v < -limit else v) for v in value]


def clip_by_norm(grads, limit):
    """The gradient scaled by limit / its norm when its norm (of all parameters together) is
    above limit: the same direction, a length of at most limit.

    >>> clip_by_norm({"b_y": [3.0, 4.0]}, 1.0)
    {'b_y': [0.6000000000000001, 0.8]}
    """
    total = math.sqrt(sum([dot(row, row) for name in grads for row in rows_of(grads[name])]))
    if total <= limit:
        return grads
    scale = limit / total
    return {name: map_entries(_Scale(scale), grads[name]) for name in grads}


class _Scale:
    """A function x -> factor * x, for map_entries (no lambda: Skulpt cannot compile one there)."""

    def __init__(self, factor):
        """Remember the factor."""
        self.factor = factor

    def __call__(self, x):
        """factor * x."""
        return self.factor * x


def norm(v):
    """The Euclidean length of a vector: sqrt(v . v).

    >>> norm([3.0, 4.0])
    5.0
    """
    return math.sqrt(dot(v, v))


def _correlation(a, b):
    """Pearson's correlation of two lists of numbers; 0.0 when either does not vary.

    >>> _correlation([1.0, 2.0, 3.0], [2.0, 4.0, 7.0]) > 0.99, _correlation([1, 1], [1, 2])
    (True, 0.0)
    """
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    da = [x - mean_a for x in a]
    db = [x - mean_b for x in b]
    spread = math.sqrt(dot(da, da) * dot(db, db))
    return dot(da, db) / spread if spread > 0 else 0.0


def _strongest_first(pair):
    """Sort key for (unit, correlation): the largest absolute correlation first, then the lower
    unit (MicroPython's sort is not stable, so ties are broken by hand)."""
    return (-abs(pair[1]), pair[0])


# --- picking the next character, beside generate ------------------------------------------------

def sample_with_temperature(y_logits, temperature, rng):
    """Draw the next character's index from softmax(y_logits / temperature), with rng.

    The temperature divides the logits, not the probabilities: below 1 it sharpens the
    distribution (towards the likeliest character), above 1 it flattens it.
    """
    return sample(softmax(_divide_logits(y_logits, temperature)), rng)


def _divide_logits(logits, temperature):
    """The logits divided by temperature, less their largest first: softmax gives the same.

    Subtracting first keeps a tiny temperature from overflowing: (z - max) / T is 0 for the
    largest logit and at most 0 for the others, so the draw becomes greedy, never NaN.

    >>> _divide_logits([1.0, 3.0], 0.5), _divide_logits([1.0, 3.0], 1e-320)
    ([-4.0, 0.0], [-inf, 0.0])
    """
    m = max(logits)
    return [(z - m) / temperature for z in logits]


def argmax(values):
    """The index of the largest value (the first one, if several tie).

    >>> argmax([0.1, 0.7, 0.2, 0.7])
    1
    """
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def sample(probs, rng):
    """Draw an index with probability probs[i], using one uniform number from rng."""
    u = rng.uniform()
    cumulative = 0.0
    for i, p in enumerate(probs):
        cumulative += p
        if u < cumulative:
            return i
    return len(probs) - 1  # u landed in the rounding gap at the very end


class _Training:
    """One call of fit, checked already: what it trains with, and how far it has got."""

    def __init__(self, model, text, seq_length, bptt, optimizer, learning_rate, clip,
                 clip_norm, trace, clock):
        """Everything an epoch needs; the optimizer's state goes on where the last fit left it."""
        self.model, self.text, self.bptt, self.trace, self.clock = model, text, bptt, trace, clock
        self.learning_rate, self.clip, self.clip_norm = learning_rate, clip, clip_norm
        self.index_of = dict((ch, i) for i, ch in enumerate(model.vocab))
        self.cell = model._cell()
        self.steps = len(text) - 1  # one step per character that has a next one
        self.chunk = self.steps if seq_length is None else seq_length  # steps per update
        self.piece = self.chunk if bptt else min(self.chunk, BLOCK)  # steps per gradient call
        self.state = None  # SGD keeps none; Adagrad its memory, carried over from the last fit
        if optimizer == "adagrad":
            self.state = model.optimizer_state
            if self.state is None or self.state["optimizer"] != "adagrad":
                self.state = {"optimizer": "adagrad",
                              "memory": {name: map_entries(zero_of, model.params[name])
                                         for name in model._cell()["names"]}}
        self.committed = (model.params, model.optimizer_state)
        self.updates, self.epoch_number, self.loss, self.done = 0, 0, 0.0, 0

    def epoch(self, number):
        """One pass over the text from a zero hidden state, one update per chunk: its loss."""
        _collect_garbage()  # a board's heap: what this epoch keeps then sits together
        self.epoch_number, self.loss, self.done = number, 0.0, 0
        h = zeros(self.model.hidden_size * self.cell["states"])  # the state: h (for LSTM, c)
        for start in range(0, self.steps, self.chunk):
            end = min(start + self.chunk, self.steps)
            grads, h = self.guarded(self.gradient, start, end, h)
            self.guarded(self.update, grads)
            grads = None  # a board's heap: let go of it before the next chunk's is made
            self.done = end
            if self.clock is not None and self.clock.due():
                print(self.clock.progress(number, end, self.steps, self.loss))
        return self.loss

    def gradient(self, start, end, h):
        """The loss and gradient of steps start to end, from h, BLOCK steps at a time when the
        gradient does not flow back through time; returns (grads, the last h)."""
        grads = None
        for first in range(start, end, self.piece):
            piece = self.text[first:min(first + self.piece, end) + 1]
            indices = [self.index_of[ch] for ch in piece]  # checked by fit already
            inputs, targets = indices[:-1], indices[1:]
            if self.trace:
                self.cell["print_steps"](self.model, inputs, targets, h, self.epoch_number, first)
            loss, piece_grads, h = self.cell["loss_and_gradients"](self.model.params, inputs,
                                                                   targets, h, self.bptt)
            if not math.isfinite(loss):
                raise _Diverged("the loss became %r" % loss)
            self.loss += loss
            grads = piece_grads if grads is None else _add_grads(grads, piece_grads)
        return grads, h

    def update(self, grads):
        """One step downhill by grads, committed whole (weights and optimizer state in one
        assignment) or, when a weight would become infinite, not at all."""
        if self.clip_norm is not None:
            grads = clip_by_norm(grads, self.clip_norm)
        params, state = dict(self.model.params), None  # the updates put new lists in params
        if self.state is None:
            _clip_grads(grads, self.clip)
            sgd_update(params, grads, self.learning_rate)
        else:
            memory = dict(self.state["memory"])
            adagrad_update(params, grads, memory, self.learning_rate, self.clip)
            state = {"optimizer": "adagrad", "memory": memory}
        if not all_finite(params):
            raise _Diverged("a weight would become infinite")
        self.committed = (params, state)  # one assignment: a whole update, or none
        self.model.params, self.model.optimizer_state = self.committed
        self.state, self.updates = state, self.updates + 1

    def guarded(self, work, *args):
        """work(*args); a loss or a weight that stops being finite ends fit with a ValueError
        naming the epoch. The weights are the last finite update's: it never committed."""
        try:
            return work(*args)
        except (_Diverged, OverflowError, ZeroDivisionError) as error:
            kept = ("as update %d of this fit, the last finite one, left them" % self.updates
                    if self.updates else "what they were before fit")
            raise ValueError("training diverged in epoch %d (%s); params are %s - try a smaller "
                             "learning_rate than %r" % (self.epoch_number, error, kept,
                                                         self.learning_rate))

    def interrupted(self, interrupt):
        """Ctrl-C: the weights of the last whole update, and how far the epoch got, on it."""
        self.model.params, self.model.optimizer_state = self.committed  # if it came between
        try:
            interrupt.epoch, interrupt.loss = self.epoch_number, self.loss
            interrupt.characters = self.done
        except AttributeError:  # MicroPython's exceptions take no new attributes
            pass
        return interrupt


# --- the trace that fit(trace=True) prints, step by step, as the notebook does -------------

def _format_vector(v, digits=8):
    """A vector on one line with a fixed number of decimals, as the trace prints it.

    >>> _format_vector([0.5, -0.25], 3)
    '[ 0.500 -0.250]'
    """
    return "[" + " ".join([_signed(("%." + str(digits) + "f") % x) for x in v]) + "]"


def _signed(number):
    """A formatted number with a space where a minus sign would be, so columns line up.

    ("% f" does this in CPython; Skulpt ignores the space flag.)

    >>> _signed("0.5"), _signed("-0.5")
    (' 0.5', '-0.5')
    """
    return number if number.startswith("-") else " " + number


def _print_steps(model, inputs, targets, h_prev, epoch, first_t=0):
    """Print each step's values as the notebook does (its labels, its order), replaying step."""
    p = model.params
    for t in range(len(inputs)):
        s = step(p, inputs[t], h_prev)
        print("epoch %d, step %d: input %r, target %r"
              % (epoch, first_t + t, model.vocab[inputs[t]], model.vocab[targets[t]]))
        print("components")
        print("  x              " + _format_vector(s["x"]))
        print("  h_prev         " + _format_vector(h_prev))
        print("  W_xh @ x       " + _format_vector(s["W_xh @ x"]))
        print("  W_hh @ h_prev  " + _format_vector(s["W_hh @ h_prev"]))
        print("  b_h            " + _format_vector(p["b_h"]))
        print("mid_h            " + _format_vector(s["mid_h"]))
        print("hidden h         " + _format_vector(s["h"]))
        print("y logits")
        print("  b_y            " + _format_vector(p["b_y"]))
        print("  y_logits       " + _format_vector(s["y_logits"]))
        print("y_pred           " + _format_vector(s["y_pred"]))
        print("next h           " + _format_vector(s["h"]))
        print("----------------")
        h_prev = s["h"]


_CELLS["rnn"]["print_steps"] = _print_steps


class TinyRNN:
    """A character RNN: vocab (a string; character i has index i), hidden_size H, and params.

    params holds the notebook's names: W_xh (H, V), W_hh (H, H), W_hy (V, H) as lists of rows,
    b_h (H) and b_y (V) as flat lists. Every method checks its arguments, raising ValueError
    before anything changes, then runs Part 1. cell="gru" or "lstm" makes a gated cell instead
    (Part 3: its parameters are GRU_NAMES or LSTM_NAMES, PyTorch's).
    """

    def __init__(self, vocab, hidden_size, seed=0, params=None, cell="rnn"):
        """Small random weights (the notebook's commented-out randn * 0.1), zero biases (but
        the LSTM's forget bias b_f and the GRU's update bias b_z: see Part 3).

        params: start from these weights instead (checked; the model keeps copies).
        """
        _check_vocab(vocab)
        _check_int("hidden_size", hidden_size, 1)
        _check_seed(seed)
        table = _cell(cell)
        if params is None:  # random weights: refused up front when they would not fit in memory
            _check_room_for("hidden_size", hidden_size, len(vocab), table["gates"])
        self.vocab = vocab
        self.hidden_size = hidden_size
        self.cell = cell
        self.optimizer_state = None  # Adagrad's memory once fit has used it (see fit)
        if params is not None:
            self.params = params
            self.check_params()  # before anything is built from them
            self.params = {name: map_entries(float, params[name]) for name in table["names"]}
            return
        H, V = hidden_size, len(vocab)
        rng = SeededRandom(seed)
        if cell != "rnn":
            self.params = table["init"](rng, H, V, self.param_shapes())
            return

        def randn_times_0_1(rows, cols):
            return [[rng.normal() * 0.1 for _ in range(cols)] for _ in range(rows)]

        self.params = {
            "W_xh": randn_times_0_1(H, V),  # (H, V) input -> hidden
            "W_hh": randn_times_0_1(H, H),  # (H, H) hidden -> hidden
            "W_hy": randn_times_0_1(V, H),  # (V, H) hidden -> output
            "b_h": zeros(H),                # (H,)
            "b_y": zeros(V),                # (V,)
        }

    @classmethod
    def from_notebook(cls):
        """The notebook's model: vocab "helo", H = 4, its exact initial weights, zero biases."""
        return cls("helo", 4, params=notebook_params())

    @classmethod
    def for_text(cls, text, hidden_size, seed=0, cell="rnn"):
        """A model for any text: its vocabulary is the text's distinct characters, sorted."""
        if not isinstance(text, str) or len(text) == 0:
            raise ValueError("text must be a non-empty string, got %r" % (text,))
        return cls("".join(sorted(set(text))), hidden_size, seed, cell=cell)

    # --- checking inputs --------------------------------------------------------------------

    def param_shapes(self):
        """The shape every parameter must have: {name: (rows, cols) or (n,)}."""
        return self._cell()["shapes"](self.hidden_size, len(self.vocab))

    def _cell(self):
        """This model's row of the cell table."""
        return _cell(getattr(self, "cell", "rnn"))

    def check_params(self):
        """Raise ValueError unless params holds the cell's parameters, each of its shape, made of
        finite real numbers (ints or floats, not bools): what every method can compute with.
        vocab, hidden_size and cell are checked as __init__ checks them (they may be edited)."""
        _check_vocab(self.vocab)
        _check_int("hidden_size", self.hidden_size, 1)
        _check_weights(self.params, self.param_shapes(), "params", self._cell()["names"])

    def check_optimizer_state(self):
        """Raise ValueError unless optimizer_state is None or Adagrad's memory for params."""
        state = self.optimizer_state
        if state is None:
            return
        if not (isinstance(state, dict) and sorted(state) == ["memory", "optimizer"]
                and state["optimizer"] == "adagrad"):
            raise ValueError("optimizer_state must be None or {'optimizer': 'adagrad', 'memory': "
                             "{name: squared gradients}}, got %s" % brief(state))
        _check_weights(state["memory"], self.param_shapes(), "optimizer_state['memory']",
                       self._cell()["names"])
        for name in self._cell()["names"]:
            if min([min(row) for row in rows_of(state["memory"][name])]) < 0:
                raise ValueError("optimizer_state['memory'][%r] has a negative entry: Adagrad "
                                 "sums squares" % name)

    def encode(self, text, what="text", shortest=2):
        """The indices of text's characters; ValueError for a character not in the vocab."""
        self.check_text(text, what, shortest)
        return [self.vocab.index(ch) for ch in text]

    def check_text(self, text, what="text", shortest=2):
        """Raise ValueError unless text is a string of `shortest` or more vocabulary characters."""
        if not isinstance(text, str):
            raise ValueError("%s must be a string, got %s" % (what, brief(text)))
        if len(text) < shortest:
            raise ValueError("%s must have at least %d characters, got %r"
                             % (what, shortest, text))
        unknown = set(text).difference(self.vocab)
        if unknown:
            raise ValueError("character %r of the %s is not in the vocabulary %s"
                             % (min(unknown, key=text.index), what, brief(self.vocab)))

    def check_index(self, index):
        """Raise ValueError unless index is the index of a character of the vocabulary."""
        _check_int("index", index, 0)
        if index >= len(self.vocab):
            raise ValueError("index must be below the vocabulary size %d, got %d"
                             % (len(self.vocab), index))

    def check_hidden_state(self, h_prev, name="h_prev"):
        """A copy of h_prev (zeros for None); ValueError unless it is the state's numbers: H of
        them (h), or 2H for the LSTM (h, then c)."""
        size = self.hidden_size * self._cell()["states"]
        if h_prev is None:
            return zeros(size)
        if not (shape_of(h_prev) == (size,) and _finite_numbers(h_prev)):
            raise ValueError("%s must be a list of %d finite numbers (the state), got %s"
                             % (name, size, brief(h_prev)))
        return [float(v) for v in h_prev]

    def copy_params(self):
        """A deep copy of params, to keep or restore."""
        return {name: copy_entries(self.params[name]) for name in self._cell()["names"]}

    # --- the notebook's computations, checked -------------------------------------------------

    def step(self, index, h_prev=None):
        """One time step: character `index` after h_prev (default 0s) -> (h, y_logits, y_pred).
        For the LSTM, h_prev and the h returned are its whole state: h, then c (2H numbers)."""
        self.check_params()
        self.check_index(index)
        cell = self._cell()
        s = cell["step"](self.params, index, self.check_hidden_state(h_prev))
        return cell["state_of"](s), s["y_logits"], s["y_pred"]

    def loss_and_gradients(self, text, bptt=False, h_prev=None):
        """The summed loss of predicting text[1:] from text[:-1], and its gradients.

        Returns (loss, grads); grads has the keys and shapes of params. The default is the
        notebook's gradient, which does not flow back through time; bptt=True gives the full one.
        The hidden state starts from h_prev (default: zeros, as in the notebook).
        """
        self.check_params()
        indices = self.encode(text)
        _check_bool("bptt", bptt)
        h_prev = self.check_hidden_state(h_prev)
        loss, grads, _ = self._cell()["loss_and_gradients"](self.params, indices[:-1],
                                                            indices[1:], h_prev, bptt)
        return loss, grads

    def step_losses(self, text, epsilon=1e-8):
        """The loss of each step, -log(y_pred[target] + epsilon): which characters cost most."""
        self.check_params()
        _check_positive_number("epsilon", epsilon, zero_allowed=True)
        indices = self.encode(text)
        losses = []
        for t, s in enumerate(self._forward(indices[:-1])):
            if s["y_pred"][indices[t + 1]] + epsilon > 0:
                losses.append(cross_entropy(s["y_pred"], indices[t + 1], epsilon))
            else:  # a probability that underflowed to 0: -log 0, a miss that costs without end
                losses.append(float("inf"))
        return losses

    def loss(self, text):
        """The summed loss -log(y_pred[target] + 1e-8) over the text, without gradients."""
        total = 0.0
        for step_loss in self.step_losses(text):
            total += step_loss  # the notebook's loss += ..., in its order
        return total

    # --- training -----------------------------------------------------------------------------

    def train_epoch(self, text, learning_rate=0.1, trace=False, bptt=False):
        """One notebook epoch: the gradients of the whole text, one SGD update. Returns the loss."""
        return self.fit(text, 1, learning_rate, trace=trace, bptt=bptt)[0]

    def fit(self, text, epochs, learning_rate=0.1, verbose=False, trace=False, bptt=False,
            seq_length=None, optimizer="sgd", clip=None, print_every=None, on_epoch=None,
            clip_norm=None):
        """Train for `epochs` passes over text; returns the list of per-epoch (summed) losses.

        Each epoch starts from a zero hidden state. seq_length cuts the text into chunks of that
        many steps, carrying the hidden state from chunk to chunk, one update per chunk (default:
        one update per epoch, as in the notebook). optimizer is "sgd" or "adagrad"; clip limits
        every gradient entry to [-clip, clip] (which turns the gradient's direction); clip_norm
        scales the whole gradient down to that norm when it is longer, keeping its direction, as
        torch.nn.utils.clip_grad_norm_ does.

        The model keeps the optimizer's state (Adagrad's sums of squared gradients) in
        optimizer_state, and save() keeps it too, so fit(text, 3) trains exactly as three calls
        of fit(text, 1), with a save and a load between them or not. Another optimizer than the
        last call's starts from a fresh state.

        Memory does not grow with the text: it is encoded a piece at a time, and the notebook's
        gradient, which needs no history, is summed BLOCK steps at a time. Full BPTT keeps every
        step of a chunk, so give a long text a seq_length.

        verbose prints a line every print_every epochs, progress every few seconds within a long
        epoch, and the time taken; trace prints every step's values as the notebook does;
        on_epoch(epoch, loss) is called after each epoch. If the loss or a weight stops being
        finite, training stops before that update and a ValueError names the epoch: params stay
        as the last finite update left them (no copy of the weights from before fit is kept: a
        board's heap has no room for one). Ctrl-C (KeyboardInterrupt) too leaves params as they
        were after the last whole update; the exception carries .epoch, .loss and .characters:
        how far that epoch got.
        """
        print_every = self._check_fit(text, epochs, learning_rate, verbose, trace, bptt,
                                      seq_length, optimizer, clip, print_every, on_epoch,
                                      clip_norm)
        run = _Training(self, text, seq_length, bptt, optimizer, learning_rate, clip,
                        clip_norm, trace, _Clock((len(text) - 1) * epochs) if verbose else None)
        losses = []
        try:
            for epoch in range(epochs):
                loss = run.epoch(epoch)  # one pass: a gradient and an update per chunk
                losses.append(loss)
                if trace:
                    print("Epoch %d, Loss: %.4f" % (epoch, loss))
                if verbose and (epoch % print_every == 0 or epoch == epochs - 1):
                    print("epoch %5d  loss %.4f  per character %.4f" % (epoch, loss,
                                                                       loss / run.steps))
                    run.clock.reported()
                if on_epoch is not None:
                    on_epoch(epoch, loss)  # its own errors reach the caller as they are
        except _Interrupt as interrupt:
            raise run.interrupted(interrupt)  # named: Brython has no bare raise after a try
        if verbose:
            print(run.clock.closing_line(epochs, run.steps))
        return losses

    def _check_fit(self, text, epochs, learning_rate, verbose, trace, bptt, seq_length,
                   optimizer, clip, print_every, on_epoch, clip_norm):
        """fit's checks, each argument once, before anything changes; returns print_every."""
        self.check_params()
        self.check_optimizer_state()
        self.check_text(text)
        _check_int("epochs", epochs, 0)
        _check_positive_number("learning_rate", learning_rate)
        _check_bool("verbose", verbose)
        _check_bool("trace", trace)
        _check_bool("bptt", bptt)
        if seq_length is not None:
            _check_int("seq_length", seq_length, 1)
        if optimizer not in ("sgd", "adagrad"):
            raise ValueError("optimizer must be 'sgd' or 'adagrad', got %s" % brief(optimizer))
        if clip is not None:
            _check_positive_number("clip", clip)
        if clip_norm is not None:
            _check_positive_number("clip_norm", clip_norm)
        if print_every is None:
            print_every = max(1, epochs // 10)
        _check_int("print_every", print_every, 1)
        if on_epoch is not None and not callable(on_epoch):
            raise ValueError("on_epoch must be a function f(epoch, loss), got %s" % brief(on_epoch))
        return print_every

    # --- using the model ----------------------------------------------------------------------

    def _forward(self, indices):
        """Each step's values over indices, from a zero hidden state, one step at a time."""
        cell = self._cell()
        state = zeros(self.hidden_size * cell["states"])
        for index in indices:
            s = cell["step"](self.params, index, state)
            state = cell["state_of"](s)
            yield s

    def _warm_up(self, indices):
        """Feed the characters from a zero state; returns the last step's values."""
        for s in self._forward(indices):
            pass
        return s

    def generate(self, prefix, length, temperature=None, seed=None):
        """The prefix followed by `length` predicted characters, each fed back in.

        temperature=None picks the most likely character (greedy). Otherwise the next character
        is drawn from softmax(y_logits / temperature) with a SeededRandom(seed): the same seed
        gives the same text (seed=None means seed 0). Below 1 the draws are more
        conservative (the likeliest character more often), above 1 more varied.
        """
        self.check_params()
        indices = self.encode(prefix, "prefix", 1)
        _check_int("length", length, 0)
        if temperature is not None:
            _check_positive_number("temperature", temperature)
        if seed is not None:
            _check_seed(seed)
        rng = SeededRandom(0 if seed is None else seed)
        out = prefix
        s = self._warm_up(indices)
        for _ in range(length):
            if temperature is None:
                index = argmax(s["y_logits"])
            else:
                index = sample_with_temperature(s["y_logits"], temperature, rng)
            out += self.vocab[index]
            s = self._cell()["step"](self.params, index, self._cell()["state_of"](s))
        return out

    def predict_next(self, prefix, k=3):
        """The k most likely next characters after prefix, as (char, probability), best first."""
        self.check_params()
        indices = self.encode(prefix, "prefix", 1)
        _check_int("k", k, 1)
        y_pred = self._warm_up(indices)["y_pred"]
        ranked = sorted(range(len(y_pred)), key=lambda i: (-y_pred[i], i))  # ties: lower i first
        return [(self.vocab[i], y_pred[i]) for i in ranked[:k]]

    def hidden_states(self, text):
        """The hidden state h after each character of text, from a zero start: a list of lists
        (for the LSTM, its whole state: h, then c, 2H numbers)."""
        self.check_params()
        state_of = self._cell()["state_of"]
        return [state_of(s) for s in self._forward(self.encode(text, "text", 1))]

    # --- what the model has learned: held-out text, vanishing gradients, single units -------

    def evaluate(self, text):
        """Bits per character on text: the mean over its steps of -log2(y_pred[target]).

        From a zero hidden state, without the notebook's + 1e-8: the measure every character
        model is compared by (a uniform guess over V characters scores log2 V). inf when the
        model gives a character of text a probability that rounds to 0.
        """
        losses = self.step_losses(text, epsilon=0.0)  # -ln(y_pred[target])
        return sum(losses) / len(losses) / math.log(2)

    def gradient_norms(self, text):
        """How the last step's loss reaches back in time: one norm per step t.

        Entry t is the length of d loss_T / d h_t, the gradient of the last step's loss with
        respect to the hidden state of step t (the last entry is step T's own, W_hy.T @ dy).
        Each step back multiplies it by W_hh.T and by (1 - h ** 2): when that shrinks it, the
        gradient vanishes; when it grows it, it explodes.
        """
        self.check_params()
        indices = self.encode(text)
        if self.cell != "rnn":  # d loss_T / d state: h, and for the LSTM c too
            zero = zeros(self.hidden_size * self._cell()["states"])
            return self._cell()["last_step_norms"](self.params, indices[:-1], indices[1:], zero)[2]
        steps = list(self._forward(indices[:-1]))
        dy = steps[-1]["y_pred"][:]
        dy[indices[-1]] -= 1.0  # the last step's loss only
        dh = matvec(transpose(self.params["W_hy"]), dy)  # d loss_T / d h_T
        W_hh_T = transpose(self.params["W_hh"])
        norms = [norm(dh)]
        for t in range(len(steps) - 1, 0, -1):  # back from step T to step 1
            dh = matvec(W_hh_T, multiply(tanh_derivative(steps[t]["h"]), dh))  # to h of t - 1
            norms.append(norm(dh))
        return norms[::-1]

    def unit_correlations(self, text, feature):
        """Hidden units ranked by how well they follow a feature of the text.

        feature: one number per character of text (1 inside a word, the position in the line,
        ...). Returns [(unit, correlation)] for every hidden unit, the strongest (by absolute
        Pearson correlation of h[unit] after each character with the feature) first.
        """
        states = self.hidden_states(text)
        if not (isinstance(feature, list) and len(feature) == len(text)
                and _finite_numbers(feature)):
            raise ValueError("feature must be a list of %d finite numbers, one per character, "
                             "got %s" % (len(text), brief(feature)))
        ranked = [(unit, _correlation([h[unit] for h in states], feature))
                  for unit in range(self.hidden_size)]
        return sorted(ranked, key=_strongest_first)

    # --- saving and loading: Part 3's _save_model and _load_model ------------------------------

    def save(self, path):
        """Write the model and its optimizer state to path as JSON, whole or not at all."""
        try:
            write = _save_model
        except NameError:  # a copy of the file cut above Part 3, as on a board
            raise ValueError(_NEEDS_PART_3 % "save")
        write(self, path)

    @classmethod
    def load(cls, path, max_bytes=None):
        """Read a model saved by save(); ValueError saying what is wrong with a bad file.

        max_bytes: the largest file read (default MAX_FILE_BYTES, 64 MB).
        """
        try:
            read = _load_model
        except NameError:  # a copy of the file cut above Part 3, as on a board
            raise ValueError(_NEEDS_PART_3 % "load")
        return read(cls, path, max_bytes)


# =============================================================================================
# Part 3. Beyond the notebook: the gradient check, saving and loading, the trace and every
# multiply-add, pictures in text, and the command line
# =============================================================================================

# --- the answer to vanishing gradients: gated cells, GRU and LSTM, in PyTorch's equations --------

def _sigmoid(v):
    """1 / (1 + exp(-a)) for each entry a: a gate, between 0 (closed) and 1 (open).

    Written so that exp never overflows: for a < 0 it is exp(a) / (1 + exp(a)), the same number.

    >>> [round(g, 6) for g in _sigmoid([0.0, 2.0, -800.0])]
    [0.5, 0.880797, 0.0]
    """
    out = []
    for a in v:
        if a >= 0:
            out.append(1.0 / (1.0 + math.exp(-a)))
        else:
            e = math.exp(a)
            out.append(e / (1.0 + e))
    return out


def _sigmoid_derivative(s):
    """s * (1 - s) for a sigmoid's output s: the slope of 1 / (1 + exp(-a)) at a."""
    return [g * (1.0 - g) for g in s]


def _gate_input(params, gate, index, h_prev):
    """W_x<gate> @ x + W_h<gate> @ h_prev, for x = one_hot(index): column index of W_x<gate>."""
    x = one_hot(index, len(params["b_y"]))
    return add(matvec(params["W_x" + gate], x), matvec(params["W_h" + gate], h_prev))


def _gated_mid(p, gate, index, h_prev):
    """A gate's input before its squash: W_x<gate> @ x + W_h<gate> @ h_prev + b_<gate>."""
    return add(_gate_input(p, gate, index, h_prev), p["b_" + gate])


def _output(params, s):
    """The output layer, the tanh cell's: y_logits = W_hy @ h + b_y, y_pred = softmax."""
    s["y_logits"] = add(matvec(params["W_hy"], s["h"]), params["b_y"])
    s["y_pred"] = softmax(s["y_logits"])
    return s


def gru_step(params, index, h_prev):
    """One GRU step (PyTorch's torch.nn.GRU, its names with x and h for ih and hh):

        r = sigmoid(W_xr @ x + W_hr @ h_prev + b_r)          reset gate
        z = sigmoid(W_xz @ x + W_hz @ h_prev + b_z)          update gate
        n = tanh(W_xn @ x + b_xn + r * (W_hn @ h_prev + b_hn))  the new candidate
        h = (1 - z) * n + z * h_prev                         z near 1 keeps the old h

    The state is h. Returns the step's values by name, with y_logits and y_pred.
    """
    r = _sigmoid(_gated_mid(params, "r", index, h_prev))
    z = _sigmoid(_gated_mid(params, "z", index, h_prev))
    recurrent = add(matvec(params["W_hn"], h_prev), params["b_hn"])  # W_hn @ h_prev + b_hn
    x_part = add(matvec(params["W_xn"], one_hot(index, len(params["b_y"]))), params["b_xn"])
    n = tanh(add(x_part, multiply(r, recurrent)))
    h = [(1.0 - z_i) * n_i + z_i * p for z_i, n_i, p in zip(z, n, h_prev)]
    return _output(params, {"r": r, "z": z, "recurrent": recurrent, "n": n, "h": h,
                            "state": h})


def lstm_step(params, index, state):
    """One LSTM step (PyTorch's torch.nn.LSTM, its names with x and h for ih and hh):

        i = sigmoid(W_xi @ x + W_hi @ h_prev + b_i)    input gate
        f = sigmoid(W_xf @ x + W_hf @ h_prev + b_f)    forget gate: near 1, c is kept
        g = tanh(W_xg @ x + W_hg @ h_prev + b_g)       the candidate
        o = sigmoid(W_xo @ x + W_ho @ h_prev + b_o)    output gate
        c = f * c_prev + i * g                         the cell, the conveyor belt
        h = o * tanh(c)

    The state is h and c, as one list of 2H numbers: h, then c. Returns the step's values.
    """
    H = len(params["b_i"])
    h_prev, c_prev = state[:H], state[H:]
    i = _sigmoid(_gated_mid(params, "i", index, h_prev))
    f = _sigmoid(_gated_mid(params, "f", index, h_prev))
    g = tanh(_gated_mid(params, "g", index, h_prev))
    o = _sigmoid(_gated_mid(params, "o", index, h_prev))
    c = add(multiply(f, c_prev), multiply(i, g))
    tanh_c = tanh(c)
    h = multiply(o, tanh_c)
    return _output(params, {"i": i, "f": f, "g": g, "o": o, "c": c, "tanh_c": tanh_c, "h": h,
                            "state": h + c})


def _state_of(s):
    """The state a gated step hands to the next (h for the GRU, h and c for the LSTM)."""
    return s["state"]


def _gated_loss_and_gradients(cell, params, inputs, targets, state, bptt, last_only=False):
    """The loss over the sequence and its gradient, for cell "gru" or "lstm": (loss, grads, the
    last state), as loss_and_gradients for the tanh cell. With bptt=False each step's gradient
    ends at that step (the state before it held constant); bptt=True hands dstate_next back.
    last_only: the gradient of the last step's loss only, with the list of |d loss / d state|
    at every step (for gradient_norms) in place of the last state."""
    step_of = gru_step if cell == "gru" else lstm_step
    steps, loss = [], 0.0
    for t in range(len(inputs)):
        s = step_of(params, inputs[t], state)
        s["state_prev"] = state
        if not last_only or t == len(inputs) - 1:
            loss += cross_entropy(s["y_pred"], targets[t])
        steps.append(s)
        state = s["state"]
    grads = dict((name, map_entries(zero_of, params[name])) for name in params)
    W_hy_T, H = transpose(params["W_hy"]), len(params["W_hy"][0])
    backward = _gru_backward if cell == "gru" else _lstm_backward
    dstate_next, norms = [0.0] * len(state), []
    for t in reversed(range(len(inputs))):
        s = steps[t]
        dy = zeros(len(params["b_y"]))
        if not last_only or t == len(inputs) - 1:
            dy = s["y_pred"][:]
            dy[targets[t]] -= 1.0                          # dy = y_pred - one_hot(target)
        _add_outer(grads["W_hy"], dy, s["h"])              # grads['W_hy'] += dy @ h.T
        grads["b_y"] = add(grads["b_y"], dy)               # grads['b_y'] += dy
        if not (bptt or last_only):
            dstate_next = [0.0] * len(state)               # the notebook's gradient: none back
        dstate = add(matvec(W_hy_T, dy) + [0.0] * (len(state) - H), dstate_next)
        # d loss / d state: dh = W_hy.T @ dy + dh_next (and, for the LSTM, dc = dc_next)
        norms.append(norm(dstate))
        dstate_next = backward(params, grads, s, inputs[t], dstate)
    return loss, grads, (norms[::-1] if last_only else state)


def _gru_backward(params, grads, s, index, dh):
    """One GRU step back from dh: adds its share to grads; returns dh_prev, the dh_next of the
    step before (from h = (1 - z) * n + z * h_prev, through n, r and z to h_prev)."""
    h_prev = s["state_prev"]
    dn = [d * (1.0 - z) for d, z in zip(dh, s["z"])]       # dn = dh * (1 - z)
    dz = [d * (p - n) for d, p, n in zip(dh, h_prev, s["n"])]  # dz = dh * (h_prev - n)
    dn_raw = multiply(tanh_derivative(s["n"]), dn)         # back through tanh: (1 - n ** 2)
    dr = multiply(dn_raw, s["recurrent"])                  # dr = dn_raw * (W_hn @ h_prev + b_hn)
    drecurrent = multiply(dn_raw, s["r"])                  # the reset gate scales it
    dr_raw = multiply(_sigmoid_derivative(s["r"]), dr)     # back through sigmoid: r * (1 - r)
    dz_raw = multiply(_sigmoid_derivative(s["z"]), dz)
    _add_gate_grads(grads, "r", index, h_prev, dr_raw, dr_raw, "b_r")
    _add_gate_grads(grads, "z", index, h_prev, dz_raw, dz_raw, "b_z")
    _add_gate_grads(grads, "n", index, h_prev, dn_raw, drecurrent, "b_xn")
    grads["b_hn"] = add(grads["b_hn"], drecurrent)         # grads['b_hn'] += drecurrent
    dh_prev = multiply(dh, s["z"])                         # the z * h_prev path
    for gate, d in (("r", dr_raw), ("z", dz_raw), ("n", drecurrent)):
        dh_prev = add(dh_prev, matvec(transpose(params["W_h" + gate]), d))  # + W_h.T @ d
    s["back"] = {"dh": dh, "dn": dn, "dz": dz, "dn_raw": dn_raw, "dr": dr, "dr_raw": dr_raw,
                 "dz_raw": dz_raw, "drecurrent": drecurrent}  # by name, for explain_step
    return dh_prev


def _lstm_backward(params, grads, s, index, dstate):
    """One LSTM step back from dstate = (dh, dc_next): adds its share to grads; returns
    (dh_prev, dc_prev) as one list, for the step before (through h = o * tanh(c) and
    c = f * c_prev + i * g)."""
    H = len(dstate) // 2
    h_prev, c_prev = s["state_prev"][:H], s["state_prev"][H:]
    dh = dstate[:H]
    do = multiply(dh, s["tanh_c"])                         # do = dh * tanh(c)
    dc = add(dstate[H:], multiply(multiply(dh, s["o"]), tanh_derivative(s["tanh_c"])))
    # dc = dc_next + dh * o * (1 - tanh(c) ** 2)
    raw = {"i": multiply(_sigmoid_derivative(s["i"]), multiply(dc, s["g"])),  # di = dc * g
           "f": multiply(_sigmoid_derivative(s["f"]), multiply(dc, c_prev)),  # df = dc * c_prev
           "g": multiply(tanh_derivative(s["g"]), multiply(dc, s["i"])),      # dg = dc * i
           "o": multiply(_sigmoid_derivative(s["o"]), do)}
    dh_prev = zeros(H)
    for gate in ("i", "f", "g", "o"):
        _add_gate_grads(grads, gate, index, h_prev, raw[gate], raw[gate], "b_" + gate)
        dh_prev = add(dh_prev, matvec(transpose(params["W_h" + gate]), raw[gate]))
    s["back"] = {"dh": dh, "do": do, "dc": dc, "di_raw": raw["i"], "df_raw": raw["f"],
                 "dg_raw": raw["g"], "do_raw": raw["o"]}  # by name, for explain_step
    return dh_prev + multiply(dc, s["f"])                  # dc_prev = dc * f: the kept cell


def _add_gate_grads(grads, gate, index, h_prev, d_x, d_h, bias):
    """A gate's share: W_x<gate> += d_x @ x.T (column index), W_h<gate> += d_h @ h_prev.T,
    bias += d_x."""
    for i in range(len(d_x)):
        grads["W_x" + gate][i][index] += d_x[i]
    _add_outer(grads["W_h" + gate], d_h, h_prev)
    grads[bias] = add(grads[bias], d_x)


def _add_outer(M, a, b):
    """M += a @ b.T, row by row, in place."""
    for i in range(len(a)):
        M[i] = [m + a[i] * b_j for m, b_j in zip(M[i], b)]


def _gated_shapes(gates, extra):
    """The shapes function of a gated cell: W_x<g> (H, V), W_h<g> (H, H), b_<g> (H,) for each
    gate, the extra biases, and the output layer."""
    def shapes(H, V):
        found = {}
        for gate in gates:
            found["W_x" + gate], found["W_h" + gate] = (H, V), (H, H)
        for bias in extra:
            found[bias] = (H,)
        found["W_hy"], found["b_y"] = (V, H), (V,)
        return found
    return shapes


_GRU_UPDATE_BIAS = 2.0  # b_z: z near 0.88 keeps 88% of h at each step; measured, 1.4e-2 of the
# gradient survives 40 steps back at H=32 (2.7e-9 with b_z = 0, as fast as the tanh cell loses it)
_LSTM_FORGET_BIAS = 1.0  # b_f: char-rnn's setting; f near 0.73 keeps most of c (1.2e-3 at 40)


def _gated_init(names, biases):
    """The init function of a gated cell: every weight randn * 0.1, in the order of names, as
    the tanh cell's; every bias zero but those given."""
    def init(rng, H, V, shapes):
        params = {}
        for name in names:
            rows_cols = shapes[name]
            if len(rows_cols) == 2:
                params[name] = [[rng.normal() * 0.1 for _ in range(rows_cols[1])]
                                for _ in range(rows_cols[0])]
            else:
                params[name] = [biases.get(name, 0.0)] * rows_cols[0]
        return params
    return init


class _GatedLoss:
    """cell's loss_and_gradients(params, inputs, targets, state, bptt), for the cell table."""

    def __init__(self, cell, last_only=False):
        """Remember which cell."""
        self.cell, self.last_only = cell, last_only

    def __call__(self, params, inputs, targets, state, bptt=False):
        """The loss, grads and last state (or, last_only, the norms) of the gated cell."""
        return _gated_loss_and_gradients(self.cell, params, inputs, targets, state, bptt,
                                         self.last_only)


GRU_NAMES = ("W_xr", "W_hr", "W_xz", "W_hz", "W_xn", "W_hn", "W_hy",
             "b_r", "b_z", "b_xn", "b_hn", "b_y")
LSTM_NAMES = ("W_xi", "W_hi", "W_xf", "W_hf", "W_xg", "W_hg", "W_xo", "W_ho", "W_hy",
              "b_i", "b_f", "b_g", "b_o", "b_y")
_CELLS["gru"] = {"names": GRU_NAMES, "shapes": _gated_shapes("rzn", ("b_r", "b_z", "b_xn",
                                                                       "b_hn")),
                 "step": gru_step, "loss_and_gradients": _GatedLoss("gru"),
                 "last_step_norms": _GatedLoss("gru", True), "state_of": _state_of, "states": 1,
                 "init": _gated_init(GRU_NAMES, {"b_z": _GRU_UPDATE_BIAS}), "gates": 3}
_CELLS["lstm"] = {"names": LSTM_NAMES, "shapes": _gated_shapes("ifgo", ("b_i", "b_f", "b_g",
                                                                        "b_o")),
                  "step": lstm_step, "loss_and_gradients": _GatedLoss("lstm"),
                  "last_step_norms": _GatedLoss("lstm", True), "state_of": _state_of,
                  "states": 2, "init": _gated_init(LSTM_NAMES, {"b_f": _LSTM_FORGET_BIAS}),
                  "gates": 4}


def _print_gated_steps(model, inputs, targets, state, epoch, first_t=0):
    """fit(trace=True) for a gated cell: each step's values by name, in the order made."""
    cell = model._cell()
    for t in range(len(inputs)):
        s = cell["step"](model.params, inputs[t], state)
        print("epoch %d, step %d: input %r, target %r"
              % (epoch, first_t + t, model.vocab[inputs[t]], model.vocab[targets[t]]))
        for name in ("state_prev",) + cell["traced"] + ("h", "y_logits", "y_pred"):
            value = state if name == "state_prev" else s[name]
            print(name + " " * (15 - len(name)) + _format_vector(value))
        print("----------------")
        state = s["state"]


_CELLS["gru"].update(print_steps=_print_gated_steps, traced=("r", "z", "recurrent", "n"))
_CELLS["lstm"].update(print_steps=_print_gated_steps, traced=("i", "f", "g", "o", "c",
                                                                   "tanh_c"))


def _check_model(model):
    """Raise ValueError unless model is a TinyRNN."""
    if not isinstance(model, TinyRNN):
        raise ValueError("model must be a TinyRNN, got %s" % brief(model))


def _relative_error(a, b, floor=1e-3):
    """|a - b| relative to the larger of |a| and |b|, or to floor when both are smaller.

    >>> _relative_error(1.0, 1.1)
    0.09090909090909098
    >>> _relative_error(0.0, 0.0)
    0.0
    """
    return abs(a - b) / max(abs(a), abs(b), floor)


def gradient_check(model, text, bptt=True, eps=1e-5, floor=1e-3, per_param=None, seed=0):
    """Compare model's gradient with central finite differences of its loss.

    For a weight w, numeric = (loss(w + eps) - loss(w - eps)) / (2 * eps). Every weight is
    checked, or per_param weights of each parameter drawn with SeededRandom(seed) (as
    min-char-rnn's gradCheck does), two passes over the text each. Returns {param name: largest
    relative_error(analytic, numeric, floor)}; every weight is put back.

    Three details keep rounding from hiding what the check measures:
    - The loss differenced is -log(y_pred[target]), without the notebook's + 1e-8: the gradient
      y_pred - one_hot(target) belongs to that loss; the 1e-8 alone moves it by 1e-8 / y_pred,
      around 1e-7, which would drown the check's 1e-6.
    - The two losses are subtracted step by step before summing: the total (~50) is known only
      to ~1e-14, while each step's loss is known to ~1e-16.
    - Even so, a difference over 2 * eps is known only to ~1e-10, so the error of a gradient
      entry smaller than floor is measured relative to floor.
    """
    _check_model(model)
    _check_bool("bptt", bptt)
    _check_positive_number("eps", eps)
    _check_positive_number("floor", floor)
    if per_param is not None:
        _check_int("per_param", per_param, 1)
    _check_seed(seed)
    return _gradient_errors(model, text, [bptt], eps, floor, per_param, seed)[0]


def _gradient_errors(model, text, bptts, eps, floor, per_param, seed):
    """gradient_check's errors for each gradient of bptts (False, True or both), from one set of
    finite differences: the numeric gradient is the same whichever analytic one it checks."""
    grads = [model.loss_and_gradients(text, bptt=bptt)[1] for bptt in bptts]
    rng = SeededRandom(seed)
    errors = [{} for _ in bptts]
    for name in model._cell()["names"]:
        rows = rows_of(model.params[name])
        places = [(r, c) for r in range(len(rows)) for c in range(len(rows[r]))]
        if per_param is not None:
            places = _draw_without_replacement(places, per_param, rng)
        worst = [0.0 for _ in bptts]
        for r, c in places:
            original = rows[r][c]
            try:
                rows[r][c] = original + eps
                losses_plus = model.step_losses(text, epsilon=0.0)
                rows[r][c] = original - eps
                losses_minus = model.step_losses(text, epsilon=0.0)
            finally:
                rows[r][c] = original
            change = sum([lp - lm for lp, lm in zip(losses_plus, losses_minus)])
            numeric = change / (2 * eps)
            for k in range(len(bptts)):
                analytic = rows_of(grads[k][name])[r][c]
                worst[k] = max(worst[k], _relative_error(analytic, numeric, floor))
        for k in range(len(bptts)):
            errors[k][name] = worst[k]
    return errors


def _draw_without_replacement(items, k, rng):
    """k of the items, drawn at random with rng (all of them, in order, if there are at most k).

    The first k steps of a Fisher-Yates shuffle.
    """
    if k >= len(items):
        return items
    items = items[:]
    for i in range(k):
        j = i + rng.next_int() % (len(items) - i)
        items[i], items[j] = items[j], items[i]
    return items[:k]


def gradient_check_table(model, text, eps=1e-5, per_param=None):
    """Lines comparing the notebook's gradient and BPTT with finite differences."""
    _check_model(model)
    notebook, full = _gradient_errors(model, text, [False, True], eps, 1e-3, per_param, 0)
    lines = ["largest relative error against finite differences (eps %g)" % eps,
             "param   notebook gradient   full BPTT"]
    for name in model._cell()["names"]:
        lines.append("%-6s  %17.2e   %9.2e" % (name, notebook[name], full[name]))
    return lines


# --- held-out text: a counting baseline to beat ---------------------------------------------

def bigram_bits_per_char(train_text, test_text):
    """Bits per character of a bigram count model on test_text: what evaluate() must beat.

    P(b | a) = (count(a b) + 1) / (count(a .) + V), with add-one smoothing: count(a b) is how
    often b follows a in train_text, count(a .) how many bigrams of train_text start with a,
    and V the number of distinct characters in train_text + test_text. Returns the mean over
    test_text's bigrams of -log2 P(b | a).

    >>> round(bigram_bits_per_char("abab", "ab"), 6)  # P(b | a) = (2 + 1) / (2 + 2)
    0.415037
    """
    for name, text, shortest in (("train_text", train_text, 1), ("test_text", test_text, 2)):
        if not (isinstance(text, str) and len(text) >= shortest):
            raise ValueError("%s must be a string of at least %d characters, got %s"
                             % (name, shortest, brief(text)))
    V = len(set(train_text + test_text))
    pairs, starts = {}, {}
    for a, b in zip(train_text, train_text[1:]):
        pairs[a + b] = pairs.get(a + b, 0) + 1
        starts[a] = starts.get(a, 0) + 1
    bits = 0.0
    for a, b in zip(test_text, test_text[1:]):
        bits -= math.log((pairs.get(a + b, 0) + 1) / (starts.get(a, 0) + V)) / math.log(2)
    return bits / (len(test_text) - 1)


# --- saving and loading -----------------------------------------------------------------------

_FILE_VERSION = 2  # of the JSON that _save_model writes for the tanh cell; 3 for a gated cell
_FILE_KEYS = {1: ["format", "hidden_size", "params", "version", "vocab"],
             2: ["format", "hidden_size", "optimizer_state", "params", "version", "vocab"],
             3: ["cell", "format", "hidden_size", "optimizer_state", "params", "version",
                 "vocab"]}  # version 3 records the cell; 1 and 2 are the tanh cell's
MAX_FILE_BYTES = 64 * 1024 * 1024  # the largest model or text file read, unless asked for more
_MAX_JSON_DEPTH = 5  # a model file nests no deeper: {optimizer_state: {memory: {W_hh: [[...]]}}}


def _save_model(model, path):
    """Write the model and its optimizer state as JSON (format version 2), whole or not at all."""
    path = _check_path(path, "path")
    json = _json_module()
    model.check_params()
    model.check_optimizer_state()
    data = {"format": "tinyrnn", "version": _FILE_VERSION, "vocab": model.vocab,
            "hidden_size": model.hidden_size, "params": model.params,
            "optimizer_state": model.optimizer_state}
    if model.cell != "rnn":  # a tanh model's file stays as older tinyrnns read it
        data["version"], data["cell"] = 3, model.cell
    write_file_atomically(path, json.dumps(data) + "\n")


def _load_model(cls, path, max_bytes=None):
    """A model of class cls read from a file _save_model wrote; ValueError if the file is bad.

    Every field is checked, exact types included, before anything is built from its numbers.
    """
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    path = _check_path(path, "path")
    json = _json_module()
    where = "model file %r" % path
    text = read_text_file(path, "model file", max_bytes)
    if not text.strip():
        raise ValueError("%s is empty" % where)
    if _json_depth(text, _MAX_JSON_DEPTH) > _MAX_JSON_DEPTH:
        raise ValueError("%s nests brackets deeper than a model file does (%d)"
                         % (where, _MAX_JSON_DEPTH))
    try:
        data = json.loads(text)
    except (ValueError, RuntimeError) as error:  # RecursionError is a RuntimeError
        raise ValueError("%s is not valid JSON (truncated?): %s" % (where, error))
    if not isinstance(data, dict) or data.get("format") != "tinyrnn":
        raise ValueError("%s is not a tinyrnn model (no \"format\": \"tinyrnn\")" % where)
    version = data.get("version")
    if not (_is_int(version) and version in _FILE_KEYS):
        raise ValueError("%s has version %s; this tinyrnn reads versions 1 to 3"
                         % (where, brief(version)))
    if sorted(data) != _FILE_KEYS[version]:
        raise ValueError("%s must have exactly the fields %s, it has %s"
                         % (where, ", ".join(_FILE_KEYS[version]), brief(sorted(data))))
    try:
        model = cls(data["vocab"], data["hidden_size"], params=data["params"],
                    cell=data.get("cell", "rnn"))
        model.optimizer_state = data.get("optimizer_state")  # version 1 has none
        model.check_optimizer_state()
    except ValueError as error:
        raise ValueError("%s: %s" % (where, error))
    if model.optimizer_state is not None:
        memory = model.optimizer_state["memory"]
        model.optimizer_state = {"optimizer": "adagrad",
                                 "memory": {name: map_entries(float, memory[name])
                                            for name in model._cell()["names"]}}
    return model


def _json_module():
    """The json module; ValueError where this Python has none that reads and writes text."""
    try:
        import json
    except (ImportError, NotImplementedError):
        json = None
    if not (hasattr(json, "loads") and hasattr(json, "dumps")):
        raise ValueError("saving and loading need the json module, which this Python lacks")
    return json


def _json_depth(text, limit):
    """How deeply text's brackets nest, outside strings; counting stops above limit.

    json.loads recurses once per bracket, so a file of 100,000 "[" would exhaust the stack.

    >>> _json_depth('{"a": [[1, "]]"], []]}', 9)
    3
    """
    try:
        import re
        tokens = re.finditer(r'"(?:[^"\\]|\\.)*"|[][{}]', text)  # strings, then brackets
    except (ImportError, AttributeError):  # MicroPython: json.loads raises its own error
        return 0
    depth = deepest = 0
    for token in tokens:
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif bracket in "]}":
            depth -= 1
    return deepest


def _check_path(path, what):
    """path as a non-empty str (os.PathLike objects too); ValueError for anything else.

    open(0) would read standard input and open(True) close standard output: a path is text.
    """
    if hasattr(path, "__fspath__"):
        path = path.__fspath__()
    if not isinstance(path, str) or path == "" or "\0" in path:
        raise ValueError("%s must be a file name (a non-empty string), got %s"
                         % (what, brief(path)))
    return path


def read_text_file(path, what="text file", max_bytes=MAX_FILE_BYTES):
    """The text of a UTF-8 regular file of at most max_bytes; ValueError saying why not.

    A folder, a device (/dev/zero never ends) or a pipe (which may never be written) is refused
    before anything is read.
    """
    _check_int("max_bytes", max_bytes, 1)
    path = _check_path(path, what)
    try:
        import os
        import stat
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # opening a pipe must not wait
        fd = os.open(path, flags)
    except (ImportError, NotImplementedError):  # MicroPython: no stat; Skulpt: no os
        return _read_plain_file(path, what, max_bytes)
    except _FileError as error:
        raise ValueError("cannot read %s %r: %s" % (what, path, error.strerror or error))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("cannot read %s %r: it is not a regular file (a folder, a device or "
                             "a pipe)" % (what, path))
        if info.st_size > max_bytes:
            raise ValueError("cannot read %s %r: it has %d bytes, more than max_bytes = %d"
                             % (what, path, info.st_size, max_bytes))
        chunks, total = [], 0
        want = min(info.st_size, max_bytes) + 1  # the whole file, and a byte to see it grew
        while total <= max_bytes:
            block = os.read(fd, min(want, max_bytes + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
            want = 1 << 16  # it grew since fstat (or os.read returned less): 64 KB at a time
        data = b"".join(chunks)
    except _FileError as error:
        raise ValueError("cannot read %s %r: %s" % (what, path, error.strerror or error))
    finally:
        os.close(fd)
    return _decode_text(data, path, what, max_bytes)


def _read_plain_file(path, what, max_bytes):
    """read_text_file where there is no os.open or stat (MicroPython)."""
    try:
        with open(path, "rb") as f:
            data = f.read(min(max_bytes, 1 << 40) + 1)
    except _FileError as error:
        raise ValueError("cannot read %s %r: %s" % (what, path, error))
    return _decode_text(data, path, what, max_bytes)


def _decode_text(data, path, what, max_bytes):
    """The UTF-8 text of a file's bytes; ValueError if there are too many or they are not UTF-8."""
    if len(data) > max_bytes:
        raise ValueError("cannot read %s %r: it has more than max_bytes = %d bytes"
                         % (what, path, max_bytes))
    try:
        return data.decode("utf-8")
    except UnicodeError as error:
        raise ValueError("cannot read %s %r: it is not UTF-8 text (%s)" % (what, path, error))


def _writable_target(path):
    """(the file to write for path, the mode to give it); ValueError if path cannot be saved to.

    A symlink at path is followed to the file it names. That file must be a regular, writable
    file or not exist yet, in a folder that exists. The mode is the file's own, or None.
    """
    path = _check_path(path, "path")
    try:
        import os
        import stat
    except (ImportError, NotImplementedError):  # Skulpt raises NotImplementedError
        raise ValueError("cannot write %r: saving needs the os and stat modules, which this "
                         "Python lacks" % path)
    target = os.path.realpath(path)  # a symlink's target, which is what the user means
    folder = os.path.dirname(target)
    try:
        info = os.stat(target)
    except _FileError:
        info = None  # no such file yet
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ValueError("cannot write %r: it is not a regular file (a folder, a device or a "
                         "pipe)" % path)
    if info is not None and not info.st_mode & 0o222:
        raise ValueError("cannot write %r: the file is read-only" % path)
    shown = folder if os.path.islink(path) else (os.path.dirname(path) or ".")  # the user's own
    if not os.path.isdir(folder):
        raise ValueError("cannot write %r: the folder %r does not exist" % (path, shown))
    if not os.access(folder, os.W_OK):
        raise ValueError("cannot write %r: the folder %r is not writable" % (path, shown))
    return target, (None if info is None else stat.S_IMODE(info.st_mode))


def write_file_atomically(path, text):
    """Write text to path whole or not at all, and never through a link someone planted.

    The text goes to a new temporary file in the same folder, created exclusively under an
    unpredictable name (tempfile.mkstemp), is flushed to disk, given the mode of the file it
    replaces, and renamed over it: readers see the old file or the new one, and a failed save
    leaves no temporary file. A symlink at path is followed; see writable_target.
    """
    target, mode = _writable_target(path)
    try:
        import os
        import tempfile
    except (ImportError, NotImplementedError):
        raise ValueError("cannot write %r: saving needs the tempfile module, which this Python "
                         "lacks" % path)
    folder = os.path.dirname(target)
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=".tinyrnn-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename, so a crash leaves old or new
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_current_umask())
        os.replace(temporary, target)  # atomic: readers see the old file or the new one
        temporary = None
        _sync_folder(folder)
    except _FileError as error:
        raise ValueError("cannot write %r: %s" % (path, error.strerror or error))
    finally:
        if temporary is not None:
            try:
                os.remove(temporary)
            except _FileError:
                pass


def _current_umask():
    """The process's umask, read without changing it (Linux); 0o022 where it cannot be read."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (_FileError, ValueError):
        pass
    return 0o022


def _sync_folder(folder):
    """Flush a folder's entries to disk, so a rename in it survives a crash (where possible)."""
    import os
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (_FileError, AttributeError):
        return
    try:
        os.fsync(fd)
    except _FileError:
        pass  # some systems cannot fsync a folder
    finally:
        os.close(fd)


# --- every multiply-add of one step ---------------------------------------------

def explain_step(model, index, h_prev=None, target=None, dh_next=None, bptt=False):
    """Lines that show one time step's arithmetic scalar by scalar, for character `index`.

    With a target (the index of the next character), the backward pass follows: dy, dh, dh_raw
    and every gradient entry this step adds. dh_next, the gradient that came back from the step
    after (BPTT), is added to dh; bptt=True also shows the dh_next this step hands back. The
    GRU and the LSTM show the same gate by gate; for the LSTM, h_prev and dh_next are its
    state's 2H numbers (h then c, dh_next then dc_next).
    """
    _check_model(model)
    model.check_params()
    model.check_index(index)
    h_prev = model.check_hidden_state(h_prev)
    if target is not None:
        model.check_index(target)
    if dh_next is not None:
        dh_next = model.check_hidden_state(dh_next, "dh_next")
    _check_bool("bptt", bptt)
    p, V = model.params, len(model.vocab)
    s = model._cell()["step"](p, index, h_prev)
    s["state_prev"], x = h_prev, one_hot(index, V)
    lines = ["One time step, input %r (x = one_hot(%d, %d)), every multiply-add:"
             % (model.vocab[index], index, V)]
    if model.cell == "rnn":
        lines += _gate_lines(p, "h", "b_h", x, h_prev, s["mid_h"], s["h"], "tanh")
    elif model.cell == "gru":
        lines += _gru_lines(p, index, x, h_prev, s)
    else:
        lines += _lstm_lines(p, index, x, h_prev, s)
    lines += _output_lines(model, s)
    if target is not None:
        lines += _explain_backward(model, index, s, target, dh_next, bptt)
    # A product that rounds to zero from below prints as -0.00000000: print 0.00000000. (Every
    # number has exactly 8 decimals, so no longer number can end in these characters.)
    return [line.replace("-0.00000000", "0.00000000") for line in lines]


def _products(row, v, form="%.8f*%.8f"):
    """Each product of row[j] and v[j], written out."""
    return [form % (w, v_j) for w, v_j in zip(row, v)]


def _each(name, form, operands, result):
    """One line per entry i: name[i] = form filled with each operand's entry i = result[i]."""
    return ["%s[%d] = %s = %.8f" % (name, i, form % tuple([o[i] for o in operands]), result[i])
            for i in range(len(result))]


def _gate_lines(p, gate, bias, x, h_prev, mid, out, squash):
    """mid_<gate> = W_x<gate> @ x + W_h<gate> @ h_prev + bias term by term, then the gate's
    squash (tanh or sigmoid) of it: for the tanh cell, mid_h and h."""
    lines = []
    for i in range(len(mid)):
        terms = _products(p["W_x" + gate][i], x, "%.8f*%g") + _products(p["W_h" + gate][i],
                                                                          h_prev)
        lines.append("mid_%s[%d] = %s + %.8f = %.8f" % (gate, i, " + ".join(terms), p[bias][i],
                                                        mid[i]))
    return lines + _each(gate, squash + "(%.8f)", [mid], out)


def _gru_lines(p, index, x, h_prev, s):
    """The GRU step's forward lines: r, z, then n through the reset gate, then the blend."""
    lines = ["r: the reset gate, and z: the update gate (sigmoid(a) = 1 / (1 + exp(-a)))"]
    for gate in ("r", "z"):
        lines += _gate_lines(p, gate, "b_" + gate, x, h_prev, _gated_mid(p, gate, index, h_prev),
                             s[gate], "sigmoid")
    lines.append("n: the new candidate, tanh(W_xn @ x + b_xn + r * recurrent), recurrent = "
                 "W_hn @ h_prev + b_hn")
    for i in range(len(h_prev)):
        lines.append("recurrent[%d] = %s + %.8f = %.8f" % (i, " + ".join(
            _products(p["W_hn"][i], h_prev)), p["b_hn"][i], s["recurrent"][i]))
    mid_n = add(add(matvec(p["W_xn"], x), p["b_xn"]), multiply(s["r"], s["recurrent"]))
    for i in range(len(h_prev)):
        lines.append("mid_n[%d] = %s + %.8f + %.8f*%.8f = %.8f" % (i, " + ".join(_products(
            p["W_xn"][i], x, "%.8f*%g")), p["b_xn"][i], s["r"][i], s["recurrent"][i], mid_n[i]))
    lines += _each("n", "tanh(%.8f)", [mid_n], s["n"])
    lines.append("h = (1 - z) * n + z * h_prev: z near 1 keeps the old h")
    return lines + _each("h", "(1 - %.8f)*%.8f + %.8f*%.8f", [s["z"], s["n"], s["z"], h_prev],
                         s["h"])


def _lstm_lines(p, index, x, state, s):
    """The LSTM step's forward lines: the gates i, f, g, o, then the cell c and h."""
    H = len(s["h"])
    h_prev, c_prev = state[:H], state[H:]
    lines = ["i, f, o: the input, forget and output gates (sigmoid(a) = 1 / (1 + exp(-a))); "
             "g: the candidate (tanh)"]
    for gate in ("i", "f", "g", "o"):
        lines += _gate_lines(p, gate, "b_" + gate, x, h_prev, _gated_mid(p, gate, index, h_prev),
                             s[gate], "tanh" if gate == "g" else "sigmoid")
    lines.append("c = f * c_prev + i * g: the cell keeps f of its old value and adds i of g")
    lines += _each("c", "%.8f*%.8f + %.8f*%.8f", [s["f"], c_prev, s["i"], s["g"]], s["c"])
    lines.append("h = o * tanh(c)")
    return lines + _each("h", "%.8f*tanh(%.8f) = %.8f*%.8f", [s["o"], s["c"], s["o"],
                                                              s["tanh_c"]], s["h"])


def _output_lines(model, s):
    """y_logits = W_hy @ h + b_y term by term, then the softmax: every cell's output layer."""
    p, lines = model.params, []
    for j in range(len(model.vocab)):
        lines.append("y_logits[%d] = %s + %.8f = %.8f" % (j, " + ".join(_products(
            p["W_hy"][j], s["h"])), p["b_y"][j], s["y_logits"][j]))
    m = max(s["y_logits"])
    total = sum([math.exp(z - m) for z in s["y_logits"]])
    lines.append("softmax: subtract the largest logit %.8f, exponentiate, divide by the sum %.8f"
                 % (m, total))
    for j in range(len(model.vocab)):
        lines.append("y_pred[%d] = exp(%.8f - %.8f) / %.8f = %.8f  (next char %r)"
                     % (j, s["y_logits"][j], m, total, s["y_pred"][j], model.vocab[j]))
    return lines


def _explain_backward(model, index, s, target, dh_next, bptt):
    """explain_step's backward lines, from the step's values s (see explain_step)."""
    p, H, V = model.params, model.hidden_size, len(model.vocab)
    lines = ["Backward, target %r (index %d): the gradient of this step's loss "
             "-log(y_pred[%d])" % (model.vocab[target], target, target),
             "dy = y_pred - one_hot(target): softmax and the log together differentiate to this"]
    dy = s["y_pred"][:]
    dy[target] -= 1.0
    for j in range(V):
        lines.append("dy[%d] = %.8f - %d = %.8f" % (j, s["y_pred"][j], j == target, dy[j]))
    lines.append("dh = W_hy.T @ dy: h[i] reached every logit j through W_hy[j][i]"
                 + ("; plus dh_next, from the step after" if dh_next is not None else ""))
    dh = matvec(transpose(p["W_hy"]), dy)
    if dh_next is not None:
        dh = add(dh, dh_next[:H])
    for i in range(H):
        terms = ["%.8f*%.8f" % (p["W_hy"][j][i], dy[j]) for j in range(V)]
        if dh_next is not None:
            terms.append("%.8f" % dh_next[i])
        lines.append("dh[%d] = %s = %.8f" % (i, " + ".join(terms), dh[i]))
    if model.cell != "rnn":
        return lines + _explain_gated_backward(model, index, s, dy, dh, dh_next, bptt)
    h_prev = s["state_prev"]
    lines.append("dh_raw = (1 - h ** 2) * dh: back through tanh, whose slope is 1 - tanh ** 2")
    dh_raw = multiply(tanh_derivative(s["h"]), dh)
    for i in range(H):
        lines.append("dh_raw[%d] = (1 - (%.8f)**2) * %.8f = %.8f*%.8f = %.8f"
                     % (i, s["h"][i], dh[i], 1.0 - s["h"][i] ** 2, dh[i], dh_raw[i]))
    lines += _output_share_lines(dy, s["h"])
    lines += _share_lines("h", "b_h", index, h_prev, "dh_raw", dh_raw, "dh_raw", dh_raw)
    if bptt:
        lines.append("dh_next = W_hh.T @ dh_raw, handed back to the step before: its h was this "
                     "step's h_prev, which reached mid_h[i] through W_hh[i][j]")
        lines += _handed_back(p, [("h", dh_raw)], [], matvec(transpose(p["W_hh"]), dh_raw))
    return lines


def _output_share_lines(dy, h):
    """The output layer's share of grads: W_hy += dy @ h.T, b_y += dy."""
    lines = ["This step's share of grads (the notebook adds them with +=):"]
    for j in range(len(dy)):
        for i in range(len(h)):
            lines.append("W_hy[%d][%d] += dy[%d]*h[%d] = %.8f*%.8f = %.8f"
                         % (j, i, j, i, dy[j], h[i], dy[j] * h[i]))
    return lines + ["b_y[%d] += dy[%d] = %.8f" % (j, j, dy[j]) for j in range(len(dy))]


def _share_lines(gate, bias, index, h_prev, x_name, d_x, h_name, d_h):
    """A gate's share of grads: W_x<gate> += d_x @ x.T (x is one-hot: only column index),
    W_h<gate> += d_h @ h_prev.T, bias += d_x."""
    H, lines = len(d_x), []
    for i in range(H):
        lines.append("W_x%s[%d][%d] += %s[%d]*x[%d] = %.8f*1 = %.8f"
                     % (gate, i, index, x_name, i, index, d_x[i], d_x[i]))
    for i in range(H):
        for j in range(H):
            lines.append("W_h%s[%d][%d] += %s[%d]*h_prev[%d] = %.8f*%.8f = %.8f"
                         % (gate, i, j, h_name, i, j, d_h[i], h_prev[j], d_h[i] * h_prev[j]))
    return lines + ["%s[%d] += %s[%d] = %.8f" % (bias, i, x_name, i, d_x[i]) for i in range(H)]


def _handed_back(p, pairs, kept, back):
    """dh_next[j] = the kept products (a[j]*b[j] for each pair (a, b) of kept) + the sum over
    each (gate, d) of pairs of W_h<gate>[i][j]*d[i]: dh_next = ... + W_h<gate>.T @ d."""
    lines = []
    for j in range(len(back)):
        terms = ["%.8f*%.8f" % (a[j], b[j]) for a, b in kept]
        for gate, d in pairs:
            terms += ["%.8f*%.8f" % (p["W_h" + gate][i][j], d[i]) for i in range(len(d))]
        lines.append("dh_next[%d] = %s = %.8f" % (j, " + ".join(terms), back[j]))
    return lines


def _explain_gated_backward(model, index, s, dy, dh, dh_next, bptt):
    """The GRU's or LSTM's backward lines after dh, read from the cell's own backward pass."""
    p, H = model.params, model.hidden_size
    grads = dict((name, map_entries(zero_of, p[name])) for name in p)  # the lines show them
    h_prev = s["state_prev"][:H]
    if model.cell == "gru":
        back = _gru_backward(p, grads, s, index, dh)
        lines = _gru_backward_lines(s, s["back"], h_prev)
        shares = (("r", "b_r", "dr_raw", "dr_raw"), ("z", "b_z", "dz_raw", "dz_raw"),
                  ("n", "b_xn", "dn_raw", "drecurrent"))  # W_xn gets dn_raw, W_hn drecurrent
        kept, handed = [(dh, s["z"])], "dh * z + W_hr.T @ dr_raw + W_hz.T @ dz_raw + W_hn.T @ " \
            "drecurrent"
    else:
        dc_next = zeros(H) if dh_next is None else dh_next[H:]
        back = _lstm_backward(p, grads, s, index, dh + dc_next)
        lines = _lstm_backward_lines(s, s["back"], dc_next, s["state_prev"][H:])
        shares = [(g, "b_" + g, "d%s_raw" % g, "d%s_raw" % g) for g in "ifgo"]
        kept, handed = [], "W_hi.T @ di_raw + W_hf.T @ df_raw + W_hg.T @ dg_raw + W_ho.T @ do_raw"
    b = s["back"]
    lines += _output_share_lines(dy, s["h"])
    for gate, bias, x_name, h_name in shares:
        lines += _share_lines(gate, bias, index, h_prev, x_name, b[x_name], h_name, b[h_name])
    if model.cell == "gru":
        lines += ["b_hn[%d] += drecurrent[%d] = %.8f" % (i, i, b["drecurrent"][i])
                  for i in range(H)]
    if bptt:
        lines.append("dh_next = %s, handed back to the step before" % handed)
        lines += _handed_back(p, [(g, b[h_name]) for g, _, _, h_name in shares], kept, back[:H])
        if model.cell == "lstm":
            lines.append("dc_next = dc * f: the cell's old value reached c through f")
            lines += _each("dc_next", "%.8f*%.8f", [b["dc"], s["f"]], back[H:])
    return lines


def _gru_backward_lines(s, b, h_prev):
    """The GRU's backward lines from dh to each gate's raw gradient."""
    return (["dn = dh * (1 - z), dz = dh * (h_prev - n): from h = (1 - z) * n + z * h_prev"]
            + _each("dn", "%.8f*(1 - %.8f)", [b["dh"], s["z"]], b["dn"])
            + _each("dz", "%.8f*(%.8f - %.8f)", [b["dh"], h_prev, s["n"]], b["dz"])
            + ["dn_raw = (1 - n ** 2) * dn: back through tanh"]
            + _each("dn_raw", "(1 - (%.8f)**2)*%.8f", [s["n"], b["dn"]], b["dn_raw"])
            + ["dr = dn_raw * recurrent, drecurrent = dn_raw * r: from r * recurrent inside n"]
            + _each("dr", "%.8f*%.8f", [b["dn_raw"], s["recurrent"]], b["dr"])
            + _each("drecurrent", "%.8f*%.8f", [b["dn_raw"], s["r"]], b["drecurrent"])
            + ["dr_raw = r * (1 - r) * dr, dz_raw = z * (1 - z) * dz: back through the sigmoid, "
               "whose slope is s * (1 - s)"]
            + _each("dr_raw", "%.8f*(1 - %.8f)*%.8f", [s["r"], s["r"], b["dr"]], b["dr_raw"])
            + _each("dz_raw", "%.8f*(1 - %.8f)*%.8f", [s["z"], s["z"], b["dz"]], b["dz_raw"]))


def _lstm_backward_lines(s, b, dc_next, c_prev):
    """The LSTM's backward lines from dh and dc_next to each gate's raw gradient."""
    return (["do = dh * tanh(c), dc = dc_next + dh * o * (1 - tanh(c) ** 2): from h = o * tanh(c)"]
            + _each("do", "%.8f*%.8f", [b["dh"], s["tanh_c"]], b["do"])
            + _each("dc", "%.8f + %.8f*%.8f*(1 - (%.8f)**2)", [dc_next, b["dh"], s["o"],
                                                               s["tanh_c"]], b["dc"])
            + ["Each gate's raw gradient, from c = f * c_prev + i * g, back through its squash "
               "(the sigmoid's slope s * (1 - s), tanh's 1 - g ** 2)"]
            + _each("di_raw", "%.8f*(1 - %.8f)*%.8f*%.8f", [s["i"], s["i"], b["dc"], s["g"]],
                    b["di_raw"])
            + _each("df_raw", "%.8f*(1 - %.8f)*%.8f*%.8f", [s["f"], s["f"], b["dc"], c_prev],
                    b["df_raw"])
            + _each("dg_raw", "(1 - (%.8f)**2)*%.8f*%.8f", [s["g"], b["dc"], s["i"]], b["dg_raw"])
            + _each("do_raw", "%.8f*(1 - %.8f)*%.8f", [s["o"], s["o"], b["do"]], b["do_raw"]))


# --- pictures in text -------------------------------------------------------------------------

def text_chart(values, width=60, height=10):
    """A line chart of values drawn with '*' in text, with the largest and smallest on the left."""
    if not (isinstance(values, list) and _finite_numbers(values)):
        raise ValueError("values must be a list of finite numbers, got %s" % brief(values))
    for name, value in (("width", width), ("height", height)):
        if not (_is_int(value) and 2 <= value <= 1000):
            raise ValueError("%s must be an integer from 2 to 1000, got %s" % (name, brief(value)))
    if not values:
        return "(no values to plot)"
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1.0
    columns = min(width, len(values))
    # Column c shows the value at the matching place along the list.
    picked = [values[(c * (len(values) - 1)) // max(1, columns - 1)] for c in range(columns)]
    grid = [[" "] * columns for _ in range(height)]
    for c, v in enumerate(picked):
        row = int(round((top - v) / span * (height - 1)))
        grid[row][c] = "*"
    lines = []
    for r in range(height):
        label = "%10.4f" % top if r == 0 else ("%10.4f" % bottom if r == height - 1 else " " * 10)
        lines.append(label + " |" + "".join(grid[r]))
    lines.append(" " * 10 + " +" + "-" * columns)
    lines.append(" " * 12 + "epoch 0" + " " * max(1, columns - 14) + "epoch %d" % (len(values) - 1))
    return "\n".join(lines)


# --- the command line: python3 tinyrnn.py --help ------------------------------------------------

RECIPES = {  # how the command line (and the playground page) trains, unless a flag says otherwise
    "notebook": {"seq_length": None, "bptt": False, "optimizer": "sgd", "lr": 0.1, "clip": None},
    "text": {"seq_length": 25, "bptt": True, "optimizer": "adagrad", "lr": 0.1, "clip": 5.0},
}
LONG_TEXT = 300  # characters: a longer text trains with the "text" recipe (min-char-rnn's)

try:
    _BrokenPipe = BrokenPipeError  # the reader of the output went away
except NameError:  # MicroPython has no such name: naming it in an except would raise NameError
    class _BrokenPipe(Exception):
        """Stands in for BrokenPipeError where a Python has none; never raised there."""


def main(argv=None):
    """Run the command line with argv (default sys.argv[1:]); returns the exit status.

    A mistake prints one line and returns 2; Ctrl-C stops between two updates, saves what
    --save asked for, prints one line and returns 130.
    """
    import sys
    if argv is None:
        argv = getattr(sys, "argv", [])[1:]  # MicroPython in WebAssembly has no sys.argv
    args = _parse_arguments(argv)
    if args is None:
        return 2
    try:
        _run_command_line(args)
    except ValueError as error:
        sys.stderr.write("tinyrnn.py: error: %s\n" % str(error).replace("\n", " "))
        return 2
    except _Interrupt as interrupt:
        sys.stderr.write("tinyrnn.py: %s\n" % (interrupt.args[0] if interrupt.args else
                                               "stopped by Ctrl-C"))
        return 130
    except _BrokenPipe:  # the reader stopped early (python3 tinyrnn.py --trace | head)
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # drop what is unsent
        return 1
    return 0


class _NoOptions:
    """The arguments of a command line with no options: the demo's."""
    text = text_file = recipe = epochs = lr = hidden = seed = seq_length = optimizer = None
    clip = sample = temperature = prefix = save = load = cell = None
    bptt = trace = gradcheck = plot = explain = False


def _parse_arguments(argv):
    """The command line's arguments, or None after printing one line about a mistake."""
    import sys
    if not argv:  # the demo: no parser needed (a board's heap has little room for one)
        return _NoOptions()
    try:
        import argparse
        argparse.ArgumentParser(prog="tinyrnn.py", description="")
    except (ImportError, TypeError):  # MicroPython's argparse is missing or much smaller
        sys.stderr.write("tinyrnn.py: error: this Python's argparse cannot read options; run "
                         "the demo without options, or use tinyrnn from Python\n")
        return None

    parser = _command_line_parser(argparse)
    try:
        args = parser.parse_args(argv)
        _check_arguments(args)
    except ValueError as error:
        sys.stderr.write("tinyrnn.py: error: %s\n" % str(error).replace("\n", " "))
        return None
    return args


def _command_line_parser(argparse):
    """argparse's parser of tinyrnn's options, whose mistakes raise ValueError."""
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            """One line on stderr, instead of argparse's usage block and exit."""
            raise ValueError(message)

    parser = Parser(prog="tinyrnn.py", description="Train a tiny character RNN in plain "
                    "Python. With no options: the notebook's weights, trained on 'hello'.")
    parser.add_argument("--text", help="train on this text instead of 'hello'")
    parser.add_argument("--text-file", metavar="PATH", help="train on this UTF-8 file's text "
                        "(instead of --text)")
    parser.add_argument("--recipe", choices=sorted(RECIPES), help="how to train: 'notebook' "
                        "(the whole text per update, its gradient, SGD) or 'text' (min-char-rnn's: "
                        "chunks of 25, BPTT, Adagrad, clip 5); default: 'text' for a text of more "
                        "than %d characters. The flags below change one setting each" % LONG_TEXT)
    parser.add_argument("--epochs", type=int, help="passes over the text (default: 50, fewer "
                        "for a long text, about 100,000 characters in all; 0 with --load)")
    parser.add_argument("--lr", type=float, help="learning rate (default: 0.1)")
    parser.add_argument("--hidden", type=int, help="hidden units for a new model (default: 32)")
    parser.add_argument("--cell", choices=("rnn", "gru", "lstm"), help="the cell of a new "
                        "model: 'rnn' (the notebook's tanh cell, the default), 'gru' or 'lstm'")
    parser.add_argument("--seed", type=int, help="seed for new weights and for --sample "
                        "(default: 0)")
    parser.add_argument("--bptt", action="store_true", help="full backpropagation through "
                        "time (the 'text' recipe's; the notebook's gradient stops at each step)")
    parser.add_argument("--seq-length", type=int, metavar="N", help="one update per N "
                        "characters, carrying the hidden state")
    parser.add_argument("--optimizer", choices=("sgd", "adagrad"), help="update rule")
    parser.add_argument("--clip", type=float, help="clip every gradient entry to +-CLIP")
    parser.add_argument("--sample", type=int, metavar="N", help="after training, draw N "
                        "characters with --temperature and --seed")
    parser.add_argument("--temperature", type=float, help="draw --sample with this temperature "
                        "(default: greedy, the likeliest character each time)")
    parser.add_argument("--prefix", help="what generating starts from (default: the text's "
                        "first character; with --load and no text, the model's likeliest)")
    parser.add_argument("--save", metavar="PATH", help="save the trained model as JSON (also "
                        "when Ctrl-C stops training)")
    parser.add_argument("--load", metavar="PATH", help="start from a model saved with --save")
    parser.add_argument("--trace", action="store_true", help="print every step's values as "
                        "the notebook does")
    parser.add_argument("--gradcheck", action="store_true", help="compare the gradients with "
                        "finite differences before training")
    parser.add_argument("--plot", action="store_true", help="draw the loss curve in text")
    parser.add_argument("--explain", action="store_true", help="print the first step's "
                        "arithmetic, every multiply-add")
    return parser


def _check_arguments(args):
    """ValueError for a value out of range or a flag that needs another, before any work."""
    if args.text is not None and args.text_file is not None:  # (Brython's argparse fails on
        raise ValueError("--text and --text-file cannot both be given")  # an exclusive group)
    for flag, value, smallest in (("--epochs", args.epochs, 0), ("--hidden", args.hidden, 1),
                                  ("--seq-length", args.seq_length, 1),
                                  ("--sample", args.sample, 0)):
        if value is not None:
            _check_int(flag, value, smallest)
    for flag, value in (("--lr", args.lr), ("--clip", args.clip),
                        ("--temperature", args.temperature)):
        if value is not None:
            _check_positive_number(flag, value)
    has_text = args.text is not None or args.text_file is not None
    needs = [("--temperature", args.temperature is not None, args.sample is not None, "--sample"),
             ("--hidden", args.hidden is not None, not args.load, "no --load: a loaded model "
              "keeps its own"),
             ("--cell", args.cell is not None, not args.load, "no --load: a loaded model "
              "keeps its own"),
             ("--epochs", bool(args.epochs), has_text or not args.load, "a text to train on "
              "(--text or --text-file)")]
    for flag in ("--trace", "--gradcheck", "--explain", "--plot"):
        needs.append((flag, getattr(args, flag[2:]), has_text or not args.load, "a text "
                      "(--text or --text-file) when the model comes from --load"))
    for flag, given, satisfied, what in needs:
        if given and not satisfied:
            raise ValueError("%s needs %s" % (flag, what))
    for flag in ("--text-file", "--save", "--load"):
        value = getattr(args, flag[2:].replace("-", "_"))
        if value is not None:
            _check_path(value, flag)
    if args.prefix is not None and args.prefix == "":
        raise ValueError("--prefix must have at least 1 character")
    if args.save is not None:
        _writable_target(args.save)  # the folder exists, and nothing in the way: before training


def _run_command_line(args):
    """Build or load the model, train it, save it, and show what the arguments ask for."""
    text = None
    if args.text_file is not None:
        text = read_text_file(args.text_file)
    elif args.text is not None:
        text = args.text
    elif not args.load:
        text = "hello"
    seed = 0 if args.seed is None else args.seed
    if args.load:
        model = TinyRNN.load(args.load)
    elif _the_notebooks_model(args):
        model = TinyRNN.from_notebook()
    else:
        model = _new_model_for(text, 32 if args.hidden is None else args.hidden, seed,
                               args.cell or "rnn")
    if text is not None:
        model.check_text(text)  # it fits the vocabulary and has 2 characters, before any work
    prefix = args.prefix
    if prefix is None:  # a text's first character, or the one the model finds likeliest
        prefix = text[0] if text is not None else model.vocab[argmax(model.params["b_y"])]
    model.check_text(prefix, "--prefix", 1)
    if text is None:
        print("tinyrnn: model %r, vocab %s, hidden %d" % (args.load, _shown_vocab(model.vocab),
                                                           model.hidden_size))
    elif not _train_from_command_line(model, text, args):
        return  # --explain alone: it explains, and trains only when --epochs asks
    print("generate(%r, %d) -> %r" % (prefix, 200 if text is None else min(len(text) - 1, 200),
                                      model.generate(prefix, 200 if text is None
                                                     else min(len(text) - 1, 200))))
    if args.sample is not None:
        print("sample: %r" % model.generate(prefix, args.sample, args.temperature, seed))


def _train_from_command_line(model, text, args):
    """The header line, --explain and --gradcheck, training, --plot, and --save."""
    recipe_name = args.recipe or ("text" if len(text) > LONG_TEXT else "notebook")
    settings = dict(RECIPES[recipe_name])
    for key, value in (("seq_length", args.seq_length), ("optimizer", args.optimizer),
                       ("lr", args.lr), ("clip", args.clip)):
        if value is not None:
            settings[key] = value
    settings["bptt"] = settings["bptt"] or args.bptt
    epochs = args.epochs
    if epochs is None:
        epochs = 0 if args.load or args.explain else min(50, max(1, 100000 // len(text)))
    print("tinyrnn: %d characters %r, vocab %s, hidden %d%s, %d epochs; recipe %s: %s"
          % (len(text), text if len(text) <= 40 else text[:37] + "...",
             _shown_vocab(model.vocab), model.hidden_size, _model_origin(args), epochs,
             recipe_name, _recipe_text(settings)))
    if args.explain:
        _explain_from_command_line(model, text, settings)
        if args.epochs is None:
            print("(to train after it as well, add --epochs N)")
            return False
    if args.gradcheck:
        short = text[:101]
        print("checking the gradient against finite differences on %s, 10 weights per "
              "parameter..." % ("the text" if short == text else "its first 100 characters"))
        for line in gradient_check_table(model, short, per_param=10):
            print(line)
    print_every = max(1, epochs // 10)
    seed = 0 if args.seed is None else args.seed

    def show_sample(epoch, loss):
        """Under each epoch line of the 'text' recipe: what the model writes now."""
        if recipe_name == "text" and (epoch % print_every == 0 or epoch == epochs - 1):
            print("        sample: %r" % model.generate(text[0], 60, 0.5, seed + epoch))
    try:
        losses = model.fit(text, epochs, settings["lr"], verbose=not args.trace, trace=args.trace,
                           bptt=settings["bptt"], seq_length=settings["seq_length"],
                           optimizer=settings["optimizer"], clip=settings["clip"],
                           print_every=print_every, on_epoch=show_sample)
    except _Interrupt as interrupt:
        done = getattr(interrupt, "characters", 0)
        line = "stopped by Ctrl-C in epoch %d after %d of %d characters" % (
            getattr(interrupt, "epoch", 0), done, len(text) - 1)
        if done:
            line += " (loss per character %.4f)" % (interrupt.loss / done)
        if args.save:
            model.save(args.save)
            line += "; saved the model to %s" % args.save
        raise _Interrupt(line)
    if args.save:
        model.save(args.save)
        print("saved the model to %s" % args.save)
    if args.plot:
        print(text_chart(losses))
    return True


def _the_notebooks_model(args):
    """True when the arguments ask for no other model than the notebook's."""
    return (args.text is None and args.text_file is None and args.hidden is None
            and args.cell is None)


def _model_origin(args):
    """What the header says of a model that is neither the notebook's nor loaded."""
    if args.load or _the_notebooks_model(args):
        return ""
    return " (a new %smodel, random weights of seed %d; the notebook's model: no options)" % (
        "" if args.cell in (None, "rnn") else args.cell.upper() + " ", args.seed or 0)


def _explain_from_command_line(model, text, settings):
    """--explain: every multiply-add of the first step; with BPTT, of the last step of the
    first chunk, where the backward pass starts and the first dh_next is handed back."""
    t = 0
    if settings["bptt"]:
        chunk = settings["seq_length"] or len(text) - 1
        t = min(chunk, len(text) - 1) - 1
        print("--explain with BPTT: step %d, the last of the first chunk, where the backward "
              "pass starts" % t)
    indices = model.encode(text[:t + 2])
    h_prev = model.hidden_states(text[:t])[-1] if t > 0 else None  # what step t starts from
    for line in explain_step(model, indices[t], h_prev, target=indices[t + 1],
                             bptt=settings["bptt"]):
        print(line)


def _recipe_text(settings):
    """The training settings in words, for the header line."""
    return "%s, %s gradient, %s, lr %g%s" % (
        "the whole text per update" if settings["seq_length"] is None
        else "chunks of %d" % settings["seq_length"],
        "BPTT" if settings["bptt"] else "notebook", settings["optimizer"], settings["lr"],
        "" if settings["clip"] is None else ", clip %g" % settings["clip"])


def _shown_vocab(vocab):
    """The vocabulary for a header line: itself when short, else how many characters."""
    return repr(vocab) if len(vocab) <= 20 else "of %d characters" % len(vocab)


def _new_model_for(text, hidden_size, seed, cell="rnn"):
    """TinyRNN.for_text, refused up front (naming --hidden) when it would not fit in memory."""
    _check_int("--hidden", hidden_size, 1)
    weights, needed = _check_room_for("--hidden", hidden_size, len(set(text)),
                                      _cell(cell)["gates"])
    if weights > 1000000:
        print("building a model of %d weights (about %s to train)..." % (weights,
                                                                         _size_text(needed)))
    return TinyRNN.for_text(text, hidden_size, seed, cell)


# Run as a script (python3 tinyrnn.py, micropython tinyrnn.py), the file runs the command line.
# Pasted into a Jupyter cell or a REPL, or run with exec(open("tinyrnn.py").read()), it also runs
# as __main__ but has no __file__ of its own (CPython 3.13's new REPL leaves its own there,
# .../_pyrepl/__main__.py): then it only defines everything, and runs nothing.
if __name__ == "__main__" and "_pyrepl" not in globals().get("__file__", "_pyrepl"):
    status = main()
    if status:  # 0 raises nothing: python3 -i tinyrnn.py goes on to a prompt, quietly
        raise SystemExit(status)
