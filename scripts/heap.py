"""The smallest MicroPython heap each task runs in: from tinyrnn.py, from its Parts 1-2 alone, and
from tinyrnn.mpy.

    python3 scripts/heap.py MICROPYTHON MPY_CROSS

MICROPYTHON is a unix port of MicroPython (it takes -X heapsize=N), MPY_CROSS the matching
mpy-cross. A 32-bit build behaves like a board: its pointers are a board's size, and a float
takes one 16-byte block of the heap, as a board's single-precision float does. For each task it
finds, by bisection to 1 KB, the smallest heap in which the task prints what CPython prints for
it (a loss within 1e-9 of CPython's: 32-bit libm's exp and tanh may differ in the last bit), and
prints one line per task and source beside its target. A board's free heap must be at least
that. Read each result as give or take 3 KB: a run in the same heap can fail once in ten (the
collector scans the C stack for pointers, and what it finds there moves with the memory layout),
and a heap 1 KB larger does not always run what a smaller one did, so the bisection lands within
a few KB.

The sources, as the README offers them to a learner with a board:
- tinyrnn.py, the whole file compiled on the board: its parser holds the whole file's tree, about
  238 KB for 2,180 lines, more than the targets, which were set when the file was half its size;
  measured, not enforced;
- Parts 1-2 alone: the lines above the Part 3 banner saved as tinyrnn.py (TinyRNN and all it
  trains with; no gradient check, save/load, trace, pictures or command line);
- tinyrnn.mpy (mpy-cross): the whole file, compiled beforehand;
- Part 1 alone: the lines above the Part 2 banner saved as notebook.py (and as notebook.mpy).

The tasks and their targets (a Raspberry Pi Pico has about 190 KB free, an ESP32 without PSRAM
about 110 KB, a micro:bit v2 about 64 KB):
- the demo: the notebook's weights, 50 epochs of "hello", generate -> "hello" (python3
  tinyrnn.py's run; from Parts 1-2, which have no command line, the same through TinyRNN):
  160 KB from source, 80 KB from tinyrnn.mpy (64 KB until the gated cells came: their code
  stays in RAM with the rest; a 64 KB board runs Part 1 alone);
- BPTT on a 45-character sentence at H=16 with seq_length=12, 30 epochs of SGD at a learning
  rate of 0.05 (the loss falls from 150 to 26): 192 KB;
- the same with Adagrad, a learning rate of 0.1 and clip=5 (min-char-rnn's recipe): measured,
  no target;
- the notebook from Part 1 alone: its 50 epochs and the prediction "ello", 64 KB.

It exits 1 when a task does not run in 4 MB, or fails in a heap of its enforced target's size
(three runs; the smallest heap found by bisection is printed beside it, and may be a few KB off).
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SENTENCE = "a quick brown fox jumps over the lazy dog now."
TRAIN = ("import tinyrnn\nm = tinyrnn.TinyRNN.for_text(%r, 16, seed=1)\n"
         "m.fit(%r, 30, bptt=True, seq_length=12, OPTIONS)\n"
         "print(repr(m.loss(%r)))" % (SENTENCE, SENTENCE, SENTENCE))
PART_1 = """from notebook import notebook_params, step, train_epoch
params = notebook_params()
for epoch in range(50):
    loss = train_epoch(params, [0, 1, 2, 2], [1, 2, 2, 3])  # "hell" -> "ello" in "helo"
h, said = [0.0] * 4, ""
for index in [0, 1, 2, 2]:
    s = step(params, index, h)
    h = s["h"]
    said += "helo"[s["y_pred"].index(max(s["y_pred"]))]
