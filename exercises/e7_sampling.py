"""Exercise 7: sampling with a temperature, how a trained model writes.

Write the body of sample_with_temperature, then check it from the project's folder:

    python3 exercises/check.py exercises/e7_sampling.py

The check draws 20,000 characters with a seeded generator and compares how often each comes up
with the probabilities it should have.
"""
from tinyrnn import sample, softmax  # sample(probs, rng) draws index i with probability probs[i]


def sample_with_temperature(y_logits, temperature, rng):
    """Draw the next character's index from softmax(y_logits / temperature), using rng.

    y_logits: a list of V floats; temperature: a positive number (below 1: bolder, the likeliest
    characters more often; above 1: more random); rng: a tinyrnn.SeededRandom, whose uniform()
    gives a float in (0, 1). A tiny temperature must pick the likeliest character, not fail.
    """
    raise NotImplementedError("write sample_with_temperature")
