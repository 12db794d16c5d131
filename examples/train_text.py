"""Learn a real text, and measure it on text it has not seen: nursery rhymes, 2,800 characters.

Starts from random weights (hidden 64, seed 1) and trains on the first nine tenths of
examples/rhymes.txt with full backpropagation through time, 25 characters per update, Adagrad and
clipping, as min-char-rnn does. After every epoch it prints, in bits per character, the loss on
the training text and on the last tenth, held out, beside a bigram count model's on the same
held-out text: the baseline a character model has to beat. Every few epochs, a sample.

    python3 examples/train_text.py [EPOCHS]          (default: 20, about half a minute)
"""
import math
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import tinyrnn  # noqa: E402


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    text = tinyrnn.read_text_file(os.path.join(here, "rhymes.txt"))
    cut = len(text) * 9 // 10
    train, held_out = text[:cut], text[cut:]
    hidden = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    model = tinyrnn.TinyRNN.for_text(text, hidden, seed=1)  # every character, held-out ones too
    bigram = tinyrnn.bigram_bits_per_char(train, held_out)
    print("%d characters to train on, %d held out, %d distinct; hidden %d" % (
        len(train), len(held_out), len(model.vocab), model.hidden_size))
    print("a uniform guess scores %.2f bits per character; a bigram count model %.2f on the "
          "held-out text" % (math.log(len(model.vocab)) / math.log(2), bigram))
    print()
    print("epoch   train   held-out (bits per character)")
    start = time.time()
    beaten = False

    def report(epoch, loss):
        nonlocal beaten
        score = model.evaluate(held_out)
        note = ""
        if score < bigram and not beaten:
            beaten = True
            note = "  <- beats the bigram's %.3f" % bigram
        print("%5d   %.3f   %.3f  (%.0f s)%s" % (epoch, loss / (len(train) - 1) / math.log(2),
                                                 score, time.time() - start, note))
        if epoch % 5 == 4 or epoch == epochs - 1:
            print("        " + repr(model.generate("The ", 100, temperature=0.5, seed=epoch)))

    model.fit(train, epochs, learning_rate=0.1, bptt=True, seq_length=25, optimizer="adagrad",
              clip=5.0, on_epoch=report)
    if not beaten:
        print("the RNN has not beaten the bigram yet: train for more epochs")


if __name__ == "__main__":
    started = time.time()
    main()
    print("(%.2f s on this machine)" % (time.time() - started))
