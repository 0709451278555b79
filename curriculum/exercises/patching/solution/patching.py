"""Ablation and activation patching on the tiny GPT, in numpy (reference solution)."""
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


def mlp(x, p):  # [n_seq, n_embd] -> [n_seq, n_embd]
    return linear(gelu(linear(x, p["mlp.c_fc.weight"], p["mlp.c_fc.bias"])), p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])


def layer_params(params, i):
    """Block i's weights with the prefix "h.i." taken off the names."""
    prefix = "h.{}.".format(i)
    return {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}


def count_layers(params):
    return len({k.split(".")[1] for k in params if k.startswith("h.")})


# ---- yours ---------------------------------------------------------------------------------

def head_outputs(x, p, n_head):  # [n_seq, n_embd] -> z [n_head, n_seq, head_size]
    n_seq, n_embd = x.shape
    hs = n_embd // n_head
    q, k, v = np.split(linear(x, p["attn.c_attn.weight"], p["attn.c_attn.bias"]), 3, axis=-1)
    q, k, v = (a.reshape(n_seq, n_head, hs).transpose(1, 0, 2) for a in (q, k, v))
    mask = (1 - np.tri(n_seq)) * -1e10
    weights = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + mask)
    return weights @ v


def run_with_cache(idx, params, n_head, head_z=None, resid=None):
    head_z = head_z or {}
    resid = resid or {}
    idx = np.asarray(idx)
    n_seq = len(idx)

    def patch_resid(x, i):
        for (layer, pos), value in resid.items():
            if layer == i:
                x = x.copy()
                x[pos] = value
        return x

    x = patch_resid(params["wte.weight"][idx] + params["wpe.weight"][np.arange(n_seq)], 0)
    streams, zs = [x], []
    for i in range(count_layers(params)):
        p = layer_params(params, i)
        z = head_outputs(layer_norm(x, p["ln_1.weight"], p["ln_1.bias"]), p, n_head)
        for (layer, head), value in head_z.items():
            if layer == i:
                z = z.copy()
                z[head] = value
        zs.append(z)
        merged = z.transpose(1, 0, 2).reshape(n_seq, -1)
        x = x + linear(merged, p["attn.c_proj.weight"], p["attn.c_proj.bias"])
        x = x + mlp(layer_norm(x, p["ln_2.weight"], p["ln_2.bias"]), p)
        x = patch_resid(x, i + 1)
        streams.append(x)
    x = layer_norm(x, params["ln_f.weight"], params["ln_f.bias"])
    logits = x @ params.get("lm_head.weight", params["wte.weight"]).T
    return logits, {"resid": np.stack(streams), "z": np.stack(zs)}


def ablate_heads(idx, params, n_head, heads):
    hs = params["wte.weight"].shape[1] // n_head
    zero = np.zeros((len(idx), hs))
    logits, _ = run_with_cache(idx, params, n_head, head_z={(l, h): zero for l, h in heads})
    return logits


def logit_diff(logits, good, bad):
    return float(logits[-1, good] - logits[-1, bad])


def normalised(patched, clean, corrupted):
    if clean == corrupted:
        return 0.0
    return (patched - corrupted) / (clean - corrupted)


def _runs(clean_idx, corrupted_idx, params, n_head, good, bad):
    if len(clean_idx) != len(corrupted_idx):
        raise ValueError("the clean and corrupted prompts must have the same length")
    clean_logits, cache = run_with_cache(clean_idx, params, n_head)
    corrupted_logits, _ = run_with_cache(corrupted_idx, params, n_head)
    return cache, logit_diff(clean_logits, good, bad), logit_diff(corrupted_logits, good, bad)


def patch_heads(clean_idx, corrupted_idx, params, n_head, good, bad):
    cache, clean, corrupted = _runs(clean_idx, corrupted_idx, params, n_head, good, bad)
    n_layer = count_layers(params)
    out = np.zeros((n_layer, n_head))
    for l in range(n_layer):
        for h in range(n_head):
            logits, _ = run_with_cache(corrupted_idx, params, n_head, head_z={(l, h): cache["z"][l, h]})
            out[l, h] = normalised(logit_diff(logits, good, bad), clean, corrupted)
    return out


def patch_resid(clean_idx, corrupted_idx, params, n_head, good, bad):
    cache, clean, corrupted = _runs(clean_idx, corrupted_idx, params, n_head, good, bad)
    n_streams, n_seq = cache["resid"].shape[:2]
    out = np.zeros((n_streams, n_seq))
    for l in range(n_streams):
        for t in range(n_seq):
            logits, _ = run_with_cache(corrupted_idx, params, n_head, resid={(l, t): cache["resid"][l, t]})
            out[l, t] = normalised(logit_diff(logits, good, bad), clean, corrupted)
    return out
