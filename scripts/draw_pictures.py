"""Draw the README's two pictures from the model's own numbers, with the standard library only.

    python3 scripts/draw_pictures.py            (writes docs/pictures/unrolled.svg and backward.svg)
    python3 scripts/draw_pictures.py FOLDER     (writes them into FOLDER instead)

Both show the notebook's network (its weights, before any training) on "hell" -> "ello", one
column per step. unrolled.svg: the input x, the hidden state h carried right by W_hh, the
prediction y_pred with the target marked. backward.svg: the backward pass with BPTT, dy at each
step, dh = W_hy.T @ dy + dh_next, dh_raw = (1 - h ** 2) * dh, and dh_next = W_hh.T @ dh_raw
flowing left. Every number drawn is computed here by tinyrnn's Part 1, so the pictures cannot
drift from the code; a test regenerates them and compares them with the committed files.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import tinyrnn  # noqa: E402

VOCAB = "helo"
INPUTS, TARGETS = [0, 1, 2, 2], [1, 2, 2, 3]  # "hell" -> "ello"
COLUMNS = [340 + 230 * t for t in range(4)]  # each step's centre
CELL_W, CELL_H = 40, 24
FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'
BLUE, ORANGE, INK, GREY = (33, 102, 172), (214, 96, 39), "#222222", "#777777"
PURPLE = "#7b3294"  # what flows back through time


def forward():
    """Each step's h_prev and values, from the notebook's weights and a zero h_prev."""
    params, h_prev, steps = tinyrnn.notebook_params(), [0.0] * 4, []
    for index in INPUTS:
        s = tinyrnn.step(params, index, h_prev)
        steps.append((h_prev, s))
        h_prev = s["h"]
    return params, steps


def backward(params, steps):
    """Each step's dy, dh, dh_raw and the dh_next it hands back, with BPTT, from the last."""
    W_hy_T, W_hh_T = tinyrnn.transpose(params["W_hy"]), tinyrnn.transpose(params["W_hh"])
    found, dh_next = [None] * len(steps), [0.0] * 4
    for t in reversed(range(len(steps))):
        s = steps[t][1]
        dy = s["y_pred"][:]
        dy[TARGETS[t]] -= 1.0
        dh = tinyrnn.add(tinyrnn.matvec(W_hy_T, dy), dh_next)
        dh_raw = tinyrnn.multiply(tinyrnn.tanh_derivative(s["h"]), dh)
        received = dh_next
        dh_next = tinyrnn.matvec(W_hh_T, dh_raw)
        found[t] = {"dy": dy, "dh": dh, "dh_raw": dh_raw, "received": received,
                    "dh_next": dh_next}
    return found


# --- SVG pieces -------------------------------------------------------------------------------

