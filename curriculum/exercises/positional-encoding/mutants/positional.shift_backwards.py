"""Telling a transformer where each token is: sinusoidal encodings and learned position embeddings."""
import numpy as np


def frequencies(d_model):  # -> [d_model // 2]
    """Angular frequency of each sin/cos pair: 1 / 10000^(2i / d_model) for i = 0 .. d_model/2 - 1."""
    i = np.arange(d_model // 2)
    return 1.0 / 10000 ** (2 * i / d_model)


def sinusoidal_positional_encoding(n_pos, d_model):  # -> [n_pos, d_model]
    """PE[pos, 2i] = sin(pos * w_i), PE[pos, 2i + 1] = cos(pos * w_i)."""
    angles = np.arange(n_pos)[:, None] * frequencies(d_model)[None, :]  # [n_pos, d_model // 2]
    pe = np.zeros((n_pos, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe


def relative_shift_matrix(k, d_model):  # -> [d_model, d_model]
    """The matrix M with PE[pos + k] = M @ PE[pos] for every pos: one 2x2 rotation per pair."""
    # sin(a + b) = sin a cos b + cos a sin b and cos(a + b) = cos a cos b - sin a sin b: the
    # shift does not depend on pos, which is why attention can learn relative offsets from it.
    M = np.zeros((d_model, d_model))
    for i, w in enumerate(frequencies(d_model)):
        c, s = np.cos(w * k), np.sin(w * k)
        M[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, -s], [s, c]]
    return M


def embed_tokens(idx, wte, wpe):  # [n_seq], [n_vocab, n_embd], [block_size, n_embd] -> [n_seq, n_embd]
    """GPT's input: the token's embedding plus the learned embedding of its position."""
    return wte[idx] + wpe[np.arange(len(idx))]
