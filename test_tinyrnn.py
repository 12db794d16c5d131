"""The specification of tinyrnn, as tests: python3 test_tinyrnn.py (or python3 -m pytest -q)

Where the expected numbers come from:
- NOTEBOOK: printed by the notebook itself (notebook.txt), to 8 decimals.
- NUMPY: printed by scripts/notebook_reference.py, the notebook's own code run with NumPy 2.4.6
  on CPython 3.11 (2026-11-24); full precision.
- MINCHAR: printed by scripts/minchar_reference.py, min-char-rnn's training code (chunks with a
  carried hidden state, BPTT, clipping, Adagrad) run with NumPy 2.4.6 on CPython 3.11
  (2026-11-24); full precision.
- Finite differences, hand-worked small cases, published constants and invariants, each named
  where it is used. No expected number was copied from tinyrnn's own output.
The tests do not need NumPy; two tests rerun the reference scripts when NumPy is installed.

Without pytest (PyPy, Pyodide, MicroPython): python3 test_tinyrnn.py [WORD]. Tests that need what
an interpreter lacks (subprocesses, files, doctest, capturing stdout) skip themselves there.
"""

import math
import sys

try:
    import os
except (ImportError, NotImplementedError):  # Skulpt has no os: tests that need it skip
    class NoOs:
        """Stands in for os: any use of it skips the test."""

        def __getattr__(self, name):
            skip("this Python has no os module")
    os = NoOs()

import tinyrnn
from tinyrnn import TinyRNN

PLATFORM = getattr(sys, "platform", "skulpt")  # Skulpt's sys has no platform
IN_A_BROWSER = PLATFORM in ("emscripten", "brython", "skulpt")  # no processes there
MISSING = (ImportError, NotImplementedError)  # Skulpt raises NotImplementedError for a module
try:
    FILE_ERROR = OSError
except NameError:  # Skulpt has only IOError
    FILE_ERROR = IOError

try:
    HERE = os.path.dirname(os.path.abspath(__file__))
except Exception:  # MicroPython: no os.path; Skulpt: no os; a page: no __file__
    HERE = "."
TINYRNN = HERE + "/tinyrnn.py"


# ---------------------------------------------------------------------------------------------
# Helpers: plain Python, so the file needs nothing but tinyrnn
# ---------------------------------------------------------------------------------------------

def close(actual, expected, tol):
    """True when two numbers, vectors or matrices agree entry by entry within tol."""
    if isinstance(expected, (list, tuple)):
        return len(actual) == len(expected) and all(
            close(a, e, tol) for a, e in zip(actual, expected))
    return abs(actual - expected) <= tol


def error_of(func, *args, **kwargs):
    """The message of the ValueError that func(*args, **kwargs) raises; fails if none is raised."""
    try:
        func(*args, **kwargs)
    except ValueError as error:
        return str(error)
    raise AssertionError("%s%r did not raise ValueError" % (getattr(func, "__name__", "?"), args))


class SkipTest(Exception):
    """Raised by a test that cannot run on this interpreter (when run by run_tests below)."""


UNDER_RUNNER = False  # True when run_tests runs the suite; otherwise pytest does


def skip(reason):
    """Skip this test: pytest's skip under pytest, a SkipTest under run_tests."""
    if not UNDER_RUNNER:
        import pytest
        pytest.skip(reason)
    raise SkipTest(reason)


def printed(func, *args, **kwargs):
    """What func(*args, **kwargs) prints to stdout."""
    try:
        import io
    except MISSING:
        skip("this Python has no io module")
    saved = sys.stdout
    try:
        sys.stdout = io.StringIO()
    except AttributeError:
        skip("this Python cannot redirect sys.stdout")
    try:
        func(*args, **kwargs)
        return sys.stdout.getvalue()
    finally:
        sys.stdout = saved


def join_path(*parts):
    """os.path.join(*parts); skips the test where os has no path (MicroPython's unix port)."""
    try:
        return os.path.join(*parts)
    except AttributeError:
        skip("this Python's os module has no path")


def subprocess_module():
    """The subprocess module; skips the test where this Python cannot start processes."""
    try:
        import subprocess
    except MISSING:
        skip("this Python has no subprocess module")
    if IN_A_BROWSER:
        skip("Pythons in WebAssembly or a browser cannot start processes")
    return subprocess


HANG_GUARD = 600  # seconds: a child still running by then is stuck, not slow; never a speed test


def start(args, cwd=None, env=None, stdin=None):
    """Start this Python with args in a process group of its own (so it and anything it starts
    can be ended together), stdout and stderr piped; stdin piped too when stdin is "pipe"."""
    subprocess = subprocess_module()
    return subprocess.Popen([sys.executable] + args, cwd=cwd, env=env, universal_newlines=True,
                            stdin=subprocess.PIPE if stdin == "pipe" else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=ctrl_c_as_from_a_terminal)


def ctrl_c_as_from_a_terminal():
    """In the child, before it runs: Ctrl-C (SIGINT) raises KeyboardInterrupt, as in a terminal,
    even when the suite itself was started in the background, where a shell ignores SIGINT
    and its children would inherit that."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def finish(process, typed=None):
    """(exit status, stdout, stderr) of a process from start(), sending it typed first.

    Reading both pipes while writing (communicate) cannot deadlock. If it has not ended after
    HANG_GUARD seconds the test fails; either way its whole process group is then killed, so
    no test leaves a process behind.
    """
    import signal
    subprocess = subprocess_module()
    try:
        out, err = process.communicate(typed, timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        raise AssertionError("%s was still running after %d s" % (process.args, HANG_GUARD))
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # what it started and left running
        except OSError:  # nothing left in the group
            pass
        if process.returncode is None:
            process.wait()
    return process.returncode, out, err


def run(args, cwd=None, env=None, typed=None):
    """Run this Python with args (and typed on its stdin); returns (exit status, stdout, stderr)."""
    return finish(start(args, cwd, env, None if typed is None else "pipe"), typed)


def temp_dir():
    """A new empty folder that is removed when the process ends."""
    try:
        import atexit
        import shutil
        import tempfile
    except MISSING:
        skip("this Python has no tempfile module")
    try:
        path = tempfile.mkdtemp(prefix="tinyrnn-test-")
    except (AttributeError, NotImplementedError, FILE_ERROR):  # Skulpt, Brython
        skip("this Python cannot make a temporary folder")
    atexit.register(shutil.rmtree, path, True)
    return path


def project_file(name):
    """The text of a file of the project; skips the test where the project's files are absent."""
    try:
        with open(join_path(HERE, name), encoding="utf-8") as f:
            return f.read()
    except (FILE_ERROR, TypeError):  # TypeError: an open() without encoding (MicroPython)
        skip("this Python cannot read the project's files")


def project_listing(folder):
    """The names in a folder of the project, sorted; skips the test where it cannot be listed."""
    try:
        return sorted(os.listdir(join_path(HERE, folder)))
    except Exception:  # no folder listing here (Brython), or no project folder (Pyodide)
        skip("this Python cannot list the project's folders")


def json_or_skip():
    """The json module; skips the test where this Python has none that reads and writes text."""
    try:
        return tinyrnn._json_module()
    except ValueError:
        skip("this Python has no json.loads and json.dumps")


def reference_script(name):
    """The module scripts/name.py, which needs NumPy; skips the test where NumPy is missing."""
    if IN_A_BROWSER:
        skip("NumPy is not installed in a browser: the numbers above were taken earlier")
    sys.path.insert(0, HERE + "/scripts")
    try:
        return __import__(name)
    except MISSING:
        skip("NumPy is not installed: the numbers above were taken from this script earlier")
    finally:
        sys.path.pop(0)


def trained_hello():
    """The demo's model: the notebook's weights after 50 epochs on "hello"."""
    model = TinyRNN.from_notebook()
    model.fit("hello", 50, learning_rate=0.1)
    return model


# ---------------------------------------------------------------------------------------------
# Building blocks, on small cases worked by hand
# ---------------------------------------------------------------------------------------------

def test_doctests_of_the_module_pass():
    try:
        import doctest
    except MISSING:
        skip("this Python has no doctest module")
    result = doctest.testmod(tinyrnn)
    assert result.attempted > 20 and result.failed == 0


def test_one_hot_puts_a_single_one_at_the_index():
    assert tinyrnn.one_hot(0, 4) == [1.0, 0.0, 0.0, 0.0]
    assert tinyrnn.one_hot(3, 4) == [0.0, 0.0, 0.0, 1.0]


def test_matvec_takes_one_dot_product_per_row():
    # by hand: [1*5 + 2*6, 3*5 + 4*6, 0*5 + -1*6]
    assert tinyrnn.matvec([[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]], [5.0, 6.0]) == [17.0, 39.0, -6.0]


def test_transpose_turns_rows_into_columns():
    assert tinyrnn.transpose([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]


def test_sum_of_outers_equals_adding_outer_products_one_at_a_time():
    a_list = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]]
    b_list = [[2.0, 1.0, 0.0], [1.0, 1.0, 1.0], [4.0, 0.0, -2.0]]
    # by hand: row 0 = 1*[2,1,0] + 3*[1,1,1] + 0.5*[4,0,-2]; row 1 = 2*[2,1,0] - 1*[1,1,1]
    assert tinyrnn.sum_of_outers(a_list, b_list) == [[7.0, 4.0, 2.0], [3.0, 1.0, -1.0]]


def test_sum_of_outers_one_hot_adds_each_vector_to_the_column_of_its_index():
    a_list = [[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]]
    # by hand: column 0 gets [1, 2] + [0.5, 4]; column 2 gets [3, -1]; column 1 stays zero
    assert tinyrnn.sum_of_outers_one_hot(a_list, [0, 2, 0], 3) == [[1.5, 0.0, 3.0],
                                                                    [6.0, 0.0, -1.0]]


def test_add_works_entry_by_entry():
    assert tinyrnn.add([1.0, 2.0], [3.0, -5.0]) == [4.0, -3.0]


def test_multiply_works_entry_by_entry():
    assert tinyrnn.multiply([1.0, 2.0], [3.0, -5.0]) == [3.0, -10.0]


def test_matvec_refuses_a_vector_of_the_wrong_length_naming_both_shapes():
    # as NumPy's W @ v refuses (6, 5) @ (6,): zip would silently drop an entry
    W = [[1.0] * 5 for _ in range(6)]
    assert error_of(tinyrnn.matvec, W, [1.0] * 6) == "W @ v: shapes (6, 5) and (6,) do not match"


def test_add_and_multiply_refuse_vectors_of_different_lengths_naming_both():
    assert error_of(tinyrnn.add, [1.0] * 4, [1.0] * 5) == \
        "a + b: shapes (4,) and (5,) do not match"
    assert error_of(tinyrnn.multiply, [1.0] * 3, [1.0]) == "a * b: shapes (3,) and (1,) do not match"


def test_vector_sum_adds_the_vectors_entry_by_entry():
    assert tinyrnn.vector_sum([[1.0, 2.0], [3.0, -5.0], [0.5, 0.0]]) == [4.5, -3.0]


def test_tanh_follows_its_definition():
    for z in (-3.0, -0.5, 0.0, 0.25, 2.0):
        by_definition = (math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z))
        assert close(tinyrnn.tanh([z])[0], by_definition, 1e-15)


def test_tanh_derivative_matches_central_differences():
    for z in (-1.5, 0.0, 0.7):
        numeric = (math.tanh(z + 1e-6) - math.tanh(z - 1e-6)) / 2e-6
        assert close(tinyrnn.tanh_derivative([math.tanh(z)])[0], numeric, 1e-9)


def test_softmax_gives_probabilities_in_the_order_of_the_logits():
    probs = tinyrnn.softmax([2.0, -1.0, 0.5])
    assert close(sum(probs), 1.0, 1e-15)
    assert probs[0] > probs[2] > probs[1] > 0


def test_softmax_matches_the_notebooks_formula():
    logits = [0.017201983273909406, 0.0011550198870609908, 0.03680227608588141]
    exps = [math.exp(z) for z in logits]  # the notebook: np.exp(y) / np.sum(np.exp(y))
    assert close(tinyrnn.softmax(logits), [e / sum(exps) for e in exps], 1e-16)


def test_softmax_of_huge_logits_does_not_overflow():
    # softmax([a, a + 1]) is [1 / (1 + e), e / (1 + e)] for any a; the notebook's form fails at 710
    e = math.e
    assert close(tinyrnn.softmax([1000.0, 1001.0]), [1 / (1 + e), e / (1 + e)], 1e-15)


def test_cross_entropy_of_uniform_probabilities_is_the_log_of_the_vocabulary_size():
    assert close(tinyrnn.cross_entropy([0.25] * 4, 1), math.log(4), 1e-7)


def test_cross_entropy_adds_1e_8_inside_the_log_as_the_notebook_does():
    assert tinyrnn.cross_entropy([1.0, 0.0], 1) == -math.log(1e-8)


def test_downhill_subtracts_learning_rate_times_gradient_from_every_entry():
    # by hand: [1 - 0.1 * 10, 2 - 0.1 * -10] and [0.5 - 0.1 * 5]
    assert tinyrnn.downhill([[1.0, 2.0], [0.5, 0.0]], [[10.0, -10.0], [5.0, 0.0]], 0.1) == \
        [[0.0, 3.0], [0.0, 0.0]]


def test_seeded_random_is_xorshift32_as_published():
    rng = tinyrnn.SeededRandom()
    rng.state = 2463534242  # Marsaglia, "Xorshift RNGs" (2003): this seed's first output
    assert rng.next_int() == 723471715


def test_seeded_random_repeats_for_the_same_seed_and_differs_for_another():
    first = [tinyrnn.SeededRandom(7).normal() for _ in range(3)]
    assert first == [tinyrnn.SeededRandom(7).normal() for _ in range(3)]
    assert tinyrnn.SeededRandom(7).uniform() != tinyrnn.SeededRandom(8).uniform()


def test_seeded_random_normals_have_mean_0_and_standard_deviation_1():
    rng = tinyrnn.SeededRandom(3)
    values = [rng.normal() for _ in range(20000)]
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    assert abs(mean) < 0.03 and abs(sd - 1) < 0.03  # 20000 draws: standard error 0.007


def test_seeded_random_uniforms_stay_inside_0_and_1():
    rng = tinyrnn.SeededRandom(0)
    values = [rng.uniform() for _ in range(10000)]
    assert 0 < min(values) and max(values) < 1 and abs(sum(values) / 10000 - 0.5) < 0.02


# ---------------------------------------------------------------------------------------------
# The notebook's printed numbers (NOTEBOOK), within 1e-8
# ---------------------------------------------------------------------------------------------

HELL = [0, 1, 2, 2]  # the notebook's inputs "hell" and targets "ello" as indices of "helo"
ELLO = [1, 2, 2, 3]


def notebook_step(t, h_prev):
    """Part 1's values for the notebook's step t ("hell"[t]) from its initial weights."""
    return tinyrnn.step(tinyrnn.notebook_params(), HELL[t], h_prev)


def test_notebook_params_are_the_notebooks_weights_and_zero_biases():
    p = tinyrnn.notebook_params()
    assert p["W_xh"][0] == [0.13309074, 0.17127598, -0.15813858, -0.04525709]  # NOTEBOOK In [5]
    assert p["W_hh"][3] == [0.01199125, -0.01561548, 0.10577997, 0.10847363]
    assert p["W_hy"][2] == [0.17101969, -0.2330526, -0.04581541, 0.06289344]
    assert p["b_h"] == [0.0] * 4 and p["b_y"] == [0.0] * 4


def test_step_0_x_is_the_notebooks_one_hot_h():
    assert notebook_step(0, tinyrnn.zeros(4))["x"] == [1.0, 0.0, 0.0, 0.0]  # NOTEBOOK In [3]


def test_step_0_W_xh_at_x_is_the_notebooks():
    parts = notebook_step(0, tinyrnn.zeros(4))
    assert close(parts["W_xh @ x"], [0.13309074, -0.09057376, 0.04669049, -0.07548864], 1e-8)


def test_step_0_mid_h_is_the_notebooks():
    parts = notebook_step(0, tinyrnn.zeros(4))
    assert close(parts["mid_h"], [0.13309074, -0.09057376, 0.04669049, -0.07548864], 1e-8)


def test_step_0_of_part_1_gives_the_notebooks_y_pred():
    parts = notebook_step(0, tinyrnn.zeros(4))
    assert close(parts["y_pred"], [0.2506774, 0.24668689, 0.25563922, 0.24699648], 1e-8)


def test_step_0_hidden_h_is_the_notebooks():
    h, _, _ = TinyRNN.from_notebook().step(0)
    assert close(h, [0.13231045, -0.09032689, 0.04665659, -0.07534557], 1e-8)


def test_step_0_y_logits_are_the_notebooks():
    _, logits, _ = TinyRNN.from_notebook().step(0)
    assert close(logits, [0.01720198, 0.00115502, 0.03680228, 0.00240921], 1e-8)


def test_step_0_y_pred_is_the_notebooks():
    _, _, probs = TinyRNN.from_notebook().step(0)
    assert close(probs, [0.2506774, 0.24668689, 0.25563922, 0.24699648], 1e-8)


def test_step_1_W_hh_at_h_prev_is_the_notebooks():
    h0 = [0.13231045, -0.09032689, 0.04665659, -0.07534557]  # the notebook's "next h"
    parts = notebook_step(1, h0)
    assert close(parts["W_hh @ h_prev"], [0.02035252, -0.00779053, -0.00194126, -0.00024061],
                 1e-8)


def test_step_1_mid_h_is_the_notebooks():
    h0 = notebook_step(0, tinyrnn.zeros(4))["h"]
    parts = notebook_step(1, h0)
    # NOTEBOOK prints [0.1916285, -0.15561562, ...]; the rest of its output is cut off, so the
    # last two entries are NUMPY's
    assert close(parts["mid_h"], [0.1916285, -0.15561562, 0.015263895914479905,
                                  -0.02688744970026393], 1e-8)


def test_last_step_exp_y_logits_after_two_epochs_are_in_10s():
    model = TinyRNN.from_notebook()
    model.train_epoch("hello")
    h = None
    for index in (0, 1, 2, 2):  # "hell": epoch 1 runs its steps with the weights after epoch 0
        h, logits, _ = model.step(index, h)
    assert close([math.exp(z) for z in logits],
                 [0.90283151, 0.99776235, 1.07232474, 1.01332061], 1e-8)


def test_step_losses_are_minus_log_of_the_notebooks_y_pred_of_each_target():
    losses = TinyRNN.from_notebook().step_losses("hello")
    # NOTEBOOK step 0: y_pred = [0.2506774, 0.24668689, ...], target 'e' (index 1)
    assert len(losses) == 4 and close(losses[0], -math.log(0.24668689 + 1e-8), 1e-7)


def test_first_epoch_loss_is_5_5276():
    assert round(TinyRNN.from_notebook().train_epoch("hello"), 4) == 5.5276


def test_part_1_train_epoch_gives_the_notebooks_first_loss():
    loss = tinyrnn.train_epoch(tinyrnn.notebook_params(), HELL, ELLO)
    assert round(loss, 4) == 5.5276  # NOTEBOOK "Epoch 0, Loss: 5.5276"


def test_first_loss_is_near_4_ln_4_because_the_first_predictions_are_near_uniform():
    assert abs(TinyRNN.from_notebook().loss("hello") - 4 * math.log(4)) < 0.05


# ---------------------------------------------------------------------------------------------
# The notebook's code run with NumPy (NUMPY), full precision
# ---------------------------------------------------------------------------------------------

def test_epoch_losses_are_the_notebooks_code_with_numpy():
    losses = TinyRNN.from_notebook().fit("hello", 2)
    assert close(losses, [5.527646895941319, 5.307358547512624], 1e-12)


def test_part_1_train_epoch_twice_gives_the_notebooks_losses_and_weights():
    params = tinyrnn.notebook_params()
    losses = [tinyrnn.train_epoch(params, HELL, ELLO) for _ in range(2)]
    assert close(losses, [5.527646895941319, 5.307358547512624], 1e-12)  # NUMPY
    assert close(params["b_y"], [-0.19060572188930852, 0.0015056475327642873, 0.1884866905504703,
                                 0.0006133838060739416], 1e-12)  # NUMPY


