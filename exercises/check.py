"""The exercises' grader: checks a function you wrote against independent numbers.

    python3 exercises/check.py exercises/e1_softmax.py     (one exercise)
    python3 exercises/check.py                            (tinyrnn's own functions: all pass)

It prints one line per check. When a check fails it says which output and which entry, what was
expected and what came out. For the gradient it compares the quantities in the order the
computation makes them, so that the first one wrong is where the mistake is: each step alone (its
loss, dy, W_hy, dh_raw, W_xh, W_hh), then with BPTT dh_raw with the dh_next handed back, step by
step from the last, then the sums over the sequence. It computes each mistake it knows (learners'
usual ones) on the same inputs, and when your numbers are one's, names it; when they are none's, it
says what is still right and where the mistake must be. Exit status: 0 when every check passes, 1
when one fails, 2 when the file cannot be loaded.

The expected numbers come from the notebook's printed values, from the notebook's own code run
with NumPy (both as in test_tinyrnn.py), from finite differences, and, on random models, from
tinyrnn's functions, which the project's tests hold to those same sources. It needs nothing but
tinyrnn, so it runs wherever tinyrnn does (CPython, PyPy, Pyodide, MicroPython).
"""
import math
import sys

try:
    HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
except NameError:  # MicroPython in WebAssembly runs this file without a __file__
    HERE = "."
sys.path.append(HERE + "/..")  # last: a tinyrnn.py beside this Python's own path comes first
import tinyrnn  # noqa: E402

NOTEBOOK_PARAMS = tinyrnn.notebook_params
HELL, ELLO = [0, 1, 2, 2], [1, 2, 2, 3]  # "hell" -> "ello" as indices of "helo"


class NotWritten(Exception):
    """The learner's function still raises NotImplementedError."""


class Failed(Exception):
    """A check failed; the message says how."""


# --- comparing numbers and naming the first difference ---------------------------------------

