# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The notebook, cell by cell, in plain Python
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/OWNER/tinyrnn/blob/main/examples/cell_by_cell.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/OWNER/tinyrnn/main?labpath=examples%2Fcell_by_cell.ipynb)
#
# A small NumPy notebook trains a 4-unit character RNN to continue "hell" as "ello". Here each of
# its cells is shown as it was written, then done again with `tinyrnn.py`, the same algorithm in
# plain Python lists, printing the same numbers. Where NumPy is installed (Colab has it), a cell
# also runs the notebook's own code and prints the largest difference.
#
# An RNN reads a sequence one item at a time and keeps a memory, the hidden state `h`, that it
# updates at every step from the new item and its own previous memory; from that memory it
# predicts the next item. Run the cells from the top (Shift-Enter); nothing needs installing.

# %% [markdown]
# **tinyrnn itself.** Beside `tinyrnn.py` (a clone of the repository) this cell imports it; in
# Colab or Binder, with only this notebook, it writes the file out first, from the copy it holds
# (the same bytes as the repository's `tinyrnn.py`). It also brings the exercises' grader.

# %%
# @title tinyrnn.py and the grader (run this cell; open it to read them)
import math
import os
import sys

TINYRNN_PY = None  # the whole of tinyrnn.py: scripts/make_notebook.py writes it in here
CHECK_PY = None  # the whole of exercises/check.py, the same way

here = os.path.dirname(os.path.abspath(globals().get("__file__", "notebook")))  # run as a script
for folder in (".", "..", os.path.join(here, "..")):  # a notebook's folder, or the script's
    if os.path.exists(os.path.join(folder, "tinyrnn.py")):
        sys.path.insert(0, os.path.abspath(folder))
        break
else:  # only the notebook here: write tinyrnn.py beside it
    with open("tinyrnn.py", "w", encoding="utf-8") as f:
        f.write(TINYRNN_PY)
    sys.path.insert(0, os.path.abspath("."))
for folder in ("../exercises", "exercises", os.path.join(here, "..", "exercises")):
    if os.path.exists(os.path.join(folder, "check.py")):
        sys.path.insert(1, os.path.abspath(folder))
        break
else:
    os.makedirs("grader", exist_ok=True)
    with open(os.path.join("grader", "check.py"), "w", encoding="utf-8") as f:
        f.write(CHECK_PY)
    sys.path.insert(1, os.path.abspath("grader"))

import tinyrnn  # noqa: E402
import check  # noqa: E402  (the exercises' grader)

try:
    import numpy as np  # only to compare with the notebook's own code; tinyrnn never needs it
except ImportError:
    np = None
try:
    import matplotlib.pyplot as plt  # only for plots; without it the cells print text pictures
except ImportError:
    plt = None


def show(vector):
    """A vector on one line, 8 decimals, a space where a minus sign would be: as the trace."""
    return "[" + " ".join("% .8f" % v for v in vector) + "]"


print("tinyrnn", tinyrnn.__version__, "from", tinyrnn.__file__)
print("NumPy:", "yes" if np is not None else "no", "  matplotlib:", "yes" if plt else "no")

# %% [markdown]
# ## In [2]: the data
#
# The notebook writes:
#
# ```python
# char_to_idx = {'h': 0, 'e': 1, 'l': 2, 'o': 3}
# def one_hot(idx, size=4):
#     vec = np.zeros(size)
#     vec[idx] = 1
#     return vec
# inputs = ['h', 'e', 'l', 'l']
# targets = ['e', 'l', 'l', 'o']
# X = np.array([one_hot(char_to_idx[ch]) for ch in inputs])
# Y = np.array([char_to_idx[ch] for ch in targets])
# ```
#
# In tinyrnn the vocabulary is a string, `"helo"`: character `i` has index `i`. A vector is a
# list, a matrix a list of rows, so `X` is four one-hot lists and `Y` a list of indices.

# %%
vocab = "helo"
inputs = [vocab.index(ch) for ch in "hell"]
targets = [vocab.index(ch) for ch in "ello"]
X = [tinyrnn.one_hot(i, len(vocab)) for i in inputs]
print("In [3]: X =", X)
print("In [4]: Y =", targets)

# %% [markdown]
# ## In [5] to In [8]: the weights
#
# The notebook types in `W_xh` (H, V), `W_hh` (H, H) and `W_hy` (V, H), and zero biases
# `b_h` (H, 1) and `b_y` (V, 1). `tinyrnn.notebook_params()` returns the same numbers in a dict
# under the same names; the biases are flat lists of H and V zeros.

