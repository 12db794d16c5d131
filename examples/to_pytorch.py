"""The way to PyTorch: the same RNN as torch.nn.RNN + torch.nn.Linear, the same numbers.

Loads a model saved by tinyrnn (or trains the notebook's model on "hello" for 50 epochs), copies
its weights into PyTorch in float64, and compares:
1. the logits of every step, side by side, and their largest difference;
2. tinyrnn's BPTT gradients with PyTorch's loss.backward();
3. the notebook's gradient with PyTorch's when h_prev is detached at every step: the notebook's
   gradient is exactly what autograd gives when nothing flows back through time.

The names, tinyrnn -> PyTorch:
    W_xh -> rnn.weight_ih_l0     W_hh -> rnn.weight_hh_l0     b_h -> rnn.bias_ih_l0
    (rnn.bias_hh_l0 is a second hidden bias that tinyrnn does not have: it stays zero)
    W_hy -> out.weight           b_y  -> out.bias

A GRU or LSTM model (cell="gru" or "lstm") is compared with torch.nn.GRUCell or LSTMCell the
same way, step by step: PyTorch stacks the gates' weights in weight_ih and weight_hh, in its
order (r, z, n for the GRU; i, f, g, o for the LSTM); bias_ih holds tinyrnn's b_r, b_z, b_xn
(or b_i, b_f, b_g, b_o), and bias_hh is zero but for the GRU's b_hn, the bias inside r * (...).
With no arguments, the notebook's model, then a GRU and an LSTM trained on "hello", are compared.

Needs PyTorch (pip install torch), which tinyrnn itself never does.

    python3 examples/to_pytorch.py [MODEL.json TEXT]
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402


def to_torch(model, torch):
    """(rnn, out): torch.nn.RNN and torch.nn.Linear in float64 holding model's weights."""
    H, V = model.hidden_size, len(model.vocab)
    rnn = torch.nn.RNN(V, H, nonlinearity="tanh").double()
    out = torch.nn.Linear(H, V).double()
    p = model.params
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(p["W_xh"], dtype=torch.float64))
        rnn.weight_hh_l0.copy_(torch.tensor(p["W_hh"], dtype=torch.float64))
        rnn.bias_ih_l0.copy_(torch.tensor(p["b_h"], dtype=torch.float64))
        rnn.bias_hh_l0.zero_()
        out.weight.copy_(torch.tensor(p["W_hy"], dtype=torch.float64))
        out.bias.copy_(torch.tensor(p["b_y"], dtype=torch.float64))
    return rnn, out


def torch_grads(rnn, out):
    """PyTorch's gradients under tinyrnn's names (b_h's is bias_ih_l0's)."""
    return {"W_xh": rnn.weight_ih_l0.grad, "W_hh": rnn.weight_hh_l0.grad,
            "W_hy": out.weight.grad, "b_h": rnn.bias_ih_l0.grad, "b_y": out.bias.grad}


def largest_difference(grads, torch_version, model=None):
    """The largest |tinyrnn - PyTorch| over every entry of every parameter."""
    worst = 0.0
    for name in (tinyrnn.PARAM_NAMES if model is None or model.cell == "rnn" else grads):
        theirs = torch_version[name].tolist()
        for a_row, b_row in zip(tinyrnn.rows_of(grads[name]), tinyrnn.rows_of(theirs)):
            worst = max(worst, max(abs(a - b) for a, b in zip(a_row, b_row)))
    return worst


def compare(model, text, torch):
    """Print the three comparisons; returns the largest difference of all."""
    indices = model.encode(text)
    inputs, targets = indices[:-1], indices[1:]
    V = len(model.vocab)
    x = torch.zeros(len(inputs), 1, V, dtype=torch.float64)  # (T, batch 1, V), one-hot
    for t, index in enumerate(inputs):
        x[t, 0, index] = 1.0
    target = torch.tensor(targets)

    # 1. logits, step by step
    rnn, out = to_torch(model, torch)
    hs, _ = rnn(x)  # (T, 1, H): h after each step, from a zero state
    logits = out(hs[:, 0, :])  # (T, V)
    print("1. logits of each step: tinyrnn, then PyTorch")
    h, worst = None, 0.0
    for t in range(len(inputs)):
        h, ours, _ = model.step(inputs[t], h)
        theirs = logits[t].tolist()
        worst = max([worst] + [abs(a - b) for a, b in zip(ours, theirs)])
        print("   step %d %r  %s" % (t, text[t], " ".join("%+.8f" % z for z in ours)))
        print("             %s" % " ".join("%+.8f" % z for z in theirs))
    print("   largest difference %.1e" % worst)

    # 2. the full gradient: autograd through every step
    loss = torch.nn.functional.cross_entropy(logits, target, reduction="sum")
    loss.backward()
    _, grads = model.loss_and_gradients(text, bptt=True)
    full = largest_difference(grads, torch_grads(rnn, out))
    print()
    print("2. BPTT gradient against loss.backward(): largest difference %.1e" % full)
    print("   (bias_hh_l0.grad equals bias_ih_l0.grad: both are added to the same sum)")

    # 3. the notebook's gradient: h_prev detached, so nothing flows back through time
    rnn, out = to_torch(model, torch)
    h_prev = torch.zeros(1, model.hidden_size, dtype=torch.float64)
    loss = 0
    for t in range(len(inputs)):
        h = torch.tanh(x[t] @ rnn.weight_ih_l0.T + rnn.bias_ih_l0
                       + h_prev.detach() @ rnn.weight_hh_l0.T + rnn.bias_hh_l0)
        loss = loss + torch.nn.functional.cross_entropy(out(h), target[t:t + 1], reduction="sum")
        h_prev = h
    loss.backward()
    _, grads = model.loss_and_gradients(text, bptt=False)
    notebook = largest_difference(grads, torch_grads(rnn, out))
    print()
    print("3. the notebook's gradient against PyTorch with h_prev.detach() at every step:")
    print("   largest difference %.1e" % notebook)
    return max(worst, full, notebook)


