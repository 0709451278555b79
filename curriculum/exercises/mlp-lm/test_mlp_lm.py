"""Tests for mlp_lm.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close, data_path
import mlp_lm as M

NAMES_URL = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt"
STOI = {".": 0, **{c: i + 1 for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}}


def params(block_size=3, n_embd=2, n_hidden=5, n_vocab=27, seed=0):
    rng = np.random.default_rng(seed)
    return dict(C=rng.normal(size=(n_vocab, n_embd)), W1=rng.normal(size=(block_size * n_embd, n_hidden)) * 0.5,
                b1=rng.normal(size=n_hidden) * 0.1, W2=rng.normal(size=(n_hidden, n_vocab)) * 0.5,
                b2=rng.normal(size=n_vocab) * 0.1)


def slow_forward(X, C, W1, b1, W2, b2):
    rows = []
    for context in X:
        x = np.concatenate([C[i] for i in context])
        rows.append(np.tanh(x @ W1 + b1) @ W2 + b2)
    return np.array(rows)


def slow_cross_entropy(logits, Y):
    total = 0.0
    for row, y in zip(logits, Y):
        top = max(row)
        total += -(row[y] - top - math.log(sum(math.exp(v - top) for v in row)))
    return total / len(Y)


class TestDataset(unittest.TestCase):
    def test_emma(self):
        """build_dataset(['emma'], block_size=3): five examples, padded with '.'"""
        X, Y = M.build_dataset(["emma"], STOI, block_size=3)
        e, m, a = STOI["e"], STOI["m"], STOI["a"]
        expected_X = [[0, 0, 0], [0, 0, e], [0, e, m], [e, m, m], [m, m, a]]
        assert_close("X of build_dataset(['emma'])", X, expected_X, atol=0, where=M.build_dataset, mistakes=[
            ([[0, 0, 0], [e, 0, 0], [m, e, 0], [m, m, e], [a, m, m]], "the context is reversed: drop its first index and append the new one at the end."),
        ])
        assert_close("Y of build_dataset(['emma'])", Y, [e, m, m, a, 0], atol=0, where=M.build_dataset,
                     hint="the last target of every name is '.' (index 0).")

    def test_block_size(self):
        """build_dataset: block_size sets the context width; each name restarts from '.'"""
        X, Y = M.build_dataset(["ab", "c"], STOI, block_size=2)
        assert_close("X of build_dataset(['ab', 'c'], block_size=2)", X, [[0, 0], [0, 1], [1, 2], [0, 0], [0, 3]], atol=0,
                     where=M.build_dataset)
        assert_close("Y of build_dataset(['ab', 'c'], block_size=2)", Y, [1, 2, 0, 3, 0], atol=0, where=M.build_dataset)

    def test_names(self):
        """build_dataset on the first 1000 names of names.txt: one example per character plus one per name"""
        words = open(data_path("names.txt", NAMES_URL)).read().split()[:1000]
        X, Y = M.build_dataset(words, STOI, block_size=3)
        n = sum(len(w) + 1 for w in words)
        assert_close("X.shape", np.asarray(X).shape, (n, 3), atol=0, where=M.build_dataset)
        assert_close("number of '.' targets in Y", (np.asarray(Y) == 0).sum(), len(words), atol=0, where=M.build_dataset)


class TestForward(unittest.TestCase):
    def test_embed(self):
        """embed: [n, block_size] indices -> [n, block_size, n_embd] vectors"""
        C = np.arange(12.0).reshape(6, 2)
        X = np.array([[0, 5, 2], [1, 1, 0]])
        assert_close("embed(C, X)", M.embed(C, X), [[C[0], C[5], C[2]], [C[1], C[1], C[0]]], atol=0, where=M.embed)

    def test_logits(self):
        """mlp_forward: logits match embed -> concat -> tanh(x W1 + b1) -> h W2 + b2"""
        p = params()
        X = np.array([[0, 0, 0], [0, 5, 13], [13, 13, 1], [1, 26, 2]])
        got = M.mlp_forward(X, **p)
        emb = p["C"][X]
        transposed = np.tanh(emb.transpose(0, 2, 1).reshape(4, -1) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
        no_tanh = (emb.reshape(4, -1) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
        assert_close("mlp_forward(X, C, W1, b1, W2, b2)", got, slow_forward(X, **p), **FLOAT32, where=M.mlp_forward, mistakes=[
            (transposed, "the embeddings are concatenated in the wrong order: reshape emb [n, block_size, n_embd] to [n, block_size * n_embd] directly."),
            (no_tanh, "the hidden layer needs its tanh."),
        ])


class TestCrossEntropy(unittest.TestCase):
    def test_uniform(self):
        """cross_entropy: equal logits over 27 characters cost log(27)"""
        assert_close("cross_entropy(zeros [4, 27], Y)", M.cross_entropy(np.zeros((4, 27)), np.array([0, 3, 9, 26])),
                     math.log(27), **FLOAT32, where=M.cross_entropy)

    def test_matches_formula(self):
        """cross_entropy: the mean of -log softmax at the targets"""
        rng = np.random.default_rng(1)
        logits = rng.normal(size=(6, 5)) * 3
        Y = np.array([0, 4, 2, 2, 1, 3])
        expected = slow_cross_entropy(logits, Y)
        assert_close("cross_entropy(logits [6, 5], Y)", M.cross_entropy(logits, Y), expected, **FLOAT32,
                     where=M.cross_entropy, mistakes=[(expected * 6, "that is the sum over rows; take the mean.")])

    def test_large_logits(self):
        """cross_entropy: logits around 1000 still give a finite loss"""
        logits = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            got = M.cross_entropy(logits, np.array([2, 0]))
        assert_close("cross_entropy([[1000, 1001, 1002], [-1000, 0, 1000]], [2, 0])", got,
                     slow_cross_entropy(logits, [2, 0]), **FLOAT32, where=M.cross_entropy,
                     hint="compute log-softmax as logits - max - log(sum(exp(logits - max))), never log(exp(...)).")


if __name__ == "__main__":
    unittest.main()
