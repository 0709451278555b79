"""One transformer block of GPT: layer norm, attention, layer norm, MLP, each added to the residual stream."""
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
    """Normalise each position's vector to mean 0 and variance 1, then scale and shift."""
    mean = x.mean(axis=-1, keepdims=True)           # [n_seq, 1]
    var = x.var(axis=-1, keepdims=True)             # [n_seq, 1], biased, as PyTorch's LayerNorm
    return weight * (x - mean) / np.sqrt(var + eps) + bias


def gelu(x):  # [...] -> [...]
    """GPT-2's GELU, the tanh approximation (the tiny GPT uses the same)."""
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def mlp(x, c_fc_weight, c_fc_bias, c_proj_weight, c_proj_bias):  # [n_seq, n_embd] -> [n_seq, n_embd]
    """Widen to 4 * n_embd, GELU, project back: the same small network at every position."""
    return linear(gelu(linear(x, c_fc_weight, c_fc_bias)), c_proj_weight, c_proj_bias)


def block(x, p, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]
    """Pre-norm residual block; p holds one block's weights by their state-dict names ("ln_1.weight", ...)."""
    # Each sublayer reads a normalised copy and ADDS its result: x itself is never normalised,
    # so the residual stream carries information straight through every layer.
    a, _ = causal_self_attention(x, p["attn.c_attn.weight"], p["attn.c_attn.bias"],
                                 p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
    x = layer_norm(x + a, p["ln_1.weight"], p["ln_1.bias"])
    x = layer_norm(x + mlp(x, p["mlp.c_fc.weight"], p["mlp.c_fc.bias"], p["mlp.c_proj.weight"], p["mlp.c_proj.bias"]),
                   p["ln_2.weight"], p["ln_2.bias"])
    return x
