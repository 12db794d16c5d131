"""Compare the workload output of other interpreters with CPython's.

    python3 scripts/compare_workloads.py [--tolerance T] CPYTHON.txt OTHER.txt [OTHER.txt ...]

Numbers must agree within 1e-12 (or T); text (the samples) must be identical. Every file must end with
the workload's `done N` line (an empty or cut-short reference fails too). Prints one line per file
and exits 1 if any differs.
"""
import ast
import sys

TOLERANCE = 1e-12


class Incomplete(Exception):
    """A workload output that is empty, cut short or unreadable."""


def read(path):
    """{name: value} from lines `name repr(value)`, closed by `done N`; Incomplete otherwise."""
    results = {}
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as error:
        raise Incomplete("%s: cannot be read (%s)" % (path, error))
    if not lines or lines[-1] != "done %d" % (len(lines) - 1):
        raise Incomplete("%s: empty or cut short (no closing 'done N' line)" % path)
    for line in lines[:-1]:
        name, _, value = line.partition(" ")
        try:
            results[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise Incomplete("%s: line %r is not a result" % (path, line[:60]))
    return results


def differences(expected, actual, where, tolerance=TOLERANCE):
    """Descriptions of every place where actual differs from expected by more than tolerance."""
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            return ["%s: %r != %r" % (where, actual, expected)]
        found = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            found += differences(e, a, "%s[%d]" % (where, i), tolerance)
        return found
    if isinstance(expected, float):
        if not isinstance(actual, (int, float)) or abs(actual - expected) > tolerance:
            return ["%s: %r differs from %r by more than %g" % (where, actual, expected, tolerance)]
        return []
    return [] if actual == expected else ["%s: %r != %r" % (where, actual, expected)]


def main(argv):
    tolerance = TOLERANCE
    if argv[:1] == ["--tolerance"]:
        tolerance, argv = float(argv[1]), argv[2:]
    try:
        reference = read(argv[0])
    except Incomplete as error:
        print("NO REFERENCE %s" % error)
        return 1
    failed = False
    for path in argv[1:]:
        try:
            other = read(path)
        except Incomplete as error:
            print("INCOMPLETE %s" % error)
            failed = True
            continue
        found = []
        for name in reference:
            if name not in other:
                found.append("%s: missing" % name)
            else:
                found += differences(reference[name], other[name], name, tolerance)
        largest = max([abs(a - e) for a, e in zip(_floats(other), _floats(reference))] or [0.0])
        if found:
            failed = True
            print("DIFFERENT %s (%d places), first: %s" % (path, len(found), found[0]))
        else:
            print("same      %s: %d results, largest difference %.1e" % (path, len(other), largest))
    return 1 if failed else 0


def _floats(results):
    """Every float in results, in a fixed order."""
    out = []

    def walk(value):
        if isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, float):
            out.append(value)
    for name in sorted(results):
        walk(results[name])
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
