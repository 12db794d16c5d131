"""Throw random arguments, model files and command lines at tinyrnn; report anything but ValueError.

    python3 scripts/fuzz.py [API_CALLS [MODEL_FILES [COMMAND_LINES [SEED]]]]
                            (default: 1000 200 500 0; about a minute)

What must hold, for every case:
- a public call either succeeds or raises ValueError (never TypeError, OverflowError, ...);
- a refused call leaves params and the optimizer state exactly as they were;
- a model file either loads, and then saves and loads again bit for bit, or raises ValueError;
- a command line exits 0, or exits 2 with one line on stderr and no traceback.
Exits 1 and prints the first few failures when any case breaks one of these.
"""
import contextlib
import io
import json
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402
from tinyrnn import TinyRNN  # noqa: E402

STRANGE = [None, True, False, 0, 1, -1, 2, 3, 10 ** 400, -(10 ** 400), 0.0, -0.5, 0.5, 1e-320,
           1e308, float("nan"), float("inf"), "", "h", "hello", "hel", "x", "\0", [], [1.0],
           [1.0] * 4, [[1.0] * 4] * 4, {}, {"W_xh": []}, complex(1, 2), b"hello", object(),
           print, ("h",), 4.0, "hellohello", [0.0, "a", 0.0, 0.0]]
TALLY = {"API calls that succeeded": 0, "model files that loaded": 0,
         "command lines that ran": 0}
SMALL = [0, 1, 2, 3, -1, True, None, 2.0, "2", 10 ** 400 * 0]  # for counts, which must stay small


def strange(rng):
    """One value from the pool: a good one sometimes, mostly not."""
    return rng.choice(STRANGE)


def count(rng):
    """A value for an argument that counts something (epochs, length): never a huge one."""
    return rng.choice(SMALL)