def test_part_1_sgd_update_subtracts_learning_rate_times_each_gradient_in_place():
    params = tinyrnn.notebook_params()
    grads = {"b_y": [1.0, -2.0, 0.0, 0.5]}
    tinyrnn.sgd_update(params, grads, 0.1)
    assert params["b_y"] == [-0.1, 0.2, 0.0, -0.05]  # by hand: 0 - 0.1 * grad
    assert params["W_xh"] == tinyrnn.notebook_params()["W_xh"]  # no gradient, no change


def test_part_1_sgd_update_leaves_a_copy_of_params_as_it_was():
    params = tinyrnn.notebook_params()
    kept = dict(params)
    tinyrnn.sgd_update(params, {"W_hh": [[1.0] * 4] * 4}, 0.1)
    assert kept["W_hh"] == tinyrnn.notebook_params()["W_hh"] and params["W_hh"] != kept["W_hh"]


def test_part_1_loss_and_gradients_carries_h_prev_from_step_to_step_and_returns_the_last():
    params = tinyrnn.notebook_params()
    _, _, h = tinyrnn.loss_and_gradients(params, HELL, ELLO, tinyrnn.zeros(4))
    h_by_hand = tinyrnn.zeros(4)
    for index in HELL:
        h_by_hand = [math.tanh(mid) for mid in notebook_step_from(params, index, h_by_hand)]
    assert close(h, h_by_hand, 1e-15)


def notebook_step_from(params, index, h_prev):
    """mid_h = W_xh @ x + W_hh @ h_prev + b_h written out with plain loops (no tinyrnn)."""
    return [params["W_xh"][i][index] + sum(params["W_hh"][i][j] * h_prev[j] for j in range(4))
            + params["b_h"][i] for i in range(4)]


def test_epoch_0_gradients_are_the_notebooks_code_with_numpy():
    _, grads, _ = tinyrnn.loss_and_gradients(tinyrnn.notebook_params(), HELL, ELLO,
                                             tinyrnn.zeros(4))
    assert close(grads["W_xh"][0], [0.10780173491422046, -0.11157037597426077,
                                    -0.13721765804065655, 0.0], 1e-12)
    assert close(grads["W_hh"][1], [0.05372300080548768, -0.03556221295755656,
                                    0.003259292552447712, -0.025991212280203325], 1e-12)
    assert close(grads["W_hy"][0], [0.008045067879930035, -0.02667918075997724,
                                    0.030052480930843485, 0.03810920609681566], 1e-12)
    assert close(grads["b_h"], [-0.14098629910069688, 0.11513640964038835, 0.259635032202729,
                                0.024007828541585577], 1e-12)
    assert close(grads["b_y"], [1.004776803580976, -0.006196781934088957,
                                -0.9988989213545356, 0.0003188997076487565], 1e-12)


def test_params_after_two_epochs_are_the_notebooks_code_with_numpy():
    model = TinyRNN.from_notebook()
    model.fit("hello", 2)
    p = model.params
    assert close(p["W_xh"][2], [0.035590460800680436, -0.0037174368775147112,
                                0.01670148445850848, 0.1781491], 1e-12)
    assert close(p["W_hh"][3], [0.010038020834229945, -0.014857143626696448,
                                0.10605303972105472, 0.11037796162713612], 1e-12)
    assert close(p["W_hy"][1], [-0.03213043912530125, -0.09972184202937226,
                                0.007564418861923473, -0.027152842053454872], 1e-12)
    assert close(p["b_h"], [0.027111324422212806, -0.022376860243097374, -0.0486875616183258,
                            -0.00367932808796146], 1e-12)
    assert close(p["b_y"], [-0.19060572188930852, 0.0015056475327642873, 0.1884866905504703,
                            0.0006133838060739416], 1e-12)


def test_loss_after_the_demos_50_epochs_is_the_notebooks_code_with_numpy():
    losses = TinyRNN.from_notebook().fit("hello", 50)
    assert close([losses[10], losses[49]], [4.338686472436571, 0.45786301919514905], 1e-10)


def test_every_value_matches_the_notebooks_code_run_with_numpy_now():
    notebook_reference = reference_script("notebook_reference")
    reference = notebook_reference.run(5)
    model = TinyRNN.from_notebook()
    for epoch in range(5):
        h = None
        for t, index in enumerate((0, 1, 2, 2)):  # "hell", with this epoch's weights
            h, logits, probs = model.step(index, h)
            expected = reference["steps"][epoch][t]
            assert close(h, expected["h"], 1e-12) and close(probs, expected["y_pred"], 1e-12)
        assert close(model.train_epoch("hello"), reference["losses"][epoch], 1e-12)
    for name in tinyrnn.PARAM_NAMES:
        expected = reference["params"][name]
        if name.startswith("b_"):
            expected = [row[0] for row in expected]
        assert close(model.params[name], expected, 1e-12), name


# ---------------------------------------------------------------------------------------------
# The layout: a reader follows one whole notebook epoch in the first 300 lines
# ---------------------------------------------------------------------------------------------

def deepest_line_run(func, *args, **kwargs):
    """The largest line number of tinyrnn.py that func(*args, **kwargs) executes."""
    settrace = getattr(sys, "settrace", None)
    if settrace is None:
        skip("this Python has no sys.settrace")
    source = os.path.realpath(tinyrnn.__file__)
    deepest = [0]

    def tracer(frame, event, arg):
        if os.path.realpath(frame.f_code.co_filename) == source:
            deepest[0] = max(deepest[0], frame.f_lineno)
        return tracer
    settrace(tracer)
    try:
        func(*args, **kwargs)
    finally:
        settrace(None)
    return deepest[0]


def test_one_notebook_epoch_runs_only_lines_1_to_300():
    line = deepest_line_run(tinyrnn.train_epoch, tinyrnn.notebook_params(), HELL, ELLO)
    assert 0 < line <= 300, line


def test_one_notebook_epoch_with_bptt_runs_only_lines_1_to_300():
    line = deepest_line_run(tinyrnn.train_epoch, tinyrnn.notebook_params(), HELL, ELLO,
                            bptt=True)
    assert 0 < line <= 300, line


def lines_above(banner):
    """The lines of tinyrnn.py above the banner that starts with this text (its rule of = goes
    too): what a learner with a small board takes on its own (README)."""
    lines = project_file("tinyrnn.py").split("\n")
    first = [i for i, line in enumerate(lines) if line.startswith(banner)][0]
    return lines[:first - 1]


def import_alone(lines, name):
    """lines saved as the module name in a folder of their own and imported: nothing else."""
    folder = temp_dir()
    with open(join_path(folder, name + ".py"), "w") as f:
        f.write("\n".join(lines) + "\n")
    sys.path.insert(0, folder)
    try:
        return __import__(name)
    finally:
        sys.path.remove(folder)
        sys.modules.pop(name, None)


def test_part_1_ends_within_the_first_300_lines():
    # The README tells a learner with a small board to take the first 300 lines on their own.
    assert len(lines_above("# Part 2.")) <= 300


def test_part_1_alone_trains_the_notebook_50_epochs_and_says_ello():
    part_1 = import_alone(lines_above("# Part 2."), "tinyrnn_part_1")
    params = part_1.notebook_params()
    losses = [part_1.train_epoch(params, HELL, ELLO) for _ in range(50)]
    h, said = [0.0] * 4, ""
    for index in HELL:
        s = part_1.step(params, index, h)
        h = s["h"]
        said += "helo"[s["y_pred"].index(max(s["y_pred"]))]
    assert close([losses[10], losses[49]], [4.338686472436571, 0.45786301919514905], 1e-10)  # NUMPY
    assert said == "ello"  # NOTEBOOK: the task, "hell" continued as "ello"


def test_parts_1_and_2_alone_run_the_demo_to_numpys_losses_and_say_hello():
    parts = import_alone(lines_above("# Part 3."), "tinyrnn_parts_1_2")
    model = parts.TinyRNN.from_notebook()
    losses = model.fit("hello", 50)
    assert close([losses[10], losses[49]], [4.338686472436571, 0.45786301919514905], 1e-10)  # NUMPY
    assert model.generate("h", 4) == "hello"  # NOTEBOOK: the task


def test_parts_1_and_2_alone_train_on_any_text_with_every_option():
    parts = import_alone(lines_above("# Part 3."), "tinyrnn_parts_1_2")
    text = "the cat sat on the mat. the cat ran."
    model = parts.TinyRNN.for_text(text, 8, seed=1)
    before = model.evaluate(text)
    seen = []

    def on_epoch(epoch, loss):
        seen.append(epoch)
    out = printed(model.fit, text, 30, bptt=True, seq_length=6, optimizer="adagrad", clip=5.0,
                  clip_norm=10.0, verbose=True, on_epoch=on_epoch)
    assert "epoch    29" in out and seen == list(range(30))
    assert model.evaluate(text) < before  # bits per character: it learned
    assert len(model.generate("t", 10, temperature=0.8, seed=3)) == 11
    assert len(model.predict_next("the c")) == 3 and len(model.hidden_states(text)) == len(text)
    assert len(model.gradient_norms(text)) == len(text) - 1
    assert len(model.unit_correlations(text, [float(ch == " ") for ch in text])) == 8


def test_an_error_raised_by_on_epoch_reaches_the_caller_as_itself():
    model = TinyRNN.from_notebook()

    def on_epoch(epoch, loss):
        return 1 / 0
    try:
        model.fit("hello", 3, on_epoch=on_epoch)
    except ZeroDivisionError:
        pass  # not "training diverged": the training did not
    else:
        raise AssertionError("on_epoch's ZeroDivisionError was swallowed")
    assert close(model.params["b_y"], [-0.1004776803580976, 0.0006196781934088957,
                                       0.09988989213545356, -3.188997076487565e-05], 1e-12)
    # NUMPY: one update was made (epoch 0's), then on_epoch stopped fit


def test_a_hand_edited_hidden_size_or_vocab_gives_value_error_from_every_call_and_save():
    for name, value in (("hidden_size", 4.0), ("hidden_size", True), ("vocab", "hhlo"),
                        ("vocab", list("helo"))):
        model = TinyRNN.from_notebook()
        setattr(model, name, value)
        calls = [lambda: model.fit("hello", 1), lambda: model.generate("h", 3),
                 lambda: model.loss("hello"), lambda: model.step(0),
                 lambda: model.predict_next("h"), lambda: model.hidden_states("hell"),
                 lambda: tinyrnn.gradient_check(model, "hello"),
                 lambda: model.save(join_path(temp_dir(), "m.json"))]
        for call in calls:
            try:
                call()
            except ValueError as error:
                assert name in str(error), (name, value, error)
            else:
                raise AssertionError((name, value, "accepted"))


def test_loss_and_gradients_refuses_a_bptt_that_is_not_true_or_false():
    assert "bptt must be True or False" in error_of(TinyRNN.from_notebook().loss_and_gradients,
                                                    "hello", "no")


def test_parts_1_and_2_alone_trace_and_refuse_save_and_load_saying_they_need_the_whole_file():
    parts = import_alone(lines_above("# Part 3."), "tinyrnn_parts_1_2")
    model = parts.TinyRNN.from_notebook()
    out = printed(model.fit, "hello", 1, trace=True)
    assert "epoch 0, step 0: input 'h', target 'e'" in out and "Epoch 0, Loss: 5.5276" in out
    for call in (lambda: model.save(join_path(temp_dir(), "m.json")),
                 lambda: parts.TinyRNN.load("m.json")):
        try:
            call()
        except ValueError as error:
            assert "needs the whole tinyrnn.py" in str(error), error
        else:
            raise AssertionError("Parts 1-2 saved or loaded without Part 3")


def test_parts_1_and_2_name_nothing_of_part_3_but_in_save_and_load():
    ast, tree = syntax_tree_of_tinyrnn()
    lines = project_file("tinyrnn.py").split("\n")
    part_3 = [i for i, line in enumerate(lines) if line.startswith("# Part 3.")][0] + 1
    below = set()
    for node in tree.body:
        if node.lineno > part_3:
            below.update(target.id for target in getattr(node, "targets", [])
                         if isinstance(target, ast.Name))
            if hasattr(node, "name"):
                below.add(node.name)
    for node in tree.body:
        if node.lineno < part_3:
            used = sorted(set(sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name)
                              and sub.id in below))
            expected = ["_load_model", "_save_model"] if getattr(node, "name", "") == "TinyRNN" \
                else []  # each behind an except NameError that says it needs the whole file
            assert used == expected, (getattr(node, "name", node.lineno), used)


def syntax_tree_of_tinyrnn():
    """(the ast module, tinyrnn.py parsed by it); skips the test where there is no ast."""
    try:
        import ast
    except MISSING:
        skip("this Python has no ast module")
    if not hasattr(ast, "parse"):  # Skulpt's ast is a stub
        skip("this Python's ast module cannot parse")
    return ast, ast.parse(project_file("tinyrnn.py"))


def test_tinyrnn_imports_only_math_and_operator_at_the_top():
    ast, tree = syntax_tree_of_tinyrnn()
    top = []  # the statements at module level, and those inside a module-level try
    for node in tree.body:
        top += node.body if isinstance(node, ast.Try) else [node]
    imported = set()
    for node in top:
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported == {"math", "operator"}, imported


