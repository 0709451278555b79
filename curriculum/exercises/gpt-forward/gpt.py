"""The whole tiny GPT forward pass in numpy, running on the weights PyTorch trained.

The model files sit next to this one: weights.npz (every tensor under its PyTorch state-dict
name), vocab.json (the characters and the sizes) and golden.json (what PyTorch computed).
Fill in the five functions at the bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


# ---- given (from your earlier exercises) ---------------------------------------------------

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


def causal_self_attention(x, c_attn_weight, c_attn_bias, c_proj_weight, c_proj_bias, n_head):
    """[n_seq, n_embd] -> y [n_seq, n_embd], att [n_head, n_seq, n_seq]."""
    n_seq, n_embd = x.shape
    hs = n_embd // n_head
    q, k, v = np.split(linear(x, c_attn_weight, c_attn_bias), 3, axis=-1)
    q, k, v = (t.reshape(n_seq, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))
    att = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + (1 - np.tri(n_seq)) * -1e10)
    y = (att @ v).transpose(1, 0, 2).reshape(n_seq, n_embd)
    return linear(y, c_proj_weight, c_proj_bias), att


def block(x, p, n_head):  # [n_seq, n_embd] -> [n_seq, n_embd]; p: one block's weights, "h.N." removed
    a, _ = causal_self_attention(layer_norm(x, p["ln_1.weight"], p["ln_1.bias"]),
                                 p["attn.c_attn.weight"], p["attn.c_attn.bias"],
                                 p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
    x = x + a
    h = linear(gelu(linear(layer_norm(x, p["ln_2.weight"], p["ln_2.bias"]), p["mlp.c_fc.weight"], p["mlp.c_fc.bias"])),
               p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])
    return x + h


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

def load_params(path):  # -> dict[str, np.ndarray]
    """Every tensor in weights.npz under its state-dict name ("wte.weight", "h.0.ln_1.weight",
    ...), converted to float64. The file stores float16, to keep it small; numpy has no fast
    float16 matrix product, and its rounding would change the greedy text, so float64 it is.
    """
    raise NotImplementedError


def encode(text, chars):  # str -> list[int]
    """A character's token id is its index in the vocabulary `chars`."""
    raise NotImplementedError


def decode(ids, chars):  # list[int] -> str
    """The inverse of encode."""
    raise NotImplementedError


def gpt_forward(idx, params, n_head):  # [n_seq] -> [n_seq, n_vocab]
    """Logits for the next token at every position of idx (n_seq <= block_size):
        x = wte[idx] + wpe[0..n_seq-1]
        every block h.0, h.1, ... in order (count them from the names in params)
        x = ln_f(x)
        logits = x @ lm_head.T   (lm_head is tied to wte: use wte.weight when lm_head.weight is absent)
    """
    raise NotImplementedError


def generate_greedy(idx, params, n_head, block_size, n_new):  # list[int] -> list[int]
    """Return idx followed by n_new generated tokens. Each new token is the argmax of the logits
    at the LAST position, computed on the window ids[context_start(len(ids), block_size):].
    """
    raise NotImplementedError
