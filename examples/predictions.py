"""What the network sees: its guesses under each character, and one hidden unit's firing.

Trains a model on the first nine tenths of examples/rhymes.txt (or loads one saved by tinyrnn),
then takes a line of the held-out tenth and prints, under each of its characters, the three
characters the model finds likeliest to come next, with their probabilities, and the activation
of the hidden unit that best follows a feature of the text, shaded. The picture is "The
Unreasonable Effectiveness of Recurrent Neural Networks" in plain text.

    python3 examples/predictions.py [--load MODEL.json] [--color]
"""
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import tinyrnn  # noqa: E402

SHADES = " .:-=+*#%@"  # h from -1 (blank) to +1 (@)


def shown(ch):
    """A character as one visible column: '_' for a space, '/' for a new line."""
    return {" ": "_", "\n": "/"}.get(ch, ch)


def shade(value, color):
    """A unit's activation in (-1, 1) as a character, or as a coloured cell with --color."""
    level = min(len(SHADES) - 1, int((value + 1) / 2 * len(SHADES)))
    if color:  # blue for -1, white for 0, red for +1 (ANSI 24-bit background)
        red = 255 if value > 0 else int(255 * (1 + value))
        blue = 255 if value < 0 else int(255 * (1 - value))
        green = min(red, blue)
        return "\033[48;2;%d;%d;%dm %s \033[0m" % (red, green, blue, " ")
    return SHADES[level]


def features(text):
    """Features a hidden unit might track, one number per character of text."""
    inside_word = [1.0 if ch.isalpha() else 0.0 for ch in text]
    position, column = [], 0
    for ch in text:
        column = 0 if ch == "\n" else column + 1
        position.append(float(column))
    return {"inside a word": inside_word, "position in the line": position}


def picture(model, line, unit, color):
    """Lines of the picture for one line of text."""
    h = tinyrnn.zeros(model.hidden_size)
    columns = []
    for ch in line:
        h, _, y_pred = model.step(model.vocab.index(ch), h)
        ranked = sorted(range(len(y_pred)), key=y_pred.__getitem__, reverse=True)[:3]
        columns.append((ch, [(model.vocab[i], y_pred[i]) for i in ranked], h[unit]))
    rows = ["text     " + "".join("%-3s" % shown(ch) for ch, _, _ in columns)]
    for k, name in enumerate(("1st", "2nd", "3rd")):
        rows.append("%-9s" % name + "".join("%-3s" % shown(g[k][0]) for _, g, _ in columns))
        rows.append(" " * 9 + "".join("%-3d" % min(9, int(g[k][1] * 10)) for _, g, _ in columns))
    cells = [shade(a, color) if color else "%-3s" % shade(a, False) for _, _, a in columns]
    rows.append("%-9s" % ("unit %d" % unit) + "".join(cells))
    return rows


def main():
    args = sys.argv[1:]
    color = "--color" in args
    text = tinyrnn.read_text_file(os.path.join(here, "rhymes.txt"))
    cut = len(text) * 9 // 10
    train, held_out = text[:cut], text[cut:]
    if "--load" in args:
        model = tinyrnn.TinyRNN.load(args[args.index("--load") + 1])
    else:
        model = tinyrnn.TinyRNN.for_text(text, 64, seed=1)
        print("training on %d characters (8 epochs, hidden 64)..." % len(train))
        model.fit(train, 8, bptt=True, seq_length=25, optimizer="adagrad", clip=5.0)
    print("held out: %.2f bits per character (a bigram count model: %.2f)"
          % (model.evaluate(held_out), tinyrnn.bigram_bits_per_char(train, held_out)))
    print()
    ranks = {}
    for name, feature in features(train).items():
        ranks[name] = model.unit_correlations(train, feature)
        print("units that follow %-24s" % ("'%s':" % name) + "  ".join(
            "unit %d (%+.2f)" % pair for pair in ranks[name][:3]))
    unit = ranks["inside a word"][0][0]
    line = held_out[held_out.index("\n") + 1:][:40]  # the first whole line held out
    line = line.split("\n")[0] + "\n"
    print()
    print("Under each character of a held-out line: the three likeliest next characters, each")
    print("with its probability in tenths (9: 90%% or more), and unit %d, which follows 'inside"
          % unit)
    print("a word', shaded from -1 (blank) to +1 (@). '_' is a space, '/' a new line.")
    print()
    for row in picture(model, line, unit, color):
        print(row)


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
