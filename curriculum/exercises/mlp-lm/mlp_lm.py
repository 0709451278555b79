"""An MLP language model (Bengio et al. 2003): embed the last few characters, one hidden layer, logits.

Fill in the four functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def build_dataset(words, stoi, block_size=3):  # -> X [n, block_size] int, Y [n] int
    """Every (context, next character) pair in `words`.

    A context is the indices of the block_size previous characters, padded with '.' (index 0) at
    the start of a name; each name ends with '.' as its last target. For "emma" and block_size 3:
        ... -> e,  ..e -> m,  .em -> m,  emm -> a,  mma -> .
    """
    raise NotImplementedError


def embed(C, X):  # [n_vocab, n_embd], [n, block_size] -> [n, block_size, n_embd]
    """Look up the embedding row C[i] of every character index i in X (one line of numpy)."""
    raise NotImplementedError


def mlp_forward(X, C, W1, b1, W2, b2):  # [n, block_size] -> [n, n_vocab]
    """Logits for the next character after each context.

    C  [n_vocab, n_embd]                    character embeddings
    W1 [block_size * n_embd, n_hidden], b1 [n_hidden]
    W2 [n_hidden, n_vocab],             b2 [n_vocab]
    Embed, concatenate each context's embeddings (position 0 first), tanh hidden layer, output layer.
    """
    raise NotImplementedError


def cross_entropy(logits, Y):  # [n, n_vocab], [n] -> float
    """Mean over rows of -log softmax(logits[i])[Y[i]]; must stay finite for logits around 1000."""
    raise NotImplementedError
