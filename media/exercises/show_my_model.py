"""Show My Model: run the learner's function on the tiny GPT's weights and compare with the model.

Called by LLM Study (Python 3.9+, numpy only). Prints one line `LLMSTUDY_MODEL {json}`.

    python show_my_model.py --exercise-dir DIR --module attention --function attention_pattern \
        --kind attention-pattern --model-dir MODEL --prompt "ROMEO:" [--layer 0]
"""
import argparse
import importlib
import inspect
import json
import os
import sys
import traceback

import numpy as np

PREFIX = "LLMSTUDY_MODEL "
TOL = 1e-4


def load_model(model_dir):
    w = np.load(os.path.join(model_dir, "weights.npz"))
    params = {}
    for k in w.files:
        name = k[len("transformer."):] if k.startswith("transformer.") else k
        params[name] = w[k].astype(np.float64)
    meta = {}
    for name in ("config.json", "model.json", "meta.json", "vocab.json"):
        p = os.path.join(model_dir, name)
        if os.path.isfile(p):
            with open(p, encoding="utf-8") as f:
                data = json.load(f)
            if isinstance(data, dict):
                meta.update(data.get("config", {}) if isinstance(data.get("config"), dict) else {})
                meta.update({k: v for k, v in data.items() if k != "config"})
    chars = meta.get("chars") or meta.get("vocab") or meta.get("itos")
    if "chars" in w.files:
        chars = [str(c) for c in w["chars"]]
    if not chars:
        raise SystemExit("no vocabulary (chars) found next to weights.npz in " + model_dir)
    n_head = int(meta.get("n_head", 4))
    n_layer = len({k.split(".")[1] for k in params if k.startswith("h.")})
    return params, list(chars), n_head, n_layer


def layer_norm(x, g, b, eps=1e-5):
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def linear(x, p, name):
    y = x @ p[name + ".weight"].T
    return y + p[name + ".bias"] if name + ".bias" in p else y


def reference(params, ids, n_head, n_layer):
    """The tiny GPT forward pass; returns each layer's input to attention, q/k per head, patterns, logits."""
    T = len(ids)
    x = params["wte.weight"][ids] + params["wpe.weight"][:T]
    C = x.shape[1]
    hs = C // n_head
    mask = np.triu(np.full((T, T), -1e10), k=1)
    layers = []
    for i in range(n_layer):
        h = layer_norm(x, params["h.%d.ln_1.weight" % i], params["h.%d.ln_1.bias" % i])
        qkv = linear(h, params, "h.%d.attn.c_attn" % i)
        q, k, v = np.split(qkv, 3, axis=-1)
        q, k, v = (a.reshape(T, n_head, hs).transpose(1, 0, 2) for a in (q, k, v))
        att = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(hs) + mask)
        y = (att @ v).transpose(1, 0, 2).reshape(T, C)
        layers.append({"h": h, "q": q, "k": k, "att": att, "mask": mask})
        x = x + linear(y, params, "h.%d.attn.c_proj" % i)
        m = layer_norm(x, params["h.%d.ln_2.weight" % i], params["h.%d.ln_2.bias" % i])
        x = x + linear(gelu(linear(m, params, "h.%d.mlp.c_fc" % i)), params, "h.%d.mlp.c_proj" % i)
    x = layer_norm(x, params["ln_f.weight"], params["ln_f.bias"])
    head = params.get("lm_head.weight", params["wte.weight"])
    return layers, x @ head.T


def learner_error(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.basename(f.filename) != os.path.basename(__file__)]
    where = ""
    if frames:
        f = frames[-1]
        where = " ({} line {}, in {}())".format(os.path.basename(f.filename), f.lineno, f.name)
    if isinstance(exc, NotImplementedError):
        return "your function is not written yet: it still raises NotImplementedError" + where
    return "{}: {}{}".format(type(exc).__name__, exc, where), "".join(traceback.format_list(frames))


def record_error(out, exc):
    """What the learner's code raised, as `out`'s error and traceback (the panel shows both)."""
    err = learner_error(exc)
    out["error"], out["traceback"] = (err, "") if isinstance(err, str) else err


def learner_module(exercise_dir, name):
    """The learner's module, imported from their exercise folder."""
    sys.path.insert(0, os.path.abspath(exercise_dir))
    return importlib.import_module(name)


