"""Tests for attention.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close
import attention as A


def slow_attention(q, k, v, causal=True, scale=True):
    """One query at a time, the way the formula reads; slow but easy to trust."""
    out = np.zeros((q.shape[0], v.shape[1]))
    pattern = np.zeros((q.shape[0], k.shape[0]))
    for i in range(q.shape[0]):
        keys = range(i + 1) if causal else range(k.shape[0])
        scores = [q[i] @ k[j] / (math.sqrt(q.shape[1]) if scale else 1.0) for j in keys]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        for j, w in zip(keys, weights):
            pattern[i, j] = w / total
            out[i] += w / total * v[j]
    return pattern, out


def mask(n_seq):
    """The tests build their own mask, so attention can pass before causal_mask does."""
    return np.triu(np.full((n_seq, n_seq), -1e10), k=1)


def qkv(n_seq=4, d_k=8, d_v=8, seed=0, spread=1.0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n_seq, d_k)) * spread, rng.normal(size=(n_seq, d_k)) * spread,
            rng.normal(size=(n_seq, d_v)))


def known_mistakes(q, k, v):
    return [(slow_attention(q, k, v, causal=False)[1], "did you apply the causal mask?"),
            (slow_attention(q, k, v, scale=False)[1], "did you divide the scores by sqrt(d_k)?")]


class TestSoftmax(unittest.TestCase):
    def test_rows_sum_to_one(self):
        """softmax: each row sums to 1 and keeps the order of its inputs"""
        x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
        expected = np.array([[0.09003057, 0.24472847, 0.66524096], [1 / 3, 1 / 3, 1 / 3]])
        assert_close("softmax([[1, 2, 3], [0, 0, 0]])", A.softmax(x), expected, atol=1e-6, where=A.softmax,
                     mistakes=[(np.exp(x) / np.exp(x).sum(axis=0, keepdims=True),
                                "your columns sum to 1; normalise along the last axis (axis=-1, keepdims=True).")])

    def test_large_inputs(self):
        """softmax: large inputs give finite probabilities (subtract the max first)"""
        x = np.array([1000.0, 1001.0, 1002.0])
        with np.errstate(over="ignore", invalid="ignore"):
            got = A.softmax(x)
        assert_close("softmax([1000, 1001, 1002])", got, [0.09003057, 0.24472847, 0.66524096], atol=1e-6,
                     where=A.softmax, nonfinite_hint="exp(1000) overflows to inf; subtract each row's max before np.exp.")


class TestCausalMask(unittest.TestCase):
    def test_mask_values(self):
        """causal_mask(4): 0 on and below the diagonal, -1e10 above"""
        got = np.asarray(A.causal_mask(4), dtype=float)
        # -inf works as well as -1e10 after a softmax, so any very negative number counts as masked.
        got = np.where(got <= -1e9, -1e10, got)
        expected = mask(4)
        assert_close("causal_mask(4)", got, expected, atol=1.0, where=A.causal_mask, mistakes=[
            (np.triu(np.full((4, 4), -1e10), k=0), "the diagonal is masked too: a position may attend to itself."),
            (np.tril(np.full((4, 4), -1e10), k=-1), "the past is masked instead of the future."),
        ])


class TestAttention(unittest.TestCase):
    def test_pattern_is_causal(self):
        """attention_pattern: rows sum to 1, nothing attends to the future"""
        q, k, _ = qkv()
        got = A.attention_pattern(q, k, mask(4))
        expected, _ = slow_attention(q, k, np.zeros((4, 1)))
        assert_close("attention_pattern(q, k, causal_mask(4))", got, expected, atol=1e-6, where=A.attention_pattern,
                     mistakes=[(slow_attention(q, k, np.zeros((4, 1)), causal=False)[0],
                                "positions attend to the future: add the mask to the scores before the softmax."),
                               (slow_attention(q, k, np.zeros((4, 1)), scale=False)[0],
                                "divide the scores by sqrt(d_k), the size of each query/key vector.")])

    def test_matches_formula(self):
        """attention(q, k, v, mask) matches softmax(q k^T / sqrt(d_k) + mask) v"""
        q, k, v = qkv(n_seq=4, d_k=8, d_v=8, seed=1)
        got = A.attention(q, k, v, mask(4))
        assert_close("attention(q, k, v, mask)", got, slow_attention(q, k, v)[1], atol=1e-5, where=A.attention,
                     mistakes=known_mistakes(q, k, v))

    def test_first_position_copies_first_value(self):
        """attention: position 0 can only see itself, so its output is v[0]"""
        q, k, v = qkv(n_seq=5, d_k=4, d_v=3, seed=2)
        got = A.attention(q, k, v, mask(5))
        assert_close("attention(q, k, v, mask)[0]", np.asarray(got)[0], v[0], atol=1e-6, where=A.attention,
                     mistakes=[(m[0], h) for m, h in known_mistakes(q, k, v)],
                     hint="row 0 of the pattern must be [1, 0, 0, ...]: the mask goes into the scores, before the softmax.")

    def test_different_value_width(self):
        """attention: d_v may differ from d_k (output is [n_q, d_v])"""
        q, k, v = qkv(n_seq=6, d_k=4, d_v=10, seed=3)
        assert_close("attention(q, k, v, mask) with d_k=4, d_v=10", A.attention(q, k, v, mask(6)),
                     slow_attention(q, k, v)[1], atol=1e-5, where=A.attention,
                     mistakes=known_mistakes(q, k, v))

    def test_sharp_scores_stay_finite(self):
        """attention: very large scores still give finite outputs"""
        q, k, v = qkv(n_seq=4, d_k=8, d_v=8, seed=4, spread=40.0)
        with np.errstate(over="ignore", invalid="ignore"):
            got = A.attention(q, k, v, mask(4))
        assert_close("attention(q, k, v, mask) with scores in the hundreds", got, slow_attention(q, k, v)[1], atol=1e-5,
                     where=A.attention, mistakes=known_mistakes(q, k, v), nonfinite_hint="keep the softmax stable: subtract the row max before np.exp.")


if __name__ == "__main__":
    unittest.main()
