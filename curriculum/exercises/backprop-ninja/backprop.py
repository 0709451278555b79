"""Backpropagation by hand: the gradient of each layer of an MLP language model, no autograd.

Each function gets the layer's inputs (what the forward pass saved) and the gradient of the
loss with respect to the layer's output, and returns the gradients with respect to its inputs.
Fill them in from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def cross_entropy_backward(logits, Y):  # [n, n_vocab], [n] -> [n, n_vocab]
    """d loss / d logits, where loss = mean over the n rows of -log softmax(logits)[i, Y[i]]."""
    raise NotImplementedError


def linear_backward(x, W, dout):  # out = x @ W + b: [n, n_in], [n_in, n_out], [n, n_out]
    """Gradients of a linear layer. Returns (dx [n, n_in], dW [n_in, n_out], db [n_out])."""
    raise NotImplementedError


def tanh_backward(h, dh):  # h = tanh(a): [n, d], [n, d] -> [n, d]
    """d loss / d a, given the tanh OUTPUT h and dh = d loss / d h."""
    raise NotImplementedError


def batchnorm_backward(x, gamma, dout, eps=1e-5):  # [n, d], [d], [n, d] -> [n, d], [d], [d]
    """Gradients of training-mode batch norm
        out = gamma * (x - mean) / sqrt(var + eps) + beta
    with the batch mean and biased variance of each column of x.
    Returns (dx [n, d], dgamma [d], dbeta [d]).
    """
    raise NotImplementedError


def embedding_backward(X, demb, n_vocab):  # [n, block_size], [n, block_size, n_embd] -> [n_vocab, n_embd]
    """Gradient of the table C for emb = C[X]. A character that appears several times in X
    collects the gradient of every appearance.
    """
    raise NotImplementedError
