"""The intervention graph model_interp.onnx and its PyTorch golden values, from the shipped files.

    /usr/bin/python3 training/export_interp.py [--model-dir media/model]

Needs only weights.npz and vocab.json (no checkpoint, no retraining): the graph points its weights
at the very bytes of weights.npz, as model.onnx and model_kv.onnx do. Writes, into --model-dir:
  model_interp.onnx   the full-context graph with intervention inputs (onnx_graph.py, interp=True)
  golden_interp.json  PyTorch (interp.py) logits under zero- and mean-ablation, head and residual
                      patching and steering, with the interventions themselves, for the TS tests;
                      a steering direction made from two prompt sets, with steered logits and text
and the "Interventions" section of MODEL_CARD.md (the induction circuit's and steering's numbers).
"""

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import onnx
import torch
from torch.nn import functional as F

from export import WEIGHTS_FILE, npz_offsets
from interp import forward_interp, generate_steered, load_shipped, steer, steering_direction
from model_card import write_interp_section
from onnx_graph import build

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
INTERP_FILE = "model_interp.onnx"
GOLDEN_FILE = "golden_interp.json"
REFERENCE_TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n"
OTHER_TEXT = "ROMEO:\nO, she doth teach"  # the steering case's second text


def export_graph(model_dir, vocab):
    with np.load(model_dir / WEIGHTS_FILE) as z:
        arrays = {k: z[k] for k in z.files if k != "lm_head.weight"}
    offsets = npz_offsets(model_dir / WEIGHTS_FILE)
    fp16 = next(iter(arrays.values())).dtype == np.float16
    refs = {k: (WEIGHTS_FILE, *offsets[k]) for k in arrays}
    cfg = {k: vocab[k] for k in ("n_layer", "n_head", "n_embd", "vocab_size")}
    out = model_dir / INTERP_FILE
    onnx.save(build(cfg, arrays, refs, fp16, kv=False, interp=True), str(out))
    onnx.checker.check_model(str(out))  # by path, so the external data is checked too


def repeated(vocab, n, seed, avoid="\n"):
    """A random run of n characters (never a newline), twice: the standard induction probe."""
    rng = np.random.default_rng(seed)
    allowed = [i for i, c in enumerate(vocab["chars"]) if c not in avoid]
    run = [int(x) for x in rng.choice(allowed, n)]
    return run + run


def r6(t):
    return [round(float(x), 6) for x in t.reshape(-1)]


def as_f32(values):
    # The JSON holds 6 decimals; PyTorch computes on exactly what the TypeScript side will read.
    return torch.tensor(np.array(values, dtype=np.float32))


def dense(model, T, case):
    """The sparse intervention of a golden case as the graph's five dense inputs."""
    c = model.config
    L, nh, C = c.n_layer, c.n_head, c.n_embd
    hs = C // nh
    iv = {"head_mask": torch.zeros(L, nh), "head_value": torch.zeros(L, nh, T, hs),
          "resid_mask": torch.zeros(L + 1, T), "resid_value": torch.zeros(L + 1, T, C),
          "resid_add": torch.zeros(L + 1, T, C)}
    for h in case.get("heads", []):
        iv["head_mask"][h["layer"], h["head"]] = 1
        # T * hs values: one z per position; hs values: the same z at every position (mean-ablation)
        iv["head_value"][h["layer"], h["head"]] = as_f32(h["value"]).view(-1, hs).expand(T, hs)
    for r in case.get("resid", []):
        iv["resid_mask"][r["layer"], r["pos"]] = 1
        iv["resid_value"][r["layer"], r["pos"]] = as_f32(r["value"])
    for a in case.get("add", []):
        iv["resid_add"][a["layer"], :] += as_f32(a["value"])  # every position
    return iv


def fit(text, block_size):
    """The start of `text` that one window of the model holds (a model with a shorter context)."""
    return text[:block_size]


def spots(model):
    """Where the golden cases intervene, from the model's own shape. On the shipped model (4 layers, 4
    heads) these are the spots the TypeScript tests were written for; a smaller model (the demo's 2
    layers, a test's 1) takes the nearest ones it has, so every preset exports."""
    c = model.config
    last_l, last_h = c.n_layer - 1, c.n_head - 1
    return {"induction": (min(1, last_l), min(1, last_h)), "prev": (0, 0), "other": (min(2, last_l), min(3, last_h)),
            "resid": (min(1, c.n_layer), min(3, c.n_layer)), "steer": min(STEER_LAYER, c.n_layer)}


def head_label(lh):
    return f"L{lh[0]}H{lh[1]}"