def report(out, run):
    """Runs `run()`, the part that calls the learner's code and fills `out`, then prints `out` as
    the one LLMSTUDY_MODEL line. Whatever their code raises is reported, never a crash of the panel.
    The exercises' own show_my_model.py scripts end with this."""
    try:
        run()
    except Exception as e:  # the learner's code: say what went wrong
        record_error(out, e)
    sys.stdout.write(PREFIX + json.dumps(out) + "\n")


def top(logits, chars, n=10):
    p = softmax(logits)
    order = np.argsort(-p)[:n]
    return [{"token": chars[i], "p": float(p[i])} for i in order]


def call_logits(fn, ids, params, n_head):
    sig = inspect.signature(fn)
    kwargs = {}
    args = [np.array(ids)]
    names = list(sig.parameters)
    if len(names) >= 2:
        args.append(params)
    if "n_head" in sig.parameters:
        kwargs["n_head"] = n_head
    out = fn(*args, **kwargs)
    return out[0] if isinstance(out, tuple) else out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exercise-dir", required=True)
    ap.add_argument("--module", required=True)
    ap.add_argument("--function", required=True)
    ap.add_argument("--kind", required=True, choices=("attention-pattern", "attention-patterns", "logits"))
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--prompt", default="ROMEO:\nBut soft, what light")
    ap.add_argument("--layer", type=int, default=0)
    a = ap.parse_args()

    params, chars, n_head, n_layer = load_model(a.model_dir)
    stoi = {c: i for i, c in enumerate(chars)}
    prompt = "".join(c for c in a.prompt if c in stoi) or chars[0]
    block = params["wpe.weight"].shape[0]
    prompt = prompt[-block:]
    ids = [stoi[c] for c in prompt]
    layers, logits = reference(params, ids, n_head, n_layer)
    layer = max(0, min(a.layer, n_layer - 1))
    out = {"kind": a.kind, "prompt": prompt, "tokens": list(prompt), "tolerance": TOL, "match": 0.0, "maxAbsError": 0.0}

    sys.path.insert(0, os.path.abspath(a.exercise_dir))
    try:
        mod = importlib.import_module(a.module)
        fn = getattr(mod, a.function)
        L = layers[layer]
        if a.kind == "attention-pattern":
            mine = np.stack([np.asarray(fn(L["q"][h], L["k"][h], L["mask"]), dtype=np.float64) for h in range(n_head)])
            ref = L["att"]
        elif a.kind == "attention-patterns":
            p = params
            res = fn(L["h"], p["h.%d.attn.c_attn.weight" % layer], p["h.%d.attn.c_attn.bias" % layer],
                     p["h.%d.attn.c_proj.weight" % layer], p["h.%d.attn.c_proj.bias" % layer], n_head)
            mine = np.asarray(res[1] if isinstance(res, tuple) else res, dtype=np.float64)
            ref = L["att"]
        else:
            mine = np.asarray(call_logits(fn, ids, params, n_head), dtype=np.float64)
            ref = logits
            if mine.shape == ref.shape:
                out["topMine"], out["topReference"] = top(mine[-1], chars), top(ref[-1], chars)
        if a.kind != "logits":
            out["layer"] = layer
        # Both sides go to the playground, which sets them beside the model it runs.
        names = ("logitsMine", "logitsReference") if a.kind == "logits" else ("mine", "reference")
        out[names[1]] = np.round(ref, 5).tolist()
        if mine.shape != ref.shape:
            out["error"] = "your function returned shape {}; the model's is {}".format(tuple(mine.shape), tuple(ref.shape))
        else:
            ok = np.isclose(mine, ref, atol=TOL, rtol=0)
            out["match"] = float(ok.mean())
            finite = np.abs(mine - ref)[np.isfinite(mine)]
            out["maxAbsError"] = float(finite.max()) if finite.size and np.isfinite(mine).all() else float("inf")
            out[names[0]] = np.round(np.nan_to_num(mine), 5).tolist()
    except Exception as e:  # the learner's code: say what went wrong, never crash the panel
        record_error(out, e)
        if a.kind != "logits":
            out["reference"] = np.round(layers[layer]["att"], 5).tolist()
            out["layer"] = layer
        else:
            out["topReference"] = top(logits[-1], chars)
            out["logitsReference"] = np.round(logits, 5).tolist()
    if out["maxAbsError"] == float("inf"):
        out["maxAbsError"] = 1e308
    sys.stdout.write(PREFIX + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
