"""The smallest MicroPython heap each task runs in, from tinyrnn.py and from tinyrnn.mpy.

    python3 scripts/heap.py MICROPYTHON MPY_CROSS

MICROPYTHON is a unix port of MicroPython (it takes -X heapsize=N), MPY_CROSS the matching
mpy-cross. For each task it finds, by bisection to 1 KB, the smallest heap in which the task
prints what it should, and prints one line per task. A board's free heap must be at least that.
The tasks:
- the demo (python3 tinyrnn.py's run: the notebook's weights, 50 epochs, "hello"),
- BPTT on a 45-character sentence at H=16 with seq_length=12 and Adagrad, 30 epochs.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SENTENCE = "a quick brown fox jumps over the lazy dog now."
TASKS = [  # (name, code run with tinyrnn importable, what its last line must be)
    ("the demo (50 epochs of 'hello')", "import tinyrnn\ntinyrnn.main([])",
     "generate('h', 4) -> 'hello'"),
    ("BPTT, 45 characters, H=16, seq_length=12, 30 epochs",
     "import tinyrnn\nm = tinyrnn.TinyRNN.for_text(%r, 16, seed=1)\n"
     "m.fit(%r, 30, bptt=True, seq_length=12, optimizer='adagrad', clip=5.0)\n"
     "print('trained', m.loss(%r) < 20)" % (SENTENCE, SENTENCE, SENTENCE), "trained True"),
]


def runs_in(micropython, folder, code, expected, kilobytes):
    """True when code prints expected as its last line in a heap of that many KB."""
    try:
        result = subprocess.run([micropython, "-X", "heapsize=%dK" % kilobytes, "-c", code],
                                cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                universal_newlines=True, timeout=600)
    except subprocess.TimeoutExpired:
        return False
    lines = result.stdout.strip().splitlines()
    return result.returncode == 0 and bool(lines) and lines[-1] == expected


def smallest_heap(micropython, folder, code, expected, low=8, high=4096):
    """The smallest heap in KB (between low and high) in which the task runs; None if none."""
    if not runs_in(micropython, folder, code, expected, high):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if runs_in(micropython, folder, code, expected, middle):
            high = middle
        else:
            low = middle
    return high


def main(argv):
    micropython, mpy_cross = argv[:2]
    folders = {}
    with tempfile.TemporaryDirectory() as work:
        for kind in ("py", "mpy"):
            folders[kind] = os.path.join(work, kind)
            os.mkdir(folders[kind])
            shutil.copy(os.path.join(ROOT, "tinyrnn.py"), folders[kind])
        subprocess.run([mpy_cross, "tinyrnn.py"], cwd=folders["mpy"], check=True)
        os.remove(os.path.join(folders["mpy"], "tinyrnn.py"))  # only the .mpy is left
        version = subprocess.run([micropython, "-c", "import sys; print(sys.version, "
                                  "sys.maxsize > 2 ** 32 and '64-bit' or '32-bit')"],
                                 stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        print("smallest heap, MicroPython %s (unix port), to 1 KB:" % version)
        failed = False
        for name, code, expected in TASKS:
            sizes = [smallest_heap(micropython, folders[kind], code, expected)
                     for kind in ("py", "mpy")]
            print("  %-52s from .py %s, from .mpy %s" % (name, *[
                "none up to 4096 KB" if size is None else "%4d KB" % size for size in sizes]))
            failed = failed or None in sizes
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
