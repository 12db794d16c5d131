"""The smallest MicroPython heap each task runs in, from tinyrnn.py and from tinyrnn.mpy.

    python3 scripts/heap.py MICROPYTHON MPY_CROSS

MICROPYTHON is a unix port of MicroPython (it takes -X heapsize=N), MPY_CROSS the matching
mpy-cross. A 32-bit build behaves like a board: its pointers are a board's size, and a float
takes one 16-byte block of the heap, as a board's single-precision float does. For each task it
finds, by bisection to 1 KB, the smallest heap in which the task prints what CPython prints for
it (a loss within 1e-9 of CPython's: 32-bit libm's exp and tanh may differ in the last bit), and
prints one line per task beside its target. A board's free heap must be at least that. Read each
result as give or take 3 KB: a run in the same heap can fail once in ten (the collector scans the
C stack for pointers, and what it finds there moves with the memory layout), and a heap 1 KB
larger does not always run what a smaller one did, so the bisection lands within a few KB.

The tasks and their targets (a Raspberry Pi Pico has about 190 KB free, an ESP32 without PSRAM
about 110 KB, a micro:bit v2 about 64 KB):
- the demo (python3 tinyrnn.py's run: the notebook's weights, 50 epochs, "hello"): 160 KB from
  tinyrnn.py, 64 KB from tinyrnn.mpy;
- BPTT on a 45-character sentence at H=16 with seq_length=12, 30 epochs of SGD at a learning
  rate of 0.05 (the loss falls from 150 to 26): 192 KB;
- the same with Adagrad, a learning rate of 0.1 and clip=5 (min-char-rnn's recipe): measured,
  no target;
- the notebook from Part 1 alone (the lines of tinyrnn.py above its Part 2 banner, saved as
  notebook.py, as the README tells a learner with a small board): its 50 epochs and the
  prediction "ello", 64 KB from notebook.py and from notebook.mpy.

It exits 1 when a task does not run in 4 MB, needs more than its target from a .mpy, or Part 1
alone needs more than its target from notebook.py. The whole file's targets from tinyrnn.py are
printed and not enforced: compiling the 2,000-line file needs about 220 KB by itself (the parser
holds the whole file's tree), more than the targets, which were set when the file was half its
size.
"""
import os
import shutil
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
TASKS = [  # (name, code run with tinyrnn and notebook importable, target KB from .py, from .mpy,
    #        whether the .py target is enforced)
    ("the demo (50 epochs of 'hello')", "import tinyrnn\ntinyrnn.main([])", 160, 64, False),
    ("BPTT, 45 characters, H=16, seq_length=12, 30 epochs",
     TRAIN.replace("OPTIONS", "learning_rate=0.05"), 192, 192, False),
    ("  the same with Adagrad and clip=5",
     TRAIN.replace("OPTIONS", "optimizer='adagrad', clip=5.0"), None, None, False),
    ("Part 1 alone, notebook.py: 50 epochs, says 'ello'", PART_1, 64, 64, True),
]


def part_1_source():
    """The lines of tinyrnn.py above its Part 2 banner: the notebook, with nothing after it."""
    with open(os.path.join(ROOT, "tinyrnn.py")) as source:
        lines = source.read().split("\n")
    banner = [i for i, line in enumerate(lines) if line.startswith("# Part 2.")][0]
    return "\n".join(lines[:banner - 1]) + "\n"  # the banner's rule of = above it goes too


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


def smallest_heap(micropython, folder, code, expected, low=8, high=4096):
    """The smallest heap in KB (between low and high) in which the task runs; None if none."""
    def runs_in(kilobytes):
        command = [micropython, "-X", "heapsize=%dK" % kilobytes, "-c", code]
        return same_result(expected, last_line(command, folder))

    if not runs_in(high):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if runs_in(middle):
            high = middle
        else:
            low = middle
    return high


def shown(size, target):
    """'  57 KB (target 64 KB)', with 'OVER' when the size is above its target."""
    if size is None:
        return "none up to 4096 KB"
    if target is None:
        return "%4d KB" % size
    return "%4d KB (target %d KB%s)" % (size, target, ", OVER" if size > target else "")


def main(argv):
    micropython, mpy_cross = [os.path.abspath(path) for path in argv[:2]]  # run in other folders
    folders = {}
    with tempfile.TemporaryDirectory() as work:
        for kind in ("py", "mpy"):
            folders[kind] = os.path.join(work, kind)
            os.mkdir(folders[kind])
            shutil.copy(os.path.join(ROOT, "tinyrnn.py"), folders[kind])
            with open(os.path.join(folders[kind], "notebook.py"), "w") as notebook:
                notebook.write(part_1_source())
        for name in ("tinyrnn.py", "notebook.py"):
            subprocess.run([mpy_cross, name], cwd=folders["mpy"], check=True)
            os.remove(os.path.join(folders["mpy"], name))  # only the .mpy is left
        version = last_line([micropython, "-c", "import sys; print(sys.version, sys.maxsize > "
                             "2 ** 32 and '64-bit' or '32-bit')"], work)
        print("smallest heap, MicroPython %s (unix port), to 1 KB:" % version)
        failed = False
        for name, code, py_target, mpy_target, py_enforced in TASKS:
            expected = last_line([sys.executable, "-c", code], folders["py"])  # CPython's
            if expected in (None, "False"):  # no reference to measure against
                print("  %-52s CPython does not run it: %s" % (name, expected))
                failed = True
                continue
            py = smallest_heap(micropython, folders["py"], code, expected)
            mpy = smallest_heap(micropython, folders["mpy"], code, expected)
            print("  %-52s from .py %s, from .mpy %s" % (name, shown(py, py_target),
                                                          shown(mpy, mpy_target)))
            failed = failed or None in (py, mpy) or (
                mpy_target is not None and mpy > mpy_target) or (py_enforced and py > py_target)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
