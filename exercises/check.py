"""The exercises' grader: checks a function you wrote against independent numbers.

    python3 exercises/check.py exercises/e1_softmax.py     (one exercise)
    python3 exercises/check.py                            (tinyrnn's own functions: all pass)

It prints one line per check. When a check fails it says which output and which entry, what was
expected and what came out, and, where the numbers match a classic mistake, which one. Exit
status: 0 when every check passes, 1 when one fails, 2 when the file cannot be loaded.

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
        raise Failed("%s raised %s: %s" % (getattr(function, "__name__", "it"),
                                           type(error).__name__, error))


# --- reference computations with a classic mistake built in --------------------------------------

def gradients_with(params, inputs, targets, h_prev, bptt=False, derivative="1 - h**2",
                   accumulate=True, dh_next_after_tanh=False):
    """The loss's gradient as a learner might compute it, mistakes selectable.

    derivative: "1 - h**2" (right), "1 - h" or "1 - mid_h**2"; accumulate=False keeps only the
    last step's share (= instead of +=); dh_next_after_tanh adds dh_next to dh_raw instead of dh.
    """
    H, V = len(params["b_h"]), len(params["b_y"])
    steps = []
    for t in range(len(inputs)):
        s = tinyrnn.step(params, inputs[t], h_prev)
        steps.append((h_prev, s))
        h_prev = s["h"]
    grads = {"W_xh": [[0.0] * V for _ in range(H)], "W_hh": [[0.0] * H for _ in range(H)],
             "W_hy": [[0.0] * H for _ in range(V)], "b_h": [0.0] * H, "b_y": [0.0] * V}
    dh_next = [0.0] * H
    for t in reversed(range(len(inputs))):
        before, s = steps[t]
        dy = s["y_pred"][:]
        dy[targets[t]] -= 1.0
        dh = tinyrnn.matvec(tinyrnn.transpose(params["W_hy"]), dy)
        if bptt and not dh_next_after_tanh:
            dh = tinyrnn.add(dh, dh_next)
        if derivative == "1 - h":
            slope = [1.0 - h for h in s["h"]]
        elif derivative == "1 - mid_h**2":
            slope = [1.0 - m * m for m in s["mid_h"]]
        else:
            slope = [1.0 - h * h for h in s["h"]]
        dh_raw = tinyrnn.multiply(slope, dh)
        if bptt and dh_next_after_tanh:
            dh_raw = tinyrnn.add(dh_raw, dh_next)
        if accumulate or t == len(inputs) - 1:
            add_outer(grads["W_hy"], dy, s["h"])
            add_outer(grads["W_xh"], dh_raw, s["x"])
            add_outer(grads["W_hh"], dh_raw, before)
            grads["b_y"] = tinyrnn.add(grads["b_y"], dy)
            grads["b_h"] = tinyrnn.add(grads["b_h"], dh_raw)
        dh_next = tinyrnn.matvec(tinyrnn.transpose(params["W_hh"]), dh_raw)
    return grads


def add_outer(M, a, b):
    """M += a @ b.T, in place."""
    for i in range(len(a)):
        M[i] = [m + a[i] * b_j for m, b_j in zip(M[i], b)]


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


def mistakes_of_the_gradient(params, inputs, targets, h_prev, bptt):
    """(hint, grads) for each classic mistake of the gradient on this case."""
    T = len(inputs)
    zeros_h = [0.0] * len(h_prev)
    not_carried = None
    for t in range(T):  # every step from the h_prev given, not from the step before's h
        g = tinyrnn.loss_and_gradients(params, inputs[t:t + 1], targets[t:t + 1], h_prev, bptt)[1]
        not_carried = g if not_carried is None else tinyrnn.add_grads(not_carried, g)
    mistakes = [
        ("= instead of +=: each step replaces grads instead of adding to them",
         gradients_with(params, inputs, targets, h_prev, bptt, accumulate=False)),
        ("1 - h for the tanh derivative: it is 1 - h ** 2",
         gradients_with(params, inputs, targets, h_prev, bptt, derivative="1 - h")),
        ("1 - mid_h ** 2 for the tanh derivative: it is 1 - h ** 2, with h = tanh(mid_h)",
         gradients_with(params, inputs, targets, h_prev, bptt, derivative="1 - mid_h**2")),
        ("targets off by one: step t predicts targets[t], the character after inputs[t]",
         tinyrnn.loss_and_gradients(params, inputs, inputs, h_prev, bptt)[1]),
        ("targets off by one: step t predicts targets[t], the character after inputs[t]",
         tinyrnn.loss_and_gradients(params, inputs, targets[-1:] + targets[:-1], h_prev,
                                    bptt)[1]),
        ("h_prev not carried: after each step, h_prev = h", not_carried),
        ("h_prev not used: start from the h_prev you are given (train_epoch passes zeros at "
         "each epoch, chunks pass the last h)",
         tinyrnn.loss_and_gradients(params, inputs, targets, zeros_h, bptt)[1]),
    ]
    if bptt:
        mistakes += [
            ("dh_next missing: this is the notebook's gradient; add dh_next to dh",
             tinyrnn.loss_and_gradients(params, inputs, targets, h_prev, False)[1]),
            ("dh_next added after the tanh derivative: add it to dh, before (1 - h ** 2) * dh",
             gradients_with(params, inputs, targets, h_prev, True, dh_next_after_tanh=True))]
    return mistakes


def check_gradient_case(loss_and_gradients, params, inputs, targets, h_prev, bptt, tol):
    """The learner's (loss, grads, h) against tinyrnn's, naming the mistake if one matches."""
    got = call(loss_and_gradients, params, inputs, targets, h_prev, bptt)
    check_result_shape(got)
    loss, grads, h = tinyrnn.loss_and_gradients(params, inputs, targets, h_prev, bptt)
    mistakes = mistakes_of_the_gradient(params, inputs, targets, h_prev, bptt)
    for name in tinyrnn.PARAM_NAMES:
        compare(got[1].get(name), grads[name], tol, [(hint, g[name]) for hint, g in mistakes],
                "grads[%r]" % name)
    compare(got[0], loss, tol, where="loss")
    compare(got[2], h, tol, [("return the last step's h, not the h_prev you were given", h_prev)],
            "the last h")


@described("The notebook's epoch 0: loss and gradients as its code gives them with NumPy.")
def gradient_notebook(loss_and_gradients):
    got = call(loss_and_gradients, NOTEBOOK_PARAMS(), HELL, ELLO, [0.0] * 4, False)
    check_result_shape(got)
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
    mistakes = mistakes_of_the_gradient(NOTEBOOK_PARAMS(), HELL, ELLO, [0.0] * 4, False)
    for (name, row), want in sorted(expected.items(), key=str):
        have = got[1].get(name)
        if row is not None:
            have = have[row] if isinstance(have, list) and len(have) == 4 else have
        variants = [(hint, g[name] if row is None else g[name][row]) for hint, g in mistakes]
        compare(have, want, 1e-12, variants, "grads[%r]%s" % (name, "" if row is None
                                                              else "[%d]" % row))
    compare(got[0], 5.527646895941319, 1e-12, where="loss")


def check_result_shape(got):
    """Failed unless got is (loss, grads, h) with grads a dict whose matrices have own rows."""
    if not (isinstance(got, tuple) and len(got) == 3 and isinstance(got[1], dict)):
        raise Failed("loss_and_gradients must return (loss, grads, h), grads a dict, got %s"
                     % tinyrnn.brief(got))
    for name in sorted(got[1]):
        rows = got[1][name]
        if isinstance(rows, list) and len(rows) > 1 and rows[0] is rows[1]:
            raise Failed("grads[%r]: its rows are one list, so adding to one adds to all\n"
                         "      looks like: [[0.0] * cols] * rows; write "
                         "[[0.0] * cols for _ in range(rows)]" % name)


@described('Random models, from a nonzero h_prev: loss, every gradient, the last h.')
def gradient_random(loss_and_gradients):
    for seed in (1, 2, 3):
        check_gradient_case(loss_and_gradients, *random_case(seed), bptt=False, tol=1e-10)


@described("W_hy and b_y against finite differences (the notebook's gradient is exact there).")
def gradient_check_output_layer(loss_and_gradients):
    finite_differences(loss_and_gradients, ("W_hy", "b_y"), False)


def finite_differences(loss_and_gradients, names, bptt):
    """The learner's gradient of names against central differences of the summed -log y_pred."""
    params, inputs, targets, h_prev = random_case(7, steps=5)
    got = call(loss_and_gradients, params, inputs, targets, h_prev, bptt)
    check_result_shape(got)
    grads = got[1]
    mistakes = mistakes_of_the_gradient(params, inputs, targets, h_prev, bptt)
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
        compare(grads.get(name), want, 1e-6 * (1 + max(abs(v) for row in numeric for v in row)),
                [(hint, g[name]) for hint, g in mistakes], "grads[%r]" % name)


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
        check_gradient_case(loss_and_gradients, *random_case(seed), bptt=True, tol=1e-10)


