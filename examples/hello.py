"""The notebook's run: 2 epochs of "hello" from its fixed weights.

Prints what the notebook prints at the end of In [9] and In [10]:

    Epoch 0, Loss: 5.5276
    array([[0.90283151],
           [0.99776235],
           [1.07232474],
           [1.01332061]])

Run it from any folder: python3 examples/hello.py
"""
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tinyrnn  # noqa: E402  (after the path line, so it is found from any folder)


def main():
    model = tinyrnn.TinyRNN.from_notebook()
    text = "hello"
    for epoch in range(2):
        # The notebook's y_logits is left over from the last step of its loop, which runs
        # before that epoch's weight update: run the four steps with the same weights.
        h = None
        for ch in text[:-1]:
            h, y_logits, y_pred = model.step(model.vocab.index(ch), h)
        loss = model.train_epoch(text, learning_rate=0.1)
        if epoch % 100 == 0:
            print("Epoch %d, Loss: %.4f" % (epoch, loss))
    print()
    print("np.exp(y_logits), as In [10] shows it:")
    rows = ["[%.8f]" % math.exp(z) for z in y_logits]  # one row per entry, as NumPy prints
    print("array([" + ",\n       ".join(rows) + "])")


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