def test_no_local_name_in_tinyrnn_shadows_a_module_level_name():
    ast, tree = syntax_tree_of_tinyrnn()
    module_level = set()
    for node in tree.body:
        for inner in [node] + (node.body if isinstance(node, (ast.Try, ast.If)) else []):
            if isinstance(inner, (ast.FunctionDef, ast.ClassDef)):
                module_level.add(inner.name)
            elif isinstance(inner, ast.Assign):
                module_level.update(t.id for t in inner.targets if isinstance(t, ast.Name))
    shadowing = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            local = set(arg.arg for arg in ast.walk(function) if isinstance(arg, ast.arg))
            local.update(n.id for n in ast.walk(function)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
            shadowing += [(function.name, name) for name in local & module_level]
    assert shadowing == [], shadowing


def test_the_readmes_pictures_are_what_the_script_draws_from_the_models_numbers():
    folder = temp_dir()
    status, out, err = run([join_path(HERE, "scripts", "draw_pictures.py"), folder])
    assert status == 0, err
    for name in ("unrolled.svg", "backward.svg"):
        with open(join_path(folder, name), encoding="utf-8") as f:
            drawn = f.read()
        assert drawn == project_file("docs/pictures/" + name), name  # rerun the script
        assert name in project_file("README.md")


SHOWN_ELSEWHERE = {  # commands the pages show that this test does not run, and why
    "python3 test_tinyrnn.py": "the suite itself (CI runs the README's command first)",
    "python3 examples/benchmark.py": "it prints times and ratios of times, nothing else",
}
SLOW_TO_SHOW = (  # a minute or more each on this project's machine: CI sets TINYRNN_SLOW_DOCS=1
    "python3 tinyrnn.py --text-file examples/rhymes.txt", "python3 examples/train_text.py",
    "python3 examples/predictions.py", "python3 examples/gated_cells.py")  # (this one 10 s)


def shown_commands(page):
    """(command, the lines shown as its output) for every command a page shows with its output.

    Either a fenced block holding one `python3 ...` line followed by a fenced block of output, or
    a block of `$ command` lines, each followed by its output."""
    parts = page.split("```")
    blocks, between = parts[1::2], parts[2::2]  # the fenced blocks' insides, the text after each
    found = []
    for i, block in enumerate(blocks):
        lines = block.split("\n")[1:-1] if block.startswith("\n") else []
        if (len(lines) == 1 and lines[0].startswith("python3 ") and i + 1 < len(blocks)
                and between[i].strip() == ""):  # the output follows at once
            found.append((lines[0], blocks[i + 1].strip("\n").split("\n")))
        elif lines and lines[0].startswith("$ python3 ") and "^C" not in block:
            for line in lines:
                if line.startswith("$ "):
                    found.append((line[2:], []))
                else:
                    found[-1][1].append(line)
    return found


def without_times(line):
    """The line with each time in it (2.9 ms, 24 s, 1 min 5 s) written as <time>."""
    import re
    line = re.sub(r"\b\d+(\.\d+)? ?(us|ms|s|min|h)\b", "<time>", line)
    return re.sub(r"<time>( <time>)+", "<time>", line)


def shown_matches(shown, printed):
    """True when the printed lines are the shown ones, a `...` line standing for any number."""
    printed = [without_times(line) for line in printed if not line.endswith(" left")]
    at, skipping = 0, False  # (a progress line, which ends "... left", comes when it is slow)
    for line in shown:
        if line == "...":
            skipping = True
            continue
        line = without_times(line)
        while skipping and at < len(printed) and printed[at] != line:
            at += 1
        if at == len(printed) or printed[at] != line:
            return False
        at, skipping = at + 1, False
    return skipping or at == len(printed)


def test_every_command_the_readme_and_docs_show_prints_what_they_show():
    implementation = getattr(getattr(sys, "implementation", None), "name", None)
    if implementation != "cpython" or tuple(sys.version_info[:2]) != (3, 11):
        skip("the outputs shown are CPython 3.11's")
    import shlex
    slow = os.environ.get("TINYRNN_SLOW_DOCS") == "1"
    pages = ["README.md"] + ["docs/" + name for name in project_listing("docs")
                             if name.endswith(".md")]
    ran = 0
    for page in pages:
        for command, shown in shown_commands(project_file(page)):
            if command in SHOWN_ELSEWHERE or command.startswith("python3 -m "):
                continue
            if not slow and command in SLOW_TO_SHOW:
                continue
            status, out, err = run(shlex.split(command)[1:], cwd=HERE)
            printed = (out + err).rstrip("\n").split("\n")
            assert shown_matches(shown, printed), (page, command, shown, printed)
            ran += 1
    assert ran >= 10, ran


def test_all_lists_every_public_name_the_readme_lists_and_nothing_private():
    import re
    readme = project_file("README.md")
    listed = re.findall(r"`(\w+)`", readme.split("**The API.**")[1].split("\n\n")[0])
    listed = [name for name in listed if name not in ("__all__", "_")]
    assert sorted(listed) == sorted(tinyrnn.__all__)
    assert all(hasattr(tinyrnn, name) for name in tinyrnn.__all__)
    public = [name for name in dir(tinyrnn) if not name.startswith("_")
              and not type(getattr(tinyrnn, name)).__name__ == "module"]
    assert sorted(set(public) - set(tinyrnn.__all__)) == ["mul"], public  # mul: operator's


def test_the_examples_exercises_and_playground_use_only_the_public_api():
    import re
    for folder in ("examples", "exercises", "playground"):
        for name in project_listing(folder):
            if name.endswith(".py"):
                used = re.findall(r"\btinyrnn\.(\w+)", project_file(folder + "/" + name))
                imported = re.findall(r"from tinyrnn import (\([\w, \n]+\)|[\w, ]+)",
                                      project_file(folder + "/" + name))
                names = set(used + re.findall(r"\w+", " ".join(imported))) - {"py"}  # tinyrnn.py
                private = [n for n in names - set(tinyrnn.__all__) if not n.startswith("__")]
                assert not private, (name, sorted(private))  # __version__, __file__: modules


def test_readme_gives_the_line_ranges_of_the_functions_it_names():
    ast, tree = syntax_tree_of_tinyrnn()
    import re
    if not hasattr(tree.body[0], "end_lineno"):
        skip("this Python's ast has no end_lineno (before 3.8)")
    ranges = dict((node.name, (node.lineno, node.end_lineno)) for node in tree.body
                  if isinstance(node, (ast.FunctionDef, ast.ClassDef)))
    readme = project_file("README.md")
    # `name(...)` (lines A-B), or `y = name(...)` (lines A-B), with an en dash
    found = re.findall(r"`(?:[^`=]*= )?(\w+)(?:\([^`]*\))?`\s*\(lines (\d+)\u2013(\d+)\)",
                       readme)
    assert len(found) == len(re.findall(r"\(lines \d+\u2013\d+\)", readme)) > 0, found
    for name, first, last in found:
        assert ranges.get(name) == (int(first), int(last)), (name, first, last, ranges.get(name))


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------

def test_from_notebook_has_the_notebooks_weights_and_zero_biases():
    p = TinyRNN.from_notebook().params
    assert p["W_xh"][0] == [0.13309074, 0.17127598, -0.15813858, -0.04525709]  # NOTEBOOK In [5]
    assert p["W_hh"][3] == [0.01199125, -0.01561548, 0.10577997, 0.10847363]
    assert p["W_hy"][2] == [0.17101969, -0.2330526, -0.04581541, 0.06289344]
    assert p["b_h"] == [0.0] * 4 and p["b_y"] == [0.0] * 4


def test_params_have_the_shapes_of_the_notebooks_names():
    model = TinyRNN("abc", 5, seed=1)
    shapes = {name: tinyrnn.shape_of(value) for name, value in model.params.items()}
    assert shapes == {"W_xh": (5, 3), "W_hh": (5, 5), "W_hy": (3, 5), "b_h": (5,), "b_y": (3,)}


def test_random_weights_repeat_for_a_seed_and_differ_between_seeds():
    assert TinyRNN("abc", 4, seed=5).params == TinyRNN("abc", 4, seed=5).params
    assert TinyRNN("abc", 4, seed=5).params != TinyRNN("abc", 4, seed=6).params


def test_random_weights_are_randn_times_0_1_and_biases_zero():
    model = TinyRNN("abcdefghij", 40, seed=2)
    weights = [w for name in ("W_xh", "W_hh", "W_hy") for row in model.params[name] for w in row]
    mean = sum(weights) / len(weights)
    sd = math.sqrt(sum(w * w for w in weights) / len(weights))
    assert abs(mean) < 0.005 and abs(sd - 0.1) < 0.005  # 2400 draws: standard error 0.002
    assert model.params["b_h"] == [0.0] * 40 and model.params["b_y"] == [0.0] * 10


def test_step_gives_probabilities_that_sum_to_one():
    h, logits, probs = TinyRNN("abc", 3, seed=1).step(2)
    assert len(h) == 3 and len(logits) == 3 and close(sum(probs), 1.0, 1e-15)


def test_gradients_have_the_keys_and_shapes_of_params():
    model = TinyRNN("abcd", 3, seed=1)
    _, grads = model.loss_and_gradients("abcdab")
    assert sorted(grads) == sorted(model.params)
    for name in tinyrnn.PARAM_NAMES:
        assert tinyrnn.shape_of(grads[name]) == tinyrnn.shape_of(model.params[name])


def test_train_epoch_takes_one_sgd_step_down_the_gradient():
    model = TinyRNN.from_notebook()
    before = model.copy_params()
    _, grads = model.loss_and_gradients("hello")
    model.train_epoch("hello", learning_rate=0.5)
    for i in range(4):
        assert close(model.params["b_y"][i], before["b_y"][i] - 0.5 * grads["b_y"][i], 1e-15)
        for j in range(4):
            expected = before["W_hh"][i][j] - 0.5 * grads["W_hh"][i][j]
            assert close(model.params["W_hh"][i][j], expected, 1e-15)


def test_fit_returns_one_loss_per_epoch_and_the_loss_falls():
    losses = TinyRNN.from_notebook().fit("hello", 30)
    assert len(losses) == 30 and losses[-1] < losses[0] / 2


def test_fit_with_zero_epochs_changes_nothing():
    model = TinyRNN.from_notebook()
    assert model.fit("hello", 0) == [] and model.params == TinyRNN.from_notebook().params


def test_fit_is_silent_unless_asked():
    assert printed(TinyRNN.from_notebook().fit, "hello", 5) == ""


def test_fit_verbose_prints_fixed_width_progress_lines_and_the_time_taken():
    out = printed(TinyRNN.from_notebook().fit, "hello", 20, verbose=True, print_every=10)
    # losses: NOTEBOOK 5.5276; NUMPY 4.338686... (epoch 10) and 3.366282... (epoch 19, the last);
    # per character: divided by the 4 steps
    lines = out.splitlines()
    assert lines[:3] == ["epoch     0  loss 5.5276  per character 1.3819",
                         "epoch    10  loss 4.3387  per character 1.0847",
                         "epoch    19  loss 3.3663  per character 0.8416"]
    assert len(lines) == 4 and lines[3].startswith("trained 20 epochs of 4 characters in ")
    assert lines[3].endswith(" s") or lines[3].endswith(" ms")


def test_trace_prints_the_notebooks_labels_in_its_order():
    out = printed(TinyRNN.from_notebook().train_epoch, "hello", trace=True)
    labels = ["components", "  x ", "  h_prev ", "  W_xh @ x ", "  W_hh @ h_prev ", "  b_h ",
              "mid_h ", "hidden h ", "y logits", "  b_y ", "  y_logits ", "y_pred ", "next h "]
    lines = out.splitlines()
    first_step = lines[1:1 + len(labels)]
    assert [line.startswith(label) for line, label in zip(first_step, labels)] == [True] * 13
    assert "[ 0.13231045 -0.09032689  0.04665659 -0.07534557]" in lines[8]  # NOTEBOOK hidden h
    assert lines[-1] == "Epoch 0, Loss: 5.5276"


def test_generate_after_the_demo_says_hello():
    assert trained_hello().generate("h", 4) == "hello"


def test_generate_with_length_0_returns_the_prefix():
    assert TinyRNN.from_notebook().generate("hel", 0) == "hel"


# ---------------------------------------------------------------------------------------------
# Bad input: a clear ValueError, and params exactly as they were
# ---------------------------------------------------------------------------------------------

def test_a_character_outside_the_vocabulary_is_named_with_the_vocabulary():
    message = error_of(TinyRNN.from_notebook().loss_and_gradients, "help")
    assert "'p'" in message and "'helo'" in message


def test_a_text_shorter_than_two_characters_is_refused():
    model = TinyRNN.from_notebook()
    for text in ("", "h"):
        assert "at least 2 characters" in error_of(model.train_epoch, text)


def test_hidden_size_must_be_a_positive_integer():
    for bad in (0, -3, 2.5, True, "4", None):
        assert "hidden_size must be an integer >= 1" in error_of(TinyRNN, "ab", bad)


def test_vocab_must_be_a_nonempty_string_without_repeats():
    assert "non-empty string" in error_of(TinyRNN, "", 4)
    assert "non-empty string" in error_of(TinyRNN, ["a", "b"], 4)
    assert "'a' appears twice" in error_of(TinyRNN, "aba", 4)


def test_learning_rate_must_be_a_positive_finite_number():
    model = TinyRNN.from_notebook()
    for bad in (0, -0.1, float("nan"), float("inf"), "0.1", True, None):
        assert "learning_rate must be a positive finite number" in error_of(
            model.train_epoch, "hello", bad)


def test_epochs_must_not_be_negative():
    assert "epochs must be an integer >= 0" in error_of(TinyRNN.from_notebook().fit, "hello", -1)


def test_generate_refuses_an_empty_prefix_and_a_negative_length():
    model = TinyRNN.from_notebook()
    assert "prefix must have at least 1 character" in error_of(model.generate, "", 3)
    assert "length must be an integer >= 0" in error_of(model.generate, "h", -1)


def test_params_of_the_wrong_shape_are_named_with_both_shapes():
    model = TinyRNN.from_notebook()
    model.params["W_hh"] = [[0.0] * 3 for _ in range(4)]
    message = error_of(model.loss_and_gradients, "hello")
    assert "W_hh" in message and "4x3" in message and "4x4" in message


def test_a_model_too_big_for_memory_is_refused_before_anything_is_built():
    if tinyrnn._available_memory() is None:
        skip("this system does not say how much memory is free")
    # 10**8 hidden units: 10**16 weights, far beyond any machine
    message = error_of(TinyRNN, "ab", 10 ** 8)
    assert "hidden_size 100000000" in message and "free" in message


def test_missing_params_are_named():
    model = TinyRNN.from_notebook()
    del model.params["b_y"]
    assert "params has no b_y" in error_of(model.generate, "h", 2)


def test_a_first_update_that_diverges_is_refused_naming_the_epoch_and_changes_nothing():
    model = TinyRNN.from_notebook()
    model.params["W_hy"][0][0] = 1e308  # the next update overflows a weight to inf
    before = model.copy_params()
    message = error_of(model.fit, "hello", 10, learning_rate=1e300)
    assert "diverged in epoch 0" in message and "what they were before fit" in message
    assert model.params == before


def test_a_later_update_that_diverges_leaves_params_as_the_last_finite_update_left_them():
    # At learning rate 1e308 the notebook's first epoch gives finite weights (as Part 1's
    # train_epoch computes them here) and the second would overflow one to inf.
    model = TinyRNN.from_notebook()
    message = error_of(model.fit, "hello", 3, learning_rate=1e308)
    assert "diverged in epoch 1" in message and "update 1 of this fit" in message
    params = tinyrnn.notebook_params()
    tinyrnn.train_epoch(params, [0, 1, 2, 2], [1, 2, 2, 3], learning_rate=1e308)
    assert model.params == params


def test_refused_calls_leave_params_exactly_as_they_were():
    model = TinyRNN.from_notebook()
    before = model.copy_params()
    calls = [(model.fit, ("hello", 5), {"learning_rate": -1.0}), (model.fit, ("hellx", 5), {}),
             (model.fit, ("hello", 5), {"seq_length": 0}),
             (model.fit, ("hello", 5), {"optimizer": "adam"}),
             (model.train_epoch, ("h",), {}), (model.generate, ("x", 3), {}),
             (model.step, (9,), {}), (model.step, (0, [0.0, 0.0]), {})]
    for func, args, kwargs in calls:
        error_of(func, *args, **kwargs)
    assert model.params == before


# ---------------------------------------------------------------------------------------------
# Full backpropagation through time and the gradient check
# ---------------------------------------------------------------------------------------------

def test_bptt_gradient_matches_finite_differences_on_the_notebook_model():
    errors = tinyrnn.gradient_check(TinyRNN.from_notebook(), "hello", bptt=True)
    assert max(errors.values()) <= 1e-6


def test_bptt_gradient_matches_finite_differences_on_random_models():
    cases = [("the quick brown fox", 8, 11), ("abracadabra", 5, 12), ("mississippi", 12, 13)]
    for text, hidden, seed in cases:
        errors = tinyrnn.gradient_check(TinyRNN.for_text(text, hidden, seed), text, bptt=True)
        assert max(errors.values()) <= 1e-6, (text, errors)


def test_notebook_gradient_is_exact_only_for_the_output_layer():
    errors = tinyrnn.gradient_check(TinyRNN.from_notebook(), "hello", bptt=False)
    assert errors["W_hy"] <= 1e-6 and errors["b_y"] <= 1e-6
    assert min(errors["W_xh"], errors["W_hh"], errors["b_h"]) > 0.1


def test_bptt_leaves_the_output_layer_gradient_as_it_was():
    model = TinyRNN.for_text("abcabd", 4, seed=3)
    _, notebook = model.loss_and_gradients("abcabd")
    _, full = model.loss_and_gradients("abcabd", bptt=True)
    assert notebook["W_hy"] == full["W_hy"] and notebook["b_y"] == full["b_y"]
    assert notebook["W_hh"] != full["W_hh"]


def times_1_1(g):
    """1.1 * g: a gradient 10% too big."""
    return 1.1 * g


def test_gradient_check_measures_a_known_error():
    class ScaledGradient(TinyRNN):
        def loss_and_gradients(self, text, bptt=False, h_prev=None):
            loss, grads = TinyRNN.loss_and_gradients(self, text, bptt=bptt, h_prev=h_prev)
            return loss, {k: tinyrnn.map_entries(times_1_1, v) for k, v in grads.items()}

    model = ScaledGradient("helo", 4, params=tinyrnn.notebook_params())
    errors = tinyrnn.gradient_check(model, "hello")
    # every gradient 1.1 times too big: |1.1 g - g| / |1.1 g| = 1 / 11 wherever |g| > floor
    assert close(list(errors.values()), [1 / 11] * 5, 1e-6)


def test_gradient_check_puts_every_weight_back():
    model = TinyRNN.for_text("banana", 3, seed=4)
    before = model.copy_params()
    tinyrnn.gradient_check(model, "banana")
    assert model.params == before


# ---------------------------------------------------------------------------------------------
# Any text: vocabulary, chunks, Adagrad, clipping
# ---------------------------------------------------------------------------------------------

def test_for_text_uses_the_sorted_distinct_characters():
    assert TinyRNN.for_text("hello, world", 6).vocab == " ,dehlorw"


def test_seq_length_makes_one_update_per_chunk_carrying_the_hidden_state():
    model = TinyRNN.for_text("abcab", 3, seed=1)
    params = model.copy_params()
    model.fit("abcab", 1, learning_rate=0.5, seq_length=2, bptt=True)
    # "abcab" is [0, 1, 2, 0, 1]: chunk 1 has inputs "ab", targets "bc", from a zero state;
    # chunk 2 has inputs "ca", targets "ab", from the h that chunk 1 ended with
    _, grads, h = tinyrnn.loss_and_gradients(params, [0, 1], [1, 2], [0.0] * 3, bptt=True)
    tinyrnn.sgd_update(params, grads, 0.5)
    _, grads, _ = tinyrnn.loss_and_gradients(params, [2, 0], [0, 1], h, bptt=True)
    tinyrnn.sgd_update(params, grads, 0.5)
    assert model.params == params


def test_seq_length_gives_the_last_chunk_what_is_left():
    model = TinyRNN.for_text("abcab", 3, seed=1)
    params = model.copy_params()
    losses = model.fit("abcab", 1, learning_rate=0.5, seq_length=3)
    # 4 steps in chunks of 3: inputs "abc" then "a"
    first, grads, h = tinyrnn.loss_and_gradients(params, [0, 1, 2], [1, 2, 0], [0.0] * 3)
    tinyrnn.sgd_update(params, grads, 0.5)
    last, grads, _ = tinyrnn.loss_and_gradients(params, [0], [1], h)
    tinyrnn.sgd_update(params, grads, 0.5)
    assert losses == [first + last] and model.params == params


# MINCHAR: scripts/minchar_reference.py trains on this text from these weights.
MINCHAR_TEXT = "the cat sat on the mat. the dog sat on the log."


def minchar_model():
    """The reference's starting model: weights 0.1 * sin(phase + 1.3 i + 0.7 j), zero biases."""
    vocab = "".join(sorted(set(MINCHAR_TEXT)))
    V, H = len(vocab), 10

    def formula(rows, cols, phase):
        return [[0.1 * math.sin(phase + 1.3 * i + 0.7 * j) for j in range(cols)]
                for i in range(rows)]
    params = {"W_xh": formula(H, V, 1.0), "W_hh": formula(H, H, 2.0), "W_hy": formula(V, H, 3.0),
              "b_h": [0.0] * H, "b_y": [0.0] * V}
    return TinyRNN(vocab, H, params=params)


def test_chunks_bptt_adagrad_and_clipping_train_as_min_char_rnn_does():
    model = minchar_model()
    losses = model.fit(MINCHAR_TEXT, 6, learning_rate=0.1, bptt=True, seq_length=12,
                       optimizer="adagrad", clip=5.0)
    assert close(losses, [116.58896848813126, 92.41776514056994, 75.80188347045232,
                          63.89298579555694, 54.39066299210845, 47.75928446653876], 1e-12)
    p = model.params  # MINCHAR "adagrad_clip5"
    assert close(p["W_hh"][2], [0.0709346261322909, -0.2526058026928567, -0.3857782576478304,
                                0.45129828353815077, 0.05116612644207815, 0.20472854066819446,
                                0.19983177943256186, -0.489396650146786, -0.17776219054527292,
                                -0.12738389407991585], 1e-12)
    assert close(p["W_hy"][1], [-0.6073464728850709, -0.3643212844825277, -0.4472154365456271,
                                0.1315209660881939, -0.02200238612977307, -0.036248358669332376,
                                0.161612244778918, 0.5013764663253838, 0.17046802429160374,
                                -0.11618870164500147], 1e-12)
    assert close(p["b_h"], [-0.05681810118822932, -0.17269778292613486, 0.028717306821937363,
                            0.08136301766863305, 0.4578262047931889, -0.15739062134577272,
                            -0.18152537122481832, 0.16629247108487466, 0.07583779108562866,
                            0.18823392311574316], 1e-12)


def test_clipping_with_sgd_in_chunks_trains_as_min_char_rnn_does():
    model = minchar_model()
    losses = model.fit(MINCHAR_TEXT, 6, learning_rate=0.5, bptt=True, seq_length=7, clip=0.05)
    assert close(losses, [119.46691293761049, 109.1909160793813, 92.96578468660267,
                          80.64727965042056, 73.20714907705258, 67.8131517427719], 1e-12)
    p = model.params  # MINCHAR "sgd_clip0.05"
    assert close(p["W_xh"][0], [0.4967956856084116, 0.24628377542259525, 0.5037793728567475,
                                0.09379042937570603, -0.0928424735570091, 0.06534395982786492,
                                -0.11469428296604947, -0.6052024126617598, 0.07088594542434576,
                                0.18522155865770853, 0.3217015876768203, -0.3982328492589716,
                                0.2366975339419664, -0.40680137362287905], 1e-12)
    assert close(p["b_y"][:6], [0.24999999999999997, -0.4500000000000001, 0.0859011370104405,
                                -0.7500000000000003, -0.7500000000000003, 0.04553334268172148],
                 1e-12)


def test_chunked_training_matches_min_char_rnn_run_with_numpy_now():
    minchar_reference = reference_script("minchar_reference")
    for name, (optimizer, lr, clip, seq_length, epochs) in minchar_reference.RUNS.items():
        reference = minchar_reference.run(optimizer, lr, clip, seq_length, epochs)
        model = minchar_model()
        losses = model.fit(MINCHAR_TEXT, epochs, learning_rate=lr, bptt=True,
                           seq_length=seq_length, optimizer=optimizer, clip=clip)
        assert close(losses, reference["losses"], 1e-12), name
        for param in tinyrnn.PARAM_NAMES:
            assert close(model.params[param], reference["params"][param], 1e-12), (name, param)


def test_adagrad_divides_each_step_by_the_root_of_the_summed_squared_gradients():
    model = TinyRNN.from_notebook()
    _, grads = model.loss_and_gradients("hello")
    model.fit("hello", 1, learning_rate=0.1, optimizer="adagrad")
    g = grads["b_y"][0]
    expected = 0.0 - 0.1 * g / math.sqrt(g * g + 1e-8)  # min-char-rnn's update, first step
    assert close(model.params["b_y"][0], expected, 1e-15)


def test_clip_limits_every_gradient_entry():
    model = TinyRNN.from_notebook()
    _, grads = model.loss_and_gradients("hello")
    model.fit("hello", 1, learning_rate=1.0, clip=0.5)
    # b_y's gradient is [1.0048, -0.0062, -0.9989, 0.0003] (NUMPY), so two entries are clipped
    expected = [-min(0.5, max(-0.5, g)) for g in grads["b_y"]]
    assert close(model.params["b_y"], expected, 1e-15)
    assert model.params["b_y"][0] == -0.5 and model.params["b_y"][2] == 0.5


def test_a_45_character_sentence_is_memorised():
    if PLATFORM == "webassembly":
        skip("MicroPython in WebAssembly frees memory only between calls from JavaScript, and "
             "this one call allocates ~2.3 GB (150 epochs) against a 2 GB limit")
    sentence = "a quick brown fox jumps over the lazy dog now."
    model = TinyRNN.for_text(sentence, 32)
    model.fit(sentence, 150, learning_rate=0.1, bptt=True, optimizer="adagrad", clip=5.0)
    assert model.generate(sentence[:3], len(sentence) - 3) == sentence


# ---------------------------------------------------------------------------------------------
# Training for real: resumable, in bounded memory, with progress, and safe to interrupt
# ---------------------------------------------------------------------------------------------

RHYME = "the cat sat on the mat, the dog sat on the log; the cow ate the hay."

LEARNING_OPTIONS = [  # one of each kind of training fit can do
    {"learning_rate": 0.1},
    {"learning_rate": 0.1, "optimizer": "adagrad"},
    {"learning_rate": 0.1, "optimizer": "adagrad", "bptt": True, "seq_length": 7, "clip": 0.5},
    {"learning_rate": 0.3, "bptt": True, "seq_length": 10, "clip": 0.05},
]


def test_fit_of_n_epochs_equals_n_fits_of_one_epoch_bit_for_bit():
    for options in LEARNING_OPTIONS:
        unbroken = TinyRNN.for_text(RHYME, 6, seed=4)
        losses = unbroken.fit(RHYME, 4, **options)
        in_steps = TinyRNN.for_text(RHYME, 6, seed=4)
        step_losses = [in_steps.fit(RHYME, 1, **options)[0] for _ in range(4)]
        assert step_losses == losses and in_steps.params == unbroken.params, options


def test_saving_and_loading_between_two_fits_equals_an_unbroken_run():
    path = join_path(temp_dir(), "half.json")
    for options in LEARNING_OPTIONS:
        unbroken = TinyRNN.for_text(RHYME, 6, seed=4)
        unbroken.fit(RHYME, 4, **options)
        first_half = TinyRNN.for_text(RHYME, 6, seed=4)
        first_half.fit(RHYME, 2, **options)
        first_half.save(path)
        second_half = TinyRNN.load(path)
        second_half.fit(RHYME, 2, **options)
        assert second_half.params == unbroken.params, options
        assert second_half.optimizer_state == unbroken.optimizer_state, options


def test_adagrad_keeps_its_memory_on_the_model_as_the_sum_of_squared_gradients():
    model = TinyRNN.from_notebook()
    _, first = model.loss_and_gradients("hello")
    model.fit("hello", 1, optimizer="adagrad")
    _, second = model.loss_and_gradients("hello")
    model.fit("hello", 1, optimizer="adagrad")
    memory = model.optimizer_state["memory"]["b_y"]
    assert close(memory, [a * a + b * b for a, b in zip(first["b_y"], second["b_y"])], 1e-15)


def test_another_optimizer_starts_from_a_fresh_state():
    model = TinyRNN.from_notebook()
    model.fit("hello", 3, optimizer="adagrad")
    model.fit("hello", 1)  # SGD keeps no state
    assert model.optimizer_state is None
    _, grads = model.loss_and_gradients("hello")
    model.fit("hello", 1, optimizer="adagrad")
    assert close(model.optimizer_state["memory"]["b_y"], [g * g for g in grads["b_y"]], 1e-15)


def test_a_version_1_model_file_still_loads():
    json = json_or_skip()
    path = join_path(temp_dir(), "v1.json")
    with open(path, "w") as f:  # what tinyrnn 1.0 wrote: no optimizer_state
        json.dump({"format": "tinyrnn", "version": 1, "vocab": "helo", "hidden_size": 4,
                   "params": tinyrnn.notebook_params()}, f)
    model = TinyRNN.load(path)
    assert model.params == tinyrnn.notebook_params() and model.optimizer_state is None


def peak_memory_of_fit(text, **options):
    """The peak memory (bytes) that fitting one epoch of text allocates, by tracemalloc."""
    try:
        import tracemalloc
    except MISSING:
        skip("this Python has no tracemalloc")
    model = TinyRNN.for_text(RHYME, 16, seed=1)
    tracemalloc.start()
    try:
        model.fit(text, 1, **options)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_text_when_training_in_chunks():
    short = peak_memory_of_fit(RHYME * 2, bptt=True, seq_length=25, optimizer="adagrad")
    long = peak_memory_of_fit(RHYME * 20, bptt=True, seq_length=25, optimizer="adagrad")
    assert long < 1.2 * short, (short, long)


def test_memory_does_not_grow_with_the_text_with_the_notebooks_gradient():
    short = peak_memory_of_fit(RHYME * 4)  # one update per epoch, no chunks
    long = peak_memory_of_fit(RHYME * 24)
    assert long < 1.2 * short, (short, long)


def test_the_notebooks_gradient_summed_in_blocks_equals_one_sum_over_the_text():
    model = TinyRNN.for_text(RHYME, 5, seed=2)
    text = RHYME * 3  # 200 steps: two blocks of BLOCK = 100 and a last one
    _, grads = model.loss_and_gradients(text)
    model.fit(text, 1, learning_rate=0.5)
    expected = TinyRNN.for_text(RHYME, 5, seed=2).params
    for name in tinyrnn.PARAM_NAMES:
        expected_rows = tinyrnn.rows_of(expected[name])
        for row, before, grad in zip(tinyrnn.rows_of(model.params[name]), expected_rows,
                                     tinyrnn.rows_of(grads[name])):
            assert close(row, [w - 0.5 * g for w, g in zip(before, grad)], 1e-13), name


def test_a_long_epoch_prints_progress_within_it():
    model = TinyRNN.for_text(RHYME, 4, seed=1)
    every = tinyrnn._Clock.EVERY
    tinyrnn._Clock.EVERY = 0.0  # a progress line after every update
    try:
        out = printed(model.fit, RHYME, 1, verbose=True, seq_length=30)
    finally:
        tinyrnn._Clock.EVERY = every
    lines = out.splitlines()
    # 67 steps in chunks of 30: progress after 30, 60 and 67 characters
    assert [line.split("characters")[0] for line in lines[:3]] == [
        "epoch     0  30 of 67 ", "epoch     0  60 of 67 ", "epoch     0  67 of 67 "]
    assert "characters/s" in lines[0] and lines[0].endswith(" left")
    assert lines[-1].startswith("trained 1 epoch of 67 characters in ")


def interrupt_inside(function_name, call, line):
    """A sys.settrace tracer: Ctrl-C (KeyboardInterrupt) at that line of that call of a function."""
    calls = [0]
    lines = [0]

    def tracer(frame, event, arg):
        if frame.f_code.co_name == function_name:
            if event == "call":
                calls[0] += 1
                lines[0] = 0
            elif event == "line" and calls[0] == call:
                lines[0] += 1
                if lines[0] == line:
                    raise tinyrnn._Interrupt
        return tracer
    return tracer


def test_ctrl_c_in_the_middle_of_an_update_leaves_the_params_of_the_last_whole_update():
    settrace = getattr(sys, "settrace", None)
    if settrace is None:
        skip("this Python has no sys.settrace")
    text = RHYME[:31]  # 30 steps: chunks of 10, three updates an epoch
    after_one_update = TinyRNN.for_text(RHYME, 4, seed=3)
    after_one_update.fit(text[:11], 1, optimizer="adagrad")
    model = TinyRNN.for_text(RHYME, 4, seed=3)
    settrace(interrupt_inside("adagrad_update", 2, 6))  # the second update, halfway through
    try:
        model.fit(text, 1, optimizer="adagrad", seq_length=10)
        raise AssertionError("no interrupt")
    except tinyrnn._Interrupt:
        pass
    finally:
        settrace(None)
    assert model.params == after_one_update.params
    assert model.optimizer_state == after_one_update.optimizer_state


def test_ctrl_c_tells_how_far_the_epoch_got():
    try:
        tinyrnn._Interrupt().epoch = 0
    except AttributeError:
        skip("this Python's exceptions take no attributes")
    model = TinyRNN.for_text(RHYME, 4, seed=3)

    def stop_after_epoch_1(epoch, loss):
        if epoch == 1:
            raise tinyrnn._Interrupt
    try:
        model.fit(RHYME, 5, on_epoch=stop_after_epoch_1)
        raise AssertionError("no interrupt")
    except tinyrnn._Interrupt as interrupt:
        assert (interrupt.epoch, interrupt.characters) == (1, len(RHYME) - 1)
    by_hand = TinyRNN.for_text(RHYME, 4, seed=3)
    by_hand.fit(RHYME, 2)
    assert model.params == by_hand.params  # both epochs' updates, nothing more


# ---------------------------------------------------------------------------------------------
# Sampling and what comes next
# ---------------------------------------------------------------------------------------------

def test_sampling_with_the_same_seed_gives_the_same_text():
    model = TinyRNN.for_text("abcdefg", 5, seed=2)
    first = model.generate("a", 30, temperature=1.0, seed=42)
    assert first == model.generate("a", 30, temperature=1.0, seed=42)
    assert first != model.generate("a", 30, temperature=1.0, seed=43)


def test_a_very_low_temperature_samples_the_greedy_text():
    model = trained_hello()
    assert model.generate("h", 4, temperature=0.01, seed=1) == "hello"


def test_sampling_draws_each_index_as_often_as_its_probability():
    rng = tinyrnn.SeededRandom(9)
    counts = [0, 0, 0]
    for _ in range(30000):
        counts[tinyrnn.sample([0.5, 0.3, 0.2], rng)] += 1
    assert close([c / 30000 for c in counts], [0.5, 0.3, 0.2], 0.015)


def test_generate_feeds_the_whole_prefix_first():
    model = trained_hello()
    assert model.generate("hell", 1) == "hello" and model.generate("hel", 1) == "hell"


def test_temperature_and_seed_are_checked():
    model = TinyRNN.from_notebook()
    assert "temperature must be a positive finite number" in error_of(
        model.generate, "h", 3, 0.0)
    assert "seed must be an integer" in error_of(model.generate, "h", 3, 1.0, 1.5)


def test_predict_next_ranks_the_characters_by_the_probabilities_of_step():
    model = trained_hello()
    h = None
    for index in (0, 1, 2):  # "hel"
        h, _, probs = model.step(index, h)
    ranked = model.predict_next("hel", k=3)
    expected = sorted(zip("helo", probs), key=lambda pair: -pair[1])[:3]
    assert ranked == expected and ranked[0][0] == "l"


def test_predict_next_checks_k():
    assert "k must be an integer >= 1" in error_of(TinyRNN.from_notebook().predict_next, "h", 0)


# ---------------------------------------------------------------------------------------------
# Saving and loading
# ---------------------------------------------------------------------------------------------

def test_a_saved_and_loaded_model_has_identical_weights_and_output():
    model = TinyRNN.for_text("hello world", 6, seed=3)
    model.fit("hello world", 5, bptt=True)
    path = join_path(temp_dir(), "model.json")
    model.save(path)
    loaded = TinyRNN.load(path)
    assert loaded.params == model.params and loaded.vocab == model.vocab
    assert loaded.generate("h", 20, 0.8, 5) == model.generate("h", 20, 0.8, 5)


def test_save_leaves_no_temporary_file_behind():
    folder = temp_dir()
    TinyRNN.from_notebook().save(join_path(folder, "m.json"))
    assert os.listdir(folder) == ["m.json"]


def test_a_failed_save_keeps_the_old_file_whole():
    folder = temp_dir()
    path = join_path(folder, "m.json")
    TinyRNN.from_notebook().save(path)
    with open(path) as f:
        old = f.read()
    real_replace = os.replace

    def crash(src, dst):
        raise OSError("simulated crash before the rename")
    os.replace = crash
    try:
        assert "simulated crash" in error_of(trained_hello().save, path)
    finally:
        os.replace = real_replace
    with open(path) as f:
        assert f.read() == old
    assert os.listdir(folder) == ["m.json"]


def write(folder, name, text):
    """Write text to folder/name and return the path."""
    path = join_path(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_bad_model_files_are_refused_saying_what_is_wrong():
    json = json_or_skip()
    folder = temp_dir()
    good = json.loads(_saved_notebook_model())
    wrong_shape = dict(good, params=dict(good["params"], W_hh=[[0.0] * 3] * 4))
    without_b_y = dict(good["params"])
    del without_b_y["b_y"]
    cases = [
        (join_path(folder, "missing.json"), "cannot read model file"),
        (write(folder, "empty.json", ""), "is empty"),
        (write(folder, "bad.json", "{not json"), "not valid JSON"),
        (write(folder, "cut.json", _saved_notebook_model()[:100]), "not valid JSON"),
        (write(folder, "list.json", "[1, 2]"), "not a tinyrnn model"),
        (write(folder, "v9.json", json.dumps(dict(good, version=9))), "version 9"),
        (write(folder, "shape.json", json.dumps(wrong_shape)), "4x3"),
        (write(folder, "size.json", json.dumps(dict(good, hidden_size=5))), "must be 5x4"),
        (write(folder, "vocab.json", json.dumps(dict(good, vocab="hel"))), "must be 4x3"),
        (write(folder, "nan.json", _saved_notebook_model().replace("0.13309074", "NaN")),
         "holds nan"),
        (write(folder, "keys.json", json.dumps(dict(good, params=without_b_y))), "has no b_y"),
        (write(folder, "extra.json", json.dumps(dict(good, params=dict(good["params"], W=[1.0])))),
         "has an entry 'W'"),
    ]
    for path, expected in cases:
        message = error_of(TinyRNN.load, path)
        assert expected in message, (path, message)


def _saved_notebook_model():
    """The text of the notebook model's saved file."""
    path = join_path(temp_dir(), "notebook.json")
    TinyRNN.from_notebook().save(path)
    with open(path) as f:
        return f.read()


# ---------------------------------------------------------------------------------------------
# Saving safely: whole files, only where asked, never through a planted link
# ---------------------------------------------------------------------------------------------

def os_with_links():
    """The os module, where it has symlinks and file modes; skips the test elsewhere."""
    if not hasattr(os, "symlink") or not hasattr(os, "chmod") or PLATFORM == "emscripten":
        skip("this Python has no symlinks or file modes")
    return os


def test_save_never_writes_through_a_link_planted_at_a_temporary_name():
    os_with_links()
    folder = temp_dir()
    victim = write(folder, "victim.txt", "precious")
    # tinyrnn 1.0's temporary name was predictable: .<name>.<pid>.tmp
    for name in (".m.json.%d.tmp" % os.getpid(), ".m.json.tmp", ".tinyrnn-.tmp"):
        os.symlink(victim, join_path(folder, name))
    TinyRNN.from_notebook().save(join_path(folder, "m.json"))
    with open(victim) as f:
        assert f.read() == "precious"
    assert TinyRNN.load(join_path(folder, "m.json")).params == tinyrnn.notebook_params()


def test_save_through_a_symlink_replaces_its_target_and_keeps_the_link():
    os_with_links()
    folder = temp_dir()
    target = write(folder, "real.json", "old")
    link = join_path(folder, "link.json")
    os.symlink(target, link)
    TinyRNN.from_notebook().save(link)
    assert os.path.islink(link) and os.path.realpath(link) == os.path.realpath(target)
    assert TinyRNN.load(target).params == tinyrnn.notebook_params()


def test_save_keeps_the_mode_of_the_file_it_replaces():
    os_with_links()
    path = write(temp_dir(), "private.json", "old")
    os.chmod(path, 0o600)
    TinyRNN.from_notebook().save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_save_refuses_a_read_only_file_and_leaves_it_as_it_was():
    os_with_links()
    path = write(temp_dir(), "kept.json", "old")
    os.chmod(path, 0o444)
    assert "read-only" in error_of(TinyRNN.from_notebook().save, path)
    with open(path) as f:
        assert f.read() == "old"


def test_save_refuses_a_device_a_folder_and_a_pipe():
    os_with_links()
    folder = temp_dir()
    places = [folder, "/dev/null"]
    if hasattr(os, "mkfifo"):
        places.append(join_path(folder, "fifo"))
        os.mkfifo(places[-1])
    for place in places:
        assert "not a regular file" in error_of(TinyRNN.from_notebook().save, place), place
    assert not os.path.isfile("/dev/null")  # still the device


def test_save_refuses_a_path_that_is_not_a_file_name():
    for bad in (None, "", 3.5, 0, True, b"m.json"):
        assert "must be a file name" in error_of(TinyRNN.from_notebook().save, bad)


def test_threads_saving_one_path_always_leave_one_whole_file():
    try:
        import threading
    except MISSING:
        skip("this Python has no threads")
    os_with_links()
    folder = temp_dir()
    path = join_path(folder, "m.json")
    models = [TinyRNN("abcdef", 8, seed=seed) for seed in range(4)]
    for _ in range(10):
        errors = []

        def save(model):
            try:
                model.save(path)
            except Exception as error:  # every save must succeed
                errors.append(error)
        threads = [threading.Thread(target=save, args=(model,)) for model in models]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [] and os.listdir(folder) == ["m.json"]
        assert TinyRNN.load(path).params in [model.params for model in models]


def test_a_file_name_as_long_as_the_system_allows_saves():
    os_with_links()
    folder = temp_dir()
    longest = os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    path = join_path(folder, "m" * (longest - 5) + ".json")
    TinyRNN.from_notebook().save(path)
    assert os.listdir(folder) == [os.path.basename(path)]


def test_what_save_writes_load_reads_bit_for_bit_even_from_integer_weights():
    model = TinyRNN.from_notebook()
    model.params["b_y"] = [0, 1, -2, 3]  # ints, as a learner might type them
    path = join_path(temp_dir(), "ints.json")
    model.save(path)
    assert TinyRNN.load(path).params["b_y"] == [0.0, 1.0, -2.0, 3.0]


# ---------------------------------------------------------------------------------------------
# The gated cells: GRU and LSTM, checked like the notebook's
# ---------------------------------------------------------------------------------------------

def gated_model(cell, text, hidden, seed):
    """A gated model for text with every bias moved off its default, so each gate is tried."""
    model = TinyRNN.for_text(text, hidden, seed=seed, cell=cell)
    rng = tinyrnn.SeededRandom(seed + 7)
    for name in model.params:
        if name.startswith("b_"):
            model.params[name] = [b + 0.3 * rng.normal() for b in model.params[name]]
    return model


def test_gated_cells_full_gradient_matches_finite_differences():
    for cell in ("gru", "lstm"):
        for text, hidden, seed in (("hello", 4, 0), ("the cat sat on the mat.", 6, 3),
                                   ("abcabcabd", 3, 5)):
            errors = tinyrnn.gradient_check(gated_model(cell, text, hidden, seed), text)
            assert max(errors.values()) < 1e-6, (cell, text, errors)  # FINITE DIFFERENCES


def held_fixed_loss(cell, params, indices, states):
    """The summed -log y_pred with each step's state before it held at states[t]: the loss
    whose exact gradient is the notebook's (bptt=False)."""
    step_of = tinyrnn.gru_step if cell == "gru" else tinyrnn.lstm_step
    total = 0.0
    for t in range(len(indices) - 1):
        total -= math.log(step_of(params, indices[t], states[t])["y_pred"][indices[t + 1]])
    return total


def test_gated_cells_notebook_gradient_is_the_gradient_with_each_state_held_fixed():
    text = "the cat sat."
    for cell in ("gru", "lstm"):
        model = gated_model(cell, text, 5, 2)
        indices = model.encode(text)
        states = [model.check_hidden_state(None)] + model.hidden_states(text)
        grads = model.loss_and_gradients(text, bptt=False)[1]
        for name in sorted(model.params):
            rows = tinyrnn.rows_of(model.params[name])
            for r, c in ((0, 0), (len(rows) - 1, len(rows[0]) - 1)):
                original = rows[r][c]
                rows[r][c] = original + 1e-5
                up = held_fixed_loss(cell, model.params, indices, states)
                rows[r][c] = original - 1e-5
                down = held_fixed_loss(cell, model.params, indices, states)
                rows[r][c] = original
                numeric = (up - down) / 2e-5  # FINITE DIFFERENCES of the held-fixed loss
                assert abs(tinyrnn.rows_of(grads[name])[r][c] - numeric) < 1e-7, (cell, name)


def sigmoid(a):
    """1 / (1 + e^-a), by hand."""
    return 1.0 / (1.0 + math.exp(-a))


def test_a_gru_step_with_one_unit_is_its_four_equations_by_hand():
    p = {"W_xr": [[0.5, -0.5]], "W_hr": [[0.2]], "b_r": [0.1], "W_xz": [[-0.3, 0.4]],
         "W_hz": [[0.6]], "b_z": [0.0], "W_xn": [[0.7, 0.1]], "W_hn": [[-0.4]], "b_xn": [0.05],
         "b_hn": [0.2], "W_hy": [[1.0], [-1.0]], "b_y": [0.0, 0.0]}
    s = tinyrnn.gru_step(p, 0, [0.4])  # x = [1, 0], h_prev = 0.4
    r = sigmoid(0.5 + 0.2 * 0.4 + 0.1)  # HAND: the equations, one unit, PyTorch's GRU
    z = sigmoid(-0.3 + 0.6 * 0.4 + 0.0)
    n = math.tanh(0.7 + 0.05 + r * (-0.4 * 0.4 + 0.2))
    h = (1 - z) * n + z * 0.4
    assert close([s["r"][0], s["z"][0], s["n"][0], s["h"][0]], [r, z, n, h], 1e-15)


def test_an_lstm_step_with_one_unit_is_its_six_equations_by_hand():
    p = {"W_hy": [[1.0], [-1.0]], "b_y": [0.0, 0.0]}
    for gate, w_x, w_h, b in (("i", [0.5, -0.2], 0.3, 0.1), ("f", [0.2, 0.4], -0.5, 1.0),
                              ("g", [-0.6, 0.3], 0.2, 0.0), ("o", [0.1, 0.1], 0.7, -0.2)):
        p["W_x" + gate], p["W_h" + gate], p["b_" + gate] = [w_x], [[w_h]], [b]
    s = tinyrnn.lstm_step(p, 1, [0.3, -0.5])  # x = [0, 1], h_prev = 0.3, c_prev = -0.5
    i = sigmoid(-0.2 + 0.3 * 0.3 + 0.1)  # HAND: the equations, one unit, PyTorch's LSTM
    f = sigmoid(0.4 - 0.5 * 0.3 + 1.0)
    g = math.tanh(0.3 + 0.2 * 0.3)
    o = sigmoid(0.1 + 0.7 * 0.3 - 0.2)
    c = f * -0.5 + i * g
    assert close([s["i"][0], s["f"][0], s["g"][0], s["o"][0], s["c"][0], s["h"][0]],
                 [i, f, g, o, c, o * math.tanh(c)], 1e-15)
    assert s["state"] == s["h"] + s["c"]  # the state: h, then c


def test_gated_models_save_and_load_bit_for_bit_with_their_cell():
    for cell in ("gru", "lstm"):
        model = gated_model(cell, "hello there", 4, 1)
        model.fit("hello there", 2, optimizer="adagrad", bptt=True)
        path = join_path(temp_dir(), cell + ".json")
        model.save(path)
        loaded = TinyRNN.load(path)
        assert loaded.cell == cell and loaded.params == model.params
        assert loaded.optimizer_state == model.optimizer_state


def test_gated_models_fit_n_epochs_as_n_calls_of_one():
    for cell in ("gru", "lstm"):
        once, in_steps = gated_model(cell, "abcabd", 3, 4), gated_model(cell, "abcabd", 3, 4)
        once.fit("abcabd", 3, optimizer="adagrad", bptt=True, seq_length=2)
        for _ in range(3):
            in_steps.fit("abcabd", 1, optimizer="adagrad", bptt=True, seq_length=2)
        assert once.params == in_steps.params, cell


def test_gated_models_train_generate_and_evaluate_like_the_tanh_cell():
    text = "hello world, hello there."
    for cell in ("gru", "lstm"):
        model = TinyRNN.for_text(text, 16, seed=1, cell=cell)
        before = model.evaluate(text)
        model.fit(text, 60, bptt=True, optimizer="adagrad", clip=5.0)
        assert model.evaluate(text) < before / 4, cell  # bits per character: it learned
        assert model.generate("h", 4) == "hello", cell
        assert len(model.hidden_states("hel")[0]) == 16 * (2 if cell == "lstm" else 1)


def test_a_forget_gate_near_1_keeps_the_gradient_alive_where_the_tanh_cell_loses_it():
    text = ("abcdefgh" * 6)[:42]
    ratios = {}
    for cell, bias, value in (("rnn", None, None), ("lstm", "b_f", 3.0)):
        model = TinyRNN("abcdefgh", 32, seed=1, cell=cell)
        if bias:
            model.params[bias] = [value] * 32
        norms = model.gradient_norms(text)
        ratios[cell] = norms[-41] / norms[-1]  # 40 steps back, against the last step's own
    assert ratios["rnn"] < 1e-5 and ratios["lstm"] > 1e-1, ratios  # measured 2e-10 and 1.3


def test_the_cell_must_be_rnn_gru_or_lstm():
    assert "cell must be 'rnn', 'gru' or 'lstm', got 'tanh'" in error_of(TinyRNN, "ab", 2,
                                                                         cell="tanh")


def test_parts_1_and_2_alone_refuse_a_gated_cell_saying_they_need_the_whole_file():
    parts = import_alone(lines_above("# Part 3."), "tinyrnn_parts_1_2")
    assert "needs the whole tinyrnn.py" in error_of(parts.TinyRNN, "ab", 2, cell="gru")


GRU_BY_HAND = {"W_xr": [[0.5, -0.5]], "W_hr": [[0.2]], "b_r": [0.1], "W_xz": [[-0.3, 0.4]],
               "W_hz": [[0.6]], "b_z": [0.0], "W_xn": [[0.7, 0.1]], "W_hn": [[-0.4]],
               "b_xn": [0.05], "b_hn": [0.2], "W_hy": [[1.0], [-1.0]], "b_y": [0.0, 0.0]}


def test_explain_step_of_a_gated_cell_prints_the_values_of_its_equations_worked_by_hand():
    model = TinyRNN("ab", 1, cell="gru", params=GRU_BY_HAND)
    lines = tinyrnn.explain_step(model, 0, [0.4])
    r = sigmoid(0.5 + 0.2 * 0.4 + 0.1)  # HAND: as in the one-unit GRU step above
    z = sigmoid(-0.3 + 0.6 * 0.4 + 0.0)
    n = math.tanh(0.7 + 0.05 + r * (-0.4 * 0.4 + 0.2))
    assert "mid_r[0] = 0.50000000*1 + -0.50000000*0 + 0.20000000*0.40000000 + 0.10000000 " \
           "= 0.68000000" in lines
    for name, value in (("r", r), ("z", z), ("n", n), ("h", (1 - z) * n + z * 0.4)):
        assert close(printed_vector(lines, name), [value], 1e-8), name
    model = TinyRNN("ab", 1, cell="lstm", seed=4)
    lines = tinyrnn.explain_step(model, 1, [0.3, -0.5])
    p = model.params
    gate = dict((g, p["W_x" + g][0][1] + p["W_h" + g][0][0] * 0.3 + p["b_" + g][0])
                for g in "ifgo")  # HAND: x = [0, 1], h_prev = 0.3, c_prev = -0.5
    i, f, g, o = sigmoid(gate["i"]), sigmoid(gate["f"]), math.tanh(gate["g"]), sigmoid(gate["o"])
    c = f * -0.5 + i * g
    for name, value in (("i", i), ("f", f), ("g", g), ("o", o), ("c", c),
                        ("h", o * math.tanh(c))):
        assert close(printed_vector(lines, name), [value], 1e-8), name


def explained_gated(cell):
    """A two-unit gated model, a state before the step, a dstate_next from the step after, and
    explain_step's lines for 'a' -> 'b' with BPTT."""
    model = gated_model(cell, "abc", 2, 6)
    size = len(model.check_hidden_state(None))
    state = [0.3, -0.2, 0.5, 0.1][:size]
    after = [0.4, -0.3, 0.2, 0.25][:size]  # dh_next (and dc_next) from the step after
    return model, state, after, tinyrnn.explain_step(model, 0, state, target=1, dh_next=after,
                                                     bptt=True)


def loss_with_the_step_after(cell, params, state, after):
    """This step's -log y_pred['b'] plus dh_next . h (and dc_next . c): the loss whose gradient
    a step computes when the step after handed it dh_next."""
    s = (tinyrnn.gru_step if cell == "gru" else tinyrnn.lstm_step)(params, 0, state)
    return -math.log(s["y_pred"][1]) + sum(a * v for a, v in zip(after, s["state"]))


def test_explain_step_of_a_gated_cell_prints_each_gradient_share_as_finite_differences_find_it():
    for cell in ("gru", "lstm"):
        model, state, after, lines = explained_gated(cell)
        checked = 0
        for line in lines:
            if " += " in line:
                name, rest = line.split("[", 1)
                where = [int(k) for k in rest.split(" += ")[0].replace("]", "").split("[")]
                rows = tinyrnn.rows_of(model.params[name])
                row, col = (where + [0])[:2] if len(where) == 2 else (0, where[0])

                def loss_at(v):
                    rows[row][col] = v[0]
                    return loss_with_the_step_after(cell, model.params, state, after)
                original = rows[row][col]
                expected = central_differences(loss_at, [original])  # FINITE DIFFERENCES
                rows[row][col] = original
                assert close(float(line.rsplit(" = ", 1)[1]), expected[0], 1e-7), line
                checked += 1
        H, V, gates = 2, 3, 3 if cell == "gru" else 4
        assert checked == V * H + V + gates * (H + H * H + H) + (H if cell == "gru" else 0)


def test_explain_step_of_a_gated_cell_hands_back_finite_differences_in_the_state_before():
    for cell in ("gru", "lstm"):
        model, state, after, lines = explained_gated(cell)

        def loss_at(state):
            return loss_with_the_step_after(cell, model.params, state, after)
        handed = printed_vector(lines, "dh_next") + printed_vector(lines, "dc_next")
        assert close(handed, central_differences(loss_at, state), 1e-8), cell  # FINITE DIFF.


def test_trace_prints_a_gated_cells_values_by_name_in_the_order_it_makes_them():
    for cell, names in (("gru", "r z recurrent n"), ("lstm", "i f g o c tanh_c")):
        model = TinyRNN.for_text("abc", 2, cell=cell)
        out = printed(model.fit, "abc", 1, trace=True)
        labels = [line.split()[0] for line in out.splitlines() if "[" in line]
        order = ["state_prev"] + names.split() + ["h", "y_logits", "y_pred"]
        assert labels == order * 2, (cell, labels)  # two steps: 'a' -> 'b', 'b' -> 'c'


# ---------------------------------------------------------------------------------------------
# Loading safely: every field checked before anything is built from it
# ---------------------------------------------------------------------------------------------

def test_a_deeply_nested_model_file_is_refused_without_a_recursion_error():
    path = write(temp_dir(), "deep.json", "[" * 100000 + "]" * 100000)
    assert "nests brackets deeper than a model file does" in error_of(TinyRNN.load, path)


def test_a_weight_too_large_for_a_float_is_refused():
    text = _saved_notebook_model().replace("0.13309074", "1" + "0" * 400, 1)
    assert "holds 1000" in error_of(TinyRNN.load, write(temp_dir(), "big.json", text))


def test_a_huge_hidden_size_in_a_small_file_is_refused_by_the_shapes_of_its_weights():
    json = json_or_skip()
    data = json.loads(_saved_notebook_model())
    data["hidden_size"] = 100000  # building random weights of that size would take gigabytes
    message = error_of(TinyRNN.load, write(temp_dir(), "h.json", json.dumps(data)))
    assert "params['W_xh'] has shape 4x4, but it must be 100000x4" in message


def test_model_file_fields_must_have_their_exact_types():
    json = json_or_skip()
    good = json.loads(_saved_notebook_model())
    folder = temp_dir()
    cases = [({"version": True}, "version True"), ({"version": 2.0}, "version 2.0"),
             ({"hidden_size": 4.0}, "hidden_size must be an integer"),
             ({"vocab": ["h", "e", "l", "o"]}, "vocab must be a non-empty string"),
             ({"optimizer_state": {"optimizer": "adam", "memory": {}}}, "optimizer_state must"),
             ({"extra": 1}, "must have exactly the fields")]
    for change, expected in cases:
        path = write(folder, "m.json", json.dumps(dict(good, **change)))
        assert expected in error_of(TinyRNN.load, path), (change, error_of(TinyRNN.load, path))


def test_a_model_file_larger_than_max_bytes_is_refused_before_it_is_read():
    path = write(temp_dir(), "m.json", _saved_notebook_model())
    message = error_of(TinyRNN.load, path, max_bytes=100)
    assert "more than max_bytes = 100" in message


def test_only_regular_files_are_read_as_text():
    places = ["/dev/zero", temp_dir()]  # /dev/zero would never end
    if hasattr(os, "mkfifo") and PLATFORM != "emscripten":
        places.append(join_path(places[1], "fifo"))
        os.mkfifo(places[-1])  # nobody writes to it: reading would wait forever
    for place in places:
        if os.path.exists(place):
            assert "not a regular file" in error_of(tinyrnn.read_text_file, place), place


def test_load_refuses_a_path_that_is_not_a_file_name():
    for bad in (None, "", 3.5, 0, True):  # open(0) would read standard input
        assert "must be a file name" in error_of(TinyRNN.load, bad)


# ---------------------------------------------------------------------------------------------
# Arguments: a ValueError, never another exception, and nothing changed
# ---------------------------------------------------------------------------------------------

def test_integers_too_large_for_a_float_are_refused_as_numbers():
    model = TinyRNN.from_notebook()
    huge = 10 ** 400
    assert "learning_rate must be a positive finite number" in error_of(
        model.fit, "hello", 1, learning_rate=huge)
    assert "clip must be" in error_of(model.fit, "hello", 1, clip=huge)
    assert "temperature must be" in error_of(model.generate, "h", 3, temperature=huge)
    assert "eps must be" in error_of(tinyrnn.gradient_check, model, "hello", eps=huge)
    assert "h_prev must be" in error_of(model.step, 0, [huge, 0, 0, 0])


def test_params_edited_by_hand_are_refused_by_every_method_before_anything_changes():
    for name, bad in [("extra", [1.0]), ("b_y", "oops"), ("b_y", None), ("b_h", [1j, 0, 0, 0]),
                      ("b_h", [True, 0.0, 0.0, 0.0]), ("W_hh", [[0.0] * 4] * 3)]:
        model = TinyRNN.from_notebook()
        model.params[name] = bad
        before = dict(model.params)
        for call in (lambda: model.fit("hello", 2), lambda: model.generate("h", 3),
                     lambda: model.save(join_path(temp_dir(), "m.json")),
                     lambda: model.predict_next("h"), lambda: model.step(0)):
            assert "params" in error_of(call), (name, bad)
        assert model.params == before


def test_an_optimizer_state_edited_by_hand_is_refused_before_training():
    model = TinyRNN.from_notebook()
    for bad in ("adagrad", {"optimizer": "adagrad", "memory": {"b_y": [0.0] * 4}},
                {"optimizer": "adagrad", "memory": dict(tinyrnn.notebook_params(),
                                                        b_y=[-1.0] * 4)}):
        model.optimizer_state = bad
        assert "optimizer_state" in error_of(model.fit, "hello", 1, optimizer="adagrad")
        assert model.params == tinyrnn.notebook_params()


def test_on_epoch_must_be_a_function_and_is_checked_before_training():
    model = TinyRNN.from_notebook()
    assert "on_epoch must be a function" in error_of(model.fit, "hello", 3, on_epoch=5)
    assert model.params == tinyrnn.notebook_params()


def test_bptt_must_be_true_or_false():
    model = TinyRNN.from_notebook()
    assert "bptt must be True or False" in error_of(model.fit, "hello", 1, bptt="no")


def test_a_temperature_so_small_that_the_logits_overflow_samples_greedily():
    model = trained_hello()
    assert model.generate("h", 4, temperature=1e-320, seed=3) == "hello"  # greedy's answer


def test_random_arguments_give_value_error_or_success_and_refusals_change_nothing():
    fuzz = fuzz_script()
    failures = []
    fuzz.check_api(fuzz.random.Random(1), temp_dir(), 300, failures)
    assert failures == []


def test_random_model_files_give_value_error_or_load_and_save_bit_for_bit():
    fuzz = fuzz_script()
    failures = []
    fuzz.check_model_files(fuzz.random.Random(2), temp_dir(), 100, failures)
    assert failures == []


def test_random_command_lines_exit_0_or_2_with_one_line():
    fuzz = fuzz_script()
    failures = []
    fuzz.check_command_lines(fuzz.random.Random(3), temp_dir(), 150, failures)
    assert failures == []


def fuzz_script():
    """scripts/fuzz.py, which throws random arguments, files and command lines at tinyrnn."""
    if PLATFORM == "emscripten" or not hasattr(os, "symlink"):
        skip("the fuzzer needs files and a full os module")
    sys.path.insert(0, HERE + "/scripts")
    try:
        return __import__("fuzz")
    finally:
        sys.path.pop(0)


def hypothesis_or_skip():
    """hypothesis's given and strategies; skips where hypothesis is not installed."""
    try:
        from hypothesis import given, settings, strategies
    except MISSING:
        skip("hypothesis is not installed (CI installs it beside pytest)")
    return given, settings, strategies


def test_property_any_arguments_give_value_error_or_success_and_refusals_change_nothing():
    given, settings, st = hypothesis_or_skip()
    anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                         st.lists(st.floats(), max_size=5), st.complex_numbers(),
                         st.dictionaries(st.text(max_size=4), st.integers(), max_size=3))

    arity = {"fit": 3, "generate": 4, "step": 2, "predict_next": 2, "loss_and_gradients": 3,
             "step_losses": 2, "hidden_states": 1}  # how many arguments each one takes here

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(sorted(arity)), st.lists(anything, min_size=4, max_size=4),
           st.booleans())
    def check(method, args, good_text):
        model = TinyRNN.from_notebook()
        args = args[:arity[method]]
        if good_text and method != "step":
            args[0] = "hello"
        if method in ("fit", "generate", "predict_next") and _is_big_count(args[1]):
            args[1] = 2  # a valid but huge count would only take long
        before = model.copy_params()
        try:
            getattr(model, method)(*args)
        except ValueError as error:  # a refusal changes nothing; a divergence keeps whole updates
            assert model.params == before or (
                "diverged" in str(error) and tinyrnn.all_finite(model.params))
    check()


