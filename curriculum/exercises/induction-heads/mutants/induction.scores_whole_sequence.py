"""Finding induction heads: the attention heads that copy what came after the last time this token appeared."""
import numpy as np


def repeated_sequence(rng, n_vocab, half):  # -> [2 * half]
    """`half` random token ids, then the same ids again."""
    first = rng.integers(0, n_vocab, size=half)
    return np.concatenate([first, first])


def per_token_loss(logits, idx):  # [n_seq, n_vocab], [n_seq] -> [n_seq - 1]
    """Loss of predicting idx[t + 1] from the logits at position t."""
    m = logits.max(axis=-1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))
    return -log_probs[np.arange(len(idx) - 1), idx[1:]]


def induction_scores(att, half):  # [n_layer, n_head, 2h, 2h] -> [n_layer, n_head]
    """Mean attention from each second-half position t to t - half + 1: the token that followed
    the previous occurrence of the current token, which is the one an induction head copies."""
    t = np.arange(half, 2 * half)
    s = att[:, :, t, t - half + 1].sum(axis=-1)
    return s / (2 * half)


def previous_token_scores(att):  # [n_layer, n_head, n_seq, n_seq] -> [n_layer, n_head]
    """Mean attention from each position t >= 1 to t - 1."""
    t = np.arange(1, att.shape[-1])
    return att[:, :, t, t - 1].mean(axis=-1)


def top_heads(scores, k):  # [n_layer, n_head] -> list[(layer, head, score)]
    """The k highest-scoring heads, best first."""
    order = np.argsort(-scores, axis=None)[:k]
    return [(int(l), int(h), float(scores[l, h])) for l, h in zip(*np.unravel_index(order, scores.shape))]
