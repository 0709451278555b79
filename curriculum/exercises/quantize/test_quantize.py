"""Tests for quantize.py: hand-made matrices first, then the tiny GPT's weights and validation text.
Run: python llmstudy_test.py"""
import json
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close, assert_dtype, assert_equal, data_path, model_path
import quantize as Q
import tinygpt

SHAKESPEARE_URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"
# The bound this exercise holds int8 per-channel weights to, in nats per character. Measured on the
# tiny GPT it costs about 0.001; int4 per-channel costs about 0.08, int4 with one scale per matrix 0.4.
LOSS_BOUND = 0.01

W = np.array([[0.95, -2.0, 0.33],
              [0.0, 0.0, 0.0],
              [0.127, -0.05, 0.01]])


def ref_scales(w, per_tensor=False):
    amax = np.full(w.shape[0], np.abs(w).max()) if per_tensor else np.abs(w).max(axis=1)
    return np.where(amax > 0, amax / 127.0, 1.0)


def model():
    params, vocab = tinygpt.load(model_path("weights.npz"), model_path("vocab.json"))
    return params, vocab


def loss(params, ids, n_head, block_size):
    """The test's own loss: tinygpt.forward over non-overlapping windows, mean cross-entropy."""
    n, total, count = block_size + 1, 0.0, 0
    for i in range(0, len(ids) - n + 1, n):
        w = np.asarray(ids[i:i + n])
        logits, _ = tinygpt.forward(w[:-1], params, n_head)
        z = logits - logits.max(-1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
        total -= logp[np.arange(block_size), w[1:]].sum()
        count += block_size
    return total / count


class TestPieces(unittest.TestCase):
    def test_channel_scales(self):
        """channel_scales: max |w| of each row / 127, and 1 for a row of zeros"""
        assert_close("channel_scales(W)", Q.channel_scales(W), [2 / 127, 1.0, 0.127 / 127], rtol=1e-6, atol=0,
                     where=Q.channel_scales, mistakes=[
                         (ref_scales(W, per_tensor=True), "that is one scale for the whole matrix; per channel means one per ROW."),
                         (np.array([0.95, 1.0, 0.127]) / 127, "take the absolute value first: -2.0 is the largest weight of row 0."),
                         (np.array([2.0, 1.0, 0.127]) / 128, "divide by 127, so +-max maps to +-127 and the range is symmetric."),
                     ], nonfinite_hint="a row of zeros gives max 0, and 0 / 0 is nan: give such a row scale 1.")

    def test_quantize_rounds_to_int8(self):
        """quantize_int8: rounds to the nearest integer and stores int8"""
        scale = ref_scales(W)
        got = Q.quantize_int8(W, scale)
        assert_dtype("quantize_int8(W, scale)", got, np.int8, where=Q.quantize_int8,
                     hint="one byte per weight is the point: .astype(np.int8) after rounding and clipping.")
        expected = np.round(W / scale[:, None])
        assert_close("quantize_int8(W, scale)", got, expected, atol=0, where=Q.quantize_int8,
                     mistakes=[(np.trunc(W / scale[:, None]), "astype(np.int8) cuts towards zero; np.round first.")])

    def test_quantize_clips(self):
        """quantize_int8: values beyond the scale's range clip to +-127 instead of wrapping around"""
        w = np.array([[3.0, -3.0, 1.0]])
        got = Q.quantize_int8(w, np.array([2 / 127]))
        assert_close("quantize_int8([[3, -3, 1]], scale=[2/127])", got, [[127, -127, 64]], atol=0, where=Q.quantize_int8,
                     mistakes=[(np.round(w * 63.5).astype(np.int64).astype(np.int8), "190 does not fit in int8 and wraps to "
                                "-66: np.clip to -127 .. 127 before the cast.")])

    def test_dequantize(self):
        """dequantize: each row's integers times its scale"""
        q = np.array([[127, -64, 0], [1, 2, 3]], dtype=np.int8)
        assert_close("dequantize(q, [0.5, 0.01])", Q.dequantize(q, np.array([0.5, 0.01])),
                     [[63.5, -32.0, 0.0], [0.01, 0.02, 0.03]], atol=1e-6, where=Q.dequantize,
                     hint="the scales belong to rows: q * scale[:, None].")


class TestTinyGPT(unittest.TestCase):
    params = vocab = qparams = None

    def setUp(self):
        if TestTinyGPT.params is None:
            TestTinyGPT.params, TestTinyGPT.vocab = model()
            TestTinyGPT.qparams = Q.quantize_params(TestTinyGPT.params)

    def test_every_matrix_is_int8(self):
        """quantize_params: every matrix as (int8, scales), every vector as float32"""
        def stored(v):
            return str(np.asarray(v[0]).dtype) + "+scales" if isinstance(v, tuple) else str(np.asarray(v).dtype)
        got = {name: stored(v) for name, v in self.qparams.items()}
        expected = {name: "int8+scales" if w.ndim == 2 else "float32" for name, w in self.params.items()}
        assert_equal("what quantize_params(params) stores per name", got, expected, where=Q.quantize_params,
                     hint="a matrix becomes (quantize_int8(w, s), s) with s = channel_scales(w); a vector w.astype(np.float32).")

    def test_error_within_half_a_step(self):
        """dequantize_params: every weight is within half a quantisation step of the original"""
        deq = Q.dequantize_params(self.qparams)
        for name, w in self.params.items():
            if w.ndim != 2:
                continue
            step = ref_scales(w)[:, None]
            err = np.abs(np.asarray(deq[name], dtype=float) - w) / step          # in steps of its own row
            if not err.max() <= 0.5001:  # 0.5 plus float32 rounding of the scale
                raise AssertionError("dequantize_params: a weight of {} is {:.2f} steps (max |w| of its row / 127) from "
                                     "the original. Hint: rounding to the nearest step is off by at most half a step; "
                                     "per-tensor scales or truncation are off by more.".format(name, err.max()))

    def test_size(self):
        """model_bytes: 1 byte per matrix weight, 4 per scale and per vector value (about 3.8x smaller than float32)"""
        expected = sum(w.size + 4 * w.shape[0] if w.ndim == 2 else 4 * w.size for w in self.params.values())
        float32 = 4 * sum(w.size for w in self.params.values())
        assert_equal("model_bytes(quantize_params(params)) (float32 would be {:,})".format(float32),
                     Q.model_bytes(self.qparams), expected, where=Q.model_bytes,
                     hint="add up .nbytes: int8 arrays take 1 byte per value, float32 scales and vectors 4.")

    def test_mean_loss(self):
        """mean_loss: next-token cross-entropy over windows of block_size + 1, matching a direct computation"""
        ids = list(np.random.default_rng(0).integers(0, self.vocab["vocab_size"], size=2 * 17 + 5))
        expected = loss(self.params, ids, self.vocab["n_head"], 16)
        assert_close("mean_loss(params, 39 random ids, n_head, block_size=16)", Q.mean_loss(self.params, ids, self.vocab["n_head"], 16),
                     expected, atol=1e-6, where=Q.mean_loss,
                     hint="windows ids[0:17], ids[17:34]; inputs window[:-1], targets window[1:], a mean over all targets.")

    def test_validation_loss_within_bound(self):
        """int8 per-channel weights change the validation loss by less than 0.01 nats"""
        text = open(data_path("tinyshakespeare.txt", SHAKESPEARE_URL), encoding="utf-8").read()
        val = text[int(0.9 * len(text)):]                     # the model card's split: the last 10% validates
        stoi = {c: i for i, c in enumerate(self.vocab["chars"])}
        bs, n_head = self.vocab["block_size"], self.vocab["n_head"]
        ids = [stoi[c] for c in val[:8 * (bs + 1)]]
        before = loss(self.params, ids, n_head, bs)
        after = loss(Q.dequantize_params(self.qparams), ids, n_head, bs)
        if not abs(after - before) <= LOSS_BOUND:
            raise AssertionError("validation loss on {} characters: {:.4f} with the float weights, {:.4f} with yours "
                                 "(change {:+.4f}, bound {}). Hint: int8 with one scale per row should cost about "
                                 "0.001.".format(len(ids), before, after, after - before, LOSS_BOUND))


if __name__ == "__main__":
    unittest.main()
