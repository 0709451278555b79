"""Scaled dot-product attention with a causal mask, in numpy (one head, one sequence).

Fill in the four functions below, top to bottom; each one uses the one before it.
Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def softmax(x):  # [..., n] -> [..., n]
    """Softmax over the last axis; rows of the result sum to 1.

    It must stay finite for large inputs such as [1000, 1001, 1002].
    """
    raise NotImplementedError


def causal_mask(n_seq):  # -> [n_seq, n_seq]
    """0 where query i may look at key j (j <= i), -1e10 where j is in the future (j > i).

    The mask is added to the attention scores before the softmax.
    """
    raise NotImplementedError


def attention_pattern(q, k, mask):  # [n_q, d_k], [n_k, d_k], [n_q, n_k] -> [n_q, n_k]
    """softmax(q k^T / sqrt(d_k) + mask): how much each query attends to each key.

    Each row sums to 1; with a causal mask, row i is zero after column i.
    """
    raise NotImplementedError


def attention(q, k, v, mask):  # [n_q, d_k], [n_k, d_k], [n_k, d_v], [n_q, n_k] -> [n_q, d_v]
    """Each output row is the attention-weighted average of the rows of v."""
    raise NotImplementedError