print(said == "ello" and loss)
"""
DEMO_API = ("import tinyrnn\nm = tinyrnn.TinyRNN.from_notebook()\n"
            "m.fit('hello', 50, verbose=True)\nprint(m.generate('h', 4))")
SOURCES = (("tinyrnn.py", "whole"), ("Parts 1-2", "parts_1_2"), ("tinyrnn.mpy", "mpy"))
TASKS = [  # (name, [(source, folder, code run there, target KB, whether enforced)])
    ("the demo (50 epochs of 'hello')", [
        ("tinyrnn.py", "whole", "import tinyrnn\ntinyrnn.main([])", 160, False),
        ("Parts 1-2", "parts_1_2", DEMO_API, 160, True),
        ("tinyrnn.mpy", "mpy", "import tinyrnn\ntinyrnn.main([])", 80, True)]),
    ("BPTT, 45 characters, H=16, seq_length=12, 30 epochs", [
        (source, folder, TRAIN.replace("OPTIONS", "learning_rate=0.05"), 192, folder != "whole")
        for source, folder in SOURCES]),
    ("  the same with Adagrad and clip=5", [
        (source, folder, TRAIN.replace("OPTIONS", "optimizer='adagrad', clip=5.0"), None, False)
        for source, folder in SOURCES]),
    ("Part 1 alone: 50 epochs, says 'ello'", [
        ("notebook.py", "whole", PART_1, 64, True),
        ("notebook.mpy", "mpy", PART_1, 64, True)]),
]


def lines_above(banner):
    """The lines of tinyrnn.py above the banner that starts with this text (its rule goes too)."""
    with open(os.path.join(ROOT, "tinyrnn.py")) as source:
        lines = source.read().split("\n")
    first = [i for i, line in enumerate(lines) if line.startswith(banner)][0]
    return "\n".join(lines[:first - 1]) + "\n"


def last_line(command, folder):
    """The last line a command prints (None if it fails or prints nothing)."""
    try:
        result = subprocess.run(command, cwd=folder, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None
    lines = result.stdout.strip().splitlines()
    return lines[-1] if result.returncode == 0 and lines else None


def same_result(expected, got):
    """True when got is the line expected, or a number within 1e-9 (relative) of it."""
    if got is None or got == expected:
        return got is not None
    try:
        return abs(float(got) - float(expected)) <= 1e-9 * abs(float(expected))
    except ValueError:
        return False


def runs_in(micropython, folder, code, expected, kilobytes):
    """True when the task prints what CPython prints, run in a heap of this many KB."""
    command = [micropython, "-X", "heapsize=%dK" % kilobytes, "-c", code]
    return same_result(expected, last_line(command, folder))


def smallest_heap(micropython, folder, code, expected, low=8, high=4096):
    """The smallest heap in KB (between low and high) in which the task runs, by bisection (a few
    KB out where the heap's layout makes it run in one size and not the next); None if none."""
    if not runs_in(micropython, folder, code, expected, high):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if runs_in(micropython, folder, code, expected, middle):
            high = middle
        else:
            low = middle
    return high


def shown(size, target, enforced, holds):
    """'57 KB (target 64 KB: runs in it)', with 'FAILS' when an enforced target does not hold."""
    if size is None:
        return "none up to 4096 KB"
    if target is None:
        return "%d KB" % size
    if not enforced:
        return "%d KB (target %d KB%s)" % (size, target, ", over; not enforced" if size > target
                                           else "")
    return "%d KB (target %d KB: %s)" % (size, target, "runs in it" if holds else
                                         "FAILS in it")


def main(argv):
    micropython, mpy_cross = [os.path.abspath(path) for path in argv[:2]]  # run in other folders
    with tempfile.TemporaryDirectory() as work:
        folders = dict((kind, os.path.join(work, kind)) for kind in ("whole", "parts_1_2", "mpy"))
        with open(os.path.join(ROOT, "tinyrnn.py")) as f:
            whole = f.read()
        sources = {"whole": whole, "parts_1_2": lines_above("# Part 3."), "mpy": whole}
        for kind, folder in folders.items():
            os.mkdir(folder)
            for name, text in (("tinyrnn.py", sources[kind]),
                               ("notebook.py", lines_above("# Part 2."))):
                with open(os.path.join(folder, name), "w") as f:
                    f.write(text)
        for name in ("tinyrnn.py", "notebook.py"):
            subprocess.run([mpy_cross, name], cwd=folders["mpy"], check=True)
            os.remove(os.path.join(folders["mpy"], name))  # only the .mpy is left
        version = last_line([micropython, "-c", "import sys; print(sys.version, sys.maxsize > "
                             "2 ** 32 and '64-bit' or '32-bit')"], work)
        print("smallest heap, MicroPython %s (unix port), to 1 KB:" % version)
        failed = False
        for task, measurements in TASKS:
            print("  " + task)
            for source, kind, code, target, enforced in measurements:
                # CPython's output, from the same source (Parts 1-2 or the whole file)
                expected = last_line([sys.executable, "-c", code],
                                     folders["parts_1_2" if kind == "parts_1_2" else "whole"])
                if expected in (None, "False"):  # no reference to measure against
                    print("    %-18s CPython does not run it: %s" % (source, expected))
                    failed = True
                    continue
                size = smallest_heap(micropython, folders[kind], code, expected)
                # An enforced target holds when the task runs in a heap of exactly that size,
                # three times (the memory layout, and so the collector, differs a little each run).
                holds = enforced and all([runs_in(micropython, folders[kind], code, expected,
                                                  target) for _ in range(3)])
                print("    %-18s %s" % ("from " + source, shown(size, target, enforced, holds)))
                failed = failed or size is None or (enforced and not holds)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
