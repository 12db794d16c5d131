"""tinyrnn: a character-level recurrent neural network in plain Python.

It is the notebook's RNN (notebook.txt: "hell" -> "ello") with lists instead of NumPy, so every
multiply and add can be read. For each character of the input, one time step computes

    x        = one_hot(index, V)                    # (V,)   the character as a vector
    mid_h    = W_xh @ x + W_hh @ h_prev + b_h       # (H,)   mix the input and the memory
    h        = tanh(mid_h)                          # (H,)   the new hidden state (memory)
    y_logits = W_hy @ h + b_y                       # (V,)   a score for every next character
    y_pred   = softmax(y_logits)                    # (V,)   scores -> probabilities
    loss    += -log(y_pred[target] + 1e-8)          #        cross-entropy of the true next char

and the gradient flows back the same way:

    dy       = y_pred - one_hot(target)             # d loss / d y_logits
    dh       = W_hy.T @ dy  (+ dh_next with BPTT)   # d loss / d h
    dh_raw   = (1 - h * h) * dh                     # d loss / d mid_h, through tanh
    grads: W_hy += outer(dy, h), b_y += dy, W_xh += outer(dh_raw, x),
           W_hh += outer(dh_raw, h_prev), b_h += dh_raw
    params  -= learning_rate * grads                # plain SGD (or Adagrad)

The notebook's gradient stops at each step (dh_next = 0); bptt=True adds the full
backpropagation through time. H is hidden_size, V the vocabulary size, T the number of steps.
Left out on purpose: mini-batches, LSTM/GRU cells, and anything that would need NumPy.

    python3 tinyrnn.py            # the notebook's run, trained until it says "hello"
    python3 tinyrnn.py --help     # training on any text, sampling, gradient check, ...
"""

import math

__version__ = "1.0"


# ---------------------------------------------------------------------------------------------
# Matrix helpers. A vector is a flat list of floats; a matrix is a list of rows.
# ---------------------------------------------------------------------------------------------

def zeros(n):
    """A vector of n zeros.

    >>> zeros(3)
    [0.0, 0.0, 0.0]
    """
    return [0.0] * n


def zeros_matrix(rows, cols):
    """A rows x cols matrix of zeros.

    >>> zeros_matrix(2, 3)
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    return [[0.0] * cols for _ in range(rows)]


_multiply = []  # operator.mul, once fast_multiply() has imported it


def fast_multiply():
    """A function f(a, b) = a * b that map() can call at C speed: operator.mul.

    sum(map(operator.mul, a, b)) is the fastest dot product pure CPython has, about 1.5 times as
    fast as sum([a_i * b_i for a_i, b_i in zip(a, b)]). operator is imported on first use (the
    module imports only math at the top); MicroPython has no operator module, so there f is a
    plain function.
    """
    if not _multiply:
        try:
            from operator import mul
        except ImportError:  # MicroPython
            def mul(a, b):
                return a * b
        _multiply.append(mul)
    return _multiply[0]


def dot(a, b):
    """Dot product: sum of a[i] * b[i].

    Plain form: sum([a_i * b_i for a_i, b_i in zip(a, b)]); map does the same multiplications.
    (CPython 3.12 and later sum floats with rounding compensated: a last digit may differ.)

    >>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    32.0
    """
    return sum(map(fast_multiply(), a, b))


def matvec(W, v):
    """Matrix-vector product W @ v: one dot product per row of W.

    Plain form: [dot(row, v) for row in W], with the multiply looked up once, not per row.

    >>> matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 10.0])
    [21.0, 43.0]
    """
    mul = fast_multiply()
    return [sum(map(mul, row, v)) for row in W]


def transpose(W):
    """The transpose W.T: row i of the result is column i of W.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    return [list(column) for column in zip(*W)]


def column(W, j):
    """Column j of W, which is W @ one_hot(j): a one-hot vector picks one column.

    >>> column([[1, 2], [3, 4]], 1)
    [2, 4]
    """
    return [row[j] for row in W]


def outer(a, b):
    """Outer product: the matrix M[i][j] = a[i] * b[j].

    >>> outer([1.0, 2.0], [3.0, 4.0, 5.0])
    [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]
    """
    return [[a_i * b_j for b_j in b] for a_i in a]


def sum_of_outers(a_list, b_list):
    """The sum over t of outer(a_list[t], b_list[t]), as one matrix product.

    Plain form: M = zeros; for each t: M += outer(a_list[t], b_list[t]). Entry M[i][j] is the
    sum over t of a_t[i] * b_t[j], which is dot(column i of A, column j of B) when A and B hold
    the vectors as rows: M = A.T @ B. Each entry is summed in the same order, t = 0, 1, ...

    >>> sum_of_outers([[1.0, 2.0], [3.0, 4.0]], [[1.0], [10.0]])
    [[31.0], [42.0]]
    """
    A_T = transpose(a_list)  # (rows of M, T)
    B_T = transpose(b_list)  # (cols of M, T)
    return [matvec(B_T, a_i) for a_i in A_T]  # row i: [dot(a_i, b_j) for each column j]


def add(a, b):
    """Element-wise sum of two vectors.

    >>> add([1.0, 2.0], [0.5, 0.25])
    [1.5, 2.25]
    """
    return [a_i + b_i for a_i, b_i in zip(a, b)]


def multiply(a, b):
    """Element-wise product of two vectors.

    >>> multiply([1.0, 2.0], [3.0, 4.0])
    [3.0, 8.0]
    """
    return [a_i * b_i for a_i, b_i in zip(a, b)]


