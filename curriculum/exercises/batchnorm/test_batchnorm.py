"""Tests for batchnorm.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close
import batchnorm as BN


def batch(n=32, d=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(loc=3.0, scale=2.5, size=(n, d)) * np.array([1.0, 0.1, 10.0, 1.0])[:d]


def slow_batchnorm(x, gamma, beta, eps=1e-5, ddof=0):
    n, d = x.shape
    out = np.zeros_like(x)
    for j in range(d):
        col = [x[i, j] for i in range(n)]
        mean = sum(col) / n
        var = sum((c - mean) ** 2 for c in col) / (n - ddof)
        for i in range(n):
            out[i, j] = gamma[j] * (x[i, j] - mean) / math.sqrt(var + eps) + beta[j]
    return out


class TestInit(unittest.TestCase):
    def test_kaiming_std(self):
        """kaiming_std: gain / sqrt(fan_in)"""
        got = [BN.kaiming_std(100), BN.kaiming_std(30, gain=1.0)]
        assert_close("[kaiming_std(100), kaiming_std(30, gain=1)]", got, [5 / 3 / 10, 1 / math.sqrt(30)], **FLOAT32,
                     where=BN.kaiming_std, mistakes=[([5 / 3 / 100, 1 / 30], "divide by the SQUARE ROOT of fan_in.")])

    def test_keeps_std(self):
        """kaiming_std: a linear layer initialised with it keeps the std of its inputs near 1"""
        rng = np.random.default_rng(0)
        x = rng.normal(size=(2000, 200))
        W = rng.normal(size=(200, 300)) * BN.kaiming_std(200, gain=1.0)
        assert_close("std of x @ W with x ~ N(0, 1)", (x @ W).std(), 1.0, atol=0.05, where=BN.kaiming_std)


class TestTraining(unittest.TestCase):
    def test_normalises(self):
        """batchnorm_forward: with gamma=1, beta=0 each feature has mean 0 and std 1"""
        x = batch()
        out, mean, var = BN.batchnorm_forward(x, np.ones(4), np.zeros(4))
        out = np.asarray(out)
        assert_close("column means of the output", out.mean(axis=0), np.zeros(4), **FLOAT32, where=BN.batchnorm_forward)
        by_row = (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + 1e-5)
        assert_close("column stds of the output", out.std(axis=0), np.ones(4), atol=1e-4, where=BN.batchnorm_forward,
                     hint="each feature (a column, axis=0) is normalised over the batch.",
                     mistakes=[(by_row.std(axis=0), "each row was normalised; batch norm normalises each column (axis=0), "
                                                    "over the batch.")])

    def test_matches_formula(self):
        """batchnorm_forward: out = gamma * (x - mean) / sqrt(var + eps) + beta"""
        x = batch(n=16, seed=1)
        gamma, beta = np.array([1.0, 2.0, 0.5, -1.0]), np.array([0.0, 1.0, -3.0, 0.25])
        out, mean, var = BN.batchnorm_forward(x, gamma, beta)
        assert_close("batchnorm_forward(x, gamma, beta)[0]", out, slow_batchnorm(x, gamma, beta), **FLOAT32,
                     where=BN.batchnorm_forward, mistakes=[(slow_batchnorm(x, gamma, beta, ddof=1),
                                                            "use the biased variance (divide by n: np.var's default), as batch norm does in training.")])
        assert_close("the batch mean it returns", mean, x.mean(axis=0), **FLOAT32, where=BN.batchnorm_forward)
        assert_close("the batch variance it returns", var, x.var(axis=0), **FLOAT32, where=BN.batchnorm_forward,
                     mistakes=[(x.var(axis=0, ddof=1), "use the biased variance (divide by n).")])

    def test_given_eps(self):
        """batchnorm_forward: uses the eps it is given, which matters for a feature of small variance"""
        x = batch(n=8, seed=5) * 0.05
        gamma, beta = np.ones(4), np.zeros(4)
        out, _, _ = BN.batchnorm_forward(x, gamma, beta, eps=0.01)
        assert_close("batchnorm_forward(x, gamma, beta, eps=0.01)[0]", out, slow_batchnorm(x, gamma, beta, eps=0.01),
                     **FLOAT32, where=BN.batchnorm_forward,
                     mistakes=[(slow_batchnorm(x, gamma, beta), "pass eps on: this call gives eps=0.01, not the default.")])

    def test_constant_feature(self):
        """batchnorm_forward: a feature that never changes gives beta, not nan (that is what eps is for)"""
        x = batch(n=8, seed=2)
        x[:, 1] = 4.2
        with np.errstate(divide="ignore", invalid="ignore"):
            out, _, _ = BN.batchnorm_forward(x, np.ones(4), np.full(4, 0.5))
        assert_close("output column of a constant feature", np.asarray(out)[:, 1], np.full(8, 0.5), atol=1e-3,
                     where=BN.batchnorm_forward, nonfinite_hint="add eps to the variance inside the square root.")


class TestInference(unittest.TestCase):
    def test_running_stats(self):
        """update_running_stats: a momentum-sized step towards the batch statistics"""
        rm, rv = BN.update_running_stats(np.zeros(2), np.ones(2), np.array([1.0, 2.0]), np.array([4.0, 0.0]), momentum=0.25)
        assert_close("running mean with momentum=0.25", rm, [0.25, 0.5], **FLOAT32, where=BN.update_running_stats,
                     mistakes=[([0.75, 1.5], "momentum is the weight of the NEW batch statistics, not of the old running value."),
                               ([0.1, 0.2], "use the momentum you are given, not always 0.1.")])
        assert_close("running var with momentum=0.25", rv, [1.75, 0.75], **FLOAT32, where=BN.update_running_stats)

    def test_converges(self):
        """update_running_stats: many batches later, the running statistics match the data"""
        rng = np.random.default_rng(3)
        rm, rv = np.zeros(3), np.ones(3)
        for _ in range(200):
            x = rng.normal(loc=[1.0, -2.0, 5.0], scale=[1.0, 3.0, 0.5], size=(64, 3))
            rm, rv = BN.update_running_stats(rm, rv, x.mean(axis=0), x.var(axis=0))
        assert_close("running mean after 200 batches", rm, [1.0, -2.0, 5.0], atol=0.3, where=BN.update_running_stats)
        assert_close("running var after 200 batches", rv, [1.0, 9.0, 0.25], atol=1.5, where=BN.update_running_stats)

    def test_eval_single_example(self):
        """batchnorm_eval: uses the running statistics, so a batch of one works"""
        x = np.array([[2.0, -1.0, 0.0]])
        got = BN.batchnorm_eval(x, np.array([1.0, 2.0, 1.0]), np.array([0.0, 0.0, 1.0]),
                                np.array([1.0, 1.0, 0.0]), np.array([4.0, 1.0, 1.0]))
        eps = 1e-5
        expected = [[1 / math.sqrt(4 + eps), 2 * -2 / math.sqrt(1 + eps), 0 / math.sqrt(1 + eps) + 1]]
        assert_close("batchnorm_eval on one example", got, expected, **FLOAT32, where=BN.batchnorm_eval,
                     hint="in eval mode the statistics are running_mean and running_var.",
                     mistakes=[([[0.0, 0.0, 1.0]], "that is x normalised with its own statistics (a batch of one has "
                                                   "variance 0); eval mode uses running_mean and running_var.")])
        got = BN.batchnorm_eval(x, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), eps=0.5)
        assert_close("batchnorm_eval(x, 1, 0, mean 0, var 1, eps=0.5)", got, x / math.sqrt(1.5), **FLOAT32,
                     where=BN.batchnorm_eval, mistakes=[(x / math.sqrt(1 + 1e-5), "pass eps on: this call gives eps=0.5.")])


class TestDiagnostics(unittest.TestCase):
    def test_saturation(self):
        """saturation: the share of |h| above the threshold"""
        h = np.array([[0.99, -0.98, 0.5], [0.0, -0.999, 0.96]])
        assert_close("saturation(h, 0.97)", BN.saturation(h, 0.97), 0.5, **FLOAT32, where=BN.saturation,
                     mistakes=[(2 / 6, "count negative values too: compare np.abs(h) with the threshold.")])
        assert_close("saturation(h, 0.9)", BN.saturation(h, 0.9), 4 / 6, **FLOAT32, where=BN.saturation,
                     mistakes=[(0.5, "compare with the threshold you are given, not always 0.97.")])

    def test_saturated_init(self):
        """saturation: weights too large saturate tanh; kaiming_std keeps most outputs away from ±1"""
        rng = np.random.default_rng(4)
        x = rng.normal(size=(500, 100))
        big = np.tanh(x @ rng.normal(size=(100, 100)))
        good = np.tanh(x @ (rng.normal(size=(100, 100)) * BN.kaiming_std(100)))
        # With gain 5/3 about a fifth of tanh outputs pass 0.97; with std-1 weights over 100 inputs, most do.
        got = [BN.saturation(big), BN.saturation(good)]
        assert_close("[saturation with N(0, 1) weights, saturation with kaiming_std weights]", got, [0.9, 0.2], atol=0.1,
                     where=BN.saturation)

    def test_update_ratio(self):
        """update_to_data_ratio: log10 of std(lr * grad) / std(param)"""
        param = np.array([1.0, -1.0, 1.0, -1.0])
        grad = np.array([0.5, -0.5, 0.5, -0.5])
        assert_close("update_to_data_ratio(param, grad, lr=0.01)", BN.update_to_data_ratio(param, grad, 0.01),
                     math.log10(0.005), **FLOAT32, where=BN.update_to_data_ratio,
                     mistakes=[(0.005, "take the log10 of the ratio.")])


if __name__ == "__main__":
    unittest.main()