def _is_big_count(value):
    """True for an int above 5 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 5


def test_property_any_model_file_gives_value_error_or_a_model_that_saves_bit_for_bit():
    given, settings, st = hypothesis_or_skip()
    json = json_or_skip()
    good = json.loads(_saved_notebook_model())
    folder = temp_dir()
    value = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                                   st.text(max_size=5)),
                         lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                 st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=5)), max_leaves=20)

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(sorted(good) + ["params.W_hh", "params.b_y", "extra"]), value)
    def check(field, new_value):
        data = json.loads(json.dumps(good))
        if field.startswith("params."):
            data["params"][field[7:]] = new_value
        else:
            data[field] = new_value
        path = join_path(folder, "m.json")
        with open(path, "w") as f:
            f.write(json.dumps(data, allow_nan=True))
        try:
            model = TinyRNN.load(path)
        except ValueError:
            return
        model.save(path)
        again = TinyRNN.load(path)
        assert (again.params, again.optimizer_state) == (model.params, model.optimizer_state)
    check()


# ---------------------------------------------------------------------------------------------
# Pictures and every multiply-add
# ---------------------------------------------------------------------------------------------

def test_text_chart_puts_the_largest_value_top_left_and_the_smallest_bottom_right():
    lines = tinyrnn.text_chart([5.0, 4.0, 2.0, 1.0], width=4, height=5).splitlines()
    assert lines[0] == "    5.0000 |*   " and lines[4] == "    1.0000 |   *"


def test_explain_shows_every_multiply_add_of_the_first_step():
    lines = tinyrnn.explain_step(TinyRNN.from_notebook(), 0)
    # NOTEBOOK: mid_h[0] = W_xh[0] . x + W_hh[0] . 0 + 0 = 0.13309074
    assert lines[1].startswith("mid_h[0] = 0.13309074*1 + 0.17127598*0 + -0.15813858*0 + ")
    assert lines[1].endswith(" = 0.13309074")
    assert "h[0] = tanh(0.13309074) = 0.13231045" in lines  # NOTEBOOK hidden h
    assert any(line.startswith("y_pred[0] = ") and "= 0.25067740" in line for line in lines)


def central_differences(f, point, eps=1e-6):
    """The gradient of f at point (a list of numbers) by central finite differences."""
    gradient = []
    for k in range(len(point)):
        up, down = point[:], point[:]
        up[k] += eps
        down[k] -= eps
        gradient.append((f(up) - f(down)) / (2 * eps))
    return gradient


class Bind:
    """f with its first arguments fixed: Bind(f, a, b)(c) is f(a, b, c)."""

    def __init__(self, f, *args):
        self.f, self.args = f, args

    def __call__(self, last):
        return self.f(*(self.args + (last,)))


def sum_of_printed_terms(line):
    """The sum of the terms of a printed line 'name = a*b + c*d + e = value', and the value."""
    left, value = line.rsplit(" = ", 1)
    terms = left.split(" = ")[-1]
    total = 0.0
    for term in terms.split(" + "):
        product = 1.0
        for factor in term.split("*"):
            product *= float(factor)
        total += product
    return total, float(value)


def explained_backward(h_prev=None, dh_next=None):
    """explain_step's lines for the notebook's step 0 ('h', target 'e'), with the backward pass."""
    return tinyrnn.explain_step(TinyRNN.from_notebook(), 0, h_prev, target=1, dh_next=dh_next,
                                bptt=True)


def printed_vector(lines, name):
    """The values explain_step printed for name[0], name[1], ... (the number after the last =)."""
    values = [float(line.rsplit(" = ", 1)[1]) for line in lines
              if line.startswith(name + "[") and line[len(name) + 2] == "]"]
    return values


def test_explain_backward_lines_add_up_from_their_own_printed_terms():
    h_prev = [0.3, -0.2, 0.1, 0.05]
    lines = tinyrnn.explain_step(TinyRNN.from_notebook(), 1, h_prev, target=2,
                                 dh_next=[0.01, -0.02, 0.03, 0.0], bptt=True)
    checked = 0
    for line in lines:
        if line.split("[")[0] in ("dh", "dh_raw", "dh_next", "mid_h", "y_logits") or (
                " += " in line and "*" in line):
            total, value = sum_of_printed_terms(line)
            assert close(total, value, 5e-8 * (1 + line.count("*"))), line  # 8 decimals each
            checked += 1
    assert checked == 4 * 5 + 16 + 4 + 16  # each sum; W_hy's, W_xh's and W_hh's entries


def test_explain_dy_is_y_pred_less_one_at_the_target():
    lines = explained_backward()
    # NOTEBOOK step 0: y_pred = [0.2506774, 0.24668689, 0.25563922, 0.24699648], target 'e'
    assert close(printed_vector(lines, "dy"), [0.2506774, 0.24668689 - 1, 0.25563922,
                                               0.24699648], 1e-8)


def test_explain_dh_is_the_finite_difference_of_the_steps_loss_in_h():
    p = tinyrnn.notebook_params()
    h = tinyrnn.step(p, 0, tinyrnn.zeros(4))["h"]

    def loss_at(h):
        return -math.log(tinyrnn.softmax(tinyrnn.add(tinyrnn.matvec(p["W_hy"], h), p["b_y"]))[1])
    assert close(printed_vector(explained_backward(), "dh"), central_differences(loss_at, h),
                 1e-8)


def test_explain_dh_next_is_the_finite_difference_of_the_steps_loss_in_h_prev():
    p = tinyrnn.notebook_params()
    h_prev = [0.13231045, -0.09032689, 0.04665659, -0.07534557]  # NOTEBOOK: h after 'h'

    def loss_at(h_prev):  # the loss of step 1: 'e' -> 'l'
        return -math.log(tinyrnn.step(p, 1, h_prev)["y_pred"][2])
    lines = tinyrnn.explain_step(TinyRNN.from_notebook(), 1, h_prev, target=2, bptt=True)
    assert close(printed_vector(lines, "dh_next"), central_differences(loss_at, h_prev), 1e-8)


def test_explain_shows_the_steps_gradient_which_is_the_notebooks_for_a_one_step_text():
    lines = explained_backward()
    _, grads = TinyRNN.from_notebook().loss_and_gradients("he")
    assert close(printed_vector(lines, "b_h"), grads["b_h"], 1e-8)
    w_xh = [float(line.rsplit(" = ", 1)[1]) for line in lines if line.startswith("W_xh[")]
    assert close(w_xh, [row[0] for row in grads["W_xh"]], 1e-8)


# ---------------------------------------------------------------------------------------------
# What the model has learned: held-out text, vanishing gradients, single units
# ---------------------------------------------------------------------------------------------

def test_evaluate_is_infinite_when_a_characters_probability_rounds_to_zero():
    model = TinyRNN("ab", 1, params={"W_xh": [[0.0, 0.0]], "W_hh": [[0.0]], "b_h": [0.0],
                                     "W_hy": [[0.0], [0.0]], "b_y": [800.0, -800.0]})
    # HAND: y_pred['b'] = exp(-1600) / (1 + exp(-1600)), below the smallest float: 0.0
    assert model.evaluate("ab") == float("inf")


def silent_model(vocab, hidden):
    """A model whose weights are all zero: it guesses every character alike."""
    V = len(vocab)
    return TinyRNN(vocab, hidden, params={
        "W_xh": [[0.0] * V for _ in range(hidden)], "W_hh": [[0.0] * hidden for _ in range(hidden)],
        "W_hy": [[0.0] * hidden for _ in range(V)], "b_h": [0.0] * hidden, "b_y": [0.0] * V})


def test_evaluate_of_a_uniform_guess_is_log2_of_the_vocabulary_size():
    assert close(silent_model("abcdefgh", 3).evaluate("abcabcab"), 3.0, 1e-12)  # log2 8


def test_evaluate_is_the_mean_of_minus_log2_of_each_target_probability():
    model = TinyRNN.from_notebook()
    # NOTEBOOK step 0: y_pred['e'] = 0.24668689 after 'h', from a zero state
    assert close(model.evaluate("he"), -math.log(0.24668689) / math.log(2), 1e-7)


def test_bigram_bits_per_char_counts_with_add_one_smoothing():
    # by hand: train "abab" has bigrams ab, ba, ab; V = 2.
    # P(b | a) = (2 + 1) / (2 + 2) = 3/4; P(a | b) = (1 + 1) / (1 + 2) = 2/3
    expected = -(math.log(3 / 4) + math.log(2 / 3)) / math.log(2) / 2
    assert close(tinyrnn.bigram_bits_per_char("abab", "aba"), expected, 1e-12)


def test_bigram_bits_per_char_counts_unseen_characters_in_v():
    # by hand: V = 3 (a, b, c); "ac" never seen: P(c | a) = (0 + 1) / (1 + 3)
    assert close(tinyrnn.bigram_bits_per_char("ab", "ac"), 2.0, 1e-12)


def identity_times(a, hidden=3, vocab="abc"):
    """A model with W_hh = a * I and every other weight zero but W_hy: h stays 0."""
    model = silent_model(vocab, hidden)
    model.params["W_hh"] = [[a if i == j else 0.0 for j in range(hidden)] for i in range(hidden)]
    model.params["W_hy"] = [[0.1 * (i + 1) - 0.2 * j for j in range(hidden)]
                            for i in range(len(vocab))]
    return model


def test_gradient_norms_shrink_by_a_each_step_back_when_w_hh_is_a_times_identity():
    # h stays 0, so 1 - h ** 2 = 1 and each step back multiplies d loss_T / d h by W_hh.T = a I
    for a in (0.5, 2.0):
        norms = identity_times(a).gradient_norms("abcabca")
        assert len(norms) == 6
        for t in range(5):
            assert close(norms[t] / norms[t + 1], a, 1e-12), (a, t)


def test_gradient_norms_last_entry_is_the_norm_of_w_hy_t_at_dy():
    model = identity_times(1.0)
    # h = 0: y_pred is uniform (1/3 each), so dy = [1/3, 1/3, -2/3] for the target 'c'
    dy = [1 / 3, 1 / 3, -2 / 3]
    dh = [sum(model.params["W_hy"][j][i] * dy[j] for j in range(3)) for i in range(3)]
    assert close(model.gradient_norms("abc")[-1], math.sqrt(sum(d * d for d in dh)), 1e-15)


def test_gradient_norms_match_finite_differences_of_the_last_loss_in_each_h():
    model = TinyRNN.for_text("abcdab", 4, seed=6)
    indices = [0, 1, 2, 3, 0, 1]
    p = model.params

    states = [tinyrnn.zeros(4)]
    for index in indices[:-1]:
        states.append(tinyrnn.step(p, index, states[-1])["h"])
    norms = model.gradient_norms("abcdab")
    for t in range(len(indices) - 1):
        gradient = central_differences(Bind(last_loss_with_h, p, indices, t), states[t + 1])
        assert close(norms[t], math.sqrt(sum(g * g for g in gradient)), 1e-8), t


def last_loss_with_h(p, indices, t, h):
    """The last step's loss when the hidden state after step t is h (steps run from there)."""
    for index in indices[t + 1:-1]:
        h = tinyrnn.step(p, index, h)["h"]
    y_pred = tinyrnn.softmax(tinyrnn.add(tinyrnn.matvec(p["W_hy"], h), p["b_y"]))
    return -math.log(y_pred[indices[-1]])


