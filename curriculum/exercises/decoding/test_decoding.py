"""Tests for decoding.py. Run: python llmstudy_test.py"""
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close, assert_equal, hint
import decoding as D

NEG = -np.inf


# Probabilities 0.5, 0.3, 0.15, 0.05, deliberately not in sorted order.
PROBS = np.array([0.15, 0.5, 0.05, 0.3])
LOGITS = np.log(PROBS)


def frequencies(draws, n):
    return np.bincount(np.asarray(draws), minlength=n) / len(draws)


class TestSimple(unittest.TestCase):
    def test_greedy(self):
        """greedy: the index of the largest logit"""
        assert_equal("greedy([0.1, 2.5, -1.0, 2.4])", D.greedy(np.array([0.1, 2.5, -1.0, 2.4])), 1, where=D.greedy)

    def test_temperature(self):
        """apply_temperature: logits / temperature; low temperature sharpens"""
        logits = np.array([1.0, 2.0, 4.0])
        assert_close("apply_temperature([1, 2, 4], 0.5)", D.apply_temperature(logits, 0.5), [2.0, 4.0, 8.0], **FLOAT32,
                     where=D.apply_temperature, mistakes=[([0.5, 1.0, 2.0], "DIVIDE by the temperature; multiplying flattens where it should sharpen.")])
        sharp = D.softmax(D.apply_temperature(logits, 0.5)).max()
        flat = D.softmax(D.apply_temperature(logits, 2.0)).max()
        assert_close("[top probability at T=0.5 > at T=1 > at T=2]", [sharp > D.softmax(logits).max(), D.softmax(logits).max() > flat],
                     [1, 1], atol=0, where=D.apply_temperature)


class TestTopK(unittest.TestCase):
    def test_keeps_k(self):
        """top_k_filter(k=2): the two largest stay where they are, the rest become -inf"""
        got = D.top_k_filter(LOGITS.copy(), 2)
        expected = [NEG, LOGITS[1], NEG, LOGITS[3]]
        assert_close("top_k_filter(logits, 2)", np.asarray(got), expected, **FLOAT32, where=D.top_k_filter, mistakes=[
            (np.asarray([LOGITS[0], LOGITS[1], NEG, LOGITS[3]]), "three values kept: an off-by-one in which sorted value is the cut."),
            (np.asarray([LOGITS[1], LOGITS[3], NEG, NEG]), "the kept logits must stay at their own positions (token ids), not move to the front."),
        ])

    def test_k_large(self):
        """top_k_filter with k >= n_vocab changes nothing"""
        assert_close("top_k_filter(logits, 10)", np.asarray(D.top_k_filter(LOGITS.copy(), 10)), LOGITS, **FLOAT32, where=D.top_k_filter)

    def test_does_not_modify_input(self):
        """top_k_filter leaves its input alone"""
        logits = LOGITS.copy()
        D.top_k_filter(logits, 1)
        assert_close("the logits passed to top_k_filter", logits, LOGITS, atol=0, where=D.top_k_filter,
                     hint="return a new array (np.where, or .copy() first) instead of writing into the input.")


TOP_P = ("sort by probability (descending), accumulate, and keep each token while the mass ABOVE it is still "
         "below p: the token that crosses p stays.")


class TestTopP(unittest.TestCase):
    def check(self, p, kept):
        got = D.top_p_filter(LOGITS.copy(), p)
        expected = [LOGITS[i] if i in kept else NEG for i in range(4)]
        assert_close("top_p_filter(logits of [0.15, 0.5, 0.05, 0.3], p={})".format(p), np.asarray(got), expected, **FLOAT32,
                     where=D.top_p_filter, hint=TOP_P)

    @hint(TOP_P)
    def test_crossing_token_kept(self):
        """top_p_filter(p=0.75): 0.5 alone is not enough, so 0.3 joins (0.8 >= 0.75)"""
        self.check(0.75, {1, 3})

    @hint(TOP_P)
    def test_three_tokens(self):
        """top_p_filter(p=0.9): 0.5 + 0.3 + 0.15 covers it"""
        self.check(0.9, {0, 1, 3})

    @hint(TOP_P)
    def test_small_p_keeps_one(self):
        """top_p_filter(p=0.2): the most likely token is always kept"""
        self.check(0.2, {1})

    @hint(TOP_P)
    def test_p_one(self):
        """top_p_filter(p=1.0): keeps every token"""
        self.check(1.0, {0, 1, 2, 3})