def escaped(text):
    """text with the characters XML reserves written as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def label(x, y, text, size=13, anchor="middle", colour=INK, weight="normal", style="normal"):
    """A line of text centred (or anchored) at x, with its baseline at y."""
    return ('<text x="%d" y="%d" %s font-size="%d" text-anchor="%s" fill="%s" '
            'font-weight="%s" font-style="%s">%s</text>'
            % (x, y, FONT, size, anchor, colour, weight, style, escaped(text)))


def shade(value, scale):
    """Blue for a positive value, orange for a negative one, stronger the larger it is."""
    strength = min(1.0, abs(value) / scale)
    r, g, b = BLUE if value >= 0 else ORANGE
    mix = [int(round(255 - (255 - c) * strength)) for c in (r, g, b)]
    return "#%02x%02x%02x" % tuple(mix)


def vector(cx, y, values, scale, names=None, digits=2):
    """A row of cells centred at cx, shaded by value, each with its value (and name below)."""
    parts, left = [], cx - 2 * CELL_W
    for i, value in enumerate(values):
        x = left + i * CELL_W
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s" '
                     'stroke-width="1"/>' % (x, y, CELL_W, CELL_H, shade(value, scale), GREY))
        text = ("%%.%df" % digits) % value
        ink = "white" if abs(value) / scale > 0.6 else INK  # legible on a dark cell
        parts.append(label(x + CELL_W // 2, y + 16, "0" if text.strip("-0.") == "" else text,
                           11, colour=ink))
        if names:
            parts.append(label(x + CELL_W // 2, y + CELL_H + 13, names[i], 11, colour=GREY))
    return parts


def arrow(x1, y1, x2, y2, text=None, text_x=None, text_y=None, colour=INK):
    """A straight arrow from (x1, y1) to (x2, y2), with an optional label."""
    parts = ['<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.6" '
             'marker-end="url(#%s)"/>' % (x1, y1, x2, y2, colour,
                                          "back" if colour == PURPLE else "head")]
    if text:
        parts.append(label(text_x, text_y, text, 12, colour=colour, style="italic"))
    return parts


def svg(width, height, parts):
    """The whole SVG file: an arrowhead marker, a white background, the parts."""
    head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">'
            % (width, height, width, height))
    marker = ('<marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
              'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
              'fill="%s"/></marker>')
    marker = "<defs>%s%s</defs>" % (marker % ("head", INK), marker % ("back", PURPLE))
    background = '<rect width="%d" height="%d" fill="white"/>' % (width, height)
    return "\n".join([head, marker, background] + parts + ["</svg>"]) + "\n"


# --- the two pictures ---------------------------------------------------------------------------

def unrolled(params, steps):
    """The network unrolled over "hell": x below, h carried right by W_hh, y_pred above."""
    parts = [label(20, 30, 'The notebook\'s RNN unrolled over "hell" -> "ello": one column per '
                   'step, the same weights in every column', 16, "start", weight="bold"),
             label(20, 52, "its weights before training; each cell a number (blue positive, "
                   "orange negative)", 12, "start", GREY)]
    y_bars, y_h, y_x = 190, 290, 420
    parts += [label(20, y_bars - 40, "y_pred", 14, "start", weight="bold"),
              label(20, y_bars - 22, "softmax(W_hy @ h + b_y):", 11, "start", GREY),
              label(20, y_bars - 8, "the next character's", 11, "start", GREY),
              label(20, y_bars + 6, "probabilities", 11, "start", GREY),
              label(20, y_h + 10, "h", 14, "start", weight="bold"),
              label(20, y_h + 28, "tanh(W_xh @ x + W_hh @ h_prev", 11, "start", GREY),
              label(20, y_h + 42, "+ b_h): the memory", 11, "start", GREY),
              label(20, y_x + 10, "x", 14, "start", weight="bold"),
              label(20, y_x + 28, "one_hot(character)", 11, "start", GREY)]
    for t, (h_prev, s) in enumerate(steps):
        cx = COLUMNS[t]
        parts.append(label(cx, 85, "step %d" % t, 13, weight="bold"))
        parts += bars(cx, y_bars, s["y_pred"], TARGETS[t])
        parts += vector(cx, y_h, s["h"], 0.2)
        parts += vector(cx, y_x, s["x"], 1.0, list(VOCAB), digits=0)
        parts.append(label(cx, y_x + 62, "input '%s'" % VOCAB[INPUTS[t]], 13))
        parts += arrow(cx, y_x - 4, cx, y_h + CELL_H + 4, "W_xh", cx + 24, y_x - 36)
        parts += arrow(cx, y_h - 4, cx, y_bars + 8, "W_hy", cx + 24, y_h - 30)
        if t < len(steps) - 1:
            parts += arrow(cx + 2 * CELL_W + 4, y_h + 12, COLUMNS[t + 1] - 2 * CELL_W - 4,
                           y_h + 12, "W_hh", (cx + COLUMNS[t + 1]) // 2, y_h - 4)
    first = COLUMNS[0] - 2 * CELL_W
    parts += arrow(first - 56, y_h + 12, first - 4, y_h + 12)
    parts.append(label(first - 30, y_h - 4, "h_prev = 0", 11, colour=GREY))
    loss = sum(tinyrnn.cross_entropy(s["y_pred"], target)
               for (_, s), target in zip(steps, TARGETS))
    parts.append(label(20, 520, "loss = sum of -log(y_pred[target] + 1e-8) over the four steps "
                       "= %.4f, the notebook's Epoch 0, Loss: %.4f" % (loss, loss), 13,
                       "start"))
    return svg(1160, 540, parts)


def bars(cx, base, probs, target):
    """y_pred as four bars on a common base line, the target's outlined, its probability above."""
    parts, left = [], cx - 2 * CELL_W
    for i, p in enumerate(probs):
        height = int(round(p * 240))
        x = left + i * CELL_W + 6
        is_target = i == target
        parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="%s" '
                     'stroke-width="%s"/>' % (x, base - height, CELL_W - 12, height,
                                             "#9ecae1" if not is_target else "#a1d99b",
                                             "#31a354" if is_target else GREY,
                                             "2" if is_target else "1"))
        parts.append(label(x + (CELL_W - 12) // 2, base + 14, VOCAB[i], 11,
                           colour="#31a354" if is_target else GREY,
                           weight="bold" if is_target else "normal"))
    parts.append(label(cx, base - 76, "target '%s': %.3f" % (VOCAB[target], probs[target]), 12,
                       colour="#31a354"))
    return parts


