"""Greedy decoding of the tiny GPT with a KV cache, in numpy.

gpt-forward's generate_greedy runs the whole window through the model for every new token.
Here each new token runs alone: the keys and values of earlier positions wait in a cache.
Fill in the functions under "yours", top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


# ---- given (from gpt-forward) ----------------------------------------------------------------

def softmax(x):  # [..., n] -> [..., n]
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    return x @ weight.T + bias


def layer_norm(x, weight, bias, eps=1e-5):  # [n_seq, n_embd] -> [n_seq, n_embd]
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return weight * (x - mean) / np.sqrt(var + eps) + bias


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def context_start(n, block_size):
    """First position the model sees when it predicts token n from tokens 0..n-1.

    Up to block_size tokens it sees them all; past that the window drops its oldest half at once
    (the playground and the PyTorch model use the same rule, so all three write the same text).
    """
    if n <= block_size:
        return 0
    shift = block_size // 2
    return -(-(n - block_size) // shift) * shift


# ---- yours ---------------------------------------------------------------------------------

def new_cache(params, n_head):  # -> list of n_layer dicts {"k", "v"}, each [n_head, 0, head_size]
    """An empty cache: one dict per layer, with keys "k" and "v" holding no position yet.

    n_layer is the number of distinct N in the names "h.N.…"; head_size is n_embd // n_head.
    """
    raise NotImplementedError


def cached_attention(x, p, n_head, layer_cache):  # [n_new, n_embd] -> [n_new, n_embd]
    """Causal self-attention of the new positions x, reading and extending layer_cache.

    Compute q, k, v for the new rows only (c_attn), append k and v to layer_cache["k"] and
    layer_cache["v"] along the position axis, then let each new query attend to every cached
    position up to its own: new row i is at position n_total - n_new + i. Finish with c_proj.
    """
    raise NotImplementedError


def cached_block(x, p, n_head, layer_cache):  # [n_new, n_embd] -> [n_new, n_embd]
    """The block of gpt-forward (pre-norm attention, then the MLP), with cached_attention inside."""
    raise NotImplementedError


def forward_with_cache(idx, params, n_head, cache):  # [n_new] -> [n_new, n_vocab]
    """Logits for the new tokens idx, which come right after the positions already in the cache.

    The first new token's position is the number of positions cached so far; every block gets
    its own layer of the cache.
    """
    raise NotImplementedError


def generate_greedy_cached(idx, params, n_head, block_size, n_new):  # list[int] -> list[int]
    """The same tokens as gpt-forward's generate_greedy, but each step runs only the newest token.

    Prefill: run the window ids[context_start(len(ids), block_size):] once into a new cache.
    Decode: each step, run only the last token. When context_start moves (the window drops its
    oldest half), the kept tokens change position: start a new cache and prefill again.
    """
    raise NotImplementedError