# %%
params = tinyrnn.notebook_params()
for name in ("W_xh", "W_hh", "W_hy"):
    print(name)
    for row in params[name]:
        print("  ", show(row))

# %% [markdown]
# ## In [9]: one time step
#
# ```python
# mid_h = W_xh @ x + W_hh @ h_prev + b_h
# h = np.tanh(W_xh @ x + W_hh @ h_prev + b_h)
# y_logits = W_hy @ h + b_y
# y_pred = np.exp(y_logits) / np.sum(np.exp(y_logits))  # softmax
# ```
#
# `tinyrnn.step(params, index, h_prev)` does these four lines (its `softmax` subtracts the
# largest logit first, which gives the same probabilities and never overflows). Step 0, from
# `h_prev = 0`, prints what the notebook prints:

# %%
s = tinyrnn.step(params, inputs[0], [0.0] * 4)
for name in ("W_xh @ x", "mid_h", "h", "y_logits", "y_pred"):
    print("%-9s" % name, show(s[name]))

# %% [markdown]
# ## In [9]: the loss, the gradient, the update, two epochs
#
# ```python
# loss += -np.log(y_pred[target, 0] + 1e-8)
# dy = y_pred; dy[target] -= 1
# grads['W_hy'] += dy @ h.T; grads['b_y'] += dy
# dh = W_hy.T @ dy
# dh_raw = (1 - h ** 2) * dh
# grads['W_xh'] += dh_raw @ x.T; grads['W_hh'] += dh_raw @ h_prev.T; grads['b_h'] += dh_raw
# h_prev = h
# ...
# exec(f"{param} -= learning_rate * grads[param]")
# ```
#
# `tinyrnn.train_epoch` runs one epoch of this loop: `h_prev` from zeros, the loss and the
# gradients (`loss_and_gradients`), one update (`sgd_update`, a dict of the weights in place of
# `exec`). Two differences, neither changing a number: `dy` is a copy of `y_pred` (the
# notebook's `dy` is `y_pred` itself, and changes it), and the gradient stops at each step, as
# the notebook's does ("not through time").

# %%
params = tinyrnn.notebook_params()
for epoch in range(2):
    h = [0.0] * 4
    for index in inputs:  # the notebook's y_logits: its loop's last step, before the update
        s = tinyrnn.step(params, index, h)
        h = s["h"]
    y_logits = s["y_logits"]
    loss = tinyrnn.train_epoch(params, inputs, targets, learning_rate=0.1)
    if epoch % 100 == 0:
        print(f"Epoch {epoch}, Loss: {loss:.4f}")

# %% [markdown]
# Where NumPy is installed, the notebook's own loop (its prints left out, its `exec` kept) runs
# here too, from the same weights, and the largest difference from tinyrnn's weights is printed:

# %%
NOTEBOOK_LOOP = """
for epoch in range(2):
    h_prev = np.zeros((hidden_size, 1))
    loss = 0
    grads = {'W_xh': 0, 'W_hh': 0, 'W_hy': 0, 'b_h': 0, 'b_y': 0}
    for t in range(len(X)):
        x = X[t].reshape(-1, 1)
        target = Y[t]
        h = np.tanh(W_xh @ x + W_hh @ h_prev + b_h)
        y_logits = W_hy @ h + b_y
        y_pred = np.exp(y_logits) / np.sum(np.exp(y_logits))
        loss += -np.log(y_pred[target, 0] + 1e-8)
        dy = y_pred
        dy[target] -= 1
        grads['W_hy'] += dy @ h.T
        grads['b_y'] += dy
        dh = W_hy.T @ dy
        dh_raw = (1 - h ** 2) * dh
        grads['W_xh'] += dh_raw @ x.T
        grads['W_hh'] += dh_raw @ h_prev.T
        grads['b_h'] += dh_raw
        h_prev = h
    for param in grads:
        exec(f"{param} -= learning_rate * grads[param]")
"""
if np is None:
    print("NumPy is not installed here: tinyrnn's numbers above are the comparison")
