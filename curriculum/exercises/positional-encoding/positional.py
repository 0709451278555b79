"""Telling a transformer where each token is: sinusoidal encodings and learned position embeddings.

Fill in the four functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def frequencies(d_model):  # -> [d_model // 2]
    """Angular frequency of each sin/cos pair: w_i = 1 / 10000^(2i / d_model), i = 0 .. d_model/2 - 1."""
    raise NotImplementedError


def sinusoidal_positional_encoding(n_pos, d_model):  # -> [n_pos, d_model]
    """The encoding of "Attention Is All You Need", pairs interleaved:
        PE[pos, 2i] = sin(pos * w_i),   PE[pos, 2i + 1] = cos(pos * w_i)
    """
    raise NotImplementedError


def relative_shift_matrix(k, d_model):  # -> [d_model, d_model]
    """The matrix M with PE[pos + k] = M @ PE[pos] for EVERY pos.

    It is block diagonal: one 2x2 rotation per (sin, cos) pair. Work it out from
    sin(a + b) = sin a cos b + cos a sin b and cos(a + b) = cos a cos b - sin a sin b.
    """
    raise NotImplementedError


def embed_tokens(idx, wte, wpe):  # [n_seq], [n_vocab, n_embd], [block_size, n_embd] -> [n_seq, n_embd]
    """GPT's input: row idx[t] of the token embeddings wte plus row t of the position embeddings wpe."""
    raise NotImplementedError