class TestSample(unittest.TestCase):
    def test_temperature_zero(self):
        """sample with temperature 0 is greedy"""
        draws = [D.sample(LOGITS, np.random.default_rng(i), temperature=0) for i in range(5)]
        assert_equal("sample(logits, rng, temperature=0) five times", draws, [1] * 5, where=D.sample)

    def test_frequencies(self):
        """sample: over 2000 draws each token comes up about as often as its probability"""
        rng = np.random.default_rng(0)
        got = frequencies([D.sample(LOGITS, rng) for _ in range(2000)], 4)
        assert_close("frequencies of 2000 samples", got, PROBS, atol=0.03, where=D.sample)

    def test_top_k_one(self):
        """sample with top_k=1 always picks the most likely token"""
        rng = np.random.default_rng(1)
        assert_equal("sample(logits, rng, top_k=1) twenty times", [D.sample(LOGITS, rng, top_k=1) for _ in range(20)],
                     [1] * 20, where=D.sample)

    def test_top_p_renormalises(self):
        """sample with top_p=0.75: only tokens 1 and 3, in the ratio 0.5 : 0.3"""
        rng = np.random.default_rng(2)
        got = frequencies([D.sample(LOGITS, rng, top_p=0.75) for _ in range(2000)], 4)
        assert_close("frequencies of 2000 samples with top_p=0.75", got, [0, 0.625, 0, 0.375], atol=0.03, where=D.sample,
                     mistakes=[([0, 1, 0, 0], "only the top token comes up: is the token that crosses p dropped?")])

    def test_temperature_reshapes(self):
        """sample with temperature=2: token frequencies follow softmax(logits / 2), flatter than at T=1"""
        rng = np.random.default_rng(3)
        flat = np.sqrt(PROBS) / np.sqrt(PROBS).sum()
        got = frequencies([D.sample(LOGITS, rng, temperature=2.0) for _ in range(2000)], 4)
        assert_close("frequencies of 2000 samples with temperature=2", got, flat, atol=0.03, where=D.sample,
                     mistakes=[(PROBS, "these are the frequencies at temperature 1: divide the logits by the temperature "
                                       "before the softmax.")])

    @hint("the order is temperature, then top_k, then top_p: top_p must see the probabilities the temperature made.")
    def test_temperature_before_top_p(self):
        """sample with temperature=2 and top_p=0.75: the temperature comes first, so three tokens stay in"""
        rng = np.random.default_rng(4)
        flat = np.sqrt(PROBS) / np.sqrt(PROBS).sum()  # [0.208, 0.379, 0.120, 0.294]: 0.379 + 0.294 < 0.75
        kept = np.array([flat[0], flat[1], 0.0, flat[3]])
        late = np.sqrt([0, 0.5, 0, 0.3]) / np.sqrt([0, 0.5, 0, 0.3]).sum()
        got = frequencies([D.sample(LOGITS, rng, temperature=2.0, top_p=0.75) for _ in range(2000)], 4)
        assert_close("frequencies of 2000 samples with temperature=2, top_p=0.75", got, kept / kept.sum(), atol=0.03,
                     where=D.sample, mistakes=[(late, "top_p ran before the temperature: it kept only the two tokens "
                                                      "that reach 0.75 at temperature 1. Apply the temperature first.")])

    def test_uses_the_generator(self):
        """sample: the same seed gives the same tokens"""
        a = [D.sample(LOGITS, np.random.default_rng(7), temperature=1.5) for _ in range(5)]
        b = [D.sample(LOGITS, np.random.default_rng(7), temperature=1.5) for _ in range(5)]
        assert_equal("tokens drawn with two generators of seed 7", a, b, where=D.sample,
                     hint="draw with the rng you are given: rng.choice(len(probs), p=probs).")


if __name__ == "__main__":
    unittest.main()