else:
    start = tinyrnn.notebook_params()
    space = {"np": np, "X": np.array(X), "Y": np.array(targets), "hidden_size": 4,
             "learning_rate": 0.1, "W_xh": np.array(start["W_xh"]),
             "W_hh": np.array(start["W_hh"]), "W_hy": np.array(start["W_hy"]),
             "b_h": np.zeros((4, 1)), "b_y": np.zeros((4, 1))}
    exec(NOTEBOOK_LOOP, space)  # the notebook's code as it is, in a namespace of its own
    largest = max(abs(float(space[name].ravel()[i]) - v)
                  for name in tinyrnn.PARAM_NAMES
                  for i, v in enumerate(sum(tinyrnn.rows_of(params[name]), [])))
    print("largest difference from NumPy's weights after 2 epochs: %.1e" % largest)

# %% [markdown]
# ## In [10]: `np.exp(y_logits)`

# %%
print("array([" + ",\n       ".join("[%.8f]" % math.exp(z) for z in y_logits) + "])")

# %% [markdown]
# ## Exercise: write softmax
#
# Replace the body: probabilities from the logits, `exp(z) / sum(exp(z))`, without overflowing
# on logits of 1000. Then run the check cell under it: the exercises' grader says what is right
# and, for the usual mistakes, which one it is.

# %%
def my_softmax(logits):
    raise NotImplementedError("write softmax")


# %%
check.run_checks(my_softmax, check.EXERCISES[0][2])

# %% [markdown]
# ## Exercise: write the notebook's gradient
#
# `loss_and_gradients(params, inputs, targets, h_prev, bptt=False)` returns `(loss, grads, h)`;
# the loop is the notebook's (see In [9] above). `tinyrnn.step`, `tinyrnn.cross_entropy`,
# `tinyrnn.matvec`, `tinyrnn.transpose` and `tinyrnn.multiply` may help. The grader checks each
# step's quantities in the order they are made and names the first one that is wrong.

# %%
def my_loss_and_gradients(params, inputs, targets, h_prev, bptt=False):
    raise NotImplementedError("write loss_and_gradients")


# %%
check.run_checks(my_loss_and_gradients, check.EXERCISES[2][2])

# %% [markdown]
# ## Beyond the notebook: the full gradient, checked
#
# The notebook's gradient stops at each step. `bptt=True` follows `h_prev` back through time.
# Against finite differences, the full gradient agrees to about 1e-8 everywhere; the notebook's
# only for `W_hy` and `b_y`, which nothing reaches through time.

# %%
for line in tinyrnn.gradient_check_table(tinyrnn.TinyRNN.from_notebook(), "hello"):
    print(line)

# %% [markdown]
# ## One step, every multiply-add
#
# `explain_step` prints the arithmetic of one step, forward and back, scalar by scalar
# (here the first lines of step 0 and of its backward pass).

# %%
lines = tinyrnn.explain_step(tinyrnn.TinyRNN.from_notebook(), 0, target=1)
for line in lines[:6] + ["..."] + [ln for ln in lines if ln.startswith(("dy[", "dh_raw["))]:
    print(line)

# %% [markdown]
# ## Vanishing gradients
#
# How strongly the last step's loss reaches back to step `t`: each step back multiplies it by
# `W_hh.T` and by `1 - h ** 2`. With inputs so weak that `h` stays near 0, `1 - h ** 2` is near
# 1, and each step back multiplies the norm by `W_hh`'s factor: below 1 it vanishes, above 1 it
# explodes (`examples/vanishing_gradients.py` shows saturation and clipping too).

# %%
text = "the quick brown fox jumps over the lazy dog"
norms = {}
for factor in (0.5, 1.0, 1.5):
    model = tinyrnn.TinyRNN.for_text(text, 16, seed=1)
    H = model.hidden_size  # W_hh: factor times a cyclic shift, an orthogonal matrix
    model.params["W_hh"] = [[factor if j == (i + 1) % H else 0.0 for j in range(H)]
                            for i in range(H)]
    model.params["W_xh"] = [[w * 1e-9 for w in row] for row in model.params["W_xh"]]
    norms[factor] = model.gradient_norms(text)  # inputs so weak that 1 - h ** 2 is about 1
if plt is not None:
    plt.figure()
    for factor, values in norms.items():
        plt.semilogy(values, label="W_hh = %g x orthogonal" % factor)
    plt.xlabel("step t")
    plt.ylabel("|d loss_T / d h_t|")
    plt.legend()
    plt.show()
else:
    for factor, values in norms.items():
        print("W_hh = %g x orthogonal: %.1e at the last step, %.1e at the first"
              % (factor, values[-1], values[0]))


