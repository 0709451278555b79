"""Tests for backprop.py: every gradient is checked against finite differences. Run: python llmstudy_test.py"""
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close
import backprop as BP


def numeric_grad(f, x, h=1e-6):
    """Central differences: nudge each entry of x (in place, then restore) and watch f."""
    g = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + h
        up = f()
        x[idx] = old - h
        down = f()
        x[idx] = old
        g[idx] = (up - down) / (2 * h)
    return g


def cross_entropy(logits, Y):
    m = logits.max(axis=1, keepdims=True)
    lp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -lp[np.arange(len(Y)), Y].mean()


def batchnorm(x, gamma, beta, eps=1e-5):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


class TestCrossEntropy(unittest.TestCase):
    def test_dlogits(self):
        """cross_entropy_backward: matches finite differences (softmax minus one-hot, over n)"""
        rng = np.random.default_rng(0)
        logits, Y = rng.normal(size=(5, 7)) * 2, np.array([0, 6, 3, 3, 1])
        expected = numeric_grad(lambda: cross_entropy(logits, Y), logits)
        got = BP.cross_entropy_backward(logits.copy(), Y)
        assert_close("cross_entropy_backward(logits [5, 7], Y)", got, expected, atol=1e-7, where=BP.cross_entropy_backward,
                     mistakes=[(expected * 5, "the loss is a MEAN over the 5 rows: divide by n."),
                               (-expected, "the sign is flipped: it is softmax minus the one-hot target.")])

    def test_rows_sum_to_zero(self):
        """cross_entropy_backward: each row sums to 0 (pushes the target up as much as the rest down)"""
        rng = np.random.default_rng(1)
        got = np.asarray(BP.cross_entropy_backward(rng.normal(size=(4, 6)), np.array([1, 2, 3, 4])))
        assert_close("row sums of dlogits", got.sum(axis=1), np.zeros(4), atol=1e-6, where=BP.cross_entropy_backward)


class TestLinear(unittest.TestCase):
    def test_gradients(self):
        """linear_backward: dx, dW, db match finite differences"""
        rng = np.random.default_rng(2)
        x, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
        G = rng.normal(size=(6, 3))  # loss = sum(out * G), so dout = G
        loss = lambda: ((x @ W + b) * G).sum()
        dx, dW, db = BP.linear_backward(x.copy(), W.copy(), G.copy())
        assert_close("dx of linear_backward", dx, numeric_grad(loss, x), atol=1e-6, where=BP.linear_backward)
        assert_close("dW of linear_backward", dW, numeric_grad(loss, W), atol=1e-6, where=BP.linear_backward)
        assert_close("db of linear_backward", db, numeric_grad(loss, b), atol=1e-6, where=BP.linear_backward,
                     mistakes=[(G.mean(axis=0), "b is used by every row, so db SUMS dout over the rows.")],
                     hint="b is broadcast over the rows: sum dout over axis 0.")


class TestTanh(unittest.TestCase):
    def test_gradient(self):
        """tanh_backward: (1 - h**2) * dh, with h the output"""
        rng = np.random.default_rng(3)
        a, G = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
        expected = numeric_grad(lambda: (np.tanh(a) * G).sum(), a)
        h = np.tanh(a)
        assert_close("tanh_backward(h, dh)", BP.tanh_backward(h, G), expected, atol=1e-6, where=BP.tanh_backward,
                     mistakes=[((1 - a ** 2) * G, "h is tanh's output; use 1 - h**2, not the input."),
                               ((1 - h) * G, "the derivative is 1 - h**2, not 1 - h.")])


class TestBatchnorm(unittest.TestCase):
    def setUp(self):
        rng = np.random.default_rng(4)
        self.x = rng.normal(loc=1.0, scale=2.0, size=(8, 3))
        self.gamma, self.beta = rng.normal(size=3) + 1, rng.normal(size=3)
        self.G = rng.normal(size=(8, 3))
        self.loss = lambda: (batchnorm(self.x, self.gamma, self.beta) * self.G).sum()

    def test_dgamma_dbeta(self):
        """batchnorm_backward: dgamma and dbeta match finite differences"""
        _, dgamma, dbeta = BP.batchnorm_backward(self.x.copy(), self.gamma.copy(), self.G.copy())
        assert_close("dgamma of batchnorm_backward", dgamma, numeric_grad(self.loss, self.gamma), atol=1e-6,
                     where=BP.batchnorm_backward)
        assert_close("dbeta of batchnorm_backward", dbeta, numeric_grad(self.loss, self.beta), atol=1e-6,
                     where=BP.batchnorm_backward)

    def test_dx(self):
        """batchnorm_backward: dx matches finite differences (mean and variance depend on x too)"""
        dx, _, _ = BP.batchnorm_backward(self.x.copy(), self.gamma.copy(), self.G.copy())
        expected = numeric_grad(self.loss, self.x)
        invstd = 1 / np.sqrt(self.x.var(axis=0) + 1e-5)
        only_direct = self.gamma * invstd * self.G
        assert_close("dx of batchnorm_backward", dx, expected, atol=1e-6, where=BP.batchnorm_backward, mistakes=[
            (only_direct, "that is only the direct path; x also moves the batch mean and variance."),
            (only_direct - (self.gamma * invstd * self.G).mean(axis=0),
             "the path through the mean is there, the one through the variance is missing."),
        ], hint="dx = gamma * invstd / n * (n * dout - dout.sum(0) - x_hat * (dout * x_hat).sum(0)).")

    def test_given_eps(self):
        """batchnorm_backward: uses the eps it is given (it changes the gradient of a low-variance feature)"""
        x = self.x * 0.1
        loss = lambda: (batchnorm(x, self.gamma, self.beta, eps=0.1) * self.G).sum()
        expected = numeric_grad(loss, x)
        dx, _, _ = BP.batchnorm_backward(x.copy(), self.gamma.copy(), self.G.copy(), eps=0.1)
        assert_close("dx of batchnorm_backward(x, gamma, dout, eps=0.1)", dx, expected, atol=1e-6,
                     where=BP.batchnorm_backward, hint="pass eps on to the variance: this call gives eps=0.1, not the default.")


class TestEmbedding(unittest.TestCase):
    def test_repeated_indices(self):
        """embedding_backward: a character used several times collects every gradient"""
        rng = np.random.default_rng(5)
        C = rng.normal(size=(6, 2))
        X = np.array([[0, 0, 3], [3, 3, 5]])
        G = rng.normal(size=(2, 3, 2))
        expected = numeric_grad(lambda: (C[X] * G).sum(), C)
        overwritten = np.zeros_like(C)
        overwritten[X] += G
        assert_close("embedding_backward(X, demb, 6)", BP.embedding_backward(X, G, 6), expected, atol=1e-6,
                     where=BP.embedding_backward, mistakes=[
                         (overwritten, "dC[X] += demb keeps only one of repeated indices; use np.add.at or a loop.")])


if __name__ == "__main__":
    unittest.main()
