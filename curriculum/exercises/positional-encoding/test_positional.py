"""Tests for positional.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close
import positional as P


def slow_pe(n_pos, d_model, interleaved=True, swap=False):
    pe = np.zeros((n_pos, d_model))
    half = d_model // 2
    for pos in range(n_pos):
        for i in range(half):
            angle = pos / 10000 ** (2 * i / d_model)
            s, c = (math.cos(angle), math.sin(angle)) if swap else (math.sin(angle), math.cos(angle))
            if interleaved:
                pe[pos, 2 * i], pe[pos, 2 * i + 1] = s, c
            else:
                pe[pos, i], pe[pos, half + i] = s, c
    return pe


def backwards_shift(k, d_model):
    """What a rotation the wrong way round gives: PE[pos - k]."""
    m = np.zeros((d_model, d_model))
    for i in range(d_model // 2):
        b = k / 10000 ** (2 * i / d_model)
        m[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[math.cos(b), -math.sin(b)], [math.sin(b), math.cos(b)]]
    return m


class TestEncoding(unittest.TestCase):
    def test_frequencies(self):
        """frequencies(8): 1, 1/10, 1/100, 1/1000"""
        assert_close("frequencies(8)", P.frequencies(8), [1.0, 0.1, 0.01, 0.001], **FLOAT32, where=P.frequencies,
                     mistakes=[([1.0, 10000 ** (-1 / 8), 10000 ** (-2 / 8), 10000 ** (-3 / 8)],
                                "the exponent is 2i / d_model: pair i uses dimensions 2i and 2i + 1.")])

    def test_position_zero(self):
        """position 0 encodes as [0, 1, 0, 1, ...] (sin 0, cos 0)"""
        got = np.asarray(P.sinusoidal_positional_encoding(3, 6))
        assert_close("sinusoidal_positional_encoding(3, 6)[0]", got[0], [0, 1, 0, 1, 0, 1], **FLOAT32,
                     where=P.sinusoidal_positional_encoding,
                     mistakes=[([1, 0, 1, 0, 1, 0], "sin goes in the even columns, cos in the odd ones."),
                               ([0, 0, 0, 1, 1, 1], "the pairs are interleaved: column 2i is sin, column 2i + 1 is cos.")])

    def test_matches_formula(self):
        """sinusoidal_positional_encoding(16, 8) matches the formula"""
        expected = slow_pe(16, 8)
        assert_close("sinusoidal_positional_encoding(16, 8)", P.sinusoidal_positional_encoding(16, 8), expected, **FLOAT32,
                     where=P.sinusoidal_positional_encoding, mistakes=[
                         (slow_pe(16, 8, swap=True), "sin and cos are swapped: sin in the even columns."),
                         (slow_pe(16, 8, interleaved=False), "sin first half, cos second half is a valid encoding too, "
                                                             "but this exercise (and the paper) interleaves them."),
                     ])

    def test_long_and_wide(self):
        """sinusoidal_positional_encoding(128, 64) matches the formula, slowest frequencies included"""
        got = P.sinusoidal_positional_encoding(128, 64)
        assert_close("sinusoidal_positional_encoding(128, 64)", got, slow_pe(128, 64), **FLOAT32,
                     where=P.sinusoidal_positional_encoding)


class TestRelative(unittest.TestCase):
    def test_shift(self):
        """relative_shift_matrix(k): M @ PE[pos] == PE[pos + k] for every pos"""
        pe = slow_pe(40, 8)
        for k in (1, 5):
            M = np.asarray(P.relative_shift_matrix(k, 8))
            assert_close("relative_shift_matrix({}, 8) @ PE[pos] for pos 0..{}".format(k, 39 - k), (M @ pe[:40 - k].T).T,
                         pe[k:], **FLOAT32, where=P.relative_shift_matrix,
                         mistakes=[((backwards_shift(k, 8) @ pe[:40 - k].T).T, "your matrix shifts backwards: transpose each 2x2 block (flip the signs of the sines).")],
                         hint="block i is [[cos(w_i k), sin(w_i k)], [-sin(w_i k), cos(w_i k)]].")

    def test_is_a_rotation(self):
        """relative_shift_matrix(3, 4) is a rotation: M @ M.T is the identity"""
        M = np.asarray(P.relative_shift_matrix(3, 4))
        assert_close("relative_shift_matrix(3, 4) is orthogonal: M @ M.T", M @ M.T, np.eye(4), **FLOAT32,
                     where=P.relative_shift_matrix)


class TestLearned(unittest.TestCase):
    def test_embed_tokens(self):
        """embed_tokens: wte[idx] + wpe[0..n_seq-1]"""
        rng = np.random.default_rng(0)
        wte, wpe = rng.normal(size=(10, 4)), rng.normal(size=(12, 4))
        idx = np.array([3, 3, 9, 0])
        expected = np.array([wte[t] + wpe[i] for i, t in enumerate(idx)])
        assert_close("embed_tokens([3, 3, 9, 0], wte, wpe)", P.embed_tokens(idx, wte, wpe), expected, **FLOAT32,
                     where=P.embed_tokens, mistakes=[(wte[idx] + wpe[idx], "wpe is indexed by POSITION (0, 1, 2, ...), not by the token id."),
                                                     (wte[idx], "add the position embedding wpe.")])


if __name__ == "__main__":
    unittest.main()
