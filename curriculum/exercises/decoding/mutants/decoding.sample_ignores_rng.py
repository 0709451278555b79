"""Turning a model's next-token logits into a choice: greedy, temperature, top-k and top-p sampling."""
import numpy as np


def softmax(logits):  # [n_vocab] -> [n_vocab]
    """Given. -inf logits get probability 0."""
    e = np.exp(logits - np.max(logits))
    return e / e.sum()


def greedy(logits):  # [n_vocab] -> int
    """The most likely token."""
    return int(np.argmax(logits))


def apply_temperature(logits, temperature):  # [n_vocab] -> [n_vocab]
    """Below 1 sharpens the distribution, above 1 flattens it."""
    return logits / temperature


def top_k_filter(logits, k):  # [n_vocab] -> [n_vocab]
    """Keep the k largest logits, set the rest to -inf."""
    if k >= len(logits):
        return logits.copy()
    kth = np.sort(logits)[-k]
    return np.where(logits < kth, -np.inf, logits)


def top_p_filter(logits, p):  # [n_vocab] -> [n_vocab]
    """Keep the smallest set of most likely tokens whose probabilities add up to at least p."""
    probs = softmax(logits)
    order = np.argsort(-probs)                      # most likely first
    before = np.cumsum(probs[order]) - probs[order]  # mass of the tokens ranked above each one
    # A token is kept while the ones above it have not yet reached p, so the token that crosses
    # p is kept too, and the most likely token always is.
    keep_sorted = before < p
    keep = np.zeros(len(logits), dtype=bool)
    keep[order] = keep_sorted
    return np.where(keep, logits, -np.inf)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):  # [n_vocab] -> int
    """Temperature, then top-k, then top-p, then draw with rng.choice; temperature 0 means greedy."""
    if temperature == 0:
        return greedy(logits)
    logits = apply_temperature(np.asarray(logits, dtype=np.float64), temperature)
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    probs = softmax(logits)
    return int(np.random.choice(len(probs), p=probs))