def test_clip_norm_keeps_the_gradients_direction_and_caps_its_norm():
    model = TinyRNN.for_text("abcabd", 4, seed=3)
    before = model.copy_params()
    _, grads = model.loss_and_gradients("abcabd")
    model.fit("abcabd", 1, learning_rate=1.0, clip_norm=0.01)
    step_taken = [b - a for name in tinyrnn.PARAM_NAMES
                  for row_a, row_b in zip(tinyrnn.rows_of(model.params[name]),
                                          tinyrnn.rows_of(before[name]))
                  for a, b in zip(row_a, row_b)]
    gradient = [g for name in tinyrnn.PARAM_NAMES for row in tinyrnn.rows_of(grads[name])
                for g in row]
    assert tinyrnn.norm(gradient) > 0.01  # so it was clipped
    assert close(tinyrnn.norm(step_taken), 0.01, 1e-12)
    cosine = tinyrnn.dot(step_taken, gradient) / (tinyrnn.norm(step_taken) *
                                                  tinyrnn.norm(gradient))
    assert close(cosine, 1.0, 1e-9)


def test_clip_norm_leaves_a_short_gradient_alone():
    model, unclipped = TinyRNN.from_notebook(), TinyRNN.from_notebook()
    model.fit("hello", 1, clip_norm=100.0)
    unclipped.fit("hello", 1)
    assert model.params == unclipped.params


