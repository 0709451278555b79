"""Tests for bigram.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close, assert_equal, data_path
import bigram as B

NAMES_URL = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"
WORDS = ["emma", "olivia", "ava"]
STOI = {".": 0, "a": 1, "e": 2, "i": 3, "l": 4, "m": 5, "o": 6, "v": 7}
ITOS = {i: c for c, i in STOI.items()}


def counts_by_hand(words):
    n = np.zeros((len(STOI), len(STOI)))
    for w in words:
        chs = "." + w + "."
        for a, b in zip(chs, chs[1:]):
            n[STOI[a], STOI[b]] += 1
    return n


class TestVocab(unittest.TestCase):
    def test_vocab(self):
        """build_vocab: '.' is 0, then the letters in sorted order"""
        stoi, itos = B.build_vocab(WORDS)
        assert_equal("stoi for " + repr(WORDS), stoi, STOI, where=B.build_vocab,
                     hint="'.' first (index 0), then sorted(set(''.join(words))) from index 1.")
        assert_equal("itos (the inverse of stoi)", itos, ITOS, where=B.build_vocab)


class TestCounts(unittest.TestCase):
    def test_counts(self):
        """count_bigrams: start and end pairs included"""
        got = B.count_bigrams(WORDS, STOI)
        ends_missing = counts_by_hand(WORDS)
        for w in WORDS:
            ends_missing[STOI[w[-1]], 0] -= 1
        assert_close("count_bigrams(['emma', 'olivia', 'ava'], stoi)", got, counts_by_hand(WORDS), atol=0,
                     where=B.count_bigrams, mistakes=[(ends_missing, "the pair (last letter, '.') is missing: wrap each word as '.' + w + '.'.")])

    def test_total(self):
        """count_bigrams: a word of n letters gives n + 1 pairs"""
        got = np.asarray(B.count_bigrams(["ab", "b"], {".": 0, "a": 1, "b": 2}))
        assert_close("count_bigrams(['ab', 'b']).sum()", got.sum(), 5, atol=0, where=B.count_bigrams)


class TestProbs(unittest.TestCase):
    def test_rows_are_distributions(self):
        """bigram_probs: each row sums to 1 and follows the counts"""
        N = counts_by_hand(WORDS)
        got = B.bigram_probs(N, smoothing=1)
        expected = (N + 1) / (N + 1).sum(axis=1, keepdims=True)
        assert_close("bigram_probs(N, smoothing=1)", got, expected, **FLOAT32, where=B.bigram_probs, mistakes=[
            ((N + 1) / (N + 1).sum(axis=0, keepdims=True), "your columns sum to 1: divide each row by its own sum (axis=1, keepdims=True)."),
            (N / np.maximum(N.sum(axis=1, keepdims=True), 1), "add `smoothing` to every count before normalising."),
        ])

    def test_no_smoothing(self):
        """bigram_probs: smoothing=0 leaves unseen pairs at probability 0"""
        N = np.array([[0, 3, 1], [2, 0, 2], [1, 1, 0]])
        got = B.bigram_probs(N, smoothing=0)
        assert_close("bigram_probs(N, smoothing=0)", got, N / N.sum(axis=1, keepdims=True), **FLOAT32, where=B.bigram_probs)


class TestSampling(unittest.TestCase):
    def test_deterministic_rows(self):
        """sample_name: with one certain choice per row, the name is fixed"""
        P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])  # . -> a -> b -> .
        got = B.sample_name(P, {0: ".", 1: "a", 2: "b"}, np.random.default_rng(0))
        assert_equal("sample_name(P: . -> a -> b -> .)", got, "ab", where=B.sample_name,
                     hint="start from index 0, stop when you draw index 0, and leave the dots out.")

    def test_lengths_follow_probabilities(self):
        """sample_name: after 'a', stopping has probability 1/2, so names average 2 letters"""
        P = np.array([[0.0, 1.0], [0.5, 0.5]])
        rng = np.random.default_rng(1234)
        lengths = [len(B.sample_name(P, {0: ".", 1: "a"}, rng)) for _ in range(4000)]
        assert_close("mean length of 4000 sampled names", np.mean(lengths), 2.0, atol=0.1, where=B.sample_name,
                     hint="draw each next index from the row of the current character: rng.choice(P.shape[1], p=P[ix]).")

    def test_uses_the_generator(self):
        """sample_name: the same seed gives the same names"""
        P = np.full((4, 4), 0.25)
        itos = {0: ".", 1: "x", 2: "y", 3: "z"}
        a = [B.sample_name(P, itos, np.random.default_rng(7)) for _ in range(3)]
        b = [B.sample_name(P, itos, np.random.default_rng(7)) for _ in range(3)]
        assert_equal("names from two generators with seed 7", a, b, where=B.sample_name,
                     hint="draw with the `rng` you are given (rng.choice).")


class TestNLL(unittest.TestCase):
    def test_small(self):
        """nll: the average of -log P over every pair"""
        P = np.array([[0.0, 0.5, 0.5], [0.25, 0.25, 0.5], [0.5, 0.5, 0.0]])
        got = B.nll(["ab", "a"], P, {".": 0, "a": 1, "b": 2})
        # pairs: .a ab b. .a a.
        expected = -(math.log(0.5) + math.log(0.5) + math.log(0.5) + math.log(0.5) + math.log(0.25)) / 5
        assert_close("nll(['ab', 'a'], P)", got, expected, **FLOAT32, where=B.nll, mistakes=[
            (expected * 5, "that is the sum; divide by the number of pairs to get the average."),
            (-expected, "the loss is the NEGATIVE log-likelihood: -log(p), a positive number."),
        ])

    def test_names(self):
        """on names.txt with smoothing 1 the loss is about 2.4546"""
        words = open(data_path("names.txt", NAMES_URL)).read().split()
        stoi, _ = B.build_vocab(words)
        P = B.bigram_probs(B.count_bigrams(words, stoi), smoothing=1)
        assert_close("nll(names, bigram_probs(count_bigrams(names), 1))", B.nll(words, P, stoi), 2.454577, atol=1e-4,
                     where=B.nll)


if __name__ == "__main__":
    unittest.main()