def snapshot(model):
    """What a refused call must not change: params and optimizer state, as JSON text."""
    try:
        return json.dumps([model.params, model.optimizer_state], sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return repr(model.params)


def api_case(rng, folder):
    """One random call of a public method or function; returns (description, call)."""
    model = rng.choice([TinyRNN.from_notebook(), TinyRNN("helo", 3, seed=1)])
    if rng.random() < 0.2:  # params edited by hand
        name = rng.choice(list(tinyrnn.PARAM_NAMES) + ["extra"])
        if rng.random() < 0.5 and name in model.params and tinyrnn.is_matrix(model.params[name]):
            model.params[name][0][rng.randrange(len(model.params[name][0]))] = strange(rng)
        else:
            model.params[name] = strange(rng)
    text = rng.choice(["hello", "hell", "ohell", strange(rng)])
    path = rng.choice([os.path.join(folder, "m.json")] * 3 + [strange(rng), folder, "/dev/null"])
    def m(good):  # a good argument three times in four, else a strange one
        return good if rng.random() < 0.75 else strange(rng)
    calls = [
        ("fit", lambda: model.fit(text, m(1), learning_rate=m(0.1), bptt=m(False),
                                  seq_length=m(None), optimizer=m("adagrad"), clip=m(None),
                                  on_epoch=m(None), verbose=m(False), print_every=m(None))),
        ("train_epoch", lambda: model.train_epoch(text, m(0.5), bptt=m(True))),
        ("step", lambda: model.step(m(1), m(None))),
        ("loss_and_gradients", lambda: model.loss_and_gradients(text, m(True), m(None))),
        ("loss", lambda: model.loss(text)),
        ("step_losses", lambda: model.step_losses(text, m(0.0))),
        ("generate", lambda: model.generate(m("he"), rng.choice([0, 3, count(rng)]), m(0.7),
                                            m(3))),
        ("predict_next", lambda: model.predict_next(m("he"), rng.choice([1, 2, count(rng)]))),
        ("hidden_states", lambda: model.hidden_states(text)),
        ("save", lambda: model.save(path)),
        ("load", lambda: TinyRNN.load(path, m(None))),
        ("TinyRNN", lambda: TinyRNN(m("abc"), rng.choice([2, count(rng)]), m(5))),
        ("TinyRNN params", lambda: TinyRNN("helo", 4, params=m(tinyrnn.notebook_params()))),
        ("for_text", lambda: TinyRNN.for_text(m("abcab"), rng.choice([2, count(rng)]), m(1))),
        ("gradient_check", lambda: tinyrnn.gradient_check(m(model), text, m(True), m(1e-5),
                                                          per_param=m(2), seed=m(1))),
        ("explain_step", lambda: tinyrnn.explain_step(model, m(1), m(None))),
        ("text_chart", lambda: tinyrnn.text_chart(m([1.0, 2.0, 0.5]), m(10), m(4))),
        ("read_text_file", lambda: tinyrnn.read_text_file(path, max_bytes=m(1000))),
    ]
    name, call = rng.choice(calls)
    return name, model, call


@contextlib.contextmanager
def working_folder(folder):
    """The block runs in folder: a strange relative path ("hello", "x") is written there, and
    not into the project (where the fuzzer once left such files)."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def check_api(rng, folder, n, failures):
    """n random public calls: ValueError or success, and a refusal changes nothing."""
    with working_folder(folder):
        for i in range(n):
            name, model, call = api_case(rng, folder)
            before = snapshot(model)
            try:
                call()
                TALLY["API calls that succeeded"] += 1
            except ValueError as error:  # a divergence may keep the updates before it, if finite
                diverged = "diverged" in str(error) and tinyrnn.all_finite(model.params)
                if snapshot(model) != before and not diverged:
                    failures.append("API %d %s: refused, but changed params" % (i, name))
            except Exception as error:  # anything else is a failure
                failures.append("API %d %s: %s: %s" % (i, name, type(error).__name__, error))


def mutated_model_file(rng):
    """The text of a saved model, changed at random in one of several ways."""
    model = TinyRNN("helo", 3, seed=rng.randrange(100))
    if rng.random() < 0.5:
        model.fit("hello", 1, optimizer="adagrad")
    data = json.loads(json.dumps({"format": "tinyrnn", "version": 2, "vocab": model.vocab,
                                  "hidden_size": model.hidden_size, "params": model.params,
                                  "optimizer_state": model.optimizer_state}))
    kind = rng.randrange(7)
    if kind == 0:  # a field replaced
        data[rng.choice(list(data))] = strange_json(rng)
    elif kind == 1:  # a weight replaced
        params = data["params"][rng.choice(tinyrnn.PARAM_NAMES)]
        row = params[0] if isinstance(params[0], list) else params
        row[rng.randrange(len(row))] = strange_json(rng)
    elif kind == 2:  # a field removed or added
        if rng.random() < 0.5:
            del data[rng.choice(list(data))]
        else:
            data["extra"] = strange_json(rng)
    elif kind == 3:  # the memory replaced
        data["optimizer_state"] = {"optimizer": "adagrad", "memory": strange_json(rng)}
    text = json.dumps(data)
    if kind == 4:
        return text[:rng.randrange(len(text))]  # truncated
    if kind == 5:
        return "[" * rng.randrange(10, 200000) + "]" * rng.randrange(0, 10)  # nested
    if kind == 6:
        return text.replace("0.", rng.choice(["1" + "0" * 400 + ".", "-0.", "NaN + ", "1e999*"]),
                            1)
    return text


def strange_json(rng):
    """A random value JSON can hold."""
    return rng.choice([None, True, 0, 1, -1, 10 ** 400, 0.5, "", "x", [], [1.0], {}, [[[]]],
                       {"a": 1}, [0.1] * 3, [[0.1] * 4] * 3])


def check_model_files(rng, folder, n, failures):
    """n random model files: ValueError, or a model that saves and loads bit for bit."""
    path = os.path.join(folder, "fuzz.json")
    for i in range(n):
        with open(path, "w") as f:
            f.write(mutated_model_file(rng))
        try:
            model = TinyRNN.load(path)
            TALLY["model files that loaded"] += 1
        except ValueError:
            continue
        except Exception as error:
            failures.append("model file %d: %s: %s" % (i, type(error).__name__, error))
            continue
        try:
            model.save(path)
            again = TinyRNN.load(path)
            if (again.params, again.optimizer_state) != (model.params, model.optimizer_state):
                failures.append("model file %d: saved and loaded, it changed" % i)
        except Exception as error:
            failures.append("model file %d: loads, but %s on save: %s"
                            % (i, type(error).__name__, error))


def random_command_line(rng, folder):
    """A random list of flags and values, small enough to run in a moment."""
    flags = {"--text": lambda: rng.choice(["hello", "abcabc", "", "x", "hélló"]),
             "--text-file": lambda: rng.choice([os.path.join(folder, "t.txt"), folder,
                                                "/dev/null", "", "/dev/zero", "missing"]),
             "--recipe": lambda: rng.choice(["notebook", "text", "other"]),
             "--epochs": lambda: rng.choice(["0", "1", "2", "-1", "x", "1e3"]),
             "--lr": lambda: rng.choice(["0.1", "0", "-1", "nan", "inf", "1e400", "1e308"]),
             "--hidden": lambda: rng.choice(["1", "3", "0", "-2", "1000000000"]),
             "--seed": lambda: rng.choice(["0", "7", "-3", "x"]),
             "--seq-length": lambda: rng.choice(["1", "3", "0"]),
             "--optimizer": lambda: rng.choice(["sgd", "adagrad", "adam"]),
             "--clip": lambda: rng.choice(["5", "0", "-1", "nan"]),
             "--sample": lambda: rng.choice(["0", "5", "-1"]),
             "--temperature": lambda: rng.choice(["1", "1e-320", "0", "1e308", "inf"]),
             "--prefix": lambda: rng.choice(["h", "", "z"]),
             "--save": lambda: rng.choice([os.path.join(folder, "m.json"), "", folder,
                                           os.path.join(folder, "no", "m.json"), "/dev/null"]),
             "--load": lambda: rng.choice([os.path.join(folder, "m.json"), "",
                                           os.path.join(folder, "t.txt"), folder]),
             "--bptt": None, "--trace": None, "--gradcheck": None, "--plot": None,
             "--explain": None}
    argv = []
    for _ in range(rng.randrange(0, 5)):
        flag = rng.choice(sorted(flags))
        argv.append(flag)
        if flags[flag] is not None:
            argv.append(flags[flag]())
    if "--epochs" not in argv:
        argv += ["--epochs", "1"]
    return argv


def check_command_lines(rng, folder, n, failures):
    """n random command lines, run in this process: exit 0, or 2 with one line on stderr."""
    with working_folder(folder):
        with open(os.path.join(folder, "t.txt"), "w") as f:
            f.write("hello world, hello")
        for i in range(n):
            argv = random_command_line(rng, folder)
            out, err = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
            try:
                status = tinyrnn.main(argv)
                message = sys.stderr.getvalue()
            except BaseException as error:  # SystemExit included: main returns its status
                status, message = None, "%s: %s" % (type(error).__name__, error)
            finally:
                sys.stdout, sys.stderr = out, err
            if status == 0 and message == "":
                TALLY["command lines that ran"] += 1
                continue
            if status == 2 and len(message.splitlines()) == 1 and \
                    message.startswith("tinyrnn.py: error: "):
                continue
            failures.append("command line %d %r: status %r, stderr %r" % (i, argv, status, message))


def main(argv):
    n_api, n_files, n_lines, seed = (list(map(int, argv)) + [1000, 200, 500, 0][len(argv):])[:4]
    rng = random.Random(seed)
    folder = tempfile.mkdtemp(prefix="tinyrnn-fuzz-")
    failures = []
    try:
        check_api(rng, folder, n_api, failures)
        check_model_files(rng, folder, n_files, failures)
        check_command_lines(rng, folder, n_lines, failures)
    finally:
        shutil.rmtree(folder, True)
    print("%d API calls, %d model files, %d command lines (seed %d): %d failures"
          % (n_api, n_files, n_lines, seed, len(failures)))
    print("  (%s)" % ", ".join("%d %s" % (n, what) for what, n in sorted(TALLY.items())))
    for failure in failures[:20]:
        print("  " + failure[:300])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