def test_unit_correlations_find_a_unit_built_to_follow_a_feature():
    text = "ab ba aab ab b"
    model = silent_model(" ab", 3)
    model.params["W_xh"][1] = [-1.0, 1.0, 1.0]  # unit 1: tanh(1) on a letter, tanh(-1) on space
    inside_word = [0.0 if ch == " " else 1.0 for ch in text]
    ranked = model.unit_correlations(text, inside_word)
    assert ranked[0][0] == 1 and close(ranked[0][1], 1.0, 1e-12)
    assert [unit for unit, _ in ranked[1:]] == [0, 2] and ranked[1][1] == ranked[2][1] == 0.0


def test_unit_correlations_need_one_number_per_character():
    message = error_of(TinyRNN.from_notebook().unit_correlations, "hello", [1.0, 2.0])
    assert "feature must be a list of 5 finite numbers" in message


# ---------------------------------------------------------------------------------------------
# The exercises: a learner's solution passes, the blank and every classic mistake are named
# ---------------------------------------------------------------------------------------------

SOLUTIONS = {  # written as a learner would, one per exercise (mistakes are edits of these)
    "e1_softmax.py": """
import math


def softmax(logits):
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]
""",
    "e2_step.py": """
from tinyrnn import add, matvec, one_hot, softmax, tanh


def step(params, index, h_prev):
    x = one_hot(index, len(params["b_y"]))
    mid_h = add(add(matvec(params["W_xh"], x), matvec(params["W_hh"], h_prev)), params["b_h"])
    h = tanh(mid_h)
    y_logits = add(matvec(params["W_hy"], h), params["b_y"])
    return {"x": x, "mid_h": mid_h, "h": h, "y_logits": y_logits, "y_pred": softmax(y_logits)}
""",
    "e3_gradient.py": """
from tinyrnn import cross_entropy, matvec, multiply, step, tanh_derivative, transpose, zeros


def loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    H, V = len(params["b_h"]), len(params["b_y"])
    W_hy_T = transpose(params["W_hy"])
    grads = {"W_xh": [zeros(V) for _ in range(H)], "W_hh": [zeros(H) for _ in range(H)],
             "W_hy": [zeros(H) for _ in range(V)], "b_h": zeros(H), "b_y": zeros(V)}
    loss = 0.0
    for t in range(len(inputs)):
        s = step(params, inputs[t], h_prev)
        h = s["h"]
        loss += cross_entropy(s["y_pred"], targets[t])
        dy = s["y_pred"][:]
        dy[targets[t]] -= 1
        dh = matvec(W_hy_T, dy)
        dh_raw = multiply(tanh_derivative(h), dh)
        for i in range(V):
            for j in range(H):
                grads["W_hy"][i][j] += dy[i] * h[j]
            grads["b_y"][i] += dy[i]
        for i in range(H):
            grads["W_xh"][i][inputs[t]] += dh_raw[i]
            for j in range(H):
                grads["W_hh"][i][j] += dh_raw[i] * h_prev[j]
            grads["b_h"][i] += dh_raw[i]
        h_prev = h
    return loss, grads, h_prev
""",
    "e4_bptt.py": """
from tinyrnn import cross_entropy, matvec, multiply, step, tanh_derivative, transpose, zeros


def loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    H, V = len(params["b_h"]), len(params["b_y"])
    W_hy_T, W_hh_T = transpose(params["W_hy"]), transpose(params["W_hh"])
    grads = {"W_xh": [zeros(V) for _ in range(H)], "W_hh": [zeros(H) for _ in range(H)],
             "W_hy": [zeros(H) for _ in range(V)], "b_h": zeros(H), "b_y": zeros(V)}
    loss = 0.0
    h_prevs, hs, ys = [], [], []
    for t in range(len(inputs)):
        s = step(params, inputs[t], h_prev)
        loss += cross_entropy(s["y_pred"], targets[t])
        h_prevs.append(h_prev)
        hs.append(s["h"])
        ys.append(s["y_pred"])
        h_prev = s["h"]
    dh_next = zeros(H)
    for t in reversed(range(len(inputs))):
        dy = ys[t][:]
        dy[targets[t]] -= 1
        dh = matvec(W_hy_T, dy)
        if bptt:
            dh = [a + b for a, b in zip(dh, dh_next)]
        dh_raw = multiply(tanh_derivative(hs[t]), dh)
        for i in range(V):
            for j in range(H):
                grads["W_hy"][i][j] += dy[i] * hs[t][j]
            grads["b_y"][i] += dy[i]
        for i in range(H):
            grads["W_xh"][i][inputs[t]] += dh_raw[i]
            for j in range(H):
                grads["W_hh"][i][j] += dh_raw[i] * h_prevs[t][j]
            grads["b_h"][i] += dh_raw[i]
        dh_next = matvec(W_hh_T, dh_raw)
    return loss, grads, h_prev
""",
    "e5_sgd_update.py": """
def sgd_update(params, grads, learning_rate):
    for name in grads:
        if isinstance(params[name][0], list):
            params[name] = [[w - learning_rate * g for w, g in zip(row, grad_row)]
                            for row, grad_row in zip(params[name], grads[name])]
        else:
            params[name] = [w - learning_rate * g for w, g in zip(params[name], grads[name])]
""",
    "e6_adagrad.py": """
import math


def adagrad_update(params, grads, memory, learning_rate, clip=None):
    for name in grads:
        is_matrix = isinstance(params[name][0], list)
        rows = params[name] if is_matrix else [params[name]]
        grad_rows = grads[name] if is_matrix else [grads[name]]
        memory_rows = memory[name] if is_matrix else [memory[name]]
        new_rows, new_memory = [], []
        for row, grad_row, memory_row in zip(rows, grad_rows, memory_rows):
            if clip is not None:
                grad_row = [max(-clip, min(clip, g)) for g in grad_row]
            memory_row = [m + g * g for m, g in zip(memory_row, grad_row)]
            new_rows.append([w - learning_rate * g / math.sqrt(m + 1e-8)
                             for w, g, m in zip(row, grad_row, memory_row)])
            new_memory.append(memory_row)
        params[name] = new_rows if is_matrix else new_rows[0]
        memory[name] = new_memory if is_matrix else new_memory[0]
""",
    "e7_sampling.py": """
from tinyrnn import sample, softmax


def sample_with_temperature(y_logits, temperature, rng):
    return sample(softmax([z / temperature for z in y_logits]), rng)
""",
    "e8_gru_step.py": """
import math
from tinyrnn import add, matvec, multiply, one_hot, tanh


def sigmoid(v):
    return [1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
            for a in v]


def gru_step(params, index, h_prev):
    x = one_hot(index, len(params["b_y"]))
    r = sigmoid(add(add(matvec(params["W_xr"], x), matvec(params["W_hr"], h_prev)), params["b_r"]))
    z = sigmoid(add(add(matvec(params["W_xz"], x), matvec(params["W_hz"], h_prev)), params["b_z"]))
    n = tanh(add(add(matvec(params["W_xn"], x), params["b_xn"]),
                 multiply(r, add(matvec(params["W_hn"], h_prev), params["b_hn"]))))
    h = [(1 - zi) * ni + zi * hi for zi, ni, hi in zip(z, n, h_prev)]
    return {"r": r, "z": z, "n": n, "h": h}
""",
    "e9_lstm_backward.py": """
from tinyrnn import add, multiply


def lstm_backward(s, c_prev, dh, dc_next):
    slope = [1 - t * t for t in s["tanh_c"]]
    dc = add(dc_next, multiply(multiply(dh, s["o"]), slope))
    do_raw = [d * t * o * (1 - o) for d, t, o in zip(dh, s["tanh_c"], s["o"])]
    di_raw = [d * g * i * (1 - i) for d, g, i in zip(dc, s["g"], s["i"])]
    df_raw = [d * c * f * (1 - f) for d, c, f in zip(dc, c_prev, s["f"])]
    dg_raw = [d * i * (1 - g * g) for d, i, g in zip(dc, s["i"], s["g"])]
    return {"dc": dc, "do_raw": do_raw, "di_raw": di_raw, "df_raw": df_raw, "dg_raw": dg_raw,
            "dc_prev": multiply(dc, s["f"])}
""",
}

