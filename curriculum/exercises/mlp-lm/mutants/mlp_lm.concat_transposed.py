"""An MLP language model (Bengio et al. 2003): embed the last few characters, one hidden layer, logits."""
import numpy as np


def build_dataset(words, stoi, block_size=3):  # -> X [n, block_size] int, Y [n] int
    """Every (context of block_size previous characters, next character) pair in `words`."""
    X, Y = [], []
    for w in words:
        context = [0] * block_size  # a name starts with a context of all '.'
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return np.array(X, dtype=np.int64).reshape(-1, block_size), np.array(Y, dtype=np.int64)


def embed(C, X):  # [n_vocab, n_embd], [n, block_size] -> [n, block_size, n_embd]
    """Look up the embedding row of every character index."""
    return C[X]


def mlp_forward(X, C, W1, b1, W2, b2):  # [n, block_size] -> [n, n_vocab]
    """Logits for the next character after each context."""
    emb = embed(C, X)                                # [n, block_size, n_embd]
    # Concatenate the context's embeddings in order: position 0's vector first.
    x = emb.transpose(0, 2, 1).reshape(emb.shape[0], -1)                # [n, block_size * n_embd]
    h = np.tanh(x @ W1 + b1)                         # [n, n_hidden]
    return h @ W2 + b2                               # [n, n_vocab]


def cross_entropy(logits, Y):  # [n, n_vocab], [n] -> float
    """Mean of -log softmax(logits)[i, Y[i]]: the loss of predicting Y from the logits."""
    # log-sum-exp with the max taken out: exp of a large logit would overflow.
    m = logits.max(axis=1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(Y)), Y].mean()
