"""The tiny GPT in numpy, ready-made (it is the solution of the gpt-forward exercise), returning
every head's attention pattern as well as the logits. You do not need to edit this file.
"""
import json

import numpy as np


def load(weights_path, vocab_path):
    """(params, vocab): the state-dict tensors as float64, and vocab.json (chars, n_layer, n_head, ...)."""
    with np.load(weights_path) as f:
        params = {name: f[name].astype(np.float64) for name in f.files}
    with open(vocab_path, encoding="utf-8") as f:
        vocab = json.load(f)
    return params, vocab


def _layer_norm(x, w, b, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    return w * (x - mean) / np.sqrt(x.var(axis=-1, keepdims=True) + eps) + b


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(idx, params, n_head):  # [n_seq] -> logits [n_seq, n_vocab], att [n_layer, n_head, n_seq, n_seq]
    idx = np.asarray(idx)
    T = len(idx)
    x = params["wte.weight"][idx] + params["wpe.weight"][:T]
    C = x.shape[1]
    hs = C // n_head
    mask = (1 - np.tri(T)) * -1e10
    n_layer = len({k.split(".")[1] for k in params if k.startswith("h.")})
    atts = []
    for i in range(n_layer):
        p = lambda name: params["h.{}.{}".format(i, name)]
        h = _layer_norm(x, p("ln_1.weight"), p("ln_1.bias"))
        q, k, v = np.split(h @ p("attn.c_attn.weight").T + p("attn.c_attn.bias"), 3, axis=-1)
        q, k, v = (t.reshape(T, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))
        att = _softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + mask)      # [n_head, T, T]
        atts.append(att)
        y = (att @ v).transpose(1, 0, 2).reshape(T, C)
        x = x + y @ p("attn.c_proj.weight").T + p("attn.c_proj.bias")
        m = _layer_norm(x, p("ln_2.weight"), p("ln_2.bias"))
        x = x + _gelu(m @ p("mlp.c_fc.weight").T + p("mlp.c_fc.bias")) @ p("mlp.c_proj.weight").T + p("mlp.c_proj.bias")
    x = _layer_norm(x, params["ln_f.weight"], params["ln_f.bias"])
    logits = x @ params.get("lm_head.weight", params["wte.weight"]).T
    return logits, np.stack(atts)