MISTAKES = [  # (exercise, the learner's edit: old, new, the hint the grader must give)
    # the gated cells' usual mistakes
    ("e8_gru_step.py", "[(1 - zi) * ni + zi * hi", "[zi * ni + (1 - zi) * hi", "z and 1 - z"),
    ("e8_gru_step.py", 'multiply(r, add(matvec(params["W_hn"], h_prev), params["b_hn"]))',
     'add(matvec(params["W_hn"], multiply(r, h_prev)), params["b_hn"])', "applied before W_hn"),
    ("e9_lstm_backward.py", "d * g * i * (1 - i)", "d * g", "i's sigmoid derivative left out"),
    ("e9_lstm_backward.py", "d * t * o * (1 - o)", "d * t", "o's sigmoid derivative left out"),
    ("e9_lstm_backward.py", 'dc = add(dc_next, multiply(multiply(dh, s["o"]), slope))',
     'dc = multiply(multiply(dh, s["o"]), slope)', "dc_next not carried back"),
    ("e9_lstm_backward.py", '"dc_prev": multiply(dc, s["f"])', '"dc_prev": dc',
     "dc_prev without f"),
    ("e9_lstm_backward.py", 'slope = [1 - t * t for t in s["tanh_c"]]',
     'slope = [1 - c * c for c in s["c"]]', "tanh's derivative taken at c"),
    ("e1_softmax.py", "math.exp(z - m)", "math.exp(z)", "softmax overflows on large logits"),
    ("e2_step.py", "h = tanh(mid_h)", "h = mid_h", "apply tanh"),
    ("e2_step.py", ', matvec(params["W_hh"], h_prev))', ", [0.0] * len(h_prev))",
     "h_prev is not used"),
    ("e3_gradient.py", " += dy[i]", " = dy[i]", "= instead of +="),
    ("e3_gradient.py", " += dh_raw[i]", " = dh_raw[i]", "= instead of +="),
    ("e3_gradient.py", "tanh_derivative(h)", "[1 - v for v in h]", "1 - h for the tanh derivative"),
    ("e3_gradient.py", "tanh_derivative(h)", 'tanh_derivative(s["mid_h"])',
     "1 - mid_h ** 2 for the tanh derivative"),
    ("e3_gradient.py", "targets[t]", "inputs[t]", "targets off by one"),
    ("e3_gradient.py", "        h_prev = h\n", "", "h_prev not carried"),
    ("e3_gradient.py", "    loss = 0.0\n", "    loss = 0.0\n    h_prev = zeros(H)\n",
     "h_prev not used"),
    ("e3_gradient.py", "[zeros(H) for _ in range(V)]", "[zeros(H)] * V", "* cols] * rows"),
    ("e4_bptt.py", "            dh = [a + b for a, b in zip(dh, dh_next)]\n", "            pass\n",
     "dh_next missing"),
    ("e4_bptt.py", "        if bptt:\n            dh = [a + b for a, b in zip(dh, dh_next)]\n"
     "        dh_raw = multiply(tanh_derivative(hs[t]), dh)\n",
     "        dh_raw = multiply(tanh_derivative(hs[t]), dh)\n        if bptt:\n"
     "            dh_raw = [a + b for a, b in zip(dh_raw, dh_next)]\n", "dh_next added after"),
    ("e4_bptt.py", "        if bptt:\n            dh = [a + b for a, b in zip(dh, dh_next)]\n",
     "", "dh_next missing"),
    # ten more first-timer mistakes, each recognised by the numbers it gives
    ("e3_gradient.py", "multiply(tanh_derivative(h), dh)", "dh",
     "the tanh derivative is left out"),
    ("e3_gradient.py", 'W_hy_T = transpose(params["W_hy"])', 'W_hy_T = params["W_hy"]',
     "W_hy is not transposed"),  # runs on the notebook's square W_hy; elsewhere shapes differ
    ("e3_gradient.py", "dh_raw[i] * h_prev[j]", "dh_raw[i] * h[j]", "h where h_prev belongs"),
    ("e3_gradient.py", "for t in range(len(inputs)):", "for t in range(len(inputs) - 1):",
     "the last step is skipped"),
    ("e3_gradient.py", 'dy = s["y_pred"][:]\n        dy[targets[t]] -= 1',
     'dy = [-p for p in s["y_pred"]]\n        dy[targets[t]] += 1', "the sign of dy"),
    ("e3_gradient.py", 'grads["W_xh"][i][inputs[t]]', 'grads["W_xh"][i][targets[t]]',
     "W_xh's gradient in the target's column"),
    ("e4_bptt.py", "dh_next = matvec(W_hh_T, dh_raw)", 'dh_next = matvec(params["W_hh"], dh_raw)',
     "dh_next without the transpose"),
    ("e4_bptt.py", "dh_next = matvec(W_hh_T, dh_raw)", "dh_next = matvec(W_hh_T, dh)",
     "dh_next taken before the tanh derivative"),
    ("e7_sampling.py", "softmax([z / temperature for z in y_logits])",
     "softmax([z * temperature for z in y_logits])", "the temperature multiplies the logits"),
    ("e5_sgd_update.py", "    for name in grads:\n",
     "    params = dict(params)  # a new dict, to update\n    for name in grads:\n",
     "params is unchanged"),
    ("e5_sgd_update.py", "w - learning_rate", "w + learning_rate", "the update's sign"),
    ("e6_adagrad.py", "[m + g * g for", "[0 * m + g * g for", "memory = grad ** 2"),
    ("e6_adagrad.py", "w - learning_rate", "w + learning_rate", "the update's sign"),
    ("e6_adagrad.py", "            if clip is not None:\n", "            if False:\n",
     "not clipped"),
    ("e7_sampling.py", "softmax([z / temperature for z in y_logits])",
     "softmax([p / temperature for p in softmax(y_logits)])", "temperature applied to the"),
    ("e7_sampling.py", "softmax([z / temperature for z in y_logits])",
     "[p / temperature for p in softmax(y_logits)]", "temperature applied to the"),
]


def grader():
    """exercises/check.py as a module; skips where this Python has no project files."""
    if PLATFORM == "emscripten" or not hasattr(os, "symlink"):
        skip("the grader's tests write files")
    sys.path.insert(0, join_path(HERE, "exercises"))
    try:
        return __import__("check")
    finally:
        sys.path.pop(0)


def grade(name, source):
    """Write source to a new folder as exercise `name`, grade it: (exit status, printed lines)."""
    check = grader()
    path = write(temp_dir(), name, source)
    result = {}

    def run_grader():
        try:
            result["status"] = check.main([path])
        except SystemExit as stop:
            result["status"] = stop.code
    out = printed(run_grader)
    return result["status"], out.splitlines()


def test_grader_passes_tinyrnns_own_functions():
    check = grader()
    result = {}
    out = printed(lambda: result.update(status=check.main([])))
    assert result["status"] == 0 and out.splitlines()[-1] == "tinyrnn's own functions: all pass"


def test_grader_passes_a_learners_correct_solution_of_every_exercise():
    for name, source in sorted(SOLUTIONS.items()):
        status, lines = grade(name, source)
        assert status == 0 and lines[-1].endswith("checks pass"), (name, lines)


def test_grader_says_a_blank_exercise_is_not_written_yet():
    for name in sorted(SOLUTIONS):
        status, lines = grade(name, project_file("exercises/" + name))
        assert status == 1, (name, lines)
        assert lines[1].startswith("not written yet: "), (name, lines)
        assert not any("Traceback" in line for line in lines)


def test_grader_names_every_classic_mistake():
    for name, old, new, hint in MISTAKES:
        assert SOLUTIONS[name].count(old) >= 1, (name, old)
        status, lines = grade(name, SOLUTIONS[name].replace(old, new))
        assert status == 1, (name, old, lines)
        assert any(line.strip().startswith("looks like: ") and hint in line for line in lines), \
            (name, old, lines)


def test_grader_names_the_first_wrong_quantity_of_an_unknown_mistake_and_what_is_right():
    source = SOLUTIONS["e3_gradient.py"].replace("dh = matvec(W_hy_T, dy)",
                                                 "dh = matvec(W_hy_T, [2 * d for d in dy])")
    status, lines = grade("e3_gradient.py", source)
    assert status == 1 and not any("looks like" in line for line in lines), lines
    assert lines[2].strip().startswith("step 0 alone, dh_raw, as grads['b_h'][0]: expected "), \
        lines
    assert lines[3].strip().startswith("right: W_hy and b_y: the mistake is in dh = "), lines


def test_grader_checks_dh_next_step_by_step_from_the_last():
    source = SOLUTIONS["e4_bptt.py"].replace(
        "dh_next = matvec(W_hh_T, dh_raw)", "dh_next = [v / 2 for v in matvec(W_hh_T, dh_raw)]")
    status, lines = grade("e4_bptt.py", source)
    assert status == 1 and not any("looks like" in line for line in lines), lines
    assert lines[2].strip().startswith("steps 5 to 6, dh_raw at step 5 with the dh_next from "
                                       "step 6"), lines  # random_case: 7 steps
    assert lines[3].strip().startswith("right: every step alone, and dh_raw at every step "
                                       "after 5: the mistake is in dh_next"), lines


def test_exercises_readme_shows_what_the_grader_prints_for_its_two_examples():
    blocks = [block for block in project_file("exercises/README.md").split("```")
              if block.strip().startswith("checking loss_and_gradients")]
    edits = [(" += dy[i]", " = dy[i]"),  # the README names each edit above its block
             ("dh = matvec(W_hy_T, dy)", "dh = matvec(W_hy_T, [2 * d for d in dy])")]
    assert len(blocks) == len(edits)
    for block, (old, new) in zip(blocks, edits):
        shown = block.strip().splitlines()
        status, lines = grade("e3_gradient.py", SOLUTIONS["e3_gradient.py"].replace(old, new))
        assert shown[-1] == "..." and lines[1:len(shown) - 1] == shown[1:-1], (shown, lines)


def test_grader_says_which_output_and_entry_differ():
    source = SOLUTIONS["e2_step.py"].replace("mid_h = add(add(", "mid_h = add(add(").replace(
        'params["b_h"])', '[0.5] + params["b_h"][1:])')
    status, lines = grade("e2_step.py", source)
    assert status == 1
    assert lines[2].strip() == "['mid_h'][0]: expected 0.13309074, got 0.63309074", lines


def test_grader_refuses_a_file_it_cannot_load_with_one_line_and_status_2():
    status, lines = grade("e1_softmax.py", "def softmax(logits)\n    return logits\n")
    assert status == 2 and len(lines) == 1
    assert lines[0].startswith("check.py: cannot load ") and "SyntaxError" in lines[0]


# ---------------------------------------------------------------------------------------------
# The command line, as a learner runs it
# ---------------------------------------------------------------------------------------------

def test_command_line_demo_trains_until_it_says_hello():
    status, out, err = run([TINYRNN])
    assert status == 0 and err == ""
    assert "epoch     0  loss 5.5276" in out  # NOTEBOOK epoch 0
    assert out.splitlines()[-1] == "generate('h', 4) -> 'hello'"


def test_the_demo_runs_from_python_with_main_and_says_hello():
    # In-process, so that it runs in a browser too (Brython's argparse failed on the options).
    out = printed(tinyrnn.main, [])
    assert out.splitlines()[-1] == "generate('h', 4) -> 'hello'"


class Unexpected(Exception):
    """An error main has no except for (such as a board's MemoryError)."""


def test_command_line_lets_an_unexpected_error_through_as_it_is():
    # Even where a Python has no BrokenPipeError (MicroPython), which main's last except names,
    # an error main does not handle comes out as itself (a board's MemoryError was a NameError).
    def fails(args):
        raise Unexpected("out of memory")
    run_command_line = tinyrnn._run_command_line
    tinyrnn._run_command_line = fails
    try:
        tinyrnn.main([])
    except Unexpected as error:
        assert str(error) == "out of memory"
    else:
        assert False, "main swallowed the error"
    finally:
        tinyrnn._run_command_line = run_command_line


def test_command_line_trace_shows_the_notebooks_values():
    status, out, _ = run([TINYRNN, "--trace", "--epochs", "2"])
    assert status == 0
    assert "mid_h            [ 0.19162850 -0.15561562" in out  # NOTEBOOK step 1 mid_h
    assert "Epoch 0, Loss: 5.5276" in out


def test_command_line_output_piped_into_head_ends_quietly():
    subprocess_module()  # skips where there are no processes
    import shlex  # the paths are quoted: the project may be in a folder with a space in its name
    command = "%s %s --trace --epochs 20 | head -n 1" % (shlex.quote(sys.executable),
                                                         shlex.quote(TINYRNN))
    status, out, err = run(["-c", "import subprocess, sys; subprocess.run(sys.argv[1], "
                            "shell=True)", command])
    assert out.startswith("tinyrnn: 5 characters 'hello', vocab 'helo', hidden 4, 20 epochs; ")
    assert out.count("\n") == 1 and err == ""


PASTE_INTO_A_REPL = """
import os, pty, select, signal, sys, time
python, path = sys.argv[1:]
with open(path) as f:
    source = f.read()
pid, fd = pty.fork()  # the REPL gets a terminal, as when a learner types into it
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execv(python, [python, "-q"])
os.set_blocking(fd, False)
deadline = time.time() + 300  # a guard against a hang, not a measure of speed
received = b""

def talk(send, done):
    # Write send and read the REPL's echo at the same time, until done(received) is true: the
    # REPL echoes what it is sent, so a driver that only wrote would fill the terminal's buffer
    # and both would wait for the other to read.
    global received
    while time.time() < deadline and not (not send and done(received)):
        readable, writable = select.select([fd], [fd] if send else [], [], 0.1)[:2]
        if readable:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:  # nothing after all
                data = None
            except OSError:  # the REPL has ended
                return
            if data == b"":
                return
            received += data or b""
        if writable:
            try:
                send = send[os.write(fd, send[:1024]):]
            except BlockingIOError:
                pass

try:
    talk(b"", lambda r: b">>> " in r)
    pasted = "\\x1b[200~" + source + "\\x1b[201~\\r"  # a paste, as a terminal sends it
    typed = "print('still ' + 'here', TinyRNN.from_notebook().fit('hello', 2)[0])\\r"
    talk((pasted + typed).encode(),
         lambda r: b"still here " in r and b"\\n" in r.split(b"still here ")[-1])
    talk(b"exit()\\r", lambda r: False)  # until the REPL ends and closes the terminal
finally:
    try:
        os.kill(pid, signal.SIGKILL)  # in its own session: the test cannot end it for us
    except OSError:
        pass
    os.waitpid(pid, 0)
print(received.decode("utf-8", "replace"))
"""


def cpython_313_or_skip():
    """The path of a CPython 3.13 (installed by pyenv, or on PATH); skips the test if none."""
    import shutil
    candidates = [shutil.which("python3.13")]  # may be a pyenv shim that runs nothing: tried
    versions = join_path(os.environ.get("PYENV_ROOT") or join_path(os.path.expanduser("~"),
                                                                   ".pyenv"), "versions")
    if os.path.isdir(versions):
        candidates = [join_path(versions, version, "bin", "python3")
                      for version in sorted(os.listdir(versions))
                      if version.startswith("3.13.")] + candidates
    for python in candidates:
        if python and os.path.exists(python):
            status, out, _ = run(["-c", "import subprocess, sys; subprocess.run([sys.argv[1], "
                                  "'-c', 'import sys; print(sys.version_info[:2])'])", python])
            if out.strip() == "(3, 13)":
                return python
    skip("no CPython 3.13 here (its REPL takes a whole file pasted)")


def test_the_file_pasted_into_cpython_313s_repl_defines_everything_and_runs_nothing():
    subprocess_module()  # skips where there are no processes
    try:
        import pty  # noqa: F401  (a terminal for the REPL: Unix only)
    except MISSING:
        skip("this Python has no pty module")
    status, out, err = run(["-c", PASTE_INTO_A_REPL, cpython_313_or_skip(), TINYRNN])
    assert status == 0, err
    assert "still here 5.527646895941" in out  # NOTEBOOK/NUMPY epoch 0's loss: the REPL lives on
    assert "per character 1.3819" not in out  # the demo's first line: the demo did not run


def test_the_file_run_with_exec_at_a_repl_defines_everything_and_runs_nothing():
    typed = ("exec(open(%r).read())\n"
             "print('still here', TinyRNN.from_notebook().fit('hello', 2)[0])\n" % TINYRNN)
    status, out, _ = run(["-i"], typed=typed)
    assert status == 0 and "epoch" not in out  # no demo, no exit
    assert "still here 5.527646895941" in out  # NOTEBOOK/NUMPY epoch 0's loss


def test_the_file_pasted_into_an_ipython_cell_defines_everything_and_runs_nothing():
    if run(["-c", "import IPython"])[0] != 0:
        skip("IPython is not installed here (CI installs it beside pytest)")
    cell = project_file("tinyrnn.py") + "\nprint('defined', callable(main), callable(TinyRNN))\n"
    status, out, err = run(["-m", "IPython", "--no-banner", "-c", cell],
                           env=dict(os.environ, TERM="dumb"))
    assert status == 0 and "error" not in err.lower(), err
    assert out.strip().endswith("defined True True") and "epoch" not in out, out


def test_python_i_runs_the_demo_and_ends_quietly_at_a_prompt_with_everything_defined():
    status, out, err = run(["-i", TINYRNN], typed="print('defined', callable(TinyRNN))\n")
    assert status == 0 and "Traceback" not in err and "SystemExit" not in err, err
    assert "generate('h', 4) -> 'hello'" in out and "defined True" in out


def test_command_line_explain_alone_explains_the_first_step_and_trains_nothing():
    status, out, err = main_here(["--explain"])
    assert status == 0 and err == ""
    assert "dy[1] = 0.24668689 - 1 = -0.75331311" in out  # NOTEBOOK step 0's y_pred, target 'e'
    assert not [line for line in out.splitlines() if line.startswith("epoch ")]  # none trained
    assert "generate(" not in out  # and nothing sampled
    assert out.splitlines()[-1] == "(to train after it as well, add --epochs N)"


def test_explain_prints_zero_without_a_minus_sign():
    # h_prev is 0 at step 0: W_hh's shares are 0.0 times a weight, some of them -0.0
    lines = tinyrnn.explain_step(TinyRNN.from_notebook(), 0, target=1)
    assert "-0.00000000" not in "\n".join(lines)
    assert any("= 0.00000000" in line for line in lines)


def test_command_line_text_without_hidden_says_it_is_a_new_model_of_32_random_units():
    status, out, _ = main_here(["--text", "hello", "--epochs", "1"])
    assert status == 0
    assert out.startswith("tinyrnn: 5 characters 'hello', vocab 'ehlo', hidden 32 (a new model, "
                          "random weights of seed 0; the notebook's model: no options), ")


def test_exercises_import_every_tinyrnn_function_their_docstrings_use():
    import re
    for name in project_listing("exercises"):
        if not re.match(r"e\d_.*[.]py$", name):
            continue
        source = project_file("exercises/" + name)
        written = re.findall(r"^def (\w+)", source, re.M)  # what the learner writes
        available = set(written + re.findall(r"\b\w+\b", source.split('"""', 2)[2].split(
            "def ")[0]))  # the names the file imports, before its first def
        used = set(re.findall(r"\b([a-z_]+)\(", source))
        missing = [f for f in sorted(used) if callable(getattr(tinyrnn, f, None))
                   and f not in available]
        assert not missing, (name, missing)


def test_command_line_help_lists_the_options():
    status, out, _ = run([TINYRNN, "--help"])
    assert status == 0
    for flag in ("--epochs", "--lr", "--trace", "--text-file", "--bptt", "--sample", "--load"):
        assert flag in out


def test_command_line_bad_values_print_one_line_and_exit_2():
    folder = temp_dir()
    bad = [["--epochs", "-1"], ["--epochs", "ten"], ["--lr", "0"], ["--lr", "nan"],
           ["--lr", "-1"], ["--hidden", "0"], ["--text", ""], ["--text", "x"],
           ["--text-file", join_path(folder, "missing.txt")], ["--temperature", "0"],
           ["--seq-length", "0"], ["--clip", "-1"], ["--optimizer", "adam"],
           ["--sample", "-5"], ["--load", write(folder, "bad.json", "{")],
           ["--text", "abc", "--text-file", "x"], ["--lr", "1e308", "--epochs", "5"],
           ["--save", join_path(folder, "no", "such", "dir", "m.json")], ["--nonsense"],
           ["--temperature", "0.5"], ["--save", ""], ["--load", ""], ["--text-file", ""],
           ["--text-file", "/dev/null/x"], ["--text-file", folder], ["--save", folder],
           ["--text", "abc", "--hidden", "100000000"], ["--prefix", "x"],
           ["--load", write(folder, "ok.json", _saved_notebook_model()), "--epochs", "3"],
           ["--load", join_path(folder, "ok.json"), "--text", "abz"]]
    for args in bad:  # in this process (as fast as a test can be); the first as a script too
        status, out, err = main_here(args) if args != bad[0] else run([TINYRNN] + args)
        assert status == 2, (args, status, err)
        assert len(err.splitlines()) == 1 and err.startswith("tinyrnn.py: error: "), (args, err)
        assert "Traceback" not in err


def main_here(argv):
    """(exit status, stdout, stderr) of tinyrnn.main(argv), run in this process."""
    import io
    try:
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    except AttributeError:  # MicroPython's sys.stdout cannot be replaced; Skulpt has no stderr
        skip("this Python cannot capture sys.stdout and sys.stderr in place")
    try:
        status = tinyrnn.main(argv)
        return status, sys.stdout.getvalue(), sys.stderr.getvalue()
    finally:
        sys.stdout, sys.stderr = saved


