"""A bigram character-level language model: count which letter follows which, then sample."""
import numpy as np


def build_vocab(words):  # list[str] -> (dict[str, int], dict[int, str])
    """'.' (start and end of a name) gets index 0, the letters that occur follow in sorted order."""
    chars = sorted(set("".join(words)))
    stoi = {".": 0}
    for i, ch in enumerate(chars):
        stoi[ch] = i + 1
    itos = {i: ch for ch, i in stoi.items()}
    return stoi, itos


def count_bigrams(words, stoi):  # -> [n_vocab, n_vocab] int
    """N[i, j] = how often character j follows character i, with each word wrapped in '.'."""
    N = np.zeros((len(stoi), len(stoi)), dtype=np.int64)
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:]):
            N[stoi[a], stoi[b]] += 1
    return N


def bigram_probs(N, smoothing=1):  # [n_vocab, n_vocab] -> [n_vocab, n_vocab]
    """Each row becomes a distribution over the next character; `smoothing` is added to every count."""
    # Smoothing keeps unseen pairs from getting probability 0, which would make their loss infinite.
    counts = N.astype(np.float64) + smoothing
    return counts / counts.sum(axis=1, keepdims=True)


def sample_name(P, itos, rng):  # [n_vocab, n_vocab] -> str
    """Start at '.', draw each next character from its row of P until '.' comes up again."""
    out = []
    ix = 0
    while True:
        ix = rng.choice(P.shape[1], p=P[ix])
        if ix == 0:
            return "".join(out)
        out.append(itos[ix])


def nll(words, P, stoi):  # -> float
    """Average negative log-likelihood of every bigram in `words` (including the '.' ones)."""
    total, n = 0.0, 0
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:]):
            total -= np.log(P[stoi[a], stoi[b]])
            n += 1
    return total
