"""Tests for autograd.py. Run: python llmstudy_test.py"""
import math
import unittest

from llmstudy_test import assert_close
from autograd import Value


def tanh(v):
    return v.tanh() if isinstance(v, Value) else math.tanh(v)


def exp(v):
    return v.exp() if isinstance(v, Value) else math.exp(v)


def numeric_grads(f, xs, h=1e-6):
    """Central differences on plain floats: the slope of f along each input."""
    grads = []
    for i in range(len(xs)):
        up = list(xs)
        down = list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(*up) - f(*down)) / (2 * h))
    return grads


def value_grads(f, xs):
    vs = [Value(x) for x in xs]
    out = f(*vs)
    out.backward()
    return out, [v.grad for v in vs]


class TestForward(unittest.TestCase):
    def test_add_and_mul(self):
        """+ and * compute the right numbers, also with plain numbers on either side"""
        a, b = Value(2.0), Value(-3.0)
        got = [(a + b).data, (a * b).data, (a + 1).data, (a * 4).data, (1 + a).data, (4 * a).data]
        assert_close("[a+b, a*b, a+1, a*4, 1+a, 4*a] for a=2, b=-3", got, [-1, -6, 3, 8, 3, 8], where=Value.__add__)

    def test_tanh_and_exp(self):
        """tanh and exp compute the right numbers"""
        got = [Value(0.5).tanh().data, Value(-2.0).tanh().data, Value(1.0).exp().data, Value(-0.5).exp().data]
        assert_close("[tanh(0.5), tanh(-2), exp(1), exp(-0.5)]", got,
                     [math.tanh(0.5), math.tanh(-2.0), math.e, math.exp(-0.5)], atol=1e-9, where=Value.tanh)


class TestBackward(unittest.TestCase):
    def test_add(self):
        """backward through +: both inputs get gradient 1"""
        _, grads = value_grads(lambda a, b: a + b, [2.0, -3.0])
        assert_close("[a.grad, b.grad] after (a + b).backward()", grads, [1.0, 1.0], where=Value.__add__,
                     mistakes=[([0.0, 0.0], "every gradient is 0: does backward() set self.grad = 1 first?")])

    def test_mul(self):
        """backward through *: each input gets the other input's value"""
        _, grads = value_grads(lambda a, b: a * b, [2.0, -3.0])
        assert_close("[a.grad, b.grad] after (a * b).backward() with a=2, b=-3", grads, [-3.0, 2.0], where=Value.__mul__,
                     mistakes=[([2.0, -3.0], "each input's gradient is the OTHER input's data times out.grad."),
                               ([0.0, 0.0], "every gradient is 0: does backward() set self.grad = 1 first?")])

    def test_value_used_twice(self):
        """a Value used twice collects gradient from both uses (+=, not =)"""
        _, grads = value_grads(lambda a: a + a, [3.0])
        assert_close("a.grad after (a + a).backward()", grads, [2.0], where=Value.__add__,
                     mistakes=[([1.0], "the second use overwrote the first: accumulate with +=, not =.")])
        _, grads = value_grads(lambda a: a * a, [3.0])
        assert_close("a.grad after (a * a).backward() with a=3", grads, [6.0], where=Value.__mul__,
                     mistakes=[([3.0], "the second use overwrote the first: accumulate with +=, not =.")])

    def test_tanh(self):
        """backward through tanh: 1 - tanh(x)**2"""
        _, grads = value_grads(lambda x: tanh(x), [0.7])
        assert_close("x.grad after x.tanh().backward() with x=0.7", grads, [1 - math.tanh(0.7) ** 2], atol=1e-9,
                     where=Value.tanh, mistakes=[([1 - math.tanh(0.7)], "the derivative is 1 - t**2, not 1 - t.")])

    def test_exp(self):
        """backward through exp: exp(x) itself"""
        _, grads = value_grads(lambda x: exp(x), [-0.3])
        assert_close("x.grad after x.exp().backward() with x=-0.3", grads, [math.exp(-0.3)], atol=1e-9, where=Value.exp)

    def test_neuron(self):
        """a tanh neuron: o = tanh(x1*w1 + x2*w2 + b), every gradient"""
        f = lambda x1, w1, x2, w2, b: tanh(x1 * w1 + x2 * w2 + b)
        xs = [2.0, -3.0, 0.0, 1.0, 6.8813735870195432]
        out, grads = value_grads(f, xs)
        assert_close("o.data", out.data, math.sqrt(0.5), atol=1e-6, where=Value.tanh)
        assert_close("[x1.grad, w1.grad, x2.grad, w2.grad, b.grad]", grads, [-1.5, 1.0, 0.5, 0.0, 0.5], atol=1e-6,
                     where=Value.backward)

    def test_shared_subexpression(self):
        """a graph where one node feeds two others: backward must wait for both (topological order)"""
        def f(x, y):
            s = x * y          # used twice below
            t = tanh(s) * s
            return t + s * x + exp(s * -0.5)
        xs = [0.8, -1.3]
        _, grads = value_grads(f, xs)
        assert_close("[x.grad, y.grad] for t = tanh(x*y)*(x*y) + (x*y)*x + exp(-(x*y)/2)", grads,
                     numeric_grads(f, xs), atol=1e-5, where=Value.backward,
                     mistakes=[([0.0, 0.0], "every gradient is 0: does backward() set self.grad = 1 first?")],
                     hint="if the one-operation tests pass, look at the order: each node's _backward() must run "
                          "exactly once, after every node that uses it (a topological order, walked in reverse).")

    def test_two_layer_expression(self):
        """a small two-layer net: gradients match finite differences"""
        def f(x1, x2, w1, w2, w3, w4, v1, v2):
            h1 = tanh(x1 * w1 + x2 * w2 + 0.5)
            h2 = tanh(x1 * w3 + x2 * w4 - 0.25)
            y = h1 * v1 + h2 * v2
            return (y - 1.0) * (y - 1.0)
        xs = [0.5, -1.5, 0.3, -0.8, 1.1, 0.4, -0.7, 0.9]
        out, grads = value_grads(f, xs)
        assert_close("loss.data", out.data, f(*xs), atol=1e-9)
        assert_close("gradients of [x1, x2, w1, w2, w3, w4, v1, v2]", grads, numeric_grads(f, xs), atol=1e-5,
                     where=Value.backward)


if __name__ == "__main__":
    unittest.main()
