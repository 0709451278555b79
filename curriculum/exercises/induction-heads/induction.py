"""Finding induction heads: the attention heads that copy what came after the last time this token appeared.

tinygpt.py (given) runs the tiny GPT and returns every head's attention pattern.
Fill in the five functions below. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def repeated_sequence(rng, n_vocab, half):  # -> [2 * half]
    """Draw `half` random token ids with rng.integers(0, n_vocab, size=half), then repeat them:
    [a, b, c, a, b, c] for half = 3.
    """
    raise NotImplementedError


def per_token_loss(logits, idx):  # [n_seq, n_vocab], [n_seq] -> [n_seq - 1]
    """Loss at each position: -log softmax(logits[t])[idx[t + 1]], for t = 0 .. n_seq - 2.
    (Position t predicts the NEXT token.)
    """
    raise NotImplementedError


def induction_scores(att, half):  # [n_layer, n_head, 2*half, 2*half] -> [n_layer, n_head]
    """For a sequence repeated twice, the mean over second-half positions t (half .. 2*half - 1)
    of att[layer, head, t, t - half + 1]: how much the head looks at the token that FOLLOWED the
    previous occurrence of the current token.
    """
    raise NotImplementedError


def previous_token_scores(att):  # [n_layer, n_head, n_seq, n_seq] -> [n_layer, n_head]
    """The mean over positions t = 1 .. n_seq - 1 of att[layer, head, t, t - 1]."""
    raise NotImplementedError


def top_heads(scores, k):  # [n_layer, n_head] -> list[(layer, head, score)]
    """The k highest-scoring heads as (layer, head, score) tuples of Python ints/floats, best first."""
    raise NotImplementedError
