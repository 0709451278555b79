"""Interventions on the tiny GPT in PyTorch: the reference the interp graph is tested against.

    forward_interp(model, idx, head_mask, head_value, resid_mask, resid_value, resid_add)

Same meaning as model_interp.onnx (onnx_graph.py, MODEL_CARD.md): where head_mask[l, h] > 0 the
head's z (its attention-weighted values, before c_proj) is replaced by head_value[l, h]; where
resid_mask[i, t] > 0 the residual stream i (0 = after the embeddings, l + 1 = after block l) at
position t is replaced by resid_value[i, t]; then resid_add[i] is added. Written from the model's
modules, not from the graph, so the two are independent implementations of the same thing.
"""

import json
import math
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from model import GPT, GPTConfig, context_start


def load_shipped(model_dir):
    """The shipped model from weights.npz + vocab.json alone (no checkpoint), computing in fp32."""
    model_dir = Path(model_dir)
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    cfg = GPTConfig(block_size=vocab["block_size"], vocab_size=vocab["vocab_size"], n_layer=vocab["n_layer"],
                    n_head=vocab["n_head"], n_embd=vocab["n_embd"])
    model = GPT(cfg)
    with np.load(model_dir / "weights.npz") as z:
        state = {k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files}
    state.setdefault("lm_head.weight", state["wte.weight"])
    model.load_state_dict(state)
    model.eval()
    return model, vocab


def no_intervention(cfg, T):
    L, nh, C = cfg.n_layer, cfg.n_head, cfg.n_embd
    hs = C // nh
    return {"head_mask": torch.zeros(L, nh), "head_value": torch.zeros(L, nh, T, hs),
            "resid_mask": torch.zeros(L + 1, T), "resid_value": torch.zeros(L + 1, T, C),
            "resid_add": torch.zeros(L + 1, T, C)}


def _resid(x, i, iv):
    # x (T, C)
    keep = iv["resid_mask"][i] > 0  # (T,)
    x = torch.where(keep[:, None], iv["resid_value"][i], x)
    return x + iv["resid_add"][i]


@torch.no_grad()
def forward_interp(model, idx, **iv):
    """idx (1, T) -> logits (1, T, V), attn (L, nh, T, T), resid (L+1, T, C), z (L, nh, T, hs)."""
    c = model.config
    T = idx.size(1)
    full = no_intervention(c, T)
    full.update({k: torch.as_tensor(v, dtype=torch.float32) for k, v in iv.items()})
    nh, C = c.n_head, c.n_embd
    hs = C // nh
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    x = _resid(model.embed(idx)[0], 0, full)
    atts, resid, zs = [], [x], []
    for l, blk in enumerate(model.h):
        a = blk.ln_1(x)
        q, k, v = blk.attn.c_attn(a).split(C, dim=1)  # each (T, C)
        q, k, v = (t.view(T, nh, hs).transpose(0, 1) for t in (q, k, v))  # (nh, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)
        att = F.softmax(att.masked_fill(~mask, float("-inf")), dim=-1)  # (nh, T, T)
        z = att @ v  # (nh, T, hs)
        z = torch.where((full["head_mask"][l] > 0)[:, None, None], full["head_value"][l], z)
        x = x + blk.attn.c_proj(z.transpose(0, 1).reshape(T, C))
        x = x + blk.mlp(blk.ln_2(x))
        x = _resid(x, l + 1, full)
        atts.append(att)
        zs.append(z)
        resid.append(x)
    logits = model.lm_head(model.ln_f(x))[None]
    return logits, torch.stack(atts), torch.stack(resid), torch.stack(zs)


# Steering (activation addition): a direction in residual stream `layer`, added at every position.

def mean_resid(model, ids, layer):
    """Residual stream `layer` of one prompt (a list of ids), averaged over its positions: (C,)."""
    return forward_interp(model, torch.tensor([ids]))[2][layer].mean(0)


def steering_direction(model, prompts_a, prompts_b, layer):
    """mean over A's prompts of mean_resid minus the same over B's: each prompt counts once, whatever its length."""
    def mean_of(prompts):
        return torch.stack([mean_resid(model, p, layer) for p in prompts]).mean(0)
    return mean_of(prompts_a) - mean_of(prompts_b)


def steer(model, T, layer, vector):
    """The intervention that adds `vector` (C,) to residual stream `layer` at each of T positions."""
    c = model.config
    add = torch.zeros(c.n_layer + 1, T, c.n_embd)
    add[layer] = vector
    return {"resid_add": add}


@torch.no_grad()
def generate_steered(model, ids, n, layer, vector):
    """n greedy tokens after ids with `vector` added at `layer` at every position of each window
    (the window rule of model.context_start, as the playground generates)."""
    seq = list(ids)
    bs = model.config.block_size
    for _ in range(n):
        window = seq[context_start(len(seq), bs):]
        logits = forward_interp(model, torch.tensor([window]), **steer(model, len(window), layer, vector))[0]
        seq.append(int(logits[0, -1].argmax()))
    return seq[len(ids):]
