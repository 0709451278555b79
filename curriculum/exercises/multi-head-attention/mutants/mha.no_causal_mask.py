"""Multi-head causal self-attention with GPT's weights: c_attn makes q, k, v; c_proj mixes the heads."""
import numpy as np


def softmax(x):  # [..., n] -> [..., n]
    """Given (you wrote it in the attention exercise)."""
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    """A PyTorch nn.Linear: its weight is stored [out, in], so the product is x @ weight.T."""
    return x @ weight.T + bias


def split_heads(x, n_head):  # [n_seq, n_embd] -> [n_head, n_seq, head_size]
    """Head h gets columns h*head_size .. (h+1)*head_size - 1 of every position."""
    n_seq, n_embd = x.shape
    return x.reshape(n_seq, n_head, n_embd // n_head).transpose(1, 0, 2)


def merge_heads(x):  # [n_head, n_seq, head_size] -> [n_seq, n_embd]
    """The inverse of split_heads: the heads' outputs side by side again."""
    n_head, n_seq, head_size = x.shape
    return x.transpose(1, 0, 2).reshape(n_seq, n_head * head_size)


def causal_self_attention(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head):
    """[n_seq, n_embd] -> y [n_seq, n_embd], att [n_head, n_seq, n_seq] (every head's pattern)."""
    n_seq, n_embd = x.shape
    qkv = linear(x, c_attn_weight, c_attn_bias)                  # [n_seq, 3 * n_embd]
    q, k, v = np.split(qkv, 3, axis=-1)                          # 3 x [n_seq, n_embd]
    q, k, v = (split_heads(t, n_head) for t in (q, k, v))        # 3 x [n_head, n_seq, head_size]
    head_size = n_embd // n_head
    mask = (1 - np.tri(n_seq)) * -1e10                           # [n_seq, n_seq]
    # Scale by each head's own width: that is the dot product's length.
    att = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(head_size))  # [n_head, n_seq, n_seq]
    y = merge_heads(att @ v)                                     # [n_seq, n_embd]
    return linear(y, c_proj_weight, c_proj_bias), att
