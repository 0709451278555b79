"""Tests for mha.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close
import mha as M


def weights(n_embd=8, seed=0):
    rng = np.random.default_rng(seed)
    return dict(c_attn_weight=rng.normal(size=(3 * n_embd, n_embd)) * 0.4, c_attn_bias=rng.normal(size=3 * n_embd) * 0.1,
                c_proj_weight=rng.normal(size=(n_embd, n_embd)) * 0.4, c_proj_bias=rng.normal(size=n_embd) * 0.1)


def slow_mha(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head, causal=True, scale=None, order=(0, 1, 2)):
    """Head by head, position by position."""
    n_seq, n_embd = x.shape
    hs = n_embd // n_head
    qkv = np.array([c_attn_weight @ row + c_attn_bias for row in x])
    parts = [qkv[:, i * n_embd:(i + 1) * n_embd] for i in range(3)]
    q, k, v = (parts[i] for i in order)
    out = np.zeros((n_seq, n_embd))
    att = np.zeros((n_head, n_seq, n_seq))
    for h in range(n_head):
        cols = slice(h * hs, (h + 1) * hs)
        for i in range(n_seq):
            keys = range(i + 1) if causal else range(n_seq)
            scores = [q[i, cols] @ k[j, cols] / math.sqrt(scale or hs) for j in keys]
            top = max(scores)
            w = [math.exp(s - top) for s in scores]
            for j, wj in zip(keys, w):
                att[h, i, j] = wj / sum(w)
                out[i, cols] += wj / sum(w) * v[j, cols]
    y = np.array([c_proj_weight @ row + c_proj_bias for row in out])
    return y, att


def x_in(n_seq=5, n_embd=8, seed=1):
    return np.random.default_rng(seed).normal(size=(n_seq, n_embd))


class TestPieces(unittest.TestCase):
    def test_linear(self):
        """linear: x @ weight.T + bias, with weight stored [out, in] as in PyTorch"""
        rng = np.random.default_rng(2)
        x, w, b = rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=5)
        assert_close("linear(x [4, 3], weight [5, 3], bias [5])", M.linear(x, w, b), np.array([w @ r + b for r in x]),
                     **FLOAT32, where=M.linear, hint="weight is stored [out, in]: out = x @ weight.T + bias.")

    def test_split_heads(self):
        """split_heads: head h takes its own block of columns at every position"""
        x = np.arange(12.0).reshape(3, 4)  # 3 positions, n_embd 4
        expected = [[[0, 1], [4, 5], [8, 9]], [[2, 3], [6, 7], [10, 11]]]
        assert_close("split_heads(arange(12).reshape(3, 4), n_head=2)", M.split_heads(x, 2), expected, atol=0,
                     where=M.split_heads, mistakes=[(x.reshape(2, 3, 2), "a plain reshape mixes positions into heads: "
                                                     "reshape to [n_seq, n_head, head_size] first, then swap the first two axes.")])

    def test_merge_heads(self):
        """merge_heads undoes split_heads"""
        x = np.random.default_rng(3).normal(size=(6, 12))
        split = np.stack([x[:, h * 4:(h + 1) * 4] for h in range(3)])
        assert_close("merge_heads(heads [3, 6, 4])", M.merge_heads(split), x, **FLOAT32, where=M.merge_heads,
                     mistakes=[(split.reshape(6, 12), "a plain reshape does not undo the transpose: swap the first two axes back first.")])


class TestAttention(unittest.TestCase):
    def test_patterns(self):
        """causal_self_attention: every head's pattern is causal and matches the formula"""
        x, w = x_in(), weights()
        _, att = M.causal_self_attention(x, **w, n_head=2)
        expected = slow_mha(x, **w, n_head=2)[1]
        assert_close("att of causal_self_attention(x [5, 8], n_head=2)", att, expected, atol=1e-6,
                     where=M.causal_self_attention, mistakes=[
                         (slow_mha(x, **w, n_head=2, causal=False)[1], "did you apply the causal mask?"),
                         (slow_mha(x, **w, n_head=2, scale=8)[1], "scale by sqrt(head_size), each head's width, not sqrt(n_embd)."),
                         (slow_mha(x, **w, n_head=2, order=(1, 0, 2))[1], "c_attn's output is q, then k, then v."),
                     ])

    def test_output(self):
        """causal_self_attention: y matches head-by-head attention followed by c_proj"""
        x, w = x_in(n_seq=6, n_embd=12, seed=4), weights(n_embd=12, seed=5)
        y, _ = M.causal_self_attention(x, **w, n_head=3)
        wrong_proj = dict(w, c_proj_weight=w["c_proj_weight"].T)
        assert_close("y of causal_self_attention(x [6, 12], n_head=3)", y, slow_mha(x, **w, n_head=3)[0], atol=1e-6,
                     where=M.causal_self_attention, mistakes=[
                         (slow_mha(x, **w, n_head=3, causal=False)[0], "did you apply the causal mask?"),
                         (slow_mha(x, **wrong_proj, n_head=3)[0], "c_proj's weight is [out, in] too: use linear()."),
                         (slow_mha(x, **w, n_head=3, scale=12)[0], "scale by sqrt(head_size), not sqrt(n_embd)."),
                         (slow_mha(x, **w, n_head=3, order=(1, 0, 2))[0], "c_attn's output is q, then k, then v."),
                     ])

    def test_one_head(self):
        """with n_head=1 it is plain single-head attention"""
        x, w = x_in(n_seq=4, n_embd=6, seed=6), weights(n_embd=6, seed=7)
        y, _ = M.causal_self_attention(x, **w, n_head=1)
        assert_close("y with n_head=1", y, slow_mha(x, **w, n_head=1)[0], atol=1e-6, where=M.causal_self_attention)

    def test_no_peeking(self):
        """changing the last position does not change the outputs before it"""
        x, w = x_in(n_seq=6, seed=8), weights(seed=9)
        y1, _ = M.causal_self_attention(x, **w, n_head=2)
        x2 = x.copy()
        x2[-1] += 5.0
        y2, _ = M.causal_self_attention(x2, **w, n_head=2)
        assert_close("outputs at positions 0-4 after changing position 5", np.asarray(y2)[:-1], np.asarray(y1)[:-1],
                     **FLOAT32, where=M.causal_self_attention, hint="position t attends to positions 0..t only: the causal mask, in every head.")


if __name__ == "__main__":
    unittest.main()