GATES = {"gru": "rzn", "lstm": "ifgo"}  # PyTorch's order of the gates in its stacked weights


def gated_to_torch(model, torch):
    """(cell, out): torch.nn.GRUCell or LSTMCell and torch.nn.Linear, float64, model's weights."""
    H, V, p = model.hidden_size, len(model.vocab), model.params
    gates = GATES[model.cell]
    cell = (torch.nn.GRUCell if model.cell == "gru" else torch.nn.LSTMCell)(V, H).double()
    out = torch.nn.Linear(H, V).double()
    if model.cell == "gru":
        bias_ih, bias_hh = p["b_r"] + p["b_z"] + p["b_xn"], [0.0] * (2 * H) + p["b_hn"]
    else:
        bias_ih, bias_hh = p["b_i"] + p["b_f"] + p["b_g"] + p["b_o"], [0.0] * (4 * H)
    stacked = {"weight_ih": [row for g in gates for row in p["W_x" + g]],
               "weight_hh": [row for g in gates for row in p["W_h" + g]],
               "bias_ih": bias_ih, "bias_hh": bias_hh}
    with torch.no_grad():
        for name, value in stacked.items():
            getattr(cell, name).copy_(torch.tensor(value, dtype=torch.float64))
        out.weight.copy_(torch.tensor(p["W_hy"], dtype=torch.float64))
        out.bias.copy_(torch.tensor(p["b_y"], dtype=torch.float64))
    return cell, out


def gated_grads(model, cell, out):
    """PyTorch's gradients of a gated cell, cut back into tinyrnn's names."""
    H, found = model.hidden_size, {"W_hy": out.weight.grad, "b_y": out.bias.grad}
    for k, g in enumerate(GATES[model.cell]):
        rows = slice(k * H, (k + 1) * H)
        found["W_x" + g], found["W_h" + g] = cell.weight_ih.grad[rows], cell.weight_hh.grad[rows]
        name = {"r": "b_r", "z": "b_z", "n": "b_xn"}.get(g, "b_" + g)
        found[name] = cell.bias_ih.grad[rows]
    if model.cell == "gru":
        found["b_hn"] = cell.bias_hh.grad[2 * H:3 * H]
    return found


def compare_gated(model, text, torch):
    """Logits, BPTT gradients and the notebook's (the state detached at every step) of a
    GRU or LSTM model against PyTorch's; returns the largest difference."""
    indices = model.encode(text)
    inputs, targets = indices[:-1], indices[1:]
    worst = 0.0
    for label, bptt in (("BPTT gradient against loss.backward()", True),
                        ("notebook gradient against the state detached at every step", False)):
        cell, out = gated_to_torch(model, torch)
        H = model.hidden_size
        state = torch.zeros(1, H, dtype=torch.float64)
        if model.cell == "lstm":
            state = (state, torch.zeros(1, H, dtype=torch.float64))
        loss, ours_state, logits_worst = 0, None, 0.0
        for t, index in enumerate(inputs):
            x = torch.zeros(1, len(model.vocab), dtype=torch.float64)
            x[0, index] = 1.0
            before = state if bptt else (tuple(s.detach() for s in state)
                                         if model.cell == "lstm" else state.detach())
            state = cell(x, before)
            logits = out(state[0] if model.cell == "lstm" else state)
            ours_state, ours, _ = model.step(index, ours_state)
            logits_worst = max([logits_worst] + [abs(a - b) for a, b in
                                                 zip(ours, logits[0].tolist())])
            loss = loss + torch.nn.functional.cross_entropy(logits, torch.tensor([targets[t]]),
                                                            reduction="sum")
        loss.backward()
        grads = model.loss_and_gradients(text, bptt=bptt)[1]
        difference = largest_difference(grads, gated_grads(model, cell, out), model)
        if bptt:  # the same forward pass both times
            print("   %s: logits of every step: largest difference %.1e" % (model.cell.upper(),
                                                                        logits_worst))
        print("   %s: %s: largest difference %.1e" % (model.cell.upper(), label, difference))
        worst = max(worst, logits_worst, difference)
    return worst


def main():
    try:
        import torch
    except ImportError:
        print("to_pytorch.py needs PyTorch: pip install torch (tinyrnn itself never does)")
        return 2
    if len(sys.argv) > 2:
        models, text = [tinyrnn.TinyRNN.load(sys.argv[1])], sys.argv[2]
    else:
        models, text = [tinyrnn.TinyRNN.from_notebook()], "hello"
        models[0].fit(text, 50)
        for cell in ("gru", "lstm"):
            models.append(tinyrnn.TinyRNN.for_text(text, 4, seed=1, cell=cell))
            models[-1].fit(text, 20, bptt=True, optimizer="adagrad")
    print("tinyrnn %s against PyTorch %s, float64, on %r" % (tinyrnn.__version__,
                                                          torch.__version__, text))
    print()
    worst = 0.0
    for model in models:
        if model.cell == "rnn":
            worst = max(worst, compare(model, text, torch))
        else:
            print()
            print("4. a gated cell against torch.nn.%sCell, step by step" % model.cell.upper())
            worst = max(worst, compare_gated(model, text, torch))
    print()
    print("Everything agrees to %.0e: %s" % (1e-10, "yes" if worst <= 1e-10 else "NO"))
    return 0 if worst <= 1e-10 else 1


if __name__ == "__main__":
    started = time.time()
    status = main()
    print("(%.2f s on this machine)" % (time.time() - started))
    sys.exit(status)
