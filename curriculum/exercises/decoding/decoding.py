"""Turning a model's next-token logits into a choice: greedy, temperature, top-k and top-p sampling.

Fill in the functions below softmax. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def softmax(logits):  # [n_vocab] -> [n_vocab]
    """Given. -inf logits get probability 0."""
    e = np.exp(logits - np.max(logits))
    return e / e.sum()


def greedy(logits):  # [n_vocab] -> int
    """The index of the largest logit, as a Python int."""
    raise NotImplementedError


def apply_temperature(logits, temperature):  # [n_vocab] -> [n_vocab]
    """Divide the logits by the temperature (below 1 sharpens, above 1 flattens)."""
    raise NotImplementedError


def top_k_filter(logits, k):  # [n_vocab] -> [n_vocab]
    """Keep the k largest logits where they are; set every other one to -inf.
    With k >= n_vocab nothing changes. Do not modify the input array.
    """
    raise NotImplementedError


def top_p_filter(logits, p):  # [n_vocab] -> [n_vocab]
    """Nucleus filtering: keep the smallest set of most likely tokens whose probabilities add up
    to at least p, set the others to -inf. The token whose probability takes the total past p is
    kept; the most likely token is always kept. Kept logits stay at their original positions.
    """
    raise NotImplementedError


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):  # [n_vocab] -> int
    """Apply the temperature, then top_k (if given), then top_p (if given), then draw one token
    with rng.choice(n_vocab, p=softmax(logits)). temperature == 0 means greedy.
    """
    raise NotImplementedError