@described("bptt=False still gives the notebook's gradient.")
def bptt_false_is_the_notebooks(loss_and_gradients):
    check_gradient_case(loss_and_gradients, *random_case(8), bptt=False, tol=1e-10)


@described('Every weight moves by -learning_rate * its gradient, in params itself.')
def sgd_values(sgd_update):
    params, inputs, targets, h_prev = random_case(9)
    _, grads, _ = tinyrnn.loss_and_gradients(params, inputs, targets, h_prev)
    expected = dict(params)
    tinyrnn.sgd_update(expected, grads, 0.5)
    wrong_sign = dict(params)
    tinyrnn.sgd_update(wrong_sign, grads, -0.5)
    call(sgd_update, params, grads, 0.5)
    compare(params, expected, 1e-15, [("the update's sign: step downhill, param -= "
                                       "learning_rate * grad", wrong_sign)])


@described('A parameter without a gradient keeps its weights.')
def sgd_only_named(sgd_update):
    params = NOTEBOOK_PARAMS()
    call(sgd_update, params, {"b_y": [1.0, -2.0, 0.0, 0.5]}, 0.1)
    expected = NOTEBOOK_PARAMS()
    expected["b_y"] = [-0.1, 0.2, 0.0, -0.05]
    compare(params, expected, 1e-15)


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
    for _ in range(2):
        call(adagrad_update, got_params, grads, got_memory, 0.1)
    compare(got_memory, memory, 1e-12, [("memory = grad ** 2 instead of memory += grad ** 2",
                                         no_sum_memory)])
    wrong_sign = dict(params)
    sign_memory = dict(zero)
    for _ in range(2):
        tinyrnn.adagrad_update(wrong_sign, grads, sign_memory, -0.1)
    compare(got_params, expected, 1e-12, [("the update's sign: param -= ...", wrong_sign),
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


EXERCISES = [  # (file, the function it defines, its checks)
    ("e1_softmax.py", "softmax", [softmax_notebook, softmax_sums_to_one, softmax_large_logits]),
    ("e2_step.py", "step", [step_0_values, step_1_values, step_random]),
    ("e3_gradient.py", "loss_and_gradients", [gradient_notebook, gradient_random,
                                              gradient_check_output_layer]),
    ("e4_bptt.py", "loss_and_gradients", [bptt_finite_differences, bptt_random,
                                          bptt_false_is_the_notebooks]),
    ("e5_sgd_update.py", "sgd_update", [sgd_values, sgd_only_named]),
    ("e6_adagrad.py", "adagrad_update", [adagrad_values, adagrad_clip]),
    ("e7_sampling.py", "sample_with_temperature", [sampling_distribution,
                                                   sampling_tiny_temperature]),
]


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


def main(argv):
    """Check the file in argv, or tinyrnn's own functions; returns the exit status."""
    if not argv:
        failed = 0
        for filename, name, checks in EXERCISES:
            print("tinyrnn.%s (%s):" % (name, filename))
            failed += run_checks(getattr(tinyrnn, name), checks)
        print("tinyrnn's own functions: %s"
              % ("all pass" if failed == 0 else "%d failed" % failed))
        return 1 if failed else 0
    path = argv[0]
    module = load(path)
    filename = path.rsplit("/", 1)[-1]
    chosen = [e for e in EXERCISES if e[0] == filename]
    if not chosen:  # a file of another name: find the exercise by the function it defines
        chosen = [e for e in EXERCISES if hasattr(module, e[1])][:1]
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
