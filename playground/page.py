"""What the playground page asks of tinyrnn, through its public API only.

The page's worker loads tinyrnn.py (unchanged) and this file into Pyodide and calls
handle(request) with a JSON text; each request names one function below and its arguments, and
the answer is JSON too: {"ok": true, ...} or {"ok": false, "error": tinyrnn's one-line message}.
A refused request changes nothing: every function checks (or lets tinyrnn check) before it
changes the model.

It runs under CPython as well, which is how its answers can be compared with CPython's:

    python3 -c "import page; print(page.handle('{\\"do\\": \\"new\\"}'))"
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(here, ".."), os.path.join(here, "..", "examples")]
import tinyrnn  # noqa: E402
from predictions import features  # noqa: E402  (what a unit might follow, per character)
from tinyrnn import TinyRNN  # noqa: E402

SHOWN_STEPS = 24  # the network drawn unrolled over at most this many steps
PATH = "/tmp/tinyrnn-playground.json"  # where save() writes and load() reads, in Pyodide's memory

DEFAULTS = {"text": "hello", "hidden": "4", "lr": "0.1", "seed": "", "epochs": "50",
            "bptt": False, "optimizer": "sgd", "seq_length": "", "clip": "", "cell": "rnn"}


class Page:
    """The page's model and what it trains on."""

    def __init__(self):
        self.settings, self.model, self.train, self.held_out = None, None, None, None
        self.epoch = 0


PAGE = Page()


def number(text):
    """The number a control holds, or the text itself for tinyrnn to refuse by name; None when
    the control is empty (the setting is off)."""
    text = str(text).strip()
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def recipe(text):
    """The command line's recipe for this text: its name and settings, as the page shows them."""
    name = "text" if len(text) > tinyrnn.LONG_TEXT else "notebook"
    settings = tinyrnn.RECIPES[name]
    return {"recipe": name, "long_text": tinyrnn.LONG_TEXT, "lr": str(settings["lr"]),
            "bptt": settings["bptt"], "optimizer": settings["optimizer"],
            "seq_length": "" if settings["seq_length"] is None else str(settings["seq_length"]),
            "clip": "" if settings["clip"] is None else str(settings["clip"])}


def split(text):
    """(what to train on, what to hold out): over 300 characters the last tenth is held out, as
    examples/train_text.py does."""
    if len(text) <= tinyrnn.LONG_TEXT:
        return text, None
    cut = len(text) * 9 // 10
    return text[:cut], text[cut:]


def build(settings):
    """A new model for the settings: the notebook's own for "hello" with 4 tanh units and no
    seed, as the command line's default; otherwise for_text with the seed (0 when empty)."""
    text, hidden, seed = settings["text"], number(settings["hidden"]), number(settings["seed"])
    if text == "hello" and hidden == 4 and seed is None and settings["cell"] == "rnn":
        return TinyRNN.from_notebook()
    return TinyRNN.for_text(text, hidden, seed=0 if seed is None else seed,
                            cell=settings["cell"])


def fit_arguments(settings):
    """fit's keyword arguments from the controls (tinyrnn checks each)."""
    return {"learning_rate": number(settings["lr"]), "bptt": settings["bptt"],
            "optimizer": settings["optimizer"], "seq_length": number(settings["seq_length"]),
            "clip": number(settings["clip"])}


def new(settings=None):
    """A new model from the settings (the defaults where one is missing); the network's view."""
    merged = dict(DEFAULTS)
    merged.update(settings or {})
    model = build(merged)
    train, held_out = split(merged["text"])
    model.fit(train, 0, **fit_arguments(merged))  # zero epochs: every setting checked, none run
    PAGE.settings, PAGE.model, PAGE.train, PAGE.held_out = merged, model, train, held_out
    PAGE.epoch = 0
    answer = view()
    answer.update(recipe(merged["text"]), baseline=baseline(), split=held_out is not None)
    return answer


def configure(settings):
    """New training settings (learning rate, BPTT, optimizer, sequence length, clip, epochs) for
    the same model, checked by fit with zero epochs before they are kept."""
    merged = dict(PAGE.settings)
    merged.update(settings)
    PAGE.model.fit(PAGE.train, 0, **fit_arguments(merged))
    epochs = number(merged["epochs"])
    if not (isinstance(epochs, int) and not isinstance(epochs, bool) and epochs >= 1):
        raise ValueError("Epochs must be a whole number, at least 1, got %r" % merged["epochs"])
    PAGE.settings = merged
    return {}


def epoch():
    """One epoch: fit(text, 1) with the settings; the loss, held-out bits and the new view."""
    loss = PAGE.model.fit(PAGE.train, 1, **fit_arguments(PAGE.settings))[0]
    PAGE.epoch += 1
    answer = view()
    answer.update(loss=loss, per_char=loss / (len(PAGE.train) - 1))
    if PAGE.held_out is not None:
        bits = PAGE.model.evaluate(PAGE.held_out)
        answer["held_out_bits"] = bits if bits != float("inf") else None  # JSON has no inf
    return answer


