"""A scalar autograd engine: each Value remembers how it was made and can push gradients back.

Write __add__, __mul__, tanh, exp and backward. Each op builds `out`, then sets
out._backward to a function that adds its share of out.grad to its inputs' .grad.
Run the tests with:  python llmstudy_test.py
"""
import math


class Value:
    """A number in a computation graph: data, its gradient, and the Values it came from."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0  # d(output) / d(self), filled in by backward()
        self._backward = lambda: None  # pushes out.grad into the children's .grad
        self._prev = set(_children)
        self._op = _op

    def __repr__(self):
        return "Value(data={:.4g}, grad={:.4g})".format(self.data, self.grad)

    def __add__(self, other):
        """self + other: out.data is the sum; both inputs get out.grad (d(a+b)/da = 1).

        `other` may be a plain number: wrap it in a Value first.
        """
        raise NotImplementedError

    def __mul__(self, other):
        """self * other: out.data is the product; each input gets the other's data times out.grad."""
        raise NotImplementedError

    def tanh(self):
        """tanh(self): its local derivative is 1 - tanh(x)**2."""
        raise NotImplementedError

    def exp(self):
        """exp(self): its local derivative is exp(x) itself."""
        raise NotImplementedError

    def backward(self):
        """Set self.grad = 1 and fill in .grad of every Value this one depends on.

        Call each node's _backward() only after every node that uses it has called its own:
        sort the graph topologically, then walk it in reverse.
        """
        raise NotImplementedError

    # Given: everything below is built from + and *.
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return Value(other) + (-self)

    def __rmul__(self, other):
        return self * other
