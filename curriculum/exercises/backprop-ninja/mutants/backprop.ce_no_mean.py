"""Backpropagation by hand: the gradient of each layer of an MLP language model, no autograd."""
import numpy as np


def cross_entropy_backward(logits, Y):  # [n, n_vocab], [n] -> [n, n_vocab]
    """d loss / d logits, where loss = mean over rows of -log softmax(logits)[Y]."""
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    dlogits = e / e.sum(axis=1, keepdims=True)      # softmax
    dlogits[np.arange(len(Y)), Y] -= 1              # minus the one-hot target
    return dlogits                         # the loss is a mean over n rows


def linear_backward(x, W, dout):  # out = x @ W + b: [n, n_in], [n_in, n_out], [n, n_out]
    """Gradients of a linear layer: returns dx [n, n_in], dW [n_in, n_out], db [n_out]."""
    dx = dout @ W.T
    dW = x.T @ dout
    db = dout.sum(axis=0)  # b was broadcast over the n rows, so its gradient sums over them
    return dx, dW, db


def tanh_backward(h, dh):  # h = tanh(a): [n, d], [n, d] -> [n, d]
    """d loss / d a, given the tanh output h (not its input) and d loss / d h."""
    return (1 - h ** 2) * dh


def batchnorm_backward(x, gamma, dout, eps=1e-5):  # [n, d], [d], [n, d] -> [n, d], [d], [d]
    """Gradients of out = gamma * (x - mean) / sqrt(var + eps) + beta (batch mean, biased var)."""
    n = x.shape[0]
    invstd = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * invstd
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    # Every x in a column also moves that column's mean and variance, hence the two sums.
    dx = gamma * invstd / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def embedding_backward(X, demb, n_vocab):  # [n, block_size], [n, block_size, n_embd] -> [n_vocab, n_embd]
    """Gradient of the embedding table C for emb = C[X]: each row of C collects every use of it."""
    dC = np.zeros((n_vocab, demb.shape[-1]))
    # np.add.at adds once per occurrence; dC[X] += demb would keep only one of repeated indices.
    np.add.at(dC, X, demb)
    return dC
