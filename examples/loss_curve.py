"""Draw the loss curve of the hello demo as an SVG picture, with only the standard library.

    python3 examples/loss_curve.py [OUTPUT.svg]     (default: loss_curve.svg in this folder)

Open the file in any web browser. It is written whole or not at all.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402

WIDTH, HEIGHT, MARGIN = 640, 360, 50


def svg_chart(values, title):
    """An SVG line chart of values (one point per epoch) with labelled axes, as text."""
    top, bottom = max(values), min(0.0, min(values))
    span = (top - bottom) or 1.0
    last = max(1, len(values) - 1)

    def x(i):
        return MARGIN + (WIDTH - 2 * MARGIN) * i / last

    def y(v):
        return HEIGHT - MARGIN - (HEIGHT - 2 * MARGIN) * (v - bottom) / span

    points = " ".join("%.1f,%.1f" % (x(i), y(v)) for i, v in enumerate(values))
    return "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
        'font-family="sans-serif" font-size="13">' % (WIDTH, HEIGHT),
        '<rect width="100%" height="100%" fill="white"/>',
        '<text x="%d" y="25">%s</text>' % (MARGIN, title),
        # the axes: y from bottom to top, x from the first epoch to the last
        '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>'
        % (MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN),
        '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>'
        % (MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN),
        '<text x="%d" y="%.1f" text-anchor="end">%.2f</text>' % (MARGIN - 5, y(top) + 4, top),
        '<text x="%d" y="%.1f" text-anchor="end">%.2f</text>'
        % (MARGIN - 5, y(bottom) + 4, bottom),
        '<text x="%d" y="%d" text-anchor="middle">0</text>' % (MARGIN, HEIGHT - MARGIN + 18),
        '<text x="%d" y="%d" text-anchor="middle">%d</text>'
        % (WIDTH - MARGIN, HEIGHT - MARGIN + 18, len(values) - 1),
        '<text x="%d" y="%d" text-anchor="middle">epoch</text>'
        % (WIDTH // 2, HEIGHT - MARGIN + 35),
        '<text x="15" y="%d" text-anchor="middle" transform="rotate(-90 15 %d)">loss</text>'
        % (HEIGHT // 2, HEIGHT // 2),
        '<polyline points="%s" fill="none" stroke="steelblue" stroke-width="2"/>' % points,
        '</svg>', ''])


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "loss_curve.svg"
    model = tinyrnn.TinyRNN.from_notebook()
    losses = model.fit("hello", 100, learning_rate=0.1)
    svg = svg_chart(losses, "tinyrnn: loss on 'hello', 100 epochs, learning rate 0.1")
    try:
        tinyrnn.write_file_atomically(path, svg)
    except ValueError as error:
        sys.stderr.write("loss_curve.py: error: %s\n" % error)
        return 2
    print("wrote %s (loss %.4f at epoch 0, %.4f at epoch %d)"
          % (path, losses[0], losses[-1], len(losses) - 1))
    return 0


if __name__ == "__main__":
    started = time.time()
    status = main()
    print("(%.2f s on this machine)" % (time.time() - started))
    sys.exit(status)