# %% [markdown]
# ## The answer: gates
#
# A GRU (`cell="gru"`) blends `h = (1 - z) * n + z * h_prev`; an LSTM (`cell="lstm"`) carries a
# cell `c = f * c_prev + i * g`. With its update or forget gate held near 1, the gradient 40
# steps back survives where the tanh cell's vanishes; with the gate's bias at 0, it vanishes too.

# %%
text = ("abcdefgh" * 6)[:42]
reach = {}
for label, cell, bias, value in (("tanh", "rnn", None, None), ("GRU, b_z = 0", "gru", "b_z", 0.0),
                                 ("GRU, b_z = 2", "gru", "b_z", 2.0),
                                 ("LSTM, b_f = 1", "lstm", "b_f", 1.0),
                                 ("LSTM, b_f = 3", "lstm", "b_f", 3.0)):
    model = tinyrnn.TinyRNN("abcdefgh", 32, seed=1, cell=cell)
    if bias is not None:
        model.params[bias] = [value] * 32
    norms = model.gradient_norms(text)
    reach[label] = [n / norms[-1] for n in norms]
    print("%-14s 40 steps back: %.1e of the last step's gradient" % (label, reach[label][-41]))
if plt is not None:
    plt.figure()
    for label, values in reach.items():
        plt.semilogy(values, label=label)
    plt.xlabel("step t")
    plt.ylabel("|d loss_T / d state_t|, against the last step's")
    plt.legend()
    plt.show()


# %% [markdown]
# ## Training on real text, against a counting baseline
#
# `examples/rhymes.txt` (nursery rhymes) with min-char-rnn's recipe: chunks of 25, BPTT,
# Adagrad, clipping. The last tenth is held out; bits per character on it are compared with a
# model that only counts pairs of characters. (In Colab without the repository, a few rhymes.)

# %%
path = os.path.join(here, "..", "examples", "rhymes.txt")
if not os.path.exists(path):
    path = os.path.join("..", "examples", "rhymes.txt")
if os.path.exists(path):
    rhymes = tinyrnn.read_text_file(path)
else:
    rhymes = ("Mary had a little lamb,\nits fleece was white as snow;\nand everywhere that "
              "Mary went,\nthe lamb was sure to go.\n") * 20
cut = len(rhymes) * 9 // 10
train, held_out = rhymes[:cut], rhymes[cut:]
model = tinyrnn.TinyRNN.for_text(rhymes, 32, seed=1)
bigram = tinyrnn.bigram_bits_per_char(train, held_out)
curve = []
for epoch in range(6):
    model.fit(train, 1, bptt=True, seq_length=25, optimizer="adagrad", clip=5.0)
    curve.append(model.evaluate(held_out))
    print("epoch %d: held-out %.3f bits per character (bigram %.3f)" % (epoch, curve[-1],
                                                                       bigram))
if plt is not None:
    plt.figure()
    plt.plot(curve, label="tinyrnn, held out")
    plt.axhline(bigram, color="grey", linestyle="--", label="bigram count model")
    plt.xlabel("epoch")
    plt.ylabel("bits per character")
    plt.legend()
    plt.show()

# %% [markdown]
# ## Sampling at several temperatures
#
# Below 1 the draws are more conservative (the likeliest character more often), above 1 more
# varied.

# %%
for temperature in (0.5, 1.0, 1.5):
    print("T = %.1f: %r" % (temperature, model.generate("M", 60, temperature, seed=1)))

# %% [markdown]
# ## What the hidden units do
#
# Each hidden unit's activation after each character of a held-out line: blue positive, red
# negative (or, without matplotlib, the text picture of `examples/hidden_states.py`'s kind).

# %%
line = held_out.strip().split("\n")[0][:40] or held_out[:40]
states = model.hidden_states(line)
if plt is not None:
    plt.figure(figsize=(10, 4))
    plt.imshow([[h[unit] for h in states] for unit in range(16)], cmap="RdBu", vmin=-1, vmax=1,
               aspect="auto")
    plt.xticks(range(len(line)), list(line))
    plt.ylabel("hidden unit")
    plt.colorbar()
    plt.show()
else:
    for unit in range(8):
        print("h[%d] " % unit + "".join(" .:+#@"[min(5, int(abs(h[unit]) * 6))] for h in states))
    print("     " + line)

# %% [markdown]
# ## And the notebook's task, done
#
# The notebook's model, trained 50 epochs, continues "h" as "hello".

# %%
demo = tinyrnn.TinyRNN.from_notebook()
demo.fit("hello", 50)
print(demo.generate("h", 4))
