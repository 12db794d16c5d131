"""Learn a real text: nursery rhymes, about 2,800 characters, in under a minute.

Starts from random weights (hidden 64, seed 1) and trains with full backpropagation through
time, 25 characters per update, Adagrad and clipping, as min-char-rnn does. After every few
passes it prints the loss per character and a sample, so you can watch words appear.

    python3 examples/train_text.py [EPOCHS]          (default: 20, about half a minute)
"""
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import tinyrnn  # noqa: E402


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    text = tinyrnn.read_text_file(os.path.join(here, "rhymes.txt"))
    model = tinyrnn.TinyRNN.for_text(text, 64, seed=1)
    print("%d characters, %d distinct, hidden %d: a random model starts near loss %.2f per "
          "character (ln %d)" % (len(text), len(model.vocab), model.hidden_size,
                                 tinyrnn.math.log(len(model.vocab)), len(model.vocab)))
    start = time.time()

    def show(epoch, loss):
        if epoch % 4 == 3 or epoch == epochs - 1:
            print()
            print("epoch %d  loss per character %.3f  (%.0f s)"
                  % (epoch, loss / (len(text) - 1), time.time() - start))
            print(model.generate("The ", 160, temperature=0.5, seed=epoch))

    model.fit(text, epochs, learning_rate=0.1, bptt=True, seq_length=25, optimizer="adagrad",
              clip=5.0, on_epoch=show)


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
