"""Scaled dot-product attention with a causal mask, in numpy (one head, one sequence)."""
import numpy as np


def softmax(x):  # [..., n] -> [..., n]
    """Softmax over the last axis; rows of the result sum to 1."""
    # exp of a large logit overflows to inf; shifting by the row max changes nothing mathematically.
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def causal_mask(n_seq):  # -> [n_seq, n_seq]
    """0 where query i may look at key j (j <= i), a large negative number where j is in the future."""
    return (1 - np.tri(n_seq)) * -1e10


def attention_pattern(q, k, mask):  # [n_q, d_k], [n_k, d_k], [n_q, n_k] -> [n_q, n_k]
    """How much each query position attends to each key position; each row sums to 1."""
    d_k = q.shape[-1]
    # Dividing by sqrt(d_k) keeps the dot products' spread near 1, so softmax does not saturate.
    return softmax(q @ k.T / np.sqrt(d_k) + mask)


def attention(q, k, v, mask):  # [n_q, d_k], [n_k, d_k], [n_k, d_v], [n_q, n_k] -> [n_q, d_v]
    """Each output row is the attention-weighted average of the value rows."""
    return attention_pattern(q, k, mask) @ v