def first_difference(got, expected, tol, where=""):
    """None when got matches expected within tol; else 'where: expected E, got G'."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return "%s: expected a dict with %s, got %s" % (where or "result", ", ".join(
                sorted(expected)), tinyrnn.brief(got))
        for key in sorted(expected):
            if key not in got:
                return "%s: the key %r is missing" % (where or "result", key)
            found = first_difference(got[key], expected[key], tol, "%s[%r]" % (where, key))
            if found:
                return found
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            return "%s: expected %d entries, got %s" % (where or "result", len(expected),
                                                        tinyrnn.brief(got))
        for i, (g, e) in enumerate(zip(got, expected)):
            found = first_difference(g, e, tol, "%s[%d]" % (where, i))
            if found:
                return found
        return None
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return "%s: expected a number, got %s" % (where or "result", tinyrnn.brief(got))
    if not abs(got - expected) <= tol:  # also catches nan
        return "%s: expected %.10g, got %.10g" % (where or "result", expected, got)
    return None


def matches(got, expected, tol=1e-9):
    """True when got matches expected within tol (no exception for any shape)."""
    try:
        return first_difference(got, expected, tol) is None
    except (TypeError, ValueError, OverflowError):
        return False


def compare(got, expected, tol, mistakes=(), where=""):
    """Raise Failed naming the first difference, and the mistake whose numbers got matches."""
    found = first_difference(got, expected, tol, where)
    if found is None:
        return
    for hint, variant in mistakes:
        if matches(got, variant):
            raise Failed("%s\n      looks like: %s" % (found, hint))
    raise Failed(found)


def call(function, *args):
    """function(*args), turning NotImplementedError into NotWritten and any error into Failed."""
    try:
        return function(*args)
    except NotImplementedError:
        raise NotWritten()
    except Exception as error:  # the learner's code may raise anything
        message = "%s raised %s: %s" % (getattr(function, "__name__", "it"),
                                        type(error).__name__, error)
        if isinstance(error, ValueError) and "do not match" in str(error):
            message += "\n      looks like: " + SHAPES_HINT
        raise Failed(message)


SHAPES_HINT = ("a matrix and a vector whose shapes do not fit: W @ v needs one entry of v for "
               "each column of W; going back, multiply by the transpose (W_hy.T @ dy, "
               "W_hh.T @ dh_raw)")
UNCHANGED_HINT = ("params is unchanged: change the dict you are given (params[name] = ...); "
                  "params = a new dict only rebinds a local name, which the caller never sees")


def copied(params):
    """A copy of params whose lists are new, so that changes to params do not reach it."""
    return dict((name, tinyrnn.copy_entries(params[name])) for name in params)


# --- the gradient as a learner might write it, with each mistake the grader knows ----------------

TARGETS_HINT = "targets off by one: step t predicts targets[t], the character after inputs[t]"
KEEPS_HINT = "= instead of +=: each step replaces grads instead of adding to them"
GRADIENT_MISTAKES = [  # (name, hint), in the order the computation meets them
    ("targets are inputs", TARGETS_HINT),
    ("targets shifted", TARGETS_HINT),
    ("h_prev not used", "h_prev not used: start from the h_prev you are given (train_epoch "
                        "passes zeros at each epoch, chunks pass the last h)"),
    ("h_prev not carried", "h_prev not carried: after each step, h_prev = h"),
    ("last step skipped", "the last step is skipped: go over all of them, "
                          "for t in range(len(inputs))"),
    ("dy sign", "the sign of dy: it is y_pred - one_hot(target), not one_hot(target) - y_pred"),
    ("dy without the 1", "dy is y_pred: subtract 1 at the target, dy = y_pred - one_hot(target)"),
    ("W_hy not transposed", "W_hy is not transposed: dh = W_hy.T @ dy (W_hy takes H numbers "
                            "to V; its transpose takes dy's V back to H)"),
    ("no tanh derivative", "the tanh derivative is left out: dh_raw = (1 - h ** 2) * dh"),
    ("1 - h", "1 - h for the tanh derivative: it is 1 - h ** 2"),
    ("1 - mid_h ** 2", "1 - mid_h ** 2 for the tanh derivative: it is 1 - h ** 2, with "
                       "h = tanh(mid_h)"),
    ("keeps the last step", KEEPS_HINT),  # in one gradient: known_mistakes makes one for each
    ("keeps the first step", KEEPS_HINT),
    ("W_xh in the target's column", "W_xh's gradient in the target's column: x is "
                                    "one_hot(inputs[t]), so dh_raw goes into column inputs[t]"),
    ("h for h_prev", "h where h_prev belongs: W_hh multiplies the h of the step before, so "
                     "its gradient is dh_raw @ h_prev.T"),
    ("returns h_prev", "return the last step's h, not the h_prev you were given"),
]
BPTT_MISTAKES = [
    ("dh_next missing", "dh_next missing: this is the notebook's gradient; add dh_next to dh"),
    ("dh_next after the tanh derivative", "dh_next added after the tanh derivative: add it to "
                                          "dh, before (1 - h ** 2) * dh"),
    ("dh_next not transposed", "dh_next without the transpose: it is W_hh.T @ dh_raw"),
    ("dh_next from dh", "dh_next taken before the tanh derivative: it is W_hh.T @ dh_raw, "
                        "not W_hh.T @ dh"),
]


def known_mistakes(bptt):
    """(mistake, hint) for each mistake the grader knows; "= instead of +=" once per gradient,
    as (mistake, the gradient's name), since a learner may write it in one line and not another."""
    found = []
    for mistake, hint in GRADIENT_MISTAKES + (BPTT_MISTAKES if bptt else []):
        if mistake.startswith("keeps"):
            for name in tinyrnn.PARAM_NAMES:
                found.append(((mistake, name), hint))
        else:
            found.append((mistake, hint))
    return found


def gradient_as_written(params, inputs, targets, h_prev, bptt, mistake=None):
    """(loss, grads, last h) over the sequence, with one mistake of known_mistakes built in.

    With mistake None it is the right gradient (the project's tests hold it to tinyrnn's, and
    tinyrnn's to NumPy's and to finite differences).
    """
    keeps, only = mistake if isinstance(mistake, tuple) else (None, None)
    bptt = bptt and mistake != "dh_next missing"
    H, V = len(params["b_h"]), len(params["b_y"])
    if mistake == "targets are inputs":
        targets = inputs
    elif mistake == "targets shifted":
        targets = targets[-1:] + targets[:-1]
    start = [0.0] * H if mistake == "h_prev not used" else h_prev
    T = len(inputs) - 1 if mistake == "last step skipped" else len(inputs)
    steps, h, loss = [], start, 0.0
    for t in range(T):
        before = start if mistake == "h_prev not carried" else h
        s = tinyrnn.step(params, inputs[t], before)
        loss += tinyrnn.cross_entropy(s["y_pred"], targets[t])
        steps.append((before, s))
        h = s["h"]
    shares = [None] * T  # each step's share of each gradient: {name: [(i, j, value)]}
    dh_next = [0.0] * H
    for t in reversed(range(T)):
        before, s = steps[t]
        dy = s["y_pred"][:]
        if mistake != "dy without the 1":
            dy[targets[t]] -= 1.0
        if mistake == "dy sign":
            dy = [-d for d in dy]
        W_hy_T = params["W_hy"] if mistake == "W_hy not transposed" else tinyrnn.transpose(
            params["W_hy"])
        dh = tinyrnn.matvec(W_hy_T, dy)  # a ValueError when W_hy is not square
        if bptt and mistake != "dh_next after the tanh derivative":
            dh = tinyrnn.add(dh, dh_next)
        dh_raw = tinyrnn.multiply(tanh_slope(s, mistake), dh)
        if bptt and mistake == "dh_next after the tanh derivative":
            dh_raw = tinyrnn.add(dh_raw, dh_next)
        column = targets[t] if mistake == "W_xh in the target's column" else inputs[t]
        h_in = s["h"] if mistake == "h for h_prev" else before
        shares[t] = {"W_hy": outer(dy, s["h"]), "b_y": outer(dy, [None]),
                     "W_xh": [(i, column, dh_raw[i]) for i in range(H)],
                     "W_hh": outer(dh_raw, h_in), "b_h": outer(dh_raw, [None])}
        W_hh = params["W_hh"] if mistake == "dh_next not transposed" else tinyrnn.transpose(
            params["W_hh"])
        dh_next = tinyrnn.matvec(W_hh, dh if mistake == "dh_next from dh" else dh_raw)
    grads = {"W_xh": [[0.0] * V for _ in range(H)], "W_hh": [[0.0] * H for _ in range(H)],
             "W_hy": [[0.0] * H for _ in range(V)], "b_h": [0.0] * H, "b_y": [0.0] * V}
    order = reversed(range(T)) if keeps == "keeps the first step" else range(T)
    for t in order:
        for name in shares[t]:
            for i, j, value in shares[t][name]:
                put(grads[name], i, j, value, name == only)
    last = h_prev if mistake in ("returns h_prev", "h_prev not carried") else h
    return loss, grads, last


def tanh_slope(s, mistake):
    """The tanh derivative at a step, or the mistaken one."""
    if mistake == "1 - h":
        return [1.0 - v for v in s["h"]]
    if mistake == "1 - mid_h ** 2":
        return [1.0 - m * m for m in s["mid_h"]]
    if mistake == "no tanh derivative":
        return [1.0] * len(s["h"])
    return [1.0 - v * v for v in s["h"]]


def outer(a, b):
    """The entries (i, j, a[i] * b[j]) of a @ b.T; b = [None] gives a vector's (i, None, a[i])."""
    if b == [None]:
        return [(i, None, a[i]) for i in range(len(a))]
    return [(i, j, a[i] * b[j]) for i in range(len(a)) for j in range(len(b))]


def put(M, i, j, value, replace):
    """M[i][j] (M[i] when j is None) += value, or = value when replace."""
    if j is None:
        M[i] = value if replace else M[i] + value
    else:
        M[i][j] = value if replace else M[i][j] + value


def random_case(seed, vocab=6, hidden=5, steps=7):
    """A seeded random model's params, inputs, targets and a nonzero h_prev."""
    rng = tinyrnn.SeededRandom(seed)
    model = tinyrnn.TinyRNN("abcdefghij"[:vocab], hidden, seed=seed)
    params = model.params
    params["b_h"] = [0.1 * rng.normal() for _ in range(hidden)]
    params["b_y"] = [0.1 * rng.normal() for _ in range(vocab)]
    text = [rng.next_int() % vocab for _ in range(steps + 1)]
    h_prev = [0.3 * rng.normal() for _ in range(hidden)]
    return params, text[:-1], text[1:], h_prev


# --- finding the first quantity that goes wrong ---------------------------------------------------

STEP_QUANTITIES = [  # (what, its place in (loss, grads, h), what is right before it, the cause)
    ("the loss", 0, None, "", "y_pred = softmax(y_logits), in the loss -log(y_pred[target] + "
     "1e-8), or in the h_prev the step starts from"),
    ("dy, as grads['b_y']", 1, "b_y", "its loss", "dy = y_pred - one_hot(target) or after it"),
    ("grads['W_hy']", 1, "W_hy", "its loss and b_y (dy)", "grads['W_hy'] += dy @ h.T"),
    ("dh_raw, as grads['b_h']", 1, "b_h", "W_hy and b_y", "dh = W_hy.T @ dy or after it "
     "(dh_raw = (1 - h ** 2) * dh)"),
    ("grads['W_xh']", 1, "W_xh", "W_hy, b_y and b_h (dh_raw)", "grads['W_xh'] += dh_raw @ x.T, "
     "x = one_hot(inputs[t])"),
    ("grads['W_hh']", 1, "W_hh", "W_hy, b_y, b_h and W_xh", "grads['W_hh'] += dh_raw @ "
     "h_prev.T"),
]
WHOLE_QUANTITIES = [
    ("the loss", 0, None), ("grads['b_y']", 1, "b_y"), ("grads['W_hy']", 1, "W_hy"),
    ("grads['b_h']", 1, "b_h"), ("grads['W_xh']", 1, "W_xh"), ("grads['W_hh']", 1, "W_hh"),
    ("the h it returns", 2, None)]


def quantities(T, bptt):
    """What diagnose compares, in the order the computation makes it.

    Each is (where, right, cause, part, name, runs): runs are the (start, stop) slices of the
    sequence the function is called on, and the quantity is the first run's part minus the
    second's. Every step alone comes first (forward, then the step's own backward), then, with
    BPTT, dh_raw with the dh_next handed back, step by step from the last, then the sums.
    """
    found = []
    for t in range(T):
        for what, part, name, right, cause in STEP_QUANTITIES:
            found.append(("step %d alone, %s" % (t, what), right, cause, part, name,
                          [(t, t + 1)]))
    for t in reversed(range(T - 1)) if bptt else []:
        found.append(("steps %d to %d, dh_raw at step %d with the dh_next from step %d (grads"
                      "['b_h'] of inputs[%d:] minus that of inputs[%d:])" % (t, T - 1, t, t + 1,
                                                                               t, t + 1),
                      "every step alone, and dh_raw at every step after %d" % t,
                      "dh_next = W_hh.T @ dh_raw, handed from step %d to step %d, or in dh = "
                      "W_hy.T @ dy + dh_next" % (t + 1, t), 1, "b_h", [(t, T), (t + 1, T)]))
    for what, part, name in WHOLE_QUANTITIES:
        found.append(("the whole sequence, %s" % what, "every step alone",
                      "carrying h_prev = h from step to step, or in adding up the steps' "
                      "shares with +=", part, name, [(0, T)]))
    return found


class Runs:
    """One function's results on slices of one case, each computed once, when first needed."""

    def __init__(self, function, case, bptt, checked=True):
        self.function, self.case, self.bptt, self.checked = function, case, bptt, checked
        params, inputs, targets, h_prev = case
        self.before = [h_prev]  # the hidden state before each step, the right one
        for index in inputs:
            self.before.append(tinyrnn.step(params, index, self.before[-1])["h"])
        self.results = {}

    def of(self, start, stop):
        """(loss, grads, h) of the function on inputs[start:stop], from the right h before."""
        if (start, stop) not in self.results:
            params, inputs, targets, _ = self.case
            args = (params, inputs[start:stop], targets[start:stop], self.before[start],
                    self.bptt)
            if self.checked:  # the learner's: errors become Failed, the shape is checked
                got = call(self.function, *args)
                check_result_shape(got)
            else:
                got = self.function(*args)
            self.results[(start, stop)] = got
        return self.results[(start, stop)]

    def quantity(self, part, name, runs):
        """The run's part (its grads[name] if name), minus the second run's if there are two."""
        values = []
        for start, stop in runs:
            value = self.of(start, stop)[part]
            values.append(value.get(name) if name else value)
        if len(values) == 1:
            return values[0]
        return difference(values[0], values[1])


def difference(a, b):
    """a - b entry by entry for lists of numbers of one length; else a, to be reported as is."""
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(
            isinstance(v, (int, float)) for v in a + b):
        return [x - y for x, y in zip(a, b)]
    return a


class Mistaken:
    """gradient_as_written with one mistake built in, as a function of the learner's arguments."""

    def __init__(self, mistake):
        self.mistake = mistake

    def __call__(self, params, inputs, targets, h_prev, bptt):
        return gradient_as_written(params, inputs, targets, h_prev, bptt, self.mistake)


def diagnose(loss_and_gradients, case, bptt, tol):
    """Raise Failed at the first quantity that is wrong, naming the mistake if one matches."""
    learner = Runs(loss_and_gradients, case, bptt)
    right = Runs(Mistaken(None), case, bptt, checked=False)
    passed = []
    for where, before, cause, part, name, runs in quantities(len(case[1]), bptt):
        found = first_difference(learner.quantity(part, name, runs),
                                 right.quantity(part, name, runs), tol, where)
        if found is None:
            passed.append((part, name, runs))
            continue
        hint = recognise(learner, passed + [(part, name, runs)], case, bptt, tol)
        if hint:
            raise Failed("%s\n      looks like: %s" % (found, hint))
        if before:
            raise Failed("%s\n      right: %s: the mistake is in %s" % (found, before, cause))
        raise Failed("%s\n      the mistake is in %s" % (found, cause))


def recognise(learner, checked, case, bptt, tol):
    """The hint of the first known mistake that gives the learner's numbers on every quantity
    checked (those right so far and the first wrong one), or None."""
    for mistake, hint in known_mistakes(bptt):
        variant = Runs(Mistaken(mistake), case, bptt, checked=False)
        try:
            if all(matches(learner.quantity(*q), variant.quantity(*q), tol) for q in checked):
                return hint
        except ValueError:  # shapes that do not fit: this mistake cannot run on this model
            continue
    return None


# --- the exercises' checks: each a list of (description, function of the learner's function) ---

DESCRIPTIONS = {}  # check's name: the line it prints (MicroPython keeps no docstrings)


def described(description):
    """A decorator that records the check's description."""
    def record(check):
        DESCRIPTIONS[check.__name__] = description
        return check
    return record


@described("The notebook's step 0 y_logits give its printed y_pred.")
def softmax_notebook(softmax):
    got = call(softmax, [0.01720198, 0.00115502, 0.03680228, 0.00240921])
    compare(got, [0.2506774, 0.24668689, 0.25563922, 0.24699648], 1e-8)


@described("Probabilities are positive and sum to 1, in the logits' order.")
def softmax_sums_to_one(softmax):
    got = call(softmax, [2.0, -1.0, 0.5, 3.5, 0.0])
    compare(sum(got), 1.0, 1e-12)
    if not all(p > 0 for p in got) or sorted(range(5), key=lambda i: got[i]) != [1, 4, 2, 0, 3]:
        raise Failed("expected positive probabilities in the logits' order, got %r" % (got,))


@described('Logits of 1000 and 1001 give [1 / (1 + e), e / (1 + e)] (exp(1000) overflows).')
def softmax_large_logits(softmax):
    e = math.e
    hint = ("softmax overflows on large logits: subtract the largest logit from every logit "
            "before exp, which gives the same probabilities")
    try:
        got = softmax([1000.0, 1001.0])
    except NotImplementedError:
        raise NotWritten()
    except (OverflowError, ZeroDivisionError, ValueError) as error:
        raise Failed("%s: %s\n      looks like: %s" % (type(error).__name__, error, hint))
    if not matches(got, [1 / (1 + e), e / (1 + e)], 1e-12) and not all(
            isinstance(p, float) and p == p for p in got):
        raise Failed("got %r\n      looks like: %s" % (got, hint))
    compare(got, [1 / (1 + e), e / (1 + e)], 1e-12)


def notebook_step(step, t, h_prev):
    """The learner's step t of "hell" from the notebook's weights, checked to be a dict."""
    got = call(step, NOTEBOOK_PARAMS(), HELL[t], h_prev)
    if not isinstance(got, dict):
        raise Failed("step must return a dict of the notebook's names, got %s"
                     % tinyrnn.brief(got))
    return got


@described("Step 0 ('h'): mid_h, h, y_logits and y_pred as the notebook prints them.")
def step_0_values(step):
    got = notebook_step(step, 0, [0.0] * 4)
    mid_h = [0.13309074, -0.09057376, 0.04669049, -0.07548864]
    h = [0.13231045, -0.09032689, 0.04665659, -0.07534557]
    compare(got, {"mid_h": mid_h}, 1e-8)
    compare(got, {"h": h}, 1e-8, [("h is mid_h: apply tanh to get h", {"h": mid_h})])
    logits = [0.01720198, 0.00115502, 0.03680228, 0.00240921]
    compare(got, {"y_logits": logits}, 1e-8)
    compare(got, {"y_pred": [0.2506774, 0.24668689, 0.25563922, 0.24699648]}, 1e-8,
            [("y_pred is y_logits: apply softmax", {"y_pred": logits})])


@described("Step 1 ('e', after h of step 0): mid_h as the notebook prints it (W_hh @ h_prev "
           "counts).")
def step_1_values(step):
    h0 = [0.13231045, -0.09032689, 0.04665659, -0.07534557]  # the notebook's "next h"
    got = notebook_step(step, 1, h0)
    without = [0.17127598, -0.14782509, 0.01720516, -0.02664684]  # W_xh @ x alone
    compare(got, {"mid_h": [0.1916285, -0.15561562, 0.015263895914479905,
                            -0.02688744970026393]}, 1e-8,
            [("h_prev is not used: mid_h needs + W_hh @ h_prev", {"mid_h": without})])


@described("A random model's step from a random h_prev.")
def step_random(step):
    params, inputs, _, h_prev = random_case(11)
    got = call(step, params, inputs[0], h_prev)
    expected = tinyrnn.step(params, inputs[0], h_prev)
    compare(got, dict((k, expected[k]) for k in ("mid_h", "h", "y_logits", "y_pred")), 1e-12)


@described("The notebook's epoch 0: loss and gradients as its code gives them with NumPy.")
def gradient_notebook(loss_and_gradients):
    diagnose(loss_and_gradients, (NOTEBOOK_PARAMS(), HELL, ELLO, [0.0] * 4), False, 1e-12)
    got = call(loss_and_gradients, NOTEBOOK_PARAMS(), HELL, ELLO, [0.0] * 4, False)
    expected = {  # NUMPY, as in test_tinyrnn.py: one row of each matrix, each bias
        ("W_xh", 0): [0.10780173491422046, -0.11157037597426077, -0.13721765804065655, 0.0],
        ("W_hh", 1): [0.05372300080548768, -0.03556221295755656, 0.003259292552447712,
                      -0.025991212280203325],
        ("W_hy", 0): [0.008045067879930035, -0.02667918075997724, 0.030052480930843485,
                      0.03810920609681566],
        ("b_h", None): [-0.14098629910069688, 0.11513640964038835, 0.259635032202729,
                        0.024007828541585577],
        ("b_y", None): [1.004776803580976, -0.006196781934088957, -0.9988989213545356,
                        0.0003188997076487565]}
    for (name, row), want in sorted(expected.items(), key=str):
        have = got[1][name] if row is None else got[1][name][row]
        compare(have, want, 1e-12, where="grads[%r]%s" % (name, "" if row is None
                                                         else "[%d]" % row))
    compare(got[0], 5.527646895941319, 1e-12, where="loss")


def check_result_shape(got):
    """Failed unless got is (loss, grads, h) with grads a dict whose matrices have own rows."""
    if not (isinstance(got, tuple) and len(got) == 3 and isinstance(got[1], dict)):
        raise Failed("loss_and_gradients must return (loss, grads, h), grads a dict, got %s"
                     % tinyrnn.brief(got))
    for name in sorted(got[1]):
        rows = got[1][name]
        if (isinstance(rows, list) and len(rows) > 1 and isinstance(rows[0], list)
                and rows[0] is rows[1]):
            raise Failed("grads[%r]: its rows are one list, so adding to one adds to all\n"
                         "      looks like: [[0.0] * cols] * rows; write "
                         "[[0.0] * cols for _ in range(rows)]" % name)


@described('Random models, from a nonzero h_prev: loss, every gradient, the last h.')
def gradient_random(loss_and_gradients):
    for seed in (1, 2, 3):
        diagnose(loss_and_gradients, random_case(seed), False, 1e-10)


@described("W_hy and b_y against finite differences (the notebook's gradient is exact there).")
def gradient_check_output_layer(loss_and_gradients):
    finite_differences(loss_and_gradients, ("W_hy", "b_y"), False)


def finite_differences(loss_and_gradients, names, bptt):
    """The learner's gradient of names against central differences of the summed -log y_pred."""
    case = random_case(7, steps=5)
    params, inputs, targets, h_prev = case
    got = call(loss_and_gradients, params, inputs, targets, h_prev, bptt)
    check_result_shape(got)
    for name in names:
        rows = tinyrnn.rows_of(params[name])
        numeric = []
        for r in range(len(rows)):
            numeric.append([])
            for c in range(len(rows[r])):
                original = rows[r][c]
                rows[r][c] = original + 1e-5
                up = summed_loss(params, inputs, targets, h_prev)
                rows[r][c] = original - 1e-5
                down = summed_loss(params, inputs, targets, h_prev)
                rows[r][c] = original
                numeric[-1].append((up - down) / 2e-5)
        want = numeric if tinyrnn.is_matrix(params[name]) else numeric[0]
        tol = 1e-6 * (1 + max(abs(v) for row in numeric for v in row))
        if first_difference(got[1].get(name), want, tol, "grads[%r]" % name):
            diagnose(loss_and_gradients, case, bptt, 1e-10)  # says where it goes wrong
            compare(got[1].get(name), want, tol, where="grads[%r]" % name)


def summed_loss(params, inputs, targets, h_prev):
    """The sum over the steps of -log(y_pred[target]), the loss the gradient belongs to."""
    total = 0.0
    for t in range(len(inputs)):
        s = tinyrnn.step(params, inputs[t], h_prev)
        total -= math.log(s["y_pred"][targets[t]])
        h_prev = s["h"]
    return total


@described("Every parameter's full gradient against central finite differences.")
def bptt_finite_differences(loss_and_gradients):
    finite_differences(loss_and_gradients, tinyrnn.PARAM_NAMES, True)


@described('Random models, from a nonzero h_prev, with bptt=True.')
def bptt_random(loss_and_gradients):
    for seed in (4, 5, 6):
        diagnose(loss_and_gradients, random_case(seed), True, 1e-10)


@described("bptt=False still gives the notebook's gradient.")
def bptt_false_is_the_notebooks(loss_and_gradients):
    diagnose(loss_and_gradients, random_case(8), False, 1e-10)


@described('Every weight moves by -learning_rate * its gradient, in params itself.')
def sgd_values(sgd_update):
    params, inputs, targets, h_prev = random_case(9)
    _, grads, _ = tinyrnn.loss_and_gradients(params, inputs, targets, h_prev)
    expected = dict(params)
    tinyrnn.sgd_update(expected, grads, 0.5)
    wrong_sign = dict(params)
    tinyrnn.sgd_update(wrong_sign, grads, -0.5)
    unchanged = copied(params)
    call(sgd_update, params, grads, 0.5)
    compare(params, expected, 1e-15, [("the update's sign: step downhill, param -= "
                                       "learning_rate * grad", wrong_sign),
                                      (UNCHANGED_HINT, unchanged)])


@described('A parameter without a gradient keeps its weights.')
def sgd_only_named(sgd_update):
    params = NOTEBOOK_PARAMS()
    call(sgd_update, params, {"b_y": [1.0, -2.0, 0.0, 0.5]}, 0.1)
    expected = NOTEBOOK_PARAMS()
    expected["b_y"] = [-0.1, 0.2, 0.0, -0.05]
    compare(params, expected, 1e-15, [(UNCHANGED_HINT, NOTEBOOK_PARAMS())])


@described('Two updates: memory sums the squared gradients, each step divides by its root.')
def adagrad_values(adagrad_update):
    params, inputs, targets, h_prev = random_case(10)
    _, grads, _ = tinyrnn.loss_and_gradients(params, inputs, targets, h_prev)
    zero = dict((name, tinyrnn.map_entries(tinyrnn.zero_of, params[name])) for name in params)
    expected, memory = dict(params), dict(zero)
    no_sum, no_sum_memory = dict(params), dict(zero)
    for _ in range(2):
        tinyrnn.adagrad_update(expected, grads, memory, 0.1)
        no_sum_memory = dict(zero)
        tinyrnn.adagrad_update(no_sum, grads, no_sum_memory, 0.1)
    got_params, got_memory = dict(params), dict(zero)
    unchanged = copied(params)
    for _ in range(2):
        call(adagrad_update, got_params, grads, got_memory, 0.1)
    compare(got_memory, memory, 1e-12, [("memory = grad ** 2 instead of memory += grad ** 2",
                                         no_sum_memory)])
    wrong_sign = dict(params)
    sign_memory = dict(zero)
    for _ in range(2):
        tinyrnn.adagrad_update(wrong_sign, grads, sign_memory, -0.1)
    compare(got_params, expected, 1e-12, [(UNCHANGED_HINT, unchanged),
                                          ("the update's sign: param -= ...", wrong_sign),
                                          ("memory = grad ** 2 instead of memory += grad ** 2",
                                           no_sum)])


@described('With clip, every gradient entry is limited to [-clip, clip] before anything else.')
def adagrad_clip(adagrad_update):
    params = NOTEBOOK_PARAMS()
    grads = {"b_y": [3.0, -0.5, -7.0, 0.1]}
    memory = {"b_y": [0.0] * 4}
    call(adagrad_update, params, grads, memory, 0.1, 1.0)
    clipped = [1.0, -0.5, -1.0, 0.1]
    compare(memory["b_y"], [g * g for g in clipped], 1e-15,
            [("not clipped: limit each entry to [-clip, clip] first", [9.0, 0.25, 49.0, 0.01])])
    compare(params["b_y"], [-0.1 * g / math.sqrt(g * g + 1e-8) for g in clipped], 1e-12)


def frequencies(sample_with_temperature, logits, temperature, draws=20000, seed=5):
    """How often the learner's sampler draws each index, over draws seeded draws."""
    rng = tinyrnn.SeededRandom(seed)
    counts = [0] * len(logits)
    for _ in range(draws):
        index = call(sample_with_temperature, logits, temperature, rng)
        if not (isinstance(index, int) and 0 <= index < len(logits)):
            raise Failed("expected an index from 0 to %d, got %s" % (len(logits) - 1,
                                                                      tinyrnn.brief(index)))
        counts[index] += 1
    return [c / draws for c in counts]


def unnormalized(probs):
    """What tinyrnn.sample draws from probabilities that do not sum to 1."""
    out, total = [], 0.0
    for p in probs:
        share = max(0.0, min(p, 1.0 - total))
        out.append(share)
        total += share
    out[-1] += 1.0 - total
    return out


@described('Each index comes up with probability softmax(y_logits / T), for T = 0.5 and 2.')
def sampling_distribution(sample_with_temperature):
    logits = [1.0, 2.0, 0.5, -1.0]
    for temperature in (0.5, 2.0):
        expected = tinyrnn.softmax([z / temperature for z in logits])
        probs = tinyrnn.softmax(logits)
        on_probs = [("temperature applied to the probabilities, not the logits: divide "
                     "y_logits by it, then softmax", variant) for variant in (
                         probs, tinyrnn.softmax([p / temperature for p in probs]),
                         unnormalized([p / temperature for p in probs]))]
        on_probs.append(("the temperature multiplies the logits: divide them by it, "
                         "softmax(y_logits / temperature)",
                         tinyrnn.softmax([z * temperature for z in logits])))
        got = frequencies(sample_with_temperature, logits, temperature)
        found = first_difference(got, expected, 0.015)  # 20,000 draws: sd below 0.004
        if found:
            for hint, variant in on_probs:
                if matches(got, variant, 0.015):
                    raise Failed("T = %g, %s\n      looks like: %s" % (temperature, found, hint))
            raise Failed("T = %g, %s" % (temperature, found))


@described('A temperature of 1e-300 always draws the likeliest index (no overflow, no NaN).')
def sampling_tiny_temperature(sample_with_temperature):
    got = frequencies(sample_with_temperature, [0.5, 2.0, 1.0], 1e-300, draws=200)
    compare(got, [0.0, 1.0, 0.0], 0.0)


# --- the gated cells: a GRU step, an LSTM step back -------------------------------------------

def sigmoid(a):
    """1 / (1 + e^-a), by hand."""
    return 1.0 / (1.0 + math.exp(-a))


def gru_as_written(params, index, h_prev, mistake=None):
    """The GRU step's r, z, n, h entry by entry, with a usual mistake built in, or none."""
    H = len(h_prev)
    found = {"r": [], "z": [], "n": [], "h": []}
    for i in range(H):
        def gate(name, bias):
            return (params["W_x" + name][i][index] + tinyrnn.dot(params["W_h" + name][i], h_prev)
                    + params[bias][i])
        r, z = sigmoid(gate("r", "b_r")), sigmoid(gate("z", "b_z"))
        found["r"].append(r)
        found["z"].append(z)
    for i in range(H):
        r = found["r"][i]
        if mistake == "reset before W_hn":  # W_hn @ (r * h_prev) + b_hn
            inner = tinyrnn.dot(params["W_hn"][i], [r_j * h for r_j, h in zip(found["r"],
                                                                             h_prev)])
            inner = inner + params["b_hn"][i]
        else:
            inner = r * (tinyrnn.dot(params["W_hn"][i], h_prev) + params["b_hn"][i])
        n = math.tanh(params["W_xn"][i][index] + params["b_xn"][i] + inner)
        z = found["z"][i]
        found["n"].append(n)
        found["h"].append(z * n + (1 - z) * h_prev[i] if mistake == "z swapped"
                          else (1 - z) * n + z * h_prev[i])
    return found


GRU_MISTAKES = [("z swapped", "z and 1 - z swapped: h = (1 - z) * n + z * h_prev, so that z "
                 "near 1 keeps the old h"),
                ("reset before W_hn", "the reset gate applied before W_hn: PyTorch's GRU takes "
                 "r * (W_hn @ h_prev + b_hn), after the product")]


def check_in_order(got, expected, names, variants, tol, where=""):
    """Compare got[name] with expected[name] for names in order; at the first difference,
    name the first variant that gives every quantity checked so far, or say what is right."""
    if not isinstance(got, dict):
        raise Failed("expected a dict of %s, got %s" % (", ".join(names), tinyrnn.brief(got)))
    for k, name in enumerate(names):
        found = first_difference(got.get(name), expected[name], tol, where + "[%r]" % name)
        if found is None:
            continue
        for hint, variant in variants:
            if all(matches(got.get(n), variant[n], tol) for n in names[:k + 1]):
                raise Failed("%s\n      looks like: %s" % (found, hint))
        if k:
            raise Failed("%s\n      right: %s: the mistake is in %s" % (
                found, ", ".join(names[:k]), name))
        raise Failed(found)


@described("One unit, worked by hand: r, z, n and h of PyTorch's GRU equations.")
def gru_one_unit(gru_step):
    p = {"W_xr": [[0.5, -0.5]], "W_hr": [[0.2]], "b_r": [0.1], "W_xz": [[-0.3, 0.4]],
         "W_hz": [[0.6]], "b_z": [0.0], "W_xn": [[0.7, 0.1]], "W_hn": [[-0.4]], "b_xn": [0.05],
         "b_hn": [0.2], "W_hy": [[1.0], [-1.0]], "b_y": [0.0, 0.0]}
    got = call(gru_step, p, 0, [0.4])
    variants = [(hint, gru_as_written(p, 0, [0.4], m)) for m, hint in GRU_MISTAKES]
    check_in_order(got, gru_as_written(p, 0, [0.4]), ["r", "z", "n", "h"], variants, 1e-12)


@described("A random GRU's step from a random h_prev, against tinyrnn.gru_step.")
def gru_random(gru_step):
    model = tinyrnn.TinyRNN("abcdef", 5, seed=3, cell="gru")
    rng = tinyrnn.SeededRandom(4)
    params = model.params
    for name in params:
        if name.startswith("b_"):
            params[name] = [b + 0.3 * rng.normal() for b in params[name]]
    h_prev = [0.5 * rng.normal() for _ in range(5)]
    expected = tinyrnn.gru_step(params, 2, h_prev)
    variants = [(hint, gru_as_written(params, 2, h_prev, m)) for m, hint in GRU_MISTAKES]
    check_in_order(call(gru_step, params, 2, h_prev), expected, ["r", "z", "n", "h"],
                   variants, 1e-12)


LSTM_QUANTITIES = ["dc", "do_raw", "di_raw", "df_raw", "dg_raw", "dc_prev"]


def lstm_back_as_written(s, c_prev, dh, dc_next, mistake=None):
    """One LSTM step back, entry by entry, with a usual mistake built in, or none."""
    found = dict((name, []) for name in LSTM_QUANTITIES)

    def keep(gate):
        """False when this gate's sigmoid derivative is the one left out."""
        return mistake != ("no sigmoid derivative", gate)
    for k in range(len(dh)):
        i, f, g, o, t = s["i"][k], s["f"][k], s["g"][k], s["o"][k], s["tanh_c"][k]
        slope = 1 - s["c"][k] ** 2 if mistake == "tanh at c" else 1 - t * t
        dc = (0.0 if mistake == "dc_next not carried" else dc_next[k]) + dh[k] * o * slope
        found["dc"].append(dc)
        found["do_raw"].append(dh[k] * t * (o * (1 - o) if keep("o") else 1.0))
        found["di_raw"].append(dc * g * (i * (1 - i) if keep("i") else 1.0))
        found["df_raw"].append(dc * c_prev[k] * (f * (1 - f) if keep("f") else 1.0))
        found["dg_raw"].append(dc * i * (1 - g * g))
        found["dc_prev"].append(dc if mistake == "dc_prev without f" else dc * f)
    return found


LSTM_MISTAKES = [
    ("dc_next not carried", "dc_next not carried back: dc = dc_next + dh * o * (1 - tanh_c ** 2)"),
    ("tanh at c", "tanh's derivative taken at c: it is 1 - tanh(c) ** 2, 1 - tanh_c ** 2"),
    (("no sigmoid derivative", "o"), "o's sigmoid derivative left out: do_raw = do * o * (1 - o)"),
    (("no sigmoid derivative", "i"), "i's sigmoid derivative left out: di_raw = di * i * (1 - i)"),
    (("no sigmoid derivative", "f"), "f's sigmoid derivative left out: df_raw = df * f * (1 - f)"),
    ("dc_prev without f", "dc_prev without f: c = f * c_prev + i * g, so dc_prev = dc * f")]


def lstm_case(seed):
    """A random LSTM step: (params, index, its values s, c_prev, dh, dc_next)."""
    model = tinyrnn.TinyRNN("abcdef", 4, seed=seed, cell="lstm")
    rng = tinyrnn.SeededRandom(seed + 1)
    state = [0.5 * rng.normal() for _ in range(8)]
    s = tinyrnn.lstm_step(model.params, 1, state)
    return (model.params, 1, s, state[4:], [0.3 * rng.normal() for _ in range(4)],
            [0.3 * rng.normal() for _ in range(4)])


@described("One step back from random values: dc, each gate's raw gradient, dc_prev.")
def lstm_backward_values(lstm_backward):
    params, index, s, c_prev, dh, dc_next = lstm_case(5)
    got = call(lstm_backward, s, c_prev, dh, dc_next)
    variants = [(hint, lstm_back_as_written(s, c_prev, dh, dc_next, m))
                for m, hint in LSTM_MISTAKES]
    check_in_order(got, lstm_back_as_written(s, c_prev, dh, dc_next), LSTM_QUANTITIES,
                   variants, 1e-12)


def lstm_bptt_with(lstm_backward, params, inputs, targets):
    """The whole BPTT gradient of an LSTM with the learner's step back in its loop."""
    H, V = len(params["b_i"]), len(params["b_y"])
    state, steps = [0.0] * (2 * H), []
    for index in inputs:
        s = tinyrnn.lstm_step(params, index, state)
        steps.append((state, s))
        state = s["state"]
    grads = dict((name, tinyrnn.map_entries(tinyrnn.zero_of, params[name])) for name in params)
    dh_next, dc_next = [0.0] * H, [0.0] * H
    for t in reversed(range(len(inputs))):
        before, s = steps[t]
        dy = s["y_pred"][:]
        dy[targets[t]] -= 1.0
        for j in range(V):
            grads["W_hy"][j] = [g + dy[j] * h for g, h in zip(grads["W_hy"][j], s["h"])]
            grads["b_y"][j] += dy[j]
        dh = tinyrnn.add(tinyrnn.matvec(tinyrnn.transpose(params["W_hy"]), dy), dh_next)
        q = call(lstm_backward, s, before[H:], dh, dc_next)
        dh_next = [0.0] * H
        for gate in "ifgo":
            raw = q.get("d%s_raw" % gate) if isinstance(q, dict) else None
            if not (isinstance(raw, list) and len(raw) == H):
                raise Failed("expected a dict with d%s_raw, a list of %d numbers, got %s"
                             % (gate, H, tinyrnn.brief(q)))
            for i in range(H):
                grads["W_x" + gate][i][inputs[t]] += raw[i]
                grads["W_h" + gate][i] = [g + raw[i] * h for g, h in
                                          zip(grads["W_h" + gate][i], before[:H])]
            grads["b_" + gate] = tinyrnn.add(grads["b_" + gate], raw)
            dh_next = tinyrnn.add(dh_next, tinyrnn.matvec(
                tinyrnn.transpose(params["W_h" + gate]), raw))
        dc_next = q["dc_prev"]
    return grads


@described("In a whole BPTT gradient: every parameter's as tinyrnn's LSTM gives it.")
def lstm_backward_in_bptt(lstm_backward):
    model = tinyrnn.TinyRNN("abcde", 3, seed=6, cell="lstm")
    text = "abcdeabced"
    indices = model.encode(text)
    expected = model.loss_and_gradients(text, bptt=True)[1]
    got = lstm_bptt_with(lstm_backward, model.params, indices[:-1], indices[1:])
    for name in tinyrnn.LSTM_NAMES:
        compare(got[name], expected[name], 1e-10, where="grads[%r]" % name)


EXERCISES = [  # (file, the function it defines, its checks)
    ("e1_softmax.py", "softmax", [softmax_notebook, softmax_sums_to_one, softmax_large_logits]),
    ("e2_step.py", "step", [step_0_values, step_1_values, step_random]),
    ("e3_gradient.py", "loss_and_gradients", [gradient_notebook, gradient_random,
                                              gradient_check_output_layer]),
    ("e4_bptt.py", "loss_and_gradients", [bptt_random, bptt_finite_differences,
                                          bptt_false_is_the_notebooks]),
    ("e5_sgd_update.py", "sgd_update", [sgd_values, sgd_only_named]),
    ("e6_adagrad.py", "adagrad_update", [adagrad_values, adagrad_clip]),
    ("e7_sampling.py", "sample_with_temperature", [sampling_distribution,
                                                   sampling_tiny_temperature]),
    ("e8_gru_step.py", "gru_step", [gru_one_unit, gru_random]),
    ("e9_lstm_backward.py", "lstm_backward", [lstm_backward_values, lstm_backward_in_bptt]),
]
OWN = {"lstm_backward": lstm_back_as_written}  # the grader's own where tinyrnn has none by
# that name: its check in a whole BPTT gradient holds it to tinyrnn's LSTM


def run_checks(function, checks):
    """Print one line per check; returns the number that failed."""
    failed = 0
    for check in checks:
        description = DESCRIPTIONS[check.__name__]
        try:
            check(function)
        except NotWritten:
            print("not written yet: %s still raises NotImplementedError"
                  % getattr(function, "__name__", "the function"))
            return len(checks)
        except Failed as failure:
            failed += 1
            print("FAIL  %s\n      %s" % (description, failure))
        else:
            print("PASS  %s" % description)
    return failed


def load(path):
    """The learner's module from path; SystemExit(2) with one line if it cannot be loaded."""
    folder, name = path.rsplit("/", 1) if "/" in path else (".", path)
    if not name.endswith(".py"):
        print("check.py: %s is not a Python file" % path)
        raise SystemExit(2)
    sys.path.insert(0, folder)
    sys.modules.pop(name[:-3], None)  # a file checked before under the same name
    try:
        return __import__(name[:-3])
    except Exception as error:  # SyntaxError, ImportError, NameError, ...
        line = getattr(error, "lineno", None)
        print("check.py: cannot load %s: %s: %s%s" % (path, type(error).__name__, error,
                                                      "" if line is None else " (line %d)" % line))
        raise SystemExit(2)
    finally:
        sys.path.pop(0)


def defines(module, name):
    """True when the module defines the function name itself (not imports it from tinyrnn)."""
    function = getattr(module, name, None)
    return function is not None and getattr(function, "__module__", None) != "tinyrnn"


def main(argv):
    """Check the file in argv, or tinyrnn's own functions; returns the exit status."""
    if not argv:
        failed = 0
        for filename, name, checks in EXERCISES:
            print("%s.%s (%s):" % ("tinyrnn" if hasattr(tinyrnn, name) else "the grader's",
                                   name, filename))
            failed += run_checks(getattr(tinyrnn, name, None) or OWN[name], checks)
        print("tinyrnn's own functions: %s"
              % ("all pass" if failed == 0 else "%d failed" % failed))
        return 1 if failed else 0
    path = argv[0]
    module = load(path)
    filename = path.rsplit("/", 1)[-1]
    chosen = [e for e in EXERCISES if e[0] == filename]
    if not chosen:  # a file of another name: find the exercise by the function it defines
        chosen = [e for e in EXERCISES if defines(module, e[1])][:1]
    if not chosen:
        print("check.py: %s defines none of %s" % (path, ", ".join(e[1] for e in EXERCISES)))
        return 2
    filename, name, checks = chosen[0]
    if not hasattr(module, name):
        print("check.py: %s does not define %s" % (path, name))
        return 2
    print("checking %s from %s" % (name, path))
    failed = run_checks(getattr(module, name), checks)
    print("%s: %s" % (filename, "all %d checks pass" % len(checks) if failed == 0
                      else "%d of %d checks failed" % (failed, len(checks))))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(getattr(sys, "argv", [])[1:]))  # Skulpt's sys has no exit
