"""Tests for rope.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close
import rope as R


def slow_rope(x, positions, base=10000.0, pairs="neighbours", direction=1.0):
    """One pair at a time with a 2x2 rotation matrix; slow but easy to trust.

    pairs="halves" is the GPT-NeoX layout (x[i] with x[i + d/2]); direction=-1 rotates backwards.
    Both are here only to recognise those mistakes.
    """
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    out = np.zeros_like(x)
    for t in range(n):
        for i in range(d // 2):
            a = direction * positions[t] * base ** (-2 * i / d)
            rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
            j = (2 * i, 2 * i + 1) if pairs == "neighbours" else (i, i + d // 2)
            out[t, list(j)] = rot @ x[t, list(j)]
    return out


def slow_scores(q, k, pq, pk, base=10000.0):
    return slow_rope(q, pq, base) @ slow_rope(k, pk, base).T / math.sqrt(q.shape[1])


def rope_mistakes(x, positions, base=10000.0):
    return [(lambda: slow_rope(x, positions, base, direction=-1.0),
             "each pair turns the wrong way: the rotated pair is (a0 cos - a1 sin, a0 sin + a1 cos)."),
            (lambda: slow_rope(x, positions, base, pairs="halves"),
             "you paired x[i] with x[i + d/2] (the GPT-NeoX layout); this exercise pairs neighbours x[2i], x[2i+1]."),
            (lambda: slow_rope(x, np.arange(len(positions)), base),
             "the angles use 0, 1, 2, ... instead of the positions you were given.")]


def vectors(n, d, seed):
    return np.random.default_rng(seed).normal(size=(n, d))


class TestFrequencies(unittest.TestCase):
    def test_frequencies(self):
        """rope_frequencies(8): 1, 0.1, 0.01, 0.001 (base 10000)"""
        assert_close("rope_frequencies(8)", R.rope_frequencies(8), [1.0, 0.1, 0.01, 0.001], atol=1e-9, rtol=1e-6,
                     where=R.rope_frequencies, mistakes=[
                         (10000.0 ** (-np.arange(4) / 8), "the exponent is -2i/d: i counts PAIRS, so it steps by 2 dimensions."),
                         (10000.0 ** (np.arange(0, 8, 2) / 8), "the exponent is negative: the frequencies fall from 1."),
                     ])

    def test_angles(self):
        """rope_angles: position times frequency, one row per position"""
        positions = np.array([0, 1, 2, 5])
        expected = np.array([[p * 100.0 ** (-2 * i / 4) for i in range(2)] for p in positions])
        assert_close("rope_angles([0, 1, 2, 5], head_dim=4, base=100)", R.rope_angles(positions, 4, base=100.0), expected,
                     atol=1e-9, rtol=1e-6, where=R.rope_angles)


class TestApplyRope(unittest.TestCase):
    def test_position_zero_is_identity(self):
        """apply_rope at position 0 leaves the vector as it is"""
        x = vectors(1, 6, seed=0)
        assert_close("apply_rope(x, positions=[0])", R.apply_rope(x, np.array([0])), x, atol=1e-6, where=R.apply_rope)

    def test_hand_made_rotation(self):
        """apply_rope([1, 0, 1, 0] at position 1, base 100): pairs turn by 1 and 0.1 radians"""
        x = np.array([[1.0, 0.0, 1.0, 0.0]])
        expected = [[math.cos(1), math.sin(1), math.cos(0.1), math.sin(0.1)]]
        assert_close("apply_rope([[1, 0, 1, 0]], positions=[1], base=100)", R.apply_rope(x, np.array([1]), base=100.0),
                     expected, atol=1e-6, where=R.apply_rope, mistakes=rope_mistakes(x, np.array([1]), 100.0))

    def test_matches_rotation_matrices(self):
        """apply_rope on random vectors matches a 2x2 rotation per pair"""
        x = vectors(5, 8, seed=1)
        positions = np.array([0, 3, 4, 10, 11])
        assert_close("apply_rope(x, positions=[0, 3, 4, 10, 11])", R.apply_rope(x, positions), slow_rope(x, positions),
                     atol=1e-5, where=R.apply_rope, mistakes=rope_mistakes(x, positions))

    def test_keeps_lengths(self):
        """apply_rope is a rotation: every vector keeps its length"""
        x = vectors(6, 16, seed=2)
        positions = np.arange(6) * 7
        got = np.asarray(R.apply_rope(x, positions), dtype=float)
        assert_close("lengths of apply_rope(x, positions) rows", np.linalg.norm(got, axis=-1), np.linalg.norm(x, axis=-1),
                     atol=1e-5, where=R.apply_rope, hint="a rotation never changes a vector's length: check the cos/sin "
                                                         "pattern of each pair.")


class TestRelativePosition(unittest.TestCase):
    def test_scores_match_formula(self):
        """rope_scores: rotated q times rotated k, over sqrt(d)"""
        q, k = vectors(4, 8, seed=3), vectors(5, 8, seed=4)
        pq, pk = np.array([4, 5, 6, 7]), np.array([0, 1, 2, 3, 4])
        assert_close("rope_scores(q, k, [4..7], [0..4])", R.rope_scores(q, k, pq, pk), slow_scores(q, k, pq, pk), atol=1e-5,
                     where=R.rope_scores, mistakes=[
                         (lambda: slow_scores(q, k, pq, pk) * math.sqrt(8), "divide the scores by sqrt(d)."),
                         (lambda: slow_rope(q, pq) @ k.T / math.sqrt(8), "rotate the keys too, each by its own position."),
                     ])
        assert_close("rope_scores(q, k, [4..7], [0..4], base=100)", R.rope_scores(q, k, pq, pk, base=100.0),
                     slow_scores(q, k, pq, pk, base=100.0), atol=1e-5, where=R.rope_scores, mistakes=[
                         (lambda: slow_scores(q, k, pq, pk), "pass base on to the rotation: this call gives base=100."),
                     ])

    def test_scores_depend_only_on_offset(self):
        """rope_scores: the same query and key score the same at positions (m, n) and (m + s, n + s)"""
        # Property: for one query vector and one key vector placed at every pair of positions
        # (m, n) in 0..15, the score grid is constant along each diagonal m - n = const.
        q, k = vectors(1, 16, seed=5), vectors(1, 16, seed=6)
        n = 16
        grid = np.array([[np.asarray(R.rope_scores(q, k, np.array([m]), np.array([j])), dtype=float).reshape(-1)[0]
                          for j in range(n)] for m in range(n)])
        shifted = grid[1:, 1:]                 # (m + 1, n + 1)
        assert_close("score at (m + 1, n + 1) vs at (m, n), m, n in 0..14", shifted, grid[:-1, :-1], atol=1e-6,
                     where=R.rope_scores, hint="the score must depend only on m - n: rotate q by its position and k by "
                                               "its position, with the same angle per position for both.")
        # A constant grid would pass the check above without encoding position at all.
        spread = float(np.ptp(grid[:, 0]))
        if spread < 1e-3:
            raise AssertionError("rope_scores: every offset gives the same score ({:.4g}), so position is not "
                                 "encoded. Hint: the rotation angle must grow with the position.".format(grid[0, 0]))

    def test_shifting_a_whole_sequence_changes_nothing(self):
        """rope_scores: shifting every position by 1, 10 or 1000 leaves all scores unchanged"""
        q, k = vectors(6, 8, seed=7), vectors(6, 8, seed=8)
        positions = np.arange(6)
        base_scores = np.asarray(R.rope_scores(q, k, positions, positions), dtype=float)
        # 1e-4, not 1e-5: at position 1000 a float32 angle is only good to about 1e-4 radians.
        for s in (1, 10, 1000):
            assert_close("rope_scores(q, k, positions + {0}, positions + {0})".format(s),
                         R.rope_scores(q, k, positions + s, positions + s), base_scores, atol=1e-4, where=R.rope_scores,
                         hint="only the offset between a query and a key may matter.")


class TestInterpolation(unittest.TestCase):
    def test_positions_fit_the_trained_range(self):
        """interpolate_positions: 0..4095 squeezed into the 0..1024 a model was trained on"""
        positions = np.array([0, 1, 2048, 4095])
        assert_close("interpolate_positions([0, 1, 2048, 4095], train_len=1024, target_len=4096)",
                     R.interpolate_positions(positions, 1024, 4096), positions * 0.25, atol=1e-9, where=R.interpolate_positions,
                     mistakes=[(positions * 4.0, "the ratio is upside down: positions must shrink by train_len / target_len.")])


if __name__ == "__main__":
    unittest.main()