def vector_sum(vectors):
    """The element-wise sum of a list of vectors, added in order (t = 0 first).

    Plain form: total = zeros; for each v: total = add(total, v). Summing each column of the
    list does the same additions.

    >>> vector_sum([[1.0, 2.0], [3.0, 4.0]])
    [4.0, 6.0]
    """
    return [sum(entries) for entries in zip(*vectors)]


# ---------------------------------------------------------------------------------------------
# Activation, softmax, one-hot encoding and the loss
# ---------------------------------------------------------------------------------------------

def tanh(v):
    """tanh of every entry: squashes any number into (-1, 1).

    >>> tanh([0.0, 100.0])
    [0.0, 1.0]
    """
    return [math.tanh(v_i) for v_i in v]


def tanh_derivative(h):
    """d tanh(z) / dz, written with h = tanh(z): 1 - h * h.

    >>> tanh_derivative([0.0, 0.5])
    [1.0, 0.75]
    """
    return [1.0 - h_i * h_i for h_i in h]


def softmax(logits):
    """Probabilities from scores: exp(z_i) / sum of exp(z_j).

    The notebook writes np.exp(y) / np.sum(np.exp(y)), and exp overflows for a score above ~709.
    Subtracting the largest score m first cannot change the result:
    exp(z_i - m) / sum exp(z_j - m) = (exp(z_i) / exp(m)) / (sum exp(z_j) / exp(m)).
    Now every exponent is <= 0, so exp never overflows, and the largest term is exactly 1.

    >>> softmax([0.0, 0.0])
    [0.5, 0.5]
    >>> softmax([1000.0, 1000.0])
    [0.5, 0.5]
    """
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


def one_hot(index, size):
    """A vector of `size` zeros with a 1.0 at `index`: how a character enters the network.

    >>> one_hot(1, 4)
    [0.0, 1.0, 0.0, 0.0]
    """
    vec = zeros(size)
    vec[index] = 1.0
    return vec


def cross_entropy(probs, target, epsilon=1e-8):
    """The loss of one step: -log of the probability given to the true next character.

    The notebook adds epsilon = 1e-8 inside the log, so a probability of 0 costs 18.4, not
    infinity.

    >>> round(cross_entropy([0.25, 0.25, 0.25, 0.25], 2), 6)
    1.386294
    """
    return -math.log(probs[target] + epsilon)


# ---------------------------------------------------------------------------------------------
# Random numbers: a tiny generator of our own, so a seed gives the same numbers on every Python
# (MicroPython's random module has no gauss() and no Random class).
# ---------------------------------------------------------------------------------------------

class SeededRandom:
    """xorshift32 (Marsaglia, 2003) for uniform numbers, Box-Muller for normal ones."""

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


# ---------------------------------------------------------------------------------------------
# Checking arguments: every bad value gets a ValueError that says what is allowed.
# ---------------------------------------------------------------------------------------------

def _is_int(value):
    """True for an int that is not a bool (True is an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    """True for an int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_positive_number(name, value):
    """Raise ValueError unless value is a finite number > 0."""
    if not (_is_number(value) and math.isfinite(value) and value > 0):
        raise ValueError("%s must be a positive finite number, got %r" % (name, value))


def check_int(name, value, smallest):
    """Raise ValueError unless value is an integer >= smallest."""
    if not (_is_int(value) and value >= smallest):
        raise ValueError("%s must be an integer >= %d, got %r" % (name, smallest, value))


def check_seed(seed):
    """Raise ValueError unless seed is an integer (any integer, negative ones too)."""
    if not _is_int(seed):
        raise ValueError("seed must be an integer, got %r" % (seed,))


def shape_of(value):
    """The shape of a vector (n,) or a matrix (rows, cols); None if it is neither.

    Only the structure is looked at (lists, and rows of one length), so the check costs one step
    per row, not per entry; load() also checks that every entry is a number.

    >>> shape_of([1.0, 2.0])
    (2,)
    >>> shape_of([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    (3, 2)
    """
    if not isinstance(value, list):
        return None
    if not (value and isinstance(value[0], list)):
        return (len(value),)
    cols = len(value[0])
    if all(isinstance(row, list) and len(row) == cols for row in value):
        return (len(value), cols)
    return None


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------

PARAM_NAMES = ("W_xh", "W_hh", "W_hy", "b_h", "b_y")  # the order the notebook updates them in
FILE_VERSION = 1  # of the JSON that save() writes and load() reads

# The notebook's fixed initial weights (In [5]); its biases start at zero.
NOTEBOOK_W_xh = [
    [0.13309074, 0.17127598, -0.15813858, -0.04525709],
    [-0.09057376, -0.14782509, 0.06502781, 0.14093142],
    [0.04669049, 0.01720516, 0.03336642, 0.1781491],
    [-0.07548864, -0.02664684, 0.11772184, -0.07503803],
]
NOTEBOOK_W_hh = [
    [0.07809908, -0.13063158, 0.05358797, 0.05681267],
    [0.01768576, 0.15217173, 0.23846673, 0.09969253],
    [0.09635959, 0.06631399, -0.17052794, 0.00988055],
    [0.01199125, -0.01561548, 0.10577997, 0.10847363],
]
NOTEBOOK_W_hy = [
    [0.0247689, -0.11553708, 0.21316413, 0.08569605],
    [-0.05522459, -0.0882109, 0.00430406, -0.00389115],
    [0.17101969, -0.2330526, -0.04581541, 0.06289344],
    [0.07365608, 0.006953, 0.08645168, 0.14256647],
]


