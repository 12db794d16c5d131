"""Write examples/cell_by_cell.ipynb from examples/cell_by_cell.py, with the standard library only.

    python3 scripts/make_notebook.py            (writes examples/cell_by_cell.ipynb)
    python3 scripts/make_notebook.py OUT.ipynb  (writes it there instead)

examples/cell_by_cell.py is the lesson in jupytext's percent format, the file to edit and review:
`# %%` starts a code cell, `# %% [markdown]` a markdown cell whose lines begin with `# `. The
notebook is written from it with no outputs, and with the whole of tinyrnn.py and of
exercises/check.py filled into the first code cell (its lines `TINYRNN_PY = None` and
`CHECK_PY = None`), so that the notebook alone runs in Colab, Binder or JupyterLite: that cell
writes them out when it finds no tinyrnn.py beside it. That cell starts "# @title", which Colab
shows folded; JupyterLab folds it by its metadata. CI regenerates the notebook and fails when it
differs from the committed one (test_tinyrnn.py checks the same with nothing installed).
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "examples", "cell_by_cell.py")
NOTEBOOK = os.path.join(ROOT, "examples", "cell_by_cell.ipynb")
EMBEDDED = (("TINYRNN_PY = None", "tinyrnn.py"), ("CHECK_PY = None", "exercises/check.py"))


def read(path):
    """The text of a file of the project."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def cells_of(source):
    """[(kind, lines)] of a percent-format script, its header (# --- ... # ---) left out."""
    lines = source.split("\n")
    if lines[0] == "# ---":
        lines = lines[lines.index("# ---", 1) + 1:]
    cells = []
    for line in lines:
        if line.startswith("# %%"):
            cells.append(("markdown" if line.strip() == "# %% [markdown]" else "code", []))
        elif cells:
            cells[-1][1].append(line)
    return [(kind, trimmed(body)) for kind, body in cells]


def trimmed(lines):
    """lines without the blank ones at either end."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def embedded(line):
    """A line `NAME = None  # ...` of the first cell, with the file it names in place of None:
    its lines, each a Python string of its own, joined. (Not one long string: IPython strips
    the prompt `>>> ` from the start of a cell's lines, a doctest's inside a string too.)"""
    for marker, path in EMBEDDED:
        if line.startswith(marker):
            lines = read(path).split("\n")
            parts = [repr(text + "\n") for text in lines[:-1]]
            if lines[-1]:
                parts.append(repr(lines[-1]))
            return (marker.replace("None", '"".join([') + line[len(marker):] + "\n    "
                    + ",\n    ".join(parts) + "])")
    return line


def notebook_cell(number, kind, lines):
    """One cell as nbformat 4.5 writes it: its source as a list of lines, no outputs."""
    if kind == "markdown":
        lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]
        cell = {"cell_type": "markdown", "id": "cell-%02d" % number, "metadata": {}}
    else:
        lines = "\n".join(embedded(line) for line in lines).split("\n")
        folded = bool(lines) and lines[0].startswith("# @title")
        metadata = {"cellView": "form", "jupyter": {"source_hidden": True}} if folded else {}
        cell = {"cell_type": "code", "execution_count": None, "id": "cell-%02d" % number,
                "metadata": metadata, "outputs": []}
    cell["source"] = [line + "\n" for line in lines[:-1]] + lines[-1:]
    return cell


def notebook():
    """The notebook, as the text of its .ipynb file."""
    cells = [notebook_cell(i, kind, lines)
             for i, (kind, lines) in enumerate(cells_of(read("examples/cell_by_cell.py")))]
    book = {"cells": cells,
            "metadata": {"colab": {"provenance": []},
                         "jupytext": {"formats": "ipynb,py:percent"},
                         "kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(book, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv):
    """Write the notebook where argv says, or beside its script."""
    path = argv[0] if argv else NOTEBOOK
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(notebook())
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