def backward_picture(params, steps):
    """The backward pass with BPTT: dy above, dh and dh_raw below it, dh_next flowing left."""
    grads = backward(params, steps)
    parts = [label(20, 30, "The backward pass, with BPTT: from each step's dy down to dh_raw, "
                   "and dh_next handed to the step before", 16, "start", weight="bold"),
             label(20, 52, "the same weights and steps; the notebook's own gradient stops at "
                   "each step (dh_next = 0)", 12, "start", GREY)]
    y_dy, y_dh, y_raw = 120, 250, 370
    parts += [label(20, y_dy + 10, "dy", 14, "start", weight="bold"),
              label(20, y_dy + 28, "y_pred - one_hot(target)", 11, "start", GREY),
              label(20, y_dh + 10, "dh", 14, "start", weight="bold"),
              label(20, y_dh + 28, "W_hy.T @ dy + dh_next", 11, "start", GREY),
              label(20, y_raw + 10, "dh_raw", 14, "start", weight="bold"),
              label(20, y_raw + 28, "(1 - h ** 2) * dh:", 11, "start", GREY),
              label(20, y_raw + 42, "back through tanh", 11, "start", GREY)]
    for t, g in enumerate(grads):
        cx = COLUMNS[t]
        parts.append(label(cx, 88, "step %d: '%s' -> '%s'" % (t, VOCAB[INPUTS[t]],
                                                             VOCAB[TARGETS[t]]), 13,
                           weight="bold"))
        parts += vector(cx, y_dy, g["dy"], 1.0, list(VOCAB))
        parts += vector(cx, y_dh, g["dh"], 0.2)
        parts += vector(cx, y_raw, g["dh_raw"], 0.2)
        parts += arrow(cx, y_dy + CELL_H + 18, cx, y_dh - 4, "W_hy.T", cx + 30, y_dy + 70)
        parts += arrow(cx, y_dh + CELL_H + 4, cx, y_raw - 4, "1 - h ** 2", cx + 40, y_dh + 70)
        if t > 0:  # dh_next, from dh_raw of this step to dh of the step before
            x_from, x_to = cx - 2 * CELL_W - 4, COLUMNS[t - 1] + 2 * CELL_W + 4
            parts += arrow(x_from, y_raw + 6, x_to, y_dh + 18, None, colour=PURPLE)
            parts.append(label((x_from + x_to) // 2 + 4, y_raw + 56, "W_hh.T", 12,
                               colour=PURPLE, style="italic"))
            parts.append(label((x_from + x_to) // 2 + 4, y_raw + 72, "dh_next", 12,
                               colour=PURPLE))
    last = COLUMNS[-1] + 2 * CELL_W
    parts += arrow(last + 60, y_dh + 12, last + 4, y_dh + 12, colour=PURPLE)
    parts.append(label(last + 34, y_dh - 6, "dh_next = 0", 11, colour=PURPLE))
    parts.append(label(20, 480, "Each step's share of the gradient: W_hy += dy @ h.T, b_y += dy, "
                       "W_xh += dh_raw @ x.T, W_hh += dh_raw @ h_prev.T, b_h += dh_raw", 13,
                       "start"))
    parts.append(label(20, 502, "dh_next reaching step 0 from step 1: [%s]" % ", ".join(
        "%.4f" % v for v in grads[0]["received"]), 12, "start", PURPLE))
    return svg(1200, 520, parts)


def main(argv):
    """Write both pictures into the folder argv names, or docs/pictures."""
    folder = argv[0] if argv else os.path.join(os.path.dirname(HERE), "docs", "pictures")
    params, steps = forward()
    for name, text in (("unrolled.svg", unrolled(params, steps)),
                       ("backward.svg", backward_picture(params, steps))):
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("wrote", os.path.join(folder, name))


if __name__ == "__main__":
    main(sys.argv[1:])
