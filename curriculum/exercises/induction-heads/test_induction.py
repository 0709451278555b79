"""Tests for induction.py: on hand-made attention patterns, then on the tiny GPT.
Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close, assert_equal, model_path
import induction as I
import tinygpt

HALF = 40


def slow_induction(att, half, offset=1):
    n_layer, n_head = att.shape[:2]
    out = np.zeros((n_layer, n_head))
    for l in range(n_layer):
        for h in range(n_head):
            out[l, h] = sum(att[l, h, t, t - half + offset] for t in range(half, 2 * half)) / half
    return out


def slow_previous(att, offset=1):
    n = att.shape[-1]
    return np.array([[sum(att[l, h, t, t - offset] for t in range(1, n)) / (n - 1) for h in range(att.shape[1])]
                     for l in range(att.shape[0])])


def random_patterns(n_layer=2, n_head=3, n_seq=8, seed=0):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n_layer, n_head, n_seq, n_seq)) * 2 + (1 - np.tri(n_seq)) * -1e10
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class TestPieces(unittest.TestCase):
    def test_repeated_sequence(self):
        """repeated_sequence: random ids, then the same ids again"""
        got = np.asarray(I.repeated_sequence(np.random.default_rng(0), 65, 5))
        first = np.random.default_rng(0).integers(0, 65, size=5)
        assert_equal("repeated_sequence(default_rng(0), 65, 5)", got.tolist(), np.concatenate([first, first]).tolist(),
                     where=I.repeated_sequence, hint="draw once with rng.integers(0, n_vocab, size=half) and concatenate it with itself.")

    def test_per_token_loss(self):
        """per_token_loss: position t is scored on the NEXT token"""
        logits = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.1, 0.8], [1 / 3, 1 / 3, 1 / 3]]))
        idx = np.array([0, 1, 2])
        assert_close("per_token_loss(logits, [0, 1, 2])", I.per_token_loss(logits, idx), [-math.log(0.25), -math.log(0.8)],
                     **FLOAT32, where=I.per_token_loss,
                     mistakes=[([-math.log(0.5), -math.log(0.1)], "position t predicts idx[t + 1], not idx[t].")])

    def test_scores_on_made_up_patterns(self):
        """induction_scores and previous_token_scores on random causal patterns"""
        att = random_patterns(n_seq=8)
        assert_close("induction_scores(att, half=4)", I.induction_scores(att, 4), slow_induction(att, 4), **FLOAT32,
                     where=I.induction_scores, mistakes=[
                         (slow_induction(att, 4, offset=0), "that is attention to the previous copy of the SAME token "
                                                            "(t - half); an induction head looks one further: t - half + 1.")])
        assert_close("previous_token_scores(att)", I.previous_token_scores(att), slow_previous(att), **FLOAT32,
                     where=I.previous_token_scores, mistakes=[(slow_previous(att, offset=0), "that is attention to itself (t, t); use t - 1.")])

    def test_perfect_heads(self):
        """a perfect induction head scores 1, a perfect previous-token head scores 1"""
        n = 2 * 5
        induction = np.zeros((n, n))
        for t in range(n):  # the first copy has nothing to copy yet: each position looks at itself
            induction[t, t - 5 + 1 if t >= 5 else t] = 1
        previous = np.eye(n, k=-1)
        previous[0, 0] = 1
        att = np.stack([induction, previous])[None]  # [1 layer, 2 heads, n, n]
        assert_close("[induction_scores, previous_token_scores] of a perfect induction head and a perfect "
                     "previous-token head", [I.induction_scores(att, 5)[0], I.previous_token_scores(att)[0]],
                     [[1.0, 0.0], [0.0, 1.0]], **FLOAT32, where=I.induction_scores)

    def test_top_heads(self):
        """top_heads: best first, as (layer, head, score)"""
        scores = np.array([[0.1, 0.7, 0.2], [0.9, 0.05, 0.3]])
        got = I.top_heads(scores, 3)
        assert_equal("top_heads(scores, 3)", [(a, b, round(c, 6)) for a, b, c in got], [(1, 0, 0.9), (0, 1, 0.7), (1, 2, 0.3)],
                     where=I.top_heads, hint="sort all layer x head scores in DESCENDING order; np.unravel_index turns a "
                                             "flat index back into (layer, head).")


class TestTinyGPT(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        params, vocab = tinygpt.load(model_path("weights.npz"), model_path("vocab.json"))
        cls.vocab = vocab
        rng = np.random.default_rng(1234)
        first = rng.integers(0, vocab["vocab_size"], size=HALF)
        cls.idx = np.concatenate([first, first])
        cls.logits, cls.att = tinygpt.forward(cls.idx, params, vocab["n_head"])

    def test_scores_on_the_model(self):
        """induction and previous-token scores of every head of the tiny GPT"""
        assert_close("induction_scores(att of the tiny GPT, half={})".format(HALF), I.induction_scores(self.att, HALF),
                     slow_induction(self.att, HALF), **FLOAT32, where=I.induction_scores,
                     mistakes=[(slow_induction(self.att, HALF, offset=0), "look one token further: t - half + 1.")])
        assert_close("previous_token_scores(att of the tiny GPT)", I.previous_token_scores(self.att),
                     slow_previous(self.att), **FLOAT32, where=I.previous_token_scores)

    def test_loss_on_the_model(self):
        """per_token_loss of the tiny GPT on a repeated random sequence"""
        logits = self.logits
        m = logits.max(axis=-1, keepdims=True)
        log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))
        expected = [-log_probs[t, self.idx[t + 1]] for t in range(len(self.idx) - 1)]
        assert_close("per_token_loss(logits of the tiny GPT, idx)", I.per_token_loss(logits, self.idx), expected, **FLOAT32,
                     where=I.per_token_loss)

    def test_top_heads_of_the_model(self):
        """top_heads picks the tiny GPT's strongest previous-token head"""
        scores = slow_previous(self.att)
        l, h = np.unravel_index(np.argmax(scores), scores.shape)
        got = I.top_heads(scores, 1)
        assert_equal("top_heads(previous-token scores of the tiny GPT, 1)[0][:2]", tuple(got[0][:2]) if got else None,
                     (int(l), int(h)), where=I.top_heads)
