"""Tests for block.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close
import block as B


def ref_layer_norm(x, w, b, eps=1e-5, axis=-1, ddof=0):
    mean = x.mean(axis=axis, keepdims=True)
    return w * (x - mean) / np.sqrt(x.var(axis=axis, keepdims=True, ddof=ddof) + eps) + b


def ref_gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def exact_gelu(x):
    return np.vectorize(lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2))))(x)


def ref_mlp(x, p, act=ref_gelu):
    h = act(x @ p["mlp.c_fc.weight"].T + p["mlp.c_fc.bias"])
    return h @ p["mlp.c_proj.weight"].T + p["mlp.c_proj.bias"]


def ref_attn(x, p, n_head):
    y, _ = B.causal_self_attention(x, p["attn.c_attn.weight"], p["attn.c_attn.bias"],
                                   p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
    return y


def ref_block(x, p, n_head, pre_norm=True, residual=True):
    ln1 = lambda v: ref_layer_norm(v, p["ln_1.weight"], p["ln_1.bias"])
    ln2 = lambda v: ref_layer_norm(v, p["ln_2.weight"], p["ln_2.bias"])
    if not pre_norm:
        x = ln1(x + ref_attn(x, p, n_head))
        return ln2(x + ref_mlp(x, p))
    if not residual:
        return ref_mlp(ln2(ref_attn(ln1(x), p, n_head)), p)
    x = x + ref_attn(ln1(x), p, n_head)
    return x + ref_mlp(ln2(x), p)


def block_params(n_embd=8, seed=0):
    rng = np.random.default_rng(seed)
    r = lambda *shape, s=0.3: rng.normal(size=shape) * s
    return {
        "ln_1.weight": 1 + r(n_embd, s=0.1), "ln_1.bias": r(n_embd, s=0.1),
        "attn.c_attn.weight": r(3 * n_embd, n_embd), "attn.c_attn.bias": r(3 * n_embd, s=0.05),
        "attn.c_proj.weight": r(n_embd, n_embd), "attn.c_proj.bias": r(n_embd, s=0.05),
        "ln_2.weight": 1 + r(n_embd, s=0.1), "ln_2.bias": r(n_embd, s=0.1),
        "mlp.c_fc.weight": r(4 * n_embd, n_embd), "mlp.c_fc.bias": r(4 * n_embd, s=0.05),
        "mlp.c_proj.weight": r(n_embd, 4 * n_embd), "mlp.c_proj.bias": r(n_embd, s=0.05),
    }


class TestLayerNorm(unittest.TestCase):
    def test_rows_normalised(self):
        """layer_norm: with weight 1 and bias 0 every position has mean 0 and variance 1"""
        x = np.random.default_rng(1).normal(loc=2.0, scale=3.0, size=(4, 16))
        got = np.asarray(B.layer_norm(x, np.ones(16), np.zeros(16)))
        by_column = ref_layer_norm(x, np.ones(16), np.zeros(16), axis=0)
        assert_close("row means of layer_norm(x)", got.mean(axis=-1), np.zeros(4), **FLOAT32, where=B.layer_norm,
                     hint="each position's vector (a row, axis=-1) is normalised.",
                     mistakes=[(by_column.mean(axis=-1), "each column was normalised; layer norm normalises each "
                                                         "position's vector (axis=-1).")])
        assert_close("row variances of layer_norm(x)", got.var(axis=-1), np.ones(4), atol=1e-4, where=B.layer_norm)

    def test_matches_formula(self):
        """layer_norm: weight * (x - mean) / sqrt(var + eps) + bias"""
        rng = np.random.default_rng(2)
        x, w, b = rng.normal(size=(5, 8)) * 2, rng.normal(size=8), rng.normal(size=8)
        assert_close("layer_norm(x [5, 8], weight, bias)", B.layer_norm(x, w, b), ref_layer_norm(x, w, b), **FLOAT32,
                     where=B.layer_norm, mistakes=[
                         (ref_layer_norm(x, w, b, ddof=1), "use the biased variance (divide by n_embd), as PyTorch's LayerNorm does."),
                         (ref_layer_norm(x, w, b, axis=0), "normalise over the features of each position (axis=-1), not over positions."),
                     ])

    def test_given_eps(self):
        """layer_norm: uses the eps it is given (it matters for a row of small variance)"""
        x = np.random.default_rng(11).normal(size=(3, 8)) * 0.05
        w, b = np.ones(8), np.zeros(8)
        assert_close("layer_norm(x, weight, bias, eps=0.01)", B.layer_norm(x, w, b, eps=0.01), ref_layer_norm(x, w, b, eps=0.01),
                     **FLOAT32, where=B.layer_norm,
                     mistakes=[(ref_layer_norm(x, w, b), "pass eps on: this call gives eps=0.01, not the default.")])

    def test_constant_row(self):
        """layer_norm: a constant row gives bias, not nan (eps)"""
        x = np.array([[3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 3.0, 4.0]])
        with np.errstate(divide="ignore", invalid="ignore"):
            got = np.asarray(B.layer_norm(x, np.ones(4), np.full(4, 0.5)))
        assert_close("layer_norm of the constant row [3, 3, 3, 3]", got[0], np.full(4, 0.5), atol=1e-6, where=B.layer_norm,
                     nonfinite_hint="add eps to the variance inside the square root.")


class TestGelu(unittest.TestCase):
    def test_values(self):
        """gelu: the tanh approximation at a few points"""
        x = np.array([-6.0, -2.0, -0.5, 0.0, 0.5, 1.0, 3.0])
        assert_close("gelu([-6, -2, -0.5, 0, 0.5, 1, 3])", B.gelu(x), ref_gelu(x), **FLOAT32, where=B.gelu, mistakes=[
            (np.maximum(x, 0), "that is ReLU; GELU is smooth and slightly negative just below 0."),
            (exact_gelu(x), "that is the exact (erf) GELU; the tiny GPT uses GPT-2's tanh approximation."),
        ])


class TestMLP(unittest.TestCase):
    def test_mlp(self):
        """mlp: c_fc, GELU, c_proj with PyTorch-layout weights"""
        p = block_params(seed=3)
        x = np.random.default_rng(4).normal(size=(5, 8))
        got = B.mlp(x, p["mlp.c_fc.weight"], p["mlp.c_fc.bias"], p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])
        assert_close("mlp(x [5, 8], ...)", got, ref_mlp(x, p), **FLOAT32, where=B.mlp,
                     mistakes=[(ref_mlp(x, p, act=lambda h: np.maximum(h, 0)), "the activation between the layers is GELU.")])


class TestBlock(unittest.TestCase):
    def test_block(self):
        """block: x + attn(ln_1(x)), then + mlp(ln_2(x)), matches the reference"""
        p = block_params(seed=5)
        x = np.random.default_rng(6).normal(size=(6, 8))
        assert_close("block(x [6, 8], p, n_head=2)", B.block(x, p, 2), ref_block(x, p, 2), **FLOAT32, where=B.block,
                     mistakes=[(ref_block(x, p, 2, pre_norm=False), "that is a post-norm block (as in the 2017 paper); "
                                "GPT normalises the INPUT of each sublayer and adds the result to x."),
                               (ref_block(x, p, 2, residual=False), "the residual connections are missing: x = x + sublayer(...).")])

    def test_stacked_blocks(self):
        """two blocks in a row on a longer sequence (the residual stream carries through)"""
        p1, p2 = block_params(n_embd=16, seed=7), block_params(n_embd=16, seed=8)
        x = np.random.default_rng(9).normal(size=(10, 16))
        assert_close("block(block(x, p1, 4), p2, 4)", B.block(B.block(x, p1, 4), p2, 4),
                     ref_block(ref_block(x, p1, 4), p2, 4), **FLOAT32, where=B.block)


if __name__ == "__main__":
    unittest.main()
