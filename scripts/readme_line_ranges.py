"""Rewrite the "(lines A-B)" that README.md and docs/ give for tinyrnn.py's functions, from the file.

    python3 scripts/readme_line_ranges.py       (after tinyrnn.py changes; the tests check them)
"""
import ast
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..")
with open(os.path.join(root, "tinyrnn.py"), encoding="utf-8") as f:
    tree = ast.parse(f.read())
ranges = dict((node.name, (node.lineno, node.end_lineno)) for node in tree.body
              if isinstance(node, (ast.FunctionDef, ast.ClassDef)))
PATTERN = r"(`(?:[^`=]*= )?(\w+)(?:\([^`]*\))?`\s*\(lines )(\d+)\u2013(\d+)\)"


def fix(match):
    """The same mention with the function's own line range."""
    first, last = ranges[match.group(2)]
    return "%s%d\u2013%d)" % (match.group(1), first, last)


names = ["README.md"]
docs = os.path.join(root, "docs")
if os.path.isdir(docs):
    names += ["docs/" + name for name in sorted(os.listdir(docs)) if name.endswith(".md")]
for name in names:
    path = os.path.join(root, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    fixed = re.sub(PATTERN, fix, text)
    if fixed != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(fixed)
        print("updated", name)