class TinyRNN:
    """A character RNN: vocab (string, character i has index i), hidden_size H, and params.

    params holds the notebook's names: W_xh (H, V), W_hh (H, H), W_hy (V, H) as lists of rows,
    b_h (H) and b_y (V) as flat lists.
    """

    def __init__(self, vocab, hidden_size, seed=0):
        """Small random weights (the notebook's commented-out randn * 0.1), zero biases."""
        if not isinstance(vocab, str) or len(vocab) == 0:
            raise ValueError("vocab must be a non-empty string of characters, got %r" % (vocab,))
        for i, ch in enumerate(vocab):
            if vocab.index(ch) != i:
                raise ValueError("vocab must not repeat a character: %r appears twice in %r"
                                 % (ch, vocab))
        check_int("hidden_size", hidden_size, 1)
        check_seed(seed)
        self.vocab = vocab
        self.hidden_size = hidden_size
        H, V = hidden_size, len(vocab)
        rng = SeededRandom(seed)

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
        model = cls("helo", 4)
        model.params = {
            "W_xh": [list(row) for row in NOTEBOOK_W_xh],
            "W_hh": [list(row) for row in NOTEBOOK_W_hh],
            "W_hy": [list(row) for row in NOTEBOOK_W_hy],
            "b_h": zeros(4),
            "b_y": zeros(4),
        }
        return model

    @classmethod
    def for_text(cls, text, hidden_size, seed=0):
        """A model for any text: its vocabulary is the text's distinct characters, sorted."""
        if not isinstance(text, str) or len(text) == 0:
            raise ValueError("text must be a non-empty string, got %r" % (text,))
        return cls("".join(sorted(set(text))), hidden_size, seed)

    # --- checking inputs --------------------------------------------------------------------

    def param_shapes(self):
        """The shape every parameter must have: {name: (rows, cols) or (n,)}."""
        H, V = self.hidden_size, len(self.vocab)
        return {"W_xh": (H, V), "W_hh": (H, H), "W_hy": (V, H), "b_h": (H,), "b_y": (V,)}

    def check_params(self):
        """Raise ValueError unless params has every parameter, each of the right shape."""
        if not isinstance(self.params, dict):
            raise ValueError("params must be a dict of %s" % ", ".join(PARAM_NAMES))
        expected = self.param_shapes()
        for name in PARAM_NAMES:
            if name not in self.params:
                raise ValueError("params has no %s (it needs %s)" % (name, ", ".join(PARAM_NAMES)))
            shape = shape_of(self.params[name])
            if shape != expected[name]:
                raise ValueError("params[%r] has shape %s, but it must be %s"
                                 % (name, shape_text(shape), shape_text(expected[name])))

    def encode(self, text, what="text", shortest=2):
        """The indices of text's characters; ValueError for a character not in the vocab."""
        if not isinstance(text, str):
            raise ValueError("%s must be a string, got %r" % (what, text))
        if len(text) < shortest:
            raise ValueError("%s must have at least %d characters, got %r"
                             % (what, shortest, text))
        indices = []
        for ch in text:
            index = self.vocab.find(ch)
            if index < 0:
                raise ValueError("character %r of the %s is not in the vocabulary %r"
                                 % (ch, what, self.vocab))
            indices.append(index)
        return indices

    def check_hidden_state(self, h_prev):
        """A copy of h_prev (zeros for None); ValueError unless it is H numbers."""
        if h_prev is None:
            return zeros(self.hidden_size)
        if not (shape_of(h_prev) == (self.hidden_size,) and all(map(_is_number, h_prev))):
            raise ValueError("h_prev must be a list of %d numbers (hidden_size), got %r"
                             % (self.hidden_size, h_prev))
        return [float(v) for v in h_prev]

    # --- forward: one time step -------------------------------------------------------------

    def step(self, index, h_prev=None):
        """One time step: character `index` and the previous hidden state -> (h, logits, probs)."""
        self.check_params()
        check_int("index", index, 0)
        if index >= len(self.vocab):
            raise ValueError("index must be below the vocabulary size %d, got %d"
                             % (len(self.vocab), index))
        h_prev = self.check_hidden_state(h_prev)
        parts = self._step(index, h_prev)
        return parts["h"], parts["y_logits"], parts["y_pred"]

    def _step(self, index, h_prev):
        """One time step, unchecked; returns every intermediate value by its notebook name."""
        p = self.params
        x_part = column(p["W_xh"], index)  # W_xh @ x: x = one_hot(index) picks column `index`
        h_part = matvec(p["W_hh"], h_prev)  # W_hh @ h_prev: what the memory contributes
        mid_h = add(add(x_part, h_part), p["b_h"])  # W_xh @ x + W_hh @ h_prev + b_h
        h = tanh(mid_h)  # the new hidden state
        y_logits = add(matvec(p["W_hy"], h), p["b_y"])  # W_hy @ h + b_y
        y_pred = softmax(y_logits)  # probabilities of the next character
        return {"W_xh @ x": x_part, "W_hh @ h_prev": h_part, "mid_h": mid_h, "h": h,
                "y_logits": y_logits, "y_pred": y_pred}

    # --- forward and backward over a sequence -----------------------------------------------

    def loss_and_gradients(self, text, bptt=False, h_prev=None):
        """The summed loss of predicting text[1:] from text[:-1], and its gradients.

        Returns (loss, grads); grads has the keys and shapes of params. The default is the
        notebook's gradient, which does not flow back through time; bptt=True gives the full one.
        The hidden state starts from h_prev (default: zeros, as in the notebook).
        """
        self.check_params()
        indices = self.encode(text)
        h_prev = self.check_hidden_state(h_prev)
        loss, grads, _ = self._loss_and_gradients(indices, h_prev, bptt)
        return loss, grads

    def loss(self, text):
        """The summed loss -log(y_pred[target] + 1e-8) over the text, without gradients."""
        self.check_params()
        return self._forward(self.encode(text), zeros(self.hidden_size))["loss"]

    def step_losses(self, text, epsilon=1e-8):
        """The loss of each step, -log(y_pred[target] + epsilon): which characters cost most."""
        self.check_params()
        return self._forward(self.encode(text), zeros(self.hidden_size), None, epsilon)["losses"]

    def _forward(self, indices, h_prev, trace=None, epsilon=1e-8):
        """Run inputs indices[:-1] with targets indices[1:]; keep what the backward pass needs."""
        hs = [h_prev]  # hs[t] is h_prev of step t; hs[t + 1] is its h
        probs = []
        losses = []
        loss = 0.0
        for t in range(len(indices) - 1):
            parts = self._step(indices[t], hs[t])
            if trace is not None:
                trace(t, indices[t], indices[t + 1], hs[t], parts)
            losses.append(cross_entropy(parts["y_pred"], indices[t + 1], epsilon))
            loss += losses[-1]  # the notebook's loss += ..., in its order
            hs.append(parts["h"])
            probs.append(parts["y_pred"])
        return {"loss": loss, "losses": losses, "hs": hs, "probs": probs}

    def _loss_and_gradients(self, indices, h_prev, bptt, trace=None):
        """Forward, then backward from the last step to the first; also returns the last h."""
        p = self.params
        H, V = self.hidden_size, len(self.vocab)
        inputs, targets = indices[:-1], indices[1:]
        T = len(inputs)
        forward = self._forward(indices, h_prev, trace)
        hs = forward["hs"]
        W_hy_T = transpose(p["W_hy"])  # (H, V), computed once for all steps
        W_hh_T = transpose(p["W_hh"]) if bptt else None  # (H, H)
        dys = [None] * T
        dh_raws = [None] * T
        dh_next = zeros(H)
        # Backward from the last step: with BPTT, step t needs dh_next from step t + 1. (The
        # notebook, without it, does each step's backward right after its forward; same result.)
        for t in reversed(range(T)):
            dy = list(forward["probs"][t])
            dy[targets[t]] -= 1.0  # softmax + cross-entropy: d loss / d y_logits = y_pred - 1_target
            dh = matvec(W_hy_T, dy)  # W_hy.T @ dy: how the loss depends on h through the output
            if bptt:
                dh = add(dh, dh_next)  # ... and through the steps after this one
            dh_raw = multiply(tanh_derivative(hs[t + 1]), dh)  # back through tanh: (1 - h*h) * dh
            if bptt:
                # dh_next: h_prev of this step was the h of step t - 1, and it reached this
                # step through W_hh, so its share of the loss gradient is W_hh.T @ dh_raw.
                # The notebook drops it, so there each step's gradient ends at that step.
                dh_next = matvec(W_hh_T, dh_raw)
            dys[t] = dy
            dh_raws[t] = dh_raw
        # The notebook adds each step's share with +=; these sums add the same terms, t = 0 first.
        W_xh_T = zeros_matrix(V, H)  # outer(dh_raw, x) with one-hot x adds dh_raw to one column
        for t in range(T):
            W_xh_T[inputs[t]] = add(W_xh_T[inputs[t]], dh_raws[t])
        grads = {
            "W_xh": transpose(W_xh_T),                   # sum of outer(dh_raw, x)
            "W_hh": sum_of_outers(dh_raws, hs[:T]),      # sum of outer(dh_raw, h_prev)
            "W_hy": sum_of_outers(dys, hs[1:]),          # sum of outer(dy, h)
            "b_h": vector_sum(dh_raws),                  # sum of dh_raw
            "b_y": vector_sum(dys),                      # sum of dy
        }
        return forward["loss"], grads, hs[T]

    # --- training -----------------------------------------------------------------------------

    def train_epoch(self, text, learning_rate=0.1, trace=False, bptt=False):
        """One notebook epoch: the gradients of the whole text, then one SGD update. Returns loss."""
        return self.fit(text, 1, learning_rate, trace=trace, bptt=bptt)[0]

    def fit(self, text, epochs, learning_rate=0.1, verbose=False, trace=False, bptt=False,
            seq_length=None, optimizer="sgd", clip=None, print_every=None, on_epoch=None):
        """Train for `epochs` passes over text; returns the list of per-epoch (summed) losses.

        seq_length cuts a long text into chunks of that many steps, carrying the hidden state
        from chunk to chunk, with one update per chunk. optimizer is "sgd" or "adagrad"; clip
        limits every gradient entry to [-clip, clip]. verbose prints a line every print_every
        epochs; trace prints every step's values as the notebook does; on_epoch(epoch, loss) is
        called after each epoch. If the loss stops being finite, params are restored and a
        ValueError names the epoch.
        """
        self.check_params()
        indices = self.encode(text)
        check_int("epochs", epochs, 0)
        check_positive_number("learning_rate", learning_rate)
        if seq_length is not None:
            check_int("seq_length", seq_length, 1)
        if optimizer not in ("sgd", "adagrad"):
            raise ValueError("optimizer must be 'sgd' or 'adagrad', got %r" % (optimizer,))
        if clip is not None:
            check_positive_number("clip", clip)
        if print_every is None:
            print_every = max(1, epochs // 10)
        check_int("print_every", print_every, 1)
        chunk = seq_length if seq_length is not None else len(indices) - 1

        saved = dict(self.params)  # updates build new lists, never change these: a restore point
        memory = None
        if optimizer == "adagrad":
            memory = {name: map_entries(lambda w: 0.0, saved[name]) for name in PARAM_NAMES}
        losses = []
        epoch = 0
        try:
            for epoch in range(epochs):
                tracer = self._tracer(epoch) if trace else None
                loss = 0.0
                h = zeros(self.hidden_size)
                for start in range(0, len(indices) - 1, chunk):
                    piece = indices[start:start + chunk + 1]  # inputs and targets overlap by one
                    piece_loss, grads, h = self._loss_and_gradients(piece, h, bptt, tracer)
                    if not math.isfinite(piece_loss):
                        raise ArithmeticError("loss became %r" % piece_loss)
                    loss += piece_loss
                    if clip is not None:
                        grads = {name: clip_values(grads[name], clip) for name in PARAM_NAMES}
                    self._update(grads, learning_rate, memory)
                losses.append(loss)
                if trace:
                    print("Epoch %d, Loss: %.4f" % (epoch, loss))
                if verbose and (epoch % print_every == 0 or epoch == epochs - 1):
                    print("epoch %5d  loss %.4f" % (epoch, loss))
                if on_epoch is not None:
                    on_epoch(epoch, loss)
            if not all_finite(self.params):
                raise ArithmeticError("the last update made a weight infinite")
        except ArithmeticError as error:  # also OverflowError and ZeroDivisionError
            self.params = saved
            raise ValueError("training diverged at epoch %d (%s); params are restored to what "
                             "they were before fit - try a smaller learning_rate than %r"
                             % (epoch, error, learning_rate))
        return losses

    def _update(self, grads, learning_rate, memory=None):
        """One step downhill for every parameter: SGD, or Adagrad when memory is given.

        The notebook runs exec(f"{param} -= learning_rate * grads[param]") for each name; this
        loop does the same subtraction on the dict, without exec.
        """
        for name in PARAM_NAMES:
            value, grad = self.params[name], grads[name]
            if memory is None:
                self.params[name] = sgd_step(value, grad, learning_rate)
            else:
                memory[name] = add_squares(memory[name], grad)
                self.params[name] = adagrad_step(value, grad, memory[name], learning_rate)

    def copy_params(self):
        """A deep copy of params, to keep or restore."""
        return {name: copy_entries(self.params[name]) for name in PARAM_NAMES}

    def _tracer(self, epoch):
        """A function that prints one step as the notebook does (its labels, its order)."""
        V = len(self.vocab)

        def trace(t, index, target, h_prev, parts):
            print("epoch %d, step %d: input %r, target %r"
                  % (epoch, t, self.vocab[index], self.vocab[target]))
            print("components")
            print("  x              " + format_vector(one_hot(index, V)))
            print("  h_prev         " + format_vector(h_prev))
            print("  W_xh @ x       " + format_vector(parts["W_xh @ x"]))
            print("  W_hh @ h_prev  " + format_vector(parts["W_hh @ h_prev"]))
            print("  b_h            " + format_vector(self.params["b_h"]))
            print("mid_h            " + format_vector(parts["mid_h"]))
            print("hidden h         " + format_vector(parts["h"]))
            print("y logits")
            print("  b_y            " + format_vector(self.params["b_y"]))
            print("  y_logits       " + format_vector(parts["y_logits"]))
            print("y_pred           " + format_vector(parts["y_pred"]))
            print("next h           " + format_vector(parts["h"]))
            print("----------------")
        return trace

    # --- using the model ----------------------------------------------------------------------

    def _warm_up(self, prefix):
        """Feed the whole prefix from a zero state; returns the last step's parts."""
        indices = self.encode(prefix, "prefix", 1)
        h = zeros(self.hidden_size)
        for index in indices:
            parts = self._step(index, h)
            h = parts["h"]
        return parts

    def generate(self, prefix, length, temperature=None, seed=None):
        """The prefix followed by `length` predicted characters, each fed back in.

        temperature=None picks the most likely character (greedy). Otherwise the next character
        is drawn from softmax(y_logits / temperature) with a SeededRandom(seed): the same seed
        gives the same text (seed=None means seed 0). Below 1 is bolder, above 1 more random.
        """
        self.check_params()
        self.encode(prefix, "prefix", 1)
        check_int("length", length, 0)
        if temperature is not None:
            check_positive_number("temperature", temperature)
        if seed is not None:
            check_seed(seed)
        rng = SeededRandom(0 if seed is None else seed)
        out = prefix
        parts = self._warm_up(prefix)
        for _ in range(length):
            if temperature is None:
                index = argmax(parts["y_logits"])
            else:
                index = sample(softmax([z / temperature for z in parts["y_logits"]]), rng)
            out += self.vocab[index]
            parts = self._step(index, parts["h"])
        return out

    def predict_next(self, prefix, k=3):
        """The k most likely next characters after prefix, as (char, probability), best first."""
        self.check_params()
        self.encode(prefix, "prefix", 1)
        check_int("k", k, 1)
        probs = self._warm_up(prefix)["y_pred"]
        ranked = sorted(range(len(probs)), key=lambda i: -probs[i])  # stable: ties keep order
        return [(self.vocab[i], probs[i]) for i in ranked[:k]]

    def hidden_states(self, text):
        """The hidden state h after each character of text, from a zero start: a list of lists."""
        self.check_params()
        h = zeros(self.hidden_size)
        states = []
        for index in self.encode(text, "text", 1):
            h = self._step(index, h)["h"]
            states.append(h)
        return states

    # --- saving and loading -------------------------------------------------------------------

    def save(self, path):
        """Write the model as JSON, whole or not at all (a temporary file, then a rename)."""
        import json
        self.check_params()
        if not all_finite(self.params):
            raise ValueError("cannot save: a weight is not finite")
        data = {"format": "tinyrnn", "version": FILE_VERSION, "vocab": self.vocab,
                "hidden_size": self.hidden_size, "params": self.copy_params()}
        write_file_atomically(path, json.dumps(data) + "\n")

    @classmethod
    def load(cls, path):
        """Read a model saved by save(); ValueError saying what is wrong with a bad file."""
        import json
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError("cannot read model file %r: %s" % (path, error))
        if not text.strip():
            raise ValueError("model file %r is empty" % path)
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ValueError("model file %r is not valid JSON (truncated?): %s" % (path, error))
        if not isinstance(data, dict) or data.get("format") != "tinyrnn":
            raise ValueError("model file %r is not a tinyrnn model (no \"format\": \"tinyrnn\")"
                             % path)
        if data.get("version") != FILE_VERSION:
            raise ValueError("model file %r has version %r; this tinyrnn reads version %d"
                             % (path, data.get("version"), FILE_VERSION))
        try:
            model = cls(data.get("vocab"), data.get("hidden_size"))
        except ValueError as error:
            raise ValueError("model file %r: %s" % (path, error))
        params = data.get("params")
        if not isinstance(params, dict) or sorted(params) != sorted(PARAM_NAMES):
            raise ValueError("model file %r must have params %s" % (path, ", ".join(PARAM_NAMES)))
        model.params = params
        try:
            model.check_params()
        except ValueError as error:
            raise ValueError("model file %r does not fit its vocab and hidden_size: %s"
                             % (path, error))
        for name in PARAM_NAMES:
            rows = params[name] if is_matrix(params[name]) else [params[name]]
            if not all(all(map(_is_number, row)) for row in rows):
                raise ValueError("model file %r: params[%r] has an entry that is not a number"
                                 % (path, name))
        model.params = {name: map_entries(float, params[name]) for name in PARAM_NAMES}
        if not all_finite(model.params):
            raise ValueError("model file %r has a weight that is not finite" % path)
        return model


# ---------------------------------------------------------------------------------------------
# Small helpers for the model: picking characters, whole-parameter maps, formatting
# ---------------------------------------------------------------------------------------------

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


def is_matrix(value):
    """True for a list of rows, False for a flat vector."""
    return bool(value) and isinstance(value[0], list)


def sgd_step(value, grad, learning_rate):
    """Plain gradient descent: value - learning_rate * grad, for a vector or a matrix.

    >>> sgd_step([[1.0, 2.0]], [[10.0, -10.0]], 0.1)
    [[0.0, 3.0]]
    """
    if is_matrix(value):
        return [sgd_step(row, g, learning_rate) for row, g in zip(value, grad)]
    return [w - learning_rate * g for w, g in zip(value, grad)]


def add_squares(memory, grad):
    """Adagrad's memory: memory + grad * grad, for a vector or a matrix.

    >>> add_squares([1.0, 0.0], [2.0, -3.0])
    [5.0, 9.0]
    """
    if is_matrix(memory):
        return [add_squares(row, g) for row, g in zip(memory, grad)]
    return [m + g * g for m, g in zip(memory, grad)]


def adagrad_step(value, grad, memory, learning_rate):
    """Adagrad: value - learning_rate * grad / sqrt(memory + 1e-8), for a vector or a matrix.

    Each weight's step shrinks as its squared gradients add up in memory (min-char-rnn's rule).

    >>> [round(w, 6) for w in adagrad_step([1.0], [2.0], [4.0], 0.5)]  # 1 - 0.5 * 2 / sqrt(4)
    [0.5]
    """
    if is_matrix(value):
        return [adagrad_step(row, g, m, learning_rate) for row, g, m in zip(value, grad, memory)]
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


def all_finite(params):
    """True when no entry of any parameter is inf or nan."""
    for value in params.values():
        for row in (value if is_matrix(value) else [value]):
            if not all(map(math.isfinite, row)):
                return False
    return True


def copy_entries(value):
    """A copy of a vector or matrix that shares no list with it."""
    return [row[:] for row in value] if is_matrix(value) else value[:]


def map_entries(f, value):
    """f applied to every entry of a vector or matrix.

    >>> map_entries(abs, [[-1.0, 2.0], [3.0, -4.0]])
    [[1.0, 2.0], [3.0, 4.0]]
    """
    if is_matrix(value):
        return [[f(x) for x in row] for row in value]
    return [f(x) for x in value]


def shape_text(shape):
    """A shape as text: (4, 4) -> '4x4', (4,) -> '4', None -> 'not a vector or matrix'."""
    if shape is None:
        return "not a vector or matrix"
    return "x".join([str(n) for n in shape])


def format_vector(v, digits=8):
    """A vector on one line with a fixed number of decimals, as the trace prints it.

    >>> format_vector([0.5, -0.25], 3)
    '[ 0.500 -0.250]'
    """
    return "[" + " ".join([("% ." + str(digits) + "f") % x for x in v]) + "]"  # "% f": a space for +


def write_file_atomically(path, text):
    """Write text to path whole or not at all: a temporary file beside it, then a rename."""
    import os
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename, so a crash leaves old or new
        os.replace(temporary, path)  # atomic: readers see the old file or the new one
    except OSError as error:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise ValueError("cannot write %r: %s" % (path, error))


# ---------------------------------------------------------------------------------------------
# Extras: checking the gradient, pictures in text, every multiply-add of one step
# ---------------------------------------------------------------------------------------------

def relative_error(a, b, floor=1e-3):
    """|a - b| relative to the larger of |a| and |b|, or to floor when both are smaller.

    >>> relative_error(1.0, 1.1)
    0.09090909090909098
    >>> relative_error(0.0, 0.0)
    0.0
    """
    return abs(a - b) / max(abs(a), abs(b), floor)


def gradient_check(model, text, bptt=True, eps=1e-5, floor=1e-3):
    """Compare model's gradient with central finite differences of its loss.

    For every weight w, numeric = (loss(w + eps) - loss(w - eps)) / (2 * eps). Returns
    {param name: largest relative_error(analytic, numeric, floor)}; every weight is put back.

    Three details keep rounding from hiding what the check measures:
    - The loss differenced is -log(y_pred[target]), without the notebook's + 1e-8: the gradient
      y_pred - one_hot(target) belongs to that loss; the 1e-8 alone moves it by 1e-8 / y_pred,
      around 1e-7, which would drown the check's 1e-6.
    - The two losses are subtracted step by step before summing: the total (~50) is known only
      to ~1e-14, while each step's loss is known to ~1e-16.
    - Even so, a difference over 2 * eps is known only to ~1e-10, so the error of a gradient
      entry smaller than floor is measured relative to floor.
    """
    check_positive_number("eps", eps)
    check_positive_number("floor", floor)
    _, grads = model.loss_and_gradients(text, bptt=bptt)
    errors = {}
    for name in PARAM_NAMES:
        value, grad = model.params[name], grads[name]
        is_matrix = isinstance(value[0], list)
        rows = value if is_matrix else [value]  # a vector is a matrix with one row
        grad_rows = grad if is_matrix else [grad]
        worst = 0.0
        for r in range(len(rows)):
            for c in range(len(rows[r])):
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
                worst = max(worst, relative_error(grad_rows[r][c], numeric, floor))
        errors[name] = worst
    return errors


def gradient_check_table(model, text, eps=1e-5):
    """Lines comparing the notebook's gradient and BPTT with finite differences."""
    notebook = gradient_check(model, text, bptt=False, eps=eps)
    full = gradient_check(model, text, bptt=True, eps=eps)
    lines = ["largest relative error against finite differences (eps %g)" % eps,
             "param   notebook gradient   full BPTT"]
    for name in PARAM_NAMES:
        lines.append("%-6s  %17.2e   %9.2e" % (name, notebook[name], full[name]))
    return lines


def text_chart(values, width=60, height=10):
    """A line chart of values drawn with '*' in text, with the largest and smallest on the left."""
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
        label = "%10.4f" % top if r == 0 else ("%10.4f" % bottom if r == height - 1 else "")
        lines.append("%10s |%s" % (label, "".join(grid[r])))
    lines.append("%10s +%s" % ("", "-" * columns))
    lines.append("%10s  epoch 0%sepoch %d" % ("", " " * max(1, columns - 14), len(values) - 1))
    return "\n".join(lines)


def explain_step(model, index, h_prev=None):
    """Lines that show one time step's arithmetic scalar by scalar, for character `index`."""
    model.check_params()
    h_prev = model.check_hidden_state(h_prev)
    p = model.params
    V = len(model.vocab)
    x = one_hot(index, V)
    lines = ["One time step, input %r (x = one_hot(%d, %d)), every multiply-add:"
             % (model.vocab[index], index, V)]
    mid_h = []
    for i in range(model.hidden_size):
        terms = ["%.8f*%g" % (w, x_j) for w, x_j in zip(p["W_xh"][i], x)]
        terms += ["%.8f*%.8f" % (w, h_j) for w, h_j in zip(p["W_hh"][i], h_prev)]
        terms.append("%.8f" % p["b_h"][i])
        mid_h.append(dot(p["W_xh"][i], x) + dot(p["W_hh"][i], h_prev) + p["b_h"][i])
        lines.append("mid_h[%d] = %s = %.8f" % (i, " + ".join(terms), mid_h[i]))
    h = tanh(mid_h)
    for i in range(model.hidden_size):
        lines.append("h[%d] = tanh(%.8f) = %.8f" % (i, mid_h[i], h[i]))
    y_logits = []
    for j in range(V):
        terms = ["%.8f*%.8f" % (w, h_i) for w, h_i in zip(p["W_hy"][j], h)]
        terms.append("%.8f" % p["b_y"][j])
        y_logits.append(dot(p["W_hy"][j], h) + p["b_y"][j])
        lines.append("y_logits[%d] = %s = %.8f" % (j, " + ".join(terms), y_logits[j]))
    m = max(y_logits)
    exps = [math.exp(z - m) for z in y_logits]
    lines.append("softmax: subtract the largest logit %.8f, exponentiate, divide by the sum %.8f"
                 % (m, sum(exps)))
    y_pred = softmax(y_logits)
    for j in range(V):
        lines.append("y_pred[%d] = exp(%.8f - %.8f) / %.8f = %.8f  (next char %r)"
                     % (j, y_logits[j], m, sum(exps), y_pred[j], model.vocab[j]))
    return lines


# ---------------------------------------------------------------------------------------------
# Command line: python3 tinyrnn.py --help
# ---------------------------------------------------------------------------------------------

def read_text_file(path):
    """The text of a UTF-8 file; ValueError saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError("cannot read text file %r: %s" % (path, error))


def main(argv=None):
    """Run the command line with argv (default sys.argv[1:]); returns the exit status."""
    import argparse
    import sys

    class Parser(argparse.ArgumentParser):
        def error(self, message):
            """One line on stderr and exit 2, instead of argparse's usage block."""
            sys.stderr.write("tinyrnn.py: error: %s\n" % message)
            sys.exit(2)

    parser = Parser(prog="tinyrnn.py", description="Train a tiny character RNN in plain "
                    "Python. With no options: the notebook's weights, trained on 'hello'.")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--text", help="train on this text instead of 'hello'")
    source.add_argument("--text-file", metavar="PATH", help="train on this UTF-8 file's text")
    parser.add_argument("--epochs", type=int, help="passes over the text (default: 50; 0 "
                        "with --load)")
    parser.add_argument("--lr", type=float, default=0.1, help="learning rate (default: 0.1)")
    parser.add_argument("--hidden", type=int, help="hidden units for a new model (default: 32)")
    parser.add_argument("--seed", type=int, help="seed for new weights and for --sample "
                        "(default: 0)")
    parser.add_argument("--bptt", action="store_true", help="full backpropagation through "
                        "time (default: the notebook's one-step gradient)")
    parser.add_argument("--seq-length", type=int, metavar="N", help="one update per N "
                        "characters, carrying the hidden state (default: the whole text)")
    parser.add_argument("--optimizer", choices=("sgd", "adagrad"), default="sgd",
                        help="update rule (default: sgd)")
    parser.add_argument("--clip", type=float, help="clip every gradient entry to +-CLIP")
    parser.add_argument("--sample", type=int, metavar="N", help="after training, generate N "
                        "characters from the text's first one")
    parser.add_argument("--temperature", type=float, help="sample with this temperature "
                        "(default: greedy, the most likely character)")
    parser.add_argument("--save", metavar="PATH", help="save the trained model as JSON")
    parser.add_argument("--load", metavar="PATH", help="start from a model saved with --save")
    parser.add_argument("--trace", action="store_true", help="print every step's values as "
                        "the notebook does")
    parser.add_argument("--gradcheck", action="store_true", help="compare the gradients with "
                        "finite differences before training")
    parser.add_argument("--plot", action="store_true", help="draw the loss curve in text")
    parser.add_argument("--explain", action="store_true", help="print the first step's "
                        "arithmetic, every multiply-add")
    args = parser.parse_args(argv)

    limits = [("--epochs", args.epochs, 0), ("--hidden", args.hidden, 1),
              ("--seq-length", args.seq_length, 1), ("--sample", args.sample, 0)]
    for flag, value, smallest in limits:
        if value is not None and value < smallest:
            parser.error("%s must be an integer >= %d, got %d" % (flag, smallest, value))
    for flag, value in [("--lr", args.lr), ("--clip", args.clip),
                        ("--temperature", args.temperature)]:
        if value is not None and not (math.isfinite(value) and value > 0):
            parser.error("%s must be a positive finite number, got %r" % (flag, value))
    if args.load and (args.hidden is not None):
        parser.error("--hidden sets up a new model; a model from --load keeps its own")
    try:
        run_command_line(args)
    except ValueError as error:
        sys.stderr.write("tinyrnn.py: error: %s\n" % str(error).replace("\n", " "))
        return 2
    except BrokenPipeError:  # the reader stopped early (python3 tinyrnn.py --trace | head)
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # drop what is unsent
        return 1
    return 0


def run_command_line(args):
    """Build or load the model, train it and show what main's arguments ask for."""
    if args.text_file is not None:
        text = read_text_file(args.text_file)
    elif args.text is not None:
        text = args.text
    else:
        text = "hello"
    seed = 0 if args.seed is None else args.seed
    if args.load:
        model = TinyRNN.load(args.load)
        model.encode(text)  # check the text fits the loaded vocabulary before any work
    elif args.text is None and args.text_file is None and args.hidden is None:
        model = TinyRNN.from_notebook()
    else:
        model = TinyRNN.for_text(text, 32 if args.hidden is None else args.hidden, seed)
    epochs = args.epochs if args.epochs is not None else (0 if args.load else 50)
    shown = text if len(text) <= 40 else text[:37] + "..."
    print("tinyrnn: %d characters %r, vocab %r, hidden %d, %d epochs, lr %g, %s, %s gradient"
          % (len(text), shown, model.vocab, model.hidden_size, epochs, args.lr, args.optimizer,
             "BPTT" if args.bptt else "notebook"))
    if args.explain:
        for line in explain_step(model, model.encode(text)[0]):
            print(line)
    if args.gradcheck:
        for line in gradient_check_table(model, text):
            print(line)
    losses = model.fit(text, epochs, args.lr, verbose=not args.trace, trace=args.trace,
                       bptt=args.bptt, seq_length=args.seq_length, optimizer=args.optimizer,
                       clip=args.clip)
    if args.plot:
        print(text_chart(losses))
    length = min(len(text) - 1, 200)
    print("generate(%r, %d) -> %r" % (text[0], length, model.generate(text[0], length)))
    if args.sample is not None:
        print("sample: %r" % model.generate(text[0], args.sample, args.temperature, seed))
    if args.save:
        model.save(args.save)
        print("saved the model to %s" % args.save)


if __name__ == "__main__":
    import sys
    sys.exit(main())
