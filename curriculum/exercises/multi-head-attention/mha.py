"""Multi-head causal self-attention with GPT's weights: c_attn makes q, k, v; c_proj mixes the heads.

The weights use PyTorch's layout and names, as in the tiny GPT's weights.npz:
    h.N.attn.c_attn.weight [3 * n_embd, n_embd]   h.N.attn.c_attn.bias [3 * n_embd]
    h.N.attn.c_proj.weight [n_embd, n_embd]       h.N.attn.c_proj.bias [n_embd]
Fill in the four functions below softmax. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def softmax(x):  # [..., n] -> [..., n]
    """Given (you wrote it in the attention exercise)."""
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    """A PyTorch nn.Linear. Its weight is stored [out, in]."""
    raise NotImplementedError


def split_heads(x, n_head):  # [n_seq, n_embd] -> [n_head, n_seq, head_size]
    """Head h gets columns h*head_size .. (h+1)*head_size - 1 of every position
    (head_size = n_embd // n_head).
    """
    raise NotImplementedError


def merge_heads(x):  # [n_head, n_seq, head_size] -> [n_seq, n_embd]
    """The inverse of split_heads: the heads' outputs side by side again."""
    raise NotImplementedError


def causal_self_attention(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head):
    """[n_seq, n_embd] -> y [n_seq, n_embd], att [n_head, n_seq, n_seq].

    1. qkv = linear(x, c_attn...) and split it into q, k, v (in that order) along the last axis;
    2. split each into heads;
    3. in every head: causal scaled dot-product attention, scaled by sqrt(head_size);
    4. merge the heads and apply c_proj.
    Return y and every head's attention pattern att (rows sum to 1).
    """
    raise NotImplementedError