def baseline():
    """The bigram model's held-out bits per character: the line to beat (None when nothing is
    held out)."""
    if PAGE.held_out is None:
        return None
    return tinyrnn.bigram_bits_per_char(PAGE.train, PAGE.held_out)


def shown_text():
    """The steps the network is drawn over: the first SHOWN_STEPS + 1 characters."""
    return PAGE.train[:SHOWN_STEPS + 1]


def view():
    """Each step of the shown text: its input, one-hot x, hidden state h, y_pred, target, loss."""
    model, text = PAGE.model, shown_text()
    indices = model.encode(text)
    losses = model.step_losses(text)
    steps, state = [], None
    for t in range(len(indices) - 1):
        state, _, y_pred = model.step(indices[t], state)
        steps.append({"char": text[t], "x": indices[t], "h": state[:model.hidden_size],
                      "y_pred": y_pred, "target": indices[t + 1], "loss": losses[t]})
    return {"epoch": PAGE.epoch, "vocab": model.vocab, "hidden": model.hidden_size,
            "cell": model.cell, "steps": steps}


def explain(t):
    """explain_step's lines for step t of the shown text, from the state the step starts in."""
    model, text = PAGE.model, shown_text()
    indices = model.encode(text)
    if not (isinstance(t, int) and 0 <= t < len(indices) - 1):
        raise ValueError("step must be 0 to %d, got %r" % (len(indices) - 2, t))
    h_prev = model.hidden_states(text[:t])[-1] if t > 0 else None
    lines = tinyrnn.explain_step(model, indices[t], h_prev, target=indices[t + 1],
                                 bptt=PAGE.settings["bptt"])
    return {"step": t, "lines": lines}


def sample(prefix, temperature, seed):
    """generate(prefix, n, temperature, seed), n = the text's length less one (at most 200), and
    the three likeliest next characters after the prefix. temperature 0 is greedy."""
    temperature = number(temperature)
    length = min(len(PAGE.settings["text"]) - 1, 200)
    text = PAGE.model.generate(prefix, length, None if temperature == 0 else temperature,
                               number(seed))
    return {"sample": text, "next": PAGE.model.predict_next(prefix, 3)}


def units():
    """Each hidden unit's activation after each character of the text's first line (at most 60
    characters), and the unit that best follows each feature of the training text."""
    model, text = PAGE.model, PAGE.train
    line = text.split("\n")[0][:60] or text[:60]
    states = model.hidden_states(line)
    strongest = []
    for name, feature in sorted(features(text[:2000]).items()):
        if len(set(feature)) > 1:  # a feature that never changes follows nothing
            unit, r = model.unit_correlations(text[:2000], feature)[0]
            strongest.append({"feature": name, "unit": unit, "r": r})
    return {"line": line, "h": [h[:model.hidden_size] for h in states], "strongest": strongest}


def norms(scale):
    """gradient_norms over the shown text for a copy of the model whose recurrent weights
    (W_hh, or each gate's W_h*) are scaled by scale: watch the gradient vanish or explode."""
    scale = number(scale)
    if not (isinstance(scale, (int, float)) and 0 < scale <= 10):
        raise ValueError("the scale must be a number above 0 and at most 10, got %r" % scale)
    model = PAGE.model
    params = model.copy_params()
    for name in params:
        if name.startswith("W_h") and name != "W_hy":
            params[name] = [[w * scale for w in row] for row in params[name]]
    copy = TinyRNN(model.vocab, model.hidden_size, params=params, cell=model.cell)
    return {"scale": scale, "norms": copy.gradient_norms(PAGE.train[:41])}


def save():
    """The JSON text TinyRNN.save writes, for the page to offer as a download."""
    PAGE.model.save(PATH)
    with open(PATH) as f:
        return {"json": f.read()}


def load(text, name="the file"):
    """A model from the JSON text of a saved model (the file called name), through
    TinyRNN.load; it must know every character of the text. Nothing changes when either is
    refused."""
    with open(PATH, "w") as f:
        f.write(text)
    try:
        model = TinyRNN.load(PATH)
    except ValueError as error:  # tinyrnn names the path it read: name the learner's file
        raise ValueError(str(error).replace(repr(PATH), repr(name)).replace(PATH, name))
    model.check_text(PAGE.train)
    settings = dict(PAGE.settings, hidden=str(model.hidden_size), cell=model.cell)
    model.fit(PAGE.train, 0, **fit_arguments(settings))
    PAGE.model, PAGE.settings, PAGE.epoch = model, settings, 0
    answer = view()
    answer.update(hidden=model.hidden_size, cell=model.cell)
    return answer


REQUESTS = {"new": new, "configure": configure, "epoch": epoch, "explain": explain,
            "sample": sample, "units": units, "norms": norms, "save": save, "load": load,
            "recipe": recipe}


def handle(request):
    """Answer one request, a JSON text {"do": name, ...arguments}, with a JSON text."""
    request = json.loads(request)
    name = request.pop("do")
    try:
        answer = REQUESTS[name](**request)
    except ValueError as error:
        return json.dumps({"ok": False, "error": str(error)})
    answer["ok"] = True
    return json.dumps(answer)
