"""A bigram character-level language model: count which letter follows which, then sample.

Fill in the five functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def build_vocab(words):  # list[str] -> (dict[str, int], dict[int, str])
    """Map characters to integers and back.

    '.' marks the start and end of a name and gets index 0; the letters that occur in `words`
    follow in sorted order (for names.txt: a=1, b=2, ..., z=26).
    Returns (stoi, itos).
    """
    raise NotImplementedError


def count_bigrams(words, stoi):  # -> [n_vocab, n_vocab] int
    """N[i, j] = how often character j follows character i.

    Wrap each word in '.' first: "emma" gives the pairs .e em mm ma a.
    """
    raise NotImplementedError


def bigram_probs(N, smoothing=1):  # [n_vocab, n_vocab] -> [n_vocab, n_vocab]
    """Add `smoothing` to every count, then divide each row by its sum so it becomes a distribution."""
    raise NotImplementedError


def sample_name(P, itos, rng):  # [n_vocab, n_vocab] -> str
    """Generate one name: start at index 0 ('.'), draw the next index from row P[ix] with
    rng.choice(P.shape[1], p=P[ix]), stop when index 0 comes up again. Return the letters drawn
    (without the dots). `rng` is a numpy Generator, e.g. np.random.default_rng(42).
    """
    raise NotImplementedError


def nll(words, P, stoi):  # -> float
    """Average negative log-likelihood of every bigram of `words`, '.' pairs included.

    This is the loss: how surprised the model is, on average, by each next character.
    """
    raise NotImplementedError
