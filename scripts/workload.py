"""The interpreter matrix's fixed workload: one line per result, `name repr(value)`.

scripts/check_interpreters.sh runs it under every interpreter and compares the lines with
CPython's (scripts/compare_workloads.py). Kept small: MicroPython in WebAssembly frees memory only
between calls from JavaScript, and this whole file is one call.

    python3 scripts/workload.py         the whole workload
    python3 scripts/workload.py demo    only the demo's numbers (for a single-precision build)
"""
import sys

import tinyrnn
from tinyrnn import PARAM_NAMES, TinyRNN


SHOWN = []


def show(name, value):
    print(name + " " + repr(value))
    SHOWN.append(name)


def params_of(model):
    return [model.params[name] for name in PARAM_NAMES]


def demo():
    """python3 tinyrnn.py's run: 50 epochs of the notebook, then the text it generates."""
    model = TinyRNN.from_notebook()
    show("demo_losses", model.fit("hello", 50))
    show("demo_params", params_of(model))
    show("demo_generated", model.generate("h", 4))
    print("done %d" % len(SHOWN))


def main():
    notebook = TinyRNN.from_notebook()  # the notebook's 2 epochs
    show("notebook_losses", notebook.fit("hello", 2))
    show("notebook_params", params_of(notebook))

    seeded = TinyRNN("abcdefgh", 6, seed=7)  # a seeded initialisation
    show("seeded_init", params_of(seeded))
    rng = tinyrnn.SeededRandom(12345)
    show("seeded_normals", [rng.normal() for _ in range(5)])

    text = "the cat sat on the mat. the dog sat on the log."
    model = TinyRNN.for_text(text, 10, seed=3)  # BPTT training, chunks, Adagrad, clipping
    show("bptt_losses", model.fit(text, 15, learning_rate=0.1, bptt=True, seq_length=12,
                                  optimizer="adagrad", clip=5.0))
    show("bptt_params", params_of(model))
    _, grads = TinyRNN.from_notebook().loss_and_gradients("hello", bptt=True)
    show("bptt_gradients", [grads[name] for name in PARAM_NAMES])

    show("greedy", model.generate("the", 40))  # seeded sampling
    for seed in (1, 2, 3):
        show("sample_seed_%d" % seed, model.generate("t", 60, temperature=0.8, seed=seed))
    show("predict_next", model.predict_next("the ", 3))

    for cell in ("gru", "lstm"):  # the gated cells: their steps, backward passes, explain lines
        gated = TinyRNN.for_text("hello hello", 4, seed=5, cell=cell)
        show(cell + "_losses", gated.fit("hello hello", 3, bptt=True, seq_length=5,
                                         optimizer="adagrad"))
        show(cell + "_params", [gated.params[name] for name in sorted(gated.params)])
        show(cell + "_explained", tinyrnn.explain_step(gated, 1, target=2, bptt=True)[-3:])
    print("done %d" % len(SHOWN))  # the comparer refuses a file without this line: a cut run


if sys.argv[1:] == ["demo"]:
    demo()
else:
    main()