def golden_cases(model, vocab):
    B = model.config.block_size
    n = min(16, B // 2)  # two copies of the run fit one window
    clean = repeated(vocab, n, seed=7)
    T = len(clean)
    at = spots(model)
    ind, prev, other, (r1, r2), steer_at = at["induction"], at["prev"], at["other"], at["resid"], at["steer"]
    p1, p2 = min(21, T - 1), min(31, T - 1)
    corrupt = list(clean)
    corrupt[5] = (clean[5] + 1) % vocab["vocab_size"] or 1  # one token of the first copy changed
    ids_t = torch.tensor([clean])
    _, _, resid_c, z_c = forward_interp(model, ids_t)
    _, _, _, z_corrupt_run = forward_interp(model, torch.tensor([corrupt]))
    reference = fit(REFERENCE_TEXT, B)
    ref = torch.tensor([[vocab["chars"].index(ch) for ch in reference]])
    _, _, resid_ref, z_ref = forward_interp(model, ref)
    z_mean = z_ref.mean(dim=2)  # (L, nh, hs): mean over the reference text's positions
    _, _, resid_b, _ = forward_interp(model, torch.tensor([[vocab["chars"].index(ch) for ch in fit(OTHER_TEXT, B)]]))
    direction = resid_ref[steer_at].mean(0) - resid_b[steer_at].mean(0)  # a steering vector: difference of means
    zero = [0.0] * (T * (vocab["n_embd"] // vocab["n_head"]))
    cases = [
        {"name": "none", "ids": clean},
        {"name": f"zero-ablate {head_label(ind)} and {head_label(prev)}", "ids": clean,
         "heads": [{"layer": ind[0], "head": ind[1], "value": zero}, {"layer": prev[0], "head": prev[1], "value": zero}]},
        {"name": f"mean-ablate {head_label(ind)} over the reference text", "ids": clean,
         "heads": [{"layer": ind[0], "head": ind[1], "value": r6(z_mean[ind])}]},
        {"name": f"patch {head_label(ind)} and {head_label(other)} from the clean run into the corrupted one", "ids": corrupt,
         "heads": [{"layer": ind[0], "head": ind[1], "value": r6(z_c[ind])},
                   {"layer": other[0], "head": other[1], "value": r6(z_c[other])}]},
        {"name": f"patch the residual stream at ({r1}, {p1}) and ({r2}, {p2}) from the clean run", "ids": corrupt,
         "resid": [{"layer": r1, "pos": p1, "value": r6(resid_c[r1, p1])}, {"layer": r2, "pos": p2, "value": r6(resid_c[r2, p2])}]},
        {"name": f"steer: add 4 x (mean resid of one text - another) after block {steer_at - 1}", "ids": clean,
         "add": [{"layer": steer_at, "value": r6(4 * direction)}]},
    ]
    for case in cases:
        ids = torch.tensor([case["ids"]])
        logits, _, _, z = forward_interp(model, ids, **dense(model, ids.size(1), case))
        case["logits"] = [r6(row) for row in logits[0]]
        if case["name"] == "none":
            case["z"] = r6(z)
    return {"source": "PyTorch fp32 (training/interp.py) on the shipped weights", "corrupt_pos": 5,
            "reference_text": reference, "cases": cases}, z_corrupt_run


def second_copy_loss(logits, ids, n):
    """Mean loss on the tokens the second copy can copy (positions n+1..2n-1), as the demo shows it."""
    lp = torch.log_softmax(logits[0, :-1], dim=-1)
    losses = -lp[torch.arange(len(ids) - 1), torch.tensor(ids[1:])]
    return float(losses[n:].mean())


def induction_scores(attn, n):
    """(L, nh): mean attention from second-copy position t to t - n + 1, the token after its first copy."""
    T = attn.size(-1)
    q = torch.arange(n, T)
    return attn[:, :, q, q - n + 1].mean(-1)


def circuit_numbers(model, vocab, n=32, seeds=(1, 2, 3), head=None):
    """What ablating and patching the strongest induction head does, averaged over a few sequences."""
    c = model.config
    hs = c.n_embd // c.n_head
    n = min(n, c.block_size // 2)  # both copies in one window
    head = head or spots(model)["induction"]
    rows = {"base": [], "zero": [], "mean": [], "low": [], "restored": []}
    reference = fit(REFERENCE_TEXT, c.block_size)
    ref = torch.tensor([[vocab["chars"].index(ch) for ch in reference]])
    z_mean = forward_interp(model, ref)[3].mean(dim=2)  # (L, nh, hs)
    low = None
    for seed in seeds:
        ids = repeated(vocab, n, seed)
        T = len(ids)
        x = torch.tensor([ids])
        logits, attn, _, z = forward_interp(model, x)
        scores = induction_scores(attn, n)
        if low is None:  # the lowest-scoring head outside layer 0 (layer 0 cannot do induction at all)
            # A 1-layer model has no other layer: its lowest head other than `head`, or `head` itself.
            heads = [(l, h) for l in range(min(1, c.n_layer - 1), c.n_layer) for h in range(c.n_head) if (l, h) != head]
            low = min(heads or [head], key=lambda lh: float(scores[lh]))
        rows["base"].append(second_copy_loss(logits, ids, n))
        for key, (l, h), value in (("zero", head, torch.zeros(T, hs)), ("mean", head, z_mean[head].expand(T, hs)),
                                   ("low", low, torch.zeros(T, hs))):
            mask = torch.zeros(c.n_layer, c.n_head)
            mask[l, h] = 1
            hv = torch.zeros(c.n_layer, c.n_head, T, hs)
            hv[l, h] = value
            rows[key].append(second_copy_loss(forward_interp(model, x, head_mask=mask, head_value=hv)[0], ids, n))
        # Patching: the clean run against one with the token after position p of the first copy
        # changed; the metric is logit(clean answer) - logit(corrupt answer) at the matching
        # second-copy position, where the induction head copies from.
        p = n // 2
        corrupt = list(ids)
        corrupt[p + 1] = next(i for i in range(1, c.vocab_size) if i != ids[p + 1] and vocab["chars"][i] != "\n")
        clean_ans, bad_ans, at = ids[p + 1], corrupt[p + 1], n + p
        def metric(lg):
            return float(lg[0, at, clean_ans] - lg[0, at, bad_ans])
        xc = torch.tensor([corrupt])
        m_clean, m_corrupt = metric(logits), metric(forward_interp(model, xc)[0])
        mask = torch.zeros(c.n_layer, c.n_head)
        mask[head] = 1
        hv = torch.zeros(c.n_layer, c.n_head, T, hs)
        hv[head] = z[head]
        m_patched = metric(forward_interp(model, xc, head_mask=mask, head_value=hv)[0])
        rows["restored"].append((m_patched - m_corrupt) / (m_clean - m_corrupt))
    mean = {k: float(np.mean(v)) for k, v in rows.items()}
    return {"n": n, "seeds": list(seeds), "head": head, "low_head": low, "L": c.n_layer, "nh": c.n_head, "hs": hs,
            "C": c.n_embd, "ref": reference, **mean}


# The Steer view's default prompt sets: the same lines in capitals and as written. Their
# difference of means is a direction a character-level model reads plainly ("write in capitals").
STEER_LINES = ["Now is the winter of our discontent", "Good morrow to you, my lord and king.",
               "What light through yonder window breaks?", "Friends, Romans, countrymen, lend me your ears."]
STEER_LAYER = 2  # residual stream after block 1 (a 1-layer model's last stream, 1, instead)
STEER_PROMPT = "ROMEO:\nBut soft, what light"


def steering_golden(model, vocab, n=40, coefs=(0.0, 0.5, 1.0, 2.0)):
    """The direction from the default prompt sets, steered logits on STEER_PROMPT and greedy steered
    text for each coefficient: the TS side recomputes the direction from the prompts on onnxruntime."""
    B = model.config.block_size
    enc = lambda s: [vocab["chars"].index(ch) for ch in fit(s, B)]  # noqa: E731
    a, b = [l.upper() for l in STEER_LINES], list(STEER_LINES)
    layer = spots(model)["steer"]
    d = steering_direction(model, [enc(x) for x in a], [enc(x) for x in b], layer)
    ids = enc(STEER_PROMPT)
    runs = []
    for c in coefs:
        vec = as_f32(r6(c * d))
        logits = forward_interp(model, torch.tensor([ids]), **steer(model, len(ids), layer, vec))[0][0]
        tokens = generate_steered(model, ids, n, layer, vec)
        runs.append({"coef": c, "logits": [r6(row) for row in logits], "tokens": tokens,
                     "text": "".join(vocab["chars"][i] for i in tokens)})
    return {"a": a, "b": b, "layer": layer, "prompt": fit(STEER_PROMPT, B), "direction": r6(d),
            "norm": float(d.norm()), "runs": runs}


DLA_PROMPT = "ROMEO:\nBut soft, what light"


@torch.no_grad()
def direct_logit_attribution(model, ids, pos, token):
    """Each head's, each MLP's and the embedding's direct contribution to logit[pos, token], ln_f
    folded: every term centred and divided by the scale ln_f computed on the whole residual stream.
    Computed from the modules (c_proj slices, the MLP itself), not from residual differences."""
    c = model.config
    nh, C = c.n_head, c.n_embd
    hs = C // nh
    T = ids.size(1)
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    x = model.embed(ids)[0]
    terms = {"embed": x[pos].clone()}
    heads, biases, mlps = [], [], []
    for blk in model.h:
        a = blk.ln_1(x)
        q, k, v = blk.attn.c_attn(a).split(C, dim=1)
        q, k, v = (t.view(T, nh, hs).transpose(0, 1) for t in (q, k, v))
        att = F.softmax(((q @ k.transpose(-2, -1)) / math.sqrt(hs)).masked_fill(~mask, float("-inf")), dim=-1)
        z = att @ v  # (nh, T, hs)
        W = blk.attn.c_proj.weight  # (C out, C in)
        heads.append([z[h, pos] @ W[:, h * hs:(h + 1) * hs].T for h in range(nh)])
        biases.append(blk.attn.c_proj.bias.clone())
        x = x + blk.attn.c_proj(z.transpose(0, 1).reshape(T, C))
        m = blk.mlp(blk.ln_2(x))
        mlps.append(m[pos])
        x = x + m
    xf = x[pos]
    scale = torch.sqrt(xf.var(unbiased=False) + 1e-5)
    w = model.ln_f.weight * model.wte.weight[token]
    d = lambda u: float(((u - u.mean()) / scale) @ w)  # noqa: E731
    logit = float(model.lm_head(model.ln_f(x))[pos, token])
    return {"prompt": fit(DLA_PROMPT, T), "pos": pos, "token": token, "logit": logit, "embed": d(terms["embed"]),
            "heads": [[d(u) for u in row] for row in heads], "attn_bias": [d(b) for b in biases],
            "mlp": [d(u) for u in mlps], "ln_f_bias": float(model.ln_f.bias @ model.wte.weight[token])}


def append_steering_section(model_dir, g):
    """Steering's numbers after the Interventions section (which write_interp_section rewrites whole)."""
    path = model_dir / "MODEL_CARD.md"
    rows = "\n".join(f"| {r['coef']:g} | `{r['text'][:40].replace(chr(10), chr(92) + 'n')}` |" for r in g["runs"])
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"""

Steering (activation addition, the playground's Steer view): the direction is the mean of
residual stream {g['layer']} (after block {g['layer'] - 1}; each prompt averaged over its positions, then the
prompts averaged) over {len(g['a'])} lines in capitals, minus the same over the same lines as written;
its norm is {g['norm']:.2f} (a residual vector's is about 20). Added times a coefficient at every
position of that stream while generating greedily after `{g['prompt'].replace(chr(10), chr(92) + 'n')}`:

| coefficient | first 40 characters written |
|---|---|
{rows}

`test/unit/model/steering.test.ts` recomputes the direction from the prompts on onnxruntime and
checks it, the steered logits (within 1e-4) and the steered text against these.
""", encoding="utf-8")


def spelled_chars():
    """Every character the golden cases, the steering prompts and the attribution prompt spell: a
    vocabulary without one of them (names.txt has no capitals) gets no intervention graph."""
    return set(REFERENCE_TEXT + OTHER_TEXT + STEER_PROMPT + DLA_PROMPT + "".join(STEER_LINES)
               + "".join(line.upper() for line in STEER_LINES))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default=str(REPO / "media" / "model"))
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    model_dir = Path(args.model_dir)
    model, vocab = load_shipped(model_dir)
    export_graph(model_dir, vocab)
    golden, _ = golden_cases(model, vocab)
    ids = torch.tensor([[vocab["chars"].index(ch) for ch in fit(DLA_PROMPT, model.config.block_size)]])
    logits = forward_interp(model, ids)[0]
    pos = ids.size(1) - 1
    golden["dla"] = direct_logit_attribution(model, ids, pos, int(logits[0, pos].argmax()))
    golden["steering"] = steering_golden(model, vocab)
    (model_dir / GOLDEN_FILE).write_text(json.dumps(golden) + "\n", encoding="utf-8")
    write_interp_section(model_dir, circuit_numbers(model, vocab))
    append_steering_section(model_dir, golden["steering"])
    print(f"wrote {INTERP_FILE}, {GOLDEN_FILE} and the card's Interventions section in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
