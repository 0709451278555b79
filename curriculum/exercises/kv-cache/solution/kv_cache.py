"""Greedy decoding of the tiny GPT with a KV cache, in numpy: each new token runs through the
model alone, reading the keys and values of earlier positions from the cache."""
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
    """An empty cache: per layer, the keys and values of no position yet."""
    n_layer = len({name.split(".")[1] for name in params if name.startswith("h.")})
    hs = params["wte.weight"].shape[1] // n_head
    return [{"k": np.zeros((n_head, 0, hs)), "v": np.zeros((n_head, 0, hs))} for _ in range(n_layer)]


def cached_attention(x, p, n_head, layer_cache):  # [n_new, n_embd] -> [n_new, n_embd]
    """Causal self-attention of the new positions x; their keys and values are appended to layer_cache."""
    n_new, n_embd = x.shape
    hs = n_embd // n_head
    q, k, v = np.split(linear(x, p["attn.c_attn.weight"], p["attn.c_attn.bias"]), 3, axis=-1)
    q, k, v = (t.reshape(n_new, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))  # [n_head, n_new, hs]
    layer_cache["k"] = np.concatenate([layer_cache["k"], k], axis=1)                  # [n_head, n_total, hs]
    layer_cache["v"] = np.concatenate([layer_cache["v"], v], axis=1)
    n_total = layer_cache["k"].shape[1]
    # New query i sits at position n_total - n_new + i: it sees every cached key and the new ones up to itself.
    mask = (1 - np.tri(n_new, n_total, k=n_total - n_new)) * -1e10                   # [n_new, n_total]
    att = softmax(q @ layer_cache["k"].transpose(0, 2, 1) / np.sqrt(hs) + mask)      # [n_head, n_new, n_total]
    y = (att @ layer_cache["v"]).transpose(1, 0, 2).reshape(n_new, n_embd)
    return linear(y, p["attn.c_proj.weight"], p["attn.c_proj.bias"])


def cached_block(x, p, n_head, layer_cache):  # [n_new, n_embd] -> [n_new, n_embd]
    """One pre-norm block on the new positions only."""
    x = x + cached_attention(layer_norm(x, p["ln_1.weight"], p["ln_1.bias"]), p, n_head, layer_cache)
    h = linear(gelu(linear(layer_norm(x, p["ln_2.weight"], p["ln_2.bias"]), p["mlp.c_fc.weight"], p["mlp.c_fc.bias"])),
               p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])
    return x + h


def forward_with_cache(idx, params, n_head, cache):  # [n_new] -> [n_new, n_vocab]
    """Logits for the new tokens idx, which follow the positions already in the cache."""
    idx = np.asarray(idx)
    start = cache[0]["k"].shape[1]                                                    # positions already cached
    x = params["wte.weight"][idx] + params["wpe.weight"][start + np.arange(len(idx))]  # [n_new, n_embd]
    for i, layer_cache in enumerate(cache):
        prefix = "h.{}.".format(i)
        x = cached_block(x, {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}, n_head, layer_cache)
    x = layer_norm(x, params["ln_f.weight"], params["ln_f.bias"])
    head = params.get("lm_head.weight", params["wte.weight"])
    return x @ head.T                                                                 # [n_new, n_vocab]


def generate_greedy_cached(idx, params, n_head, block_size, n_new):  # list[int] -> list[int]
    """Same tokens as a full recompute per step, but each step runs only the newest token."""
    ids = list(idx)
    cache, start = None, None
    for _ in range(n_new):
        s = context_start(len(ids), block_size)
        if s != start:
            # First step, or the window just dropped its oldest half: every kept token now has a new
            # position, so its cached keys (built with the old wpe rows) are stale. Prefill afresh.
            cache, start = new_cache(params, n_head), s
            logits = forward_with_cache(ids[start:], params, n_head, cache)
        else:
            logits = forward_with_cache(ids[-1:], params, n_head, cache)
        ids.append(int(np.argmax(logits[-1])))
    return ids