def test_command_line_checks_the_save_folder_before_training():
    folder = temp_dir()
    path = join_path(folder, "no such folder", "m.json")
    status, out, err = run([TINYRNN, "--text-file", join_path(HERE, "examples", "rhymes.txt"),
                            "--save", path])
    assert status == 2 and out == ""  # nothing trained, nothing lost
    assert err == "tinyrnn.py: error: cannot write %r: the folder %r does not exist\n" % (
        path, os.path.dirname(path))


def test_command_line_ctrl_c_stops_training_saves_the_model_and_exits_130():
    subprocess_module()  # skips where there are no processes
    import select
    import signal
    import time
    folder = temp_dir()
    text = write(folder, "long.txt", RHYME * 300)
    saved = join_path(folder, "m.json")
    process = start([TINYRNN, "--text-file", text, "--save", saved],
                    env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        if select.select([process.stdout], [], [], HANG_GUARD)[0]:
            header = process.stdout.readline()  # printed just before training starts
            time.sleep(2.0)  # into the first epoch, which takes far longer
            process.send_signal(signal.SIGINT)
    finally:
        status, out, err = finish(process)
    assert header.startswith("tinyrnn: 20400 characters") and "recipe text" in header, header
    assert status == 130, (status, out, err)
    assert len(err.splitlines()) == 1, err
    assert err.startswith("tinyrnn.py: stopped by Ctrl-C in epoch ") and " of 20399 " in err
    assert err.endswith("; saved the model to %s\n" % saved)
    assert TinyRNN.load(saved).optimizer_state["optimizer"] == "adagrad"


def test_command_line_load_without_a_text_samples_from_the_loaded_model():
    folder = temp_dir()
    model = trained_hello()
    path = join_path(folder, "hello.json")
    model.save(path)
    status, out, err = run([TINYRNN, "--load", path])
    assert status == 0 and err == ""
    # the prefix is the character the model finds likeliest from a zero state: argmax of b_y
    prefix = "helo"[tinyrnn.argmax(model.params["b_y"])]
    assert out.splitlines()[-1] == "generate(%r, 200) -> %r" % (prefix,
                                                                model.generate(prefix, 200))


def test_command_line_trains_a_long_text_with_min_char_rnns_recipe_and_it_learns():
    status, out, err = run([TINYRNN, "--text-file", join_path(HERE, "examples", "rhymes.txt"),
                            "--epochs", "3", "--hidden", "24"])
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].endswith("recipe text: chunks of 25, BPTT gradient, adagrad, lr 0.1, clip 5")
    per_character = [float(line.split()[-1]) for line in lines  # not a progress line within one
                     if line.split()[:1] == ["epoch"] and line.split()[2:3] == ["loss"]]
    assert len(per_character) == 3, out
    assert per_character[0] < math.log(54)  # the first epoch already beats a uniform guess
    assert per_character == sorted(per_character, reverse=True)  # and every epoch lowers it
    with open(join_path(HERE, "examples", "rhymes.txt")) as f:
        rhyme_words = set(f.read().lower().split())
    last_sample = [line for line in lines if line.strip().startswith("sample:")][-1]
    words = [w for w in last_sample.split(": ", 1)[1].strip("'").lower().replace("\\n", " ")
             .split() if len(w) >= 3 and w in rhyme_words]
    assert len(words) >= 2, last_sample


def test_command_line_gradcheck_on_a_long_text_checks_a_few_weights_of_its_start():
    status, out, _ = run([TINYRNN, "--text-file", join_path(HERE, "examples", "rhymes.txt"),
                          "--gradcheck", "--epochs", "0"])
    assert status == 0
    assert "on its first 100 characters, 10 weights per parameter" in out
    rows = [line.split() for line in out.splitlines()
            if line.split()[:1] and line.split()[0] in tinyrnn.PARAM_NAMES]
    assert len(rows) == 5 and all(float(full) <= 1e-6 for _, _, full in rows)


def test_the_readmes_test_command_is_the_one_ci_runs_first():
    # CI runs the README's command itself; the suite never runs itself again (which doubled it)
    readme = project_file("README.md")
    blocks = readme.split("Run the tests")[1].split("```")
    assert blocks[1].strip() == "python3 test_tinyrnn.py"
    ci = project_file(".ci/run").splitlines()
    assert "python3 test_tinyrnn.py" in ci  # exactly, as a line of its own


def test_command_line_trains_on_any_text_with_every_learning_option():
    folder = temp_dir()
    path = write(folder, "t.txt", "abcabcabd")
    model = join_path(folder, "m.json")
    status, out, err = run([TINYRNN, "--text-file", path, "--hidden", "8", "--seed", "2",
                            "--bptt", "--seq-length", "4", "--optimizer", "adagrad",
                            "--clip", "5", "--epochs", "30", "--sample", "12",
                            "--temperature", "0.7", "--save", model, "--plot"])
    assert status == 0 and err == "", err
    assert "vocab 'abcd', hidden 8" in out and "sample: 'a" in out and " |*" in out
    assert TinyRNN.load(model).vocab == "abcd"
    status, out2, _ = run([TINYRNN, "--load", model, "--text", "abcabcabd", "--sample", "12",
                           "--temperature", "0.7", "--seed", "2"])
    assert status == 0
    assert [l for l in out.splitlines() if l.startswith("sample")] == \
        [l for l in out2.splitlines() if l.startswith("sample")]


def test_command_line_gradcheck_and_explain_print_their_tables():
    status, out, _ = run([TINYRNN, "--gradcheck", "--explain", "--epochs", "0"])
    assert status == 0
    assert "param   notebook gradient   full BPTT" in out
    assert "mid_h[0] = 0.13309074*1 + " in out
    assert "dy[1] = 0.24668689 - 1 = -0.75331311" in out  # NOTEBOOK y_pred, target 'e'
    assert "dh_next" not in out  # the notebook's gradient hands nothing back


def test_command_line_explain_with_a_gated_cell_prints_each_gates_lines_forward_and_back():
    for cell, made in (("gru", "dz_raw[0] = "), ("lstm", "df_raw[0] = ")):
        status, out, _ = run([TINYRNN, "--explain", "--cell", cell, "--text", "hello",
                              "--hidden", "3"])
        assert status == 0 and made in out and "W_hy[0][0] += dy[0]*h[0]" in out, out


def test_command_line_explain_with_bptt_explains_where_the_backward_pass_starts():
    status, out, _ = run([TINYRNN, "--explain", "--bptt", "--epochs", "0"])
    assert status == 0
    assert "step 3, the last of the first chunk, where the backward pass starts" in out
    assert sum(line.startswith("dh_next[") for line in out.splitlines()) == 4


# ---------------------------------------------------------------------------------------------
# The examples, run as a learner runs them: directly, from another folder
# ---------------------------------------------------------------------------------------------

def example(name, *args):
    """Run examples/name from a folder that is not the project; returns its stdout.

    Every example ends by saying how long it took, so a reader can compare with their machine.
    """
    status, out, err = run([join_path(HERE, "examples", name)] + list(args), cwd=temp_dir())
    assert status == 0 and err == "", (name, err)
    last = out.splitlines()[-1]
    if name != "benchmark.py":  # which prints nothing but times
        assert last.startswith("(") and last.endswith(" s on this machine)"), (name, last)
    return out


def test_the_committed_notebook_is_what_make_notebook_writes_from_its_py():
    folder = temp_dir()
    written = join_path(folder, "cell_by_cell.ipynb")
    status, out, err = run([join_path(HERE, "scripts", "make_notebook.py"), written])
    assert status == 0, err
    with open(written, encoding="utf-8") as f:
        assert f.read() == project_file("examples/cell_by_cell.ipynb"), \
            "run python3 scripts/make_notebook.py after changing tinyrnn.py, check.py or the .py"


def test_the_notebooks_first_cell_holds_tinyrnn_py_and_the_grader_byte_for_byte():
    json = json_or_skip()
    book = json.loads(project_file("examples/cell_by_cell.ipynb"))
    first = [cell for cell in book["cells"] if cell["cell_type"] == "code"][0]
    try:
        run_code = exec
    except NameError:  # Skulpt has no exec
        skip("this Python has no exec")
    names = {}
    run_code("".join(first["source"]).split("\nhere = ")[0], names)  # the assignments, no I/O
    assert names["TINYRNN_PY"] == project_file("tinyrnn.py")
    assert names["CHECK_PY"] == project_file("exercises/check.py")
    assert all(not cell.get("outputs") for cell in book["cells"])  # no outputs stored


def test_example_cell_by_cell_runs_as_a_script_with_the_notebooks_numbers():
    status, out, err = run([join_path(HERE, "examples", "cell_by_cell.py")], cwd=temp_dir())
    assert status == 0 and "Traceback" not in err, err
    assert "Epoch 0, Loss: 5.5276" in out  # NOTEBOOK In [9]
    assert "[0.90283151],\n       [0.99776235],\n       [1.07232474],\n       [1.01332061]" \
        in out  # NOTEBOOK In [10]
    assert out.splitlines()[-1] == "hello" and "not written yet: my_softmax" in out


def test_example_gated_cells_shows_a_gate_near_1_keeps_the_gradient_and_the_memory():
    out = example("gated_cells.py", "20")
    rows = dict((line[3:25].strip(), [float(v) for v in line[25:].split()])
                for line in out.splitlines() if line.startswith("   ") and "e-" in line[25:]
                or line.startswith("   ") and "e+" in line[25:])
    assert rows["tanh (the notebook's)"][3] < 1e-5  # 40 steps back: it vanished
    assert rows["LSTM, forget bias 3"][3] > 1e-1  # a forget gate near 1 keeps it
    assert rows["GRU, update bias 2"][3] > 1e3 * rows["GRU, update bias 0"][3]
    memory = [line.split() for line in out.splitlines() if line.startswith("     20 ")][0]
    assert float(memory[1]) < 0.6 and float(memory[2]) > 0.9, memory  # tanh guesses, GRU knows


def test_example_hello_prints_the_notebooks_loss_and_in_10():
    out = example("hello.py")
    assert out.splitlines()[0] == "Epoch 0, Loss: 5.5276"
    assert ("array([[0.90283151],\n       [0.99776235],\n       [1.07232474],\n"
            "       [1.01332061]])") in out  # NOTEBOOK In [10], character for character


def test_example_gradient_check_shows_bptt_exact_and_the_notebooks_gradient_exact_at_the_output():
    rows = [line.split() for line in example("gradient_check.py").splitlines()
            if line.split()[:1] and line.split()[0] in tinyrnn.PARAM_NAMES]
    assert len(rows) == 10  # two tables: the notebook's model and a random one
    for name, notebook, full in rows:
        assert float(full) <= 1e-6, (name, full)  # finite differences agree with BPTT
        if name in ("W_hy", "b_y"):
            assert float(notebook) <= 1e-6, (name, notebook)  # the output layer: exact
        else:
            assert float(notebook) > 0.1, (name, notebook)  # another vector entirely


def test_example_predict_next_prints_a_row_per_prefix():
    rows = example("predict_next.py").splitlines()
    assert [row.split()[0] for row in rows[1:5]] == ["h", "he", "hel", "hell"]
    assert rows[4].startswith("hell    'o'")


def test_example_hidden_states_shades_each_value_by_its_sign_and_the_two_ls_differ():
    rows = [line.split() for line in example("hidden_states.py").splitlines()
            if line.startswith("h[")]
    assert len(rows) == 4  # one row per hidden unit
    for row in rows:
        values = [float(v) for v in row[-4:]]
        cells = row[1:-4]  # a blank cell (|h| < 0.17) prints nothing
        marked = [v for v in values if abs(v) >= 1 / 6]
        assert [cell[0] for cell in cells] == ["-" if v < 0 else "+" for v in marked], row
    assert any(float(row[-2]) * float(row[-1]) < 0 for row in rows)  # 'l' then 'l': a unit flips


def test_example_loss_curve_writes_a_well_formed_svg():
    path = join_path(temp_dir(), "curve.svg")
    assert "wrote" in example("loss_curve.py", path)
    import xml.etree.ElementTree as ElementTree
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(root.find("{http://www.w3.org/2000/svg}polyline").get("points").split()) == 100


def test_example_benchmark_prints_both_floors_and_ratios_that_follow_from_its_times():
    out = example("benchmark.py", "--quick")  # the times are not checked: the machine is shared
    sizes = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 15 and fields[4] == "us":
            # H V T, the long-dot floor, the algorithm's floor, SGD and its two ratios, Adagrad
            # and its two: each ratio against each floor
            floors = float(fields[3]), float(fields[5])
            for time, ratios in ((float(fields[7]), fields[9:11]),
                                 (float(fields[11]), fields[13:15])):
                for floor, printed_ratio in zip(floors, ratios):
                    # the times are printed rounded to 1 us: the ratio of the printed times is
                    # off by up to (0.5 / time + 0.5 / floor) of itself, the printed one by 0.005
                    ratio = time / floor
                    rounding = ratio * (0.5 / time + 0.5 / floor) + 0.005
                    assert close(float(printed_ratio.rstrip("x")), ratio, rounding), line
            sizes.append(fields[:3])
    assert sizes == [["32", "30", "25"], ["64", "30", "25"], ["128", "60", "25"]]
    memory = [line for line in out.splitlines() if line.startswith("3. Peak memory")]
    assert len(memory) == 1
    if "no tracemalloc" not in memory[0]:  # PyPy has none
        assert float(memory[0].split(" MB")[0].split()[-1]) > 0


def test_example_train_text_beats_the_bigram_on_held_out_text_and_writes_words():
    out = example("train_text.py", "4", "24")  # 4 passes at hidden 24: the full run is 20 at 64
    text = project_file("examples/rhymes.txt")
    cut = len(text) * 9 // 10
    bigram = tinyrnn.bigram_bits_per_char(text[:cut], text[cut:])
    assert ("a bigram count model %.2f on the held-out text" % bigram) in out
    rows = [line.split() for line in out.splitlines()
            if line.startswith("    ") and line.split()[0].isdigit()]
    assert [int(row[0]) for row in rows] == [0, 1, 2, 3]
    held_out = [float(row[2]) for row in rows]
    assert held_out[0] < math.log(54) / math.log(2)  # better than a uniform guess already
    assert held_out[-1] < bigram  # and better than counting pairs of characters by the end
    beaten = [row for row in rows if "<-" in row]
    assert len(beaten) == 1 and float(beaten[0][2]) < bigram
    sample = [line for line in out.splitlines() if line.startswith("        '")][-1]
    assert sample.count("the ") >= 2  # its commonest word, already learned


def test_example_vanishing_gradients_shows_them_vanish_explode_and_clipping_turn_them():
    lines = example("vanishing_gradients.py").splitlines()
    ratios = dict((line.split(" x ")[0].split("= ")[1], float(line.split("ratio ")[1][:-1]))
                  for line in lines if line.startswith("W_hh = "))
    # part 1: the factor, 29 steps back (0.5 ** 28 = 3.7e-9, 1.5 ** 28 = 8.5e4)
    assert ratios["0.5"] < 1e-6 and close(ratios["1"], 1.0, 0.01) and ratios["1.5"] > 1e4
    assert ratios["4"] < 1e-6  # part 2: saturated, it vanishes although W_hh is large
    clipped = [line for line in lines if "cosine with it" in line]
    per_entry, by_norm = [float(line.split()[-1]) for line in clipped]
    assert per_entry < 0.99 and by_norm == 1.0


def test_example_predictions_draws_guesses_and_a_unit_under_each_character():
    model = TinyRNN.for_text(project_file("examples/rhymes.txt"), 16, seed=1)
    path = join_path(temp_dir(), "m.json")
    model.save(path)
    lines = example("predictions.py", "--load", path).splitlines()
    start = [i for i, line in enumerate(lines) if line.startswith("text     ")][0]
    picture = lines[start:start + 8]
    width = len(picture[0].rstrip())
    assert [picture[i].split()[0] for i in (0, 1, 3, 5, 7)] == ["text", "1st", "2nd", "3rd",
                                                              "unit"]
    for row in picture[1:7]:
        assert len(row.rstrip()) <= width + 2  # one 3-wide column per character
    digits = [picture[i].split() for i in (2, 4, 6)]  # probabilities in tenths, best first
    assert len(digits[0]) == len(picture[0].split()) - 1
    assert all(a >= b for column in zip(*digits) for a, b in zip(column, column[1:]))


def to_pytorch_differences(model):
    """The largest differences examples/to_pytorch.py prints for model trained on a sentence;
    skips the test where PyTorch is not installed."""
    if run(["-c", "import torch"])[0] != 0:
        skip("PyTorch is not installed here (it is never a dependency of tinyrnn)")
    model.fit("the cat sat on the mat", 3, bptt=True, optimizer="adagrad")
    path = join_path(temp_dir(), "m.json")
    model.save(path)
    status, out, err = run([join_path(HERE, "examples", "to_pytorch.py"), path,
                            "the cat sat on the mat"], env=dict(os.environ,
                                                                PYTHONWARNINGS="ignore"))
    assert status == 0, err
    return [float(line.split()[-1]) for line in out.splitlines() if "largest difference" in line]


def test_example_to_pytorch_agrees_with_pytorch_to_1e_10():
    differences = to_pytorch_differences(TinyRNN.for_text("the cat sat on the mat", 6, seed=2))
    assert len(differences) == 3 and max(differences) <= 1e-10, differences  # PYTORCH


def test_example_to_pytorch_agrees_on_gru_and_lstm_models_to_1e_10():
    for cell in ("gru", "lstm"):
        differences = to_pytorch_differences(gated_model(cell, "the cat sat on the mat", 5, 3))
        assert len(differences) == 3 and max(differences) <= 1e-10, (cell, differences)


# ---------------------------------------------------------------------------------------------
# A runner for Pythons without pytest: python3 test_tinyrnn.py [WORD]
# ---------------------------------------------------------------------------------------------

RESULTS = {"passed": 0, "failed": 0, "skipped": 0}


def names_of_tests(word=""):
    """The names of the test_ functions that contain word, sorted (dict order varies by Python)."""
    return sorted([name for name in TESTS if word in name])


def run_test(name):
    """Run one test, count it in RESULTS, and print a line if it fails or skips."""
    global UNDER_RUNNER
    UNDER_RUNNER = True
    try:
        TESTS[name]()
    except SkipTest as reason:
        RESULTS["skipped"] += 1
        print("skipped %s: %s" % (name, reason))
    except Exception as error:  # an assert, or any error the test did not expect
        RESULTS["failed"] += 1
        print("FAILED %s: %s: %s" % (name, type(error).__name__, error))
    else:
        RESULTS["passed"] += 1


def summary():
    """Print the closing line 'N passed, N failed, N skipped'; return the number that failed.

    A run in which no test passed counts as one failure: a suite that runs nothing must fail.
    """
    print("%d passed, %d failed, %d skipped"
          % (RESULTS["passed"], RESULTS["failed"], RESULTS["skipped"]))
    return RESULTS["failed"] or (0 if RESULTS["passed"] else 1)


def run_tests(word=""):
    """Run every test whose name contains word; returns the number that failed."""
    for name in names_of_tests(word):
        run_test(name)
    return summary()


def gather_tests():
    """{name: function} of every test. Skulpt's globals() misses them after an import error is
    caught, so the module's own attributes come first; MicroPython may not list __main__."""
    module = sys.modules.get(__name__)
    if module is not None and hasattr(module, "gather_tests"):
        names = dir(module)
        found = [(name, getattr(module, name)) for name in names if name.startswith("test_")]
    else:
        found = [pair for pair in list(globals().items()) if pair[0].startswith("test_")]
    return dict(found)


TESTS = gather_tests()

if __name__ == "__main__":
    args = getattr(sys, "argv", [])  # MicroPython in WebAssembly has no sys.argv
    raise SystemExit(1 if run_tests(args[1] if len(args) > 1 else "") else 0)  # Skulpt: no sys.exit
