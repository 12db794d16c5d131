"""Run examples/cell_by_cell.ipynb top to bottom, as a learner would, and check what it prints.

    python3 scripts/check_notebook.py [--numpy]

Needs nbclient, nbformat and ipykernel (CI installs them in a virtual environment; tinyrnn never
needs them). It checks that the committed notebook is what scripts/make_notebook.py writes from
examples/cell_by_cell.py; that it runs with no error from examples/ (a clone) and from a folder
that holds only the .ipynb (as Colab has it), where its first cell writes out tinyrnn.py byte for
byte; that its outputs hold the seed notebook's numbers (Epoch 0, Loss: 5.5276, In [10]'s
values, "hello"); and that its exercise cells' checks pass a right function and name the mistake
in a wrong one. With --numpy (run where NumPy and matplotlib are installed) it also checks that
the cells comparing with the notebook's own NumPy code report a difference below 1e-12 and that
the plots are drawn. Exit status 0 when all hold, 1 otherwise.
"""
import os
import shutil
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import make_notebook  # noqa: E402

NOTEBOOK = os.path.join(ROOT, "examples", "cell_by_cell.ipynb")
NUMBERS = ["Epoch 0, Loss: 5.5276", "[0.90283151]", "[0.99776235]", "[1.07232474]",
           "[1.01332061]", "hello"]  # NOTEBOOK: what the seed notebook prints (In [9], [10])
RIGHT_SOFTMAX = '''def my_softmax(logits):
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    return [e / sum(exps) for e in exps]'''
WRONG_SOFTMAX = '''def my_softmax(logits):
    exps = [math.exp(z) for z in logits]
    return [e / sum(exps) for e in exps]'''


def run(book, folder):
    """The notebook executed in folder (its working directory); returns it with outputs."""
    NotebookClient(book, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": folder}}).execute()
    return book


def printed(book):
    """Everything the cells printed and displayed as text, in order."""
    out = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            out.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "".join(out)


def with_cell(book, starts, source):
    """A copy of the notebook with the code cell that starts with `starts` replaced."""
    book = nbformat.from_dict(book)
    for cell in book.cells:
        if cell.cell_type == "code" and cell.source.startswith(starts):
            cell.source = source
            return book
    raise AssertionError("no cell starts with %r" % starts)


def check(condition, what):
    """Print what was checked; remember a failure."""
    print("%s  %s" % ("ok  " if condition else "FAIL", what))
    if not condition:
        check.failed = True


def main(argv):
    numpy = "--numpy" in argv
    check.failed = False
    with open(NOTEBOOK, encoding="utf-8") as f:
        committed = f.read()
    check(committed == make_notebook.notebook(), "the committed notebook is what "
          "scripts/make_notebook.py writes from examples/cell_by_cell.py")
    book = nbformat.reads(committed, as_version=4)
    executed = run(nbformat.from_dict(book), os.path.join(ROOT, "examples"))
    out = printed(executed)
    check(all(number in out for number in NUMBERS), "from examples/: the seed notebook's numbers")
    check("not written yet" in out, "from examples/: the exercises say they are not written yet")
    alone = tempfile.mkdtemp()
    shutil.copy(NOTEBOOK, alone)
    out_alone = printed(run(nbformat.from_dict(book), alone))
    with open(os.path.join(alone, "tinyrnn.py"), encoding="utf-8") as f:
        written = f.read()
    with open(os.path.join(ROOT, "tinyrnn.py"), encoding="utf-8") as f:
        check(written == f.read(), "from a folder with only the .ipynb: it writes tinyrnn.py "
              "byte for byte")
    check(all(number in out_alone for number in NUMBERS), "from that folder: the numbers too")
    right = printed(run(with_cell(book, "def my_softmax", RIGHT_SOFTMAX), alone))
    check("FAIL" not in right.split("not written yet")[0] and right.count("PASS") >= 3,
          "a right softmax passes its checks")
    wrong = printed(run(with_cell(book, "def my_softmax", WRONG_SOFTMAX), alone))
    check("looks like: softmax overflows on large logits" in wrong,
          "a softmax without the largest logit subtracted is named")
    if numpy:
        difference = [line for line in out.splitlines() if "largest difference" in line]
        check(len(difference) == 1 and float(difference[0].split()[-1]) < 1e-12,
              "NumPy's run of the notebook's own code agrees to 1e-12: %s" % difference)
        images = sum(1 for cell in executed.cells for output in cell.get("outputs", [])
                     if "image/png" in output.get("data", {}))
        check(images == 4, "matplotlib drew the four plots (%d images)" % images)
    else:
        check("NumPy is not installed here" in out, "without NumPy it says so, and goes on")
    shutil.rmtree(alone)
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
