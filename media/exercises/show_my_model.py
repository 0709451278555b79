"""Show My Model: run the learner's function on the tiny GPT's weights and compare with the model.

Called by LLM Study (Python 3.9+, numpy only). Prints one line `LLMSTUDY_MODEL {json}`.

    python show_my_model.py --exercise-dir DIR --module attention --function attention_pattern \
        --kind attention-pattern --model-dir MODEL --prompt "ROMEO:" [--layer 0]

The model's side is the gpt-forward exercise's reference solution (REFERENCE), the numpy GPT the
course teaches, with the names and signatures the learner writes: this file has no model maths of
its own, so what the learner is compared with is what their exercises' tests accept.
"""
import argparse
import importlib
import importlib.util
import inspect
import json
import os
import sys
import traceback

import numpy as np

PREFIX = "LLMSTUDY_MODEL "
TOL = 1e-4
HERE = os.path.dirname(os.path.abspath(__file__))
# Shipped in the extension beside media/ (.vscodeignore keeps curriculum/**); never copied to the learner.
REFERENCE = os.path.join(HERE, "..", "..", "curriculum", "exercises", "gpt-forward", "solution", "gpt.py")

# Neither the extension's folder nor the learner's gets a __pycache__ from us.
sys.dont_write_bytecode = True


def load_reference(path=REFERENCE):
    """The reference GPT as a module. Loaded by path under a name of its own: the learner's
    gpt-forward module is also called gpt, and theirs must be the one `import gpt` finds."""
    if not os.path.isfile(path):
        raise SystemExit("the reference GPT is missing from this install: " + os.path.normpath(path))
    spec = importlib.util.spec_from_file_location("llmstudy_reference_gpt", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ref = load_reference()
# The exercises' own show_my_model.py scripts take their softmax from here: the reference's.
softmax = ref.softmax


def load_model(model_dir):
    """(params, chars, n_head, n_layer): weights.npz through the reference's load_params (float64,
    state-dict names; a "transformer." prefix removed), the vocabulary and sizes from the JSON beside it."""
    weights = os.path.join(model_dir, "weights.npz")
    params = {}
    for k, v in ref.load_params(weights).items():
        params[k[len("transformer."):] if k.startswith("transformer.") else k] = v
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
    with np.load(weights) as w:
        if "chars" in w.files:
            chars = [str(c) for c in w["chars"]]
    if not chars:
        raise SystemExit("no vocabulary (chars) found next to weights.npz in " + model_dir)
    n_head = int(meta.get("n_head", 4))
    n_layer = len({k.split(".")[1] for k in params if k.startswith("h.")})
    return params, list(chars), n_head, n_layer


def block_params(params, i):
    """Block i's weights under the names the reference's block() takes: "h.i." removed."""
    prefix = "h.{}.".format(i)
    return {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}


def split_heads(t, n_head):  # [n_seq, n_embd] -> [n_head, n_seq, head_size]
    n_seq, n_embd = t.shape
    return t.reshape(n_seq, n_head, n_embd // n_head).transpose(1, 0, 2)


def attention_layers(params, ids, n_head, n_layer):
    """What each layer's attention reads and makes in the reference GPT: its input h (after ln_1),
    q and k per head (what the attention exercise's function takes), the causal mask and the
    patterns att [n_head, n_seq, n_seq]."""
    n_seq = len(ids)
    x = params["wte.weight"][ids] + params["wpe.weight"][:n_seq]     # as gpt_forward starts
    mask = (1 - np.tri(n_seq)) * -1e10                                # the reference's own mask
    layers = []
    for i in range(n_layer):
        p = block_params(params, i)
        h = ref.layer_norm(x, p["ln_1.weight"], p["ln_1.bias"])
        _, att = ref.causal_self_attention(h, p["attn.c_attn.weight"], p["attn.c_attn.bias"],
                                           p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
        q, k, _ = np.split(ref.linear(h, p["attn.c_attn.weight"], p["attn.c_attn.bias"]), 3, axis=-1)
        layers.append({"h": h, "q": split_heads(q, n_head), "k": split_heads(k, n_head), "att": att, "mask": mask})
        x = ref.block(x, p, n_head)
    return layers


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


def learner_side(kind, fn, L, ids, params, n_head, layer):
    """The learner's function on the same inputs the reference had, as float64."""
    if kind == "attention-pattern":
        return np.stack([np.asarray(fn(L["q"][h], L["k"][h], L["mask"]), dtype=np.float64) for h in range(n_head)])
    if kind == "attention-patterns":
        p = block_params(params, layer)
        res = fn(L["h"], p["attn.c_attn.weight"], p["attn.c_attn.bias"], p["attn.c_proj.weight"], p["attn.c_proj.bias"], n_head)
        return np.asarray(res[1] if isinstance(res, tuple) else res, dtype=np.float64)
    return np.asarray(call_logits(fn, ids, params, n_head), dtype=np.float64)


def compare(out, kind, mine, want, chars):
    """Both sides into `out` (the playground sets them beside the model it runs) with the share of
    values within TOL, or the error that the shapes differ."""
    if kind == "logits" and mine.shape == want.shape:
        out["topMine"], out["topReference"] = top(mine[-1], chars), top(want[-1], chars)
    names = ("logitsMine", "logitsReference") if kind == "logits" else ("mine", "reference")
    out[names[1]] = np.round(want, 5).tolist()
    if mine.shape != want.shape:
        out["error"] = "your function returned shape {}; the model's is {}".format(tuple(mine.shape), tuple(want.shape))
        return
    ok = np.isclose(mine, want, atol=TOL, rtol=0)
    out["match"] = float(ok.mean())
    finite = np.abs(mine - want)[np.isfinite(mine)]
    out["maxAbsError"] = float(finite.max()) if finite.size and np.isfinite(mine).all() else float("inf")
    out[names[0]] = np.round(np.nan_to_num(mine), 5).tolist()


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
    layer = max(0, min(a.layer, n_layer - 1))
    L = attention_layers(params, ids, n_head, n_layer)[layer]
    want = ref.gpt_forward(ids, params, n_head) if a.kind == "logits" else L["att"]
    out = {"kind": a.kind, "prompt": prompt, "tokens": list(prompt), "tolerance": TOL, "match": 0.0, "maxAbsError": 0.0}

    try:
        fn = getattr(learner_module(a.exercise_dir, a.module), a.function)
        mine = learner_side(a.kind, fn, L, ids, params, n_head, layer)
        if a.kind != "logits":
            out["layer"] = layer
        compare(out, a.kind, mine, want, chars)
    except Exception as e:  # the learner's code: say what went wrong, never crash the panel
        record_error(out, e)
        if a.kind != "logits":
            out["reference"] = np.round(want, 5).tolist()
            out["layer"] = layer
        else:
            out["topReference"] = top(want[-1], chars)
            out["logitsReference"] = np.round(want, 5).tolist()
    if out["maxAbsError"] == float("inf"):
        out["maxAbsError"] = 1e308
    sys.stdout.write(PREFIX + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
