"""One transformer block of GPT: layer norm, attention, layer norm, MLP, each added to the residual stream.

The block's weights come in a dict `p` keyed by their names in the tiny GPT's state dict,
without the "h.N." prefix:
    ln_1.weight, ln_1.bias                  [n_embd]
    attn.c_attn.weight [3*n_embd, n_embd],  attn.c_attn.bias [3*n_embd]
    attn.c_proj.weight [n_embd, n_embd],    attn.c_proj.bias [n_embd]
    ln_2.weight, ln_2.bias                  [n_embd]
    mlp.c_fc.weight [4*n_embd, n_embd],     mlp.c_fc.bias [4*n_embd]
    mlp.c_proj.weight [n_embd, 4*n_embd],   mlp.c_proj.bias [n_embd]
Fill in the four functions at the bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


# ---- given (from the earlier exercises) ----------------------------------------------------

def softmax(x):  # [..., n] -> [..., n]
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    return x @ weight.T + bias


def causal_self_attention(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head):
    """[n_seq, n_embd] -> y [n_seq, n_embd], att [n_head, n_seq, n_seq]."""
    n_seq, n_embd = x.shape
    hs = n_embd // n_head
    q, k, v = np.split(linear(x, c_attn_weight, c_attn_bias), 3, axis=-1)
    q, k, v = (t.reshape(n_seq, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))
    att = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + (1 - np.tri(n_seq)) * -1e10)
    y = (att @ v).transpose(1, 0, 2).reshape(n_seq, n_embd)
    return linear(y, c_proj_weight, c_proj_bias), att


# ---- yours ---------------------------------------------------------------------------------

def layer_norm(x, weight, bias, eps=1e-5):  # [n_seq, n_embd], [n_embd], [n_embd] -> [n_seq, n_embd]
    """For each position (row): subtract its mean, divide by sqrt(its variance + eps), then
    multiply by weight and add bias. Use the biased variance (divide by n_embd), as PyTorch does.
    """
    raise NotImplementedError


def gelu(x):  # [...] -> [...]
    """GPT-2's GELU, the tanh approximation:
        0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))
    """
    raise NotImplementedError


def mlp(x, c_fc_weight, c_fc_bias, c_proj_weight, c_proj_bias):  # [n_seq, n_embd] -> [n_seq, n_embd]
    """c_fc (to 4 * n_embd), GELU, c_proj (back to n_embd)."""
    raise NotImplementedError


def block(x, p, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]
    """Pre-norm residual block:
        x = x + attention(ln_1(x))
        x = x + mlp(ln_2(x))
    """
    raise NotImplementedError
