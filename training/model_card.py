"""MODEL_CARD.md for media/model/, written by export.py from the checkpoint's own numbers."""

from pathlib import Path

CARD = """# The tiny GPT: model card

A character-level GPT in the shape of nanoGPT, trained from scratch on tiny Shakespeare by
`training/train.py` in this repository. It exists to be looked inside: the playground shows its
attention and residual stream, and the numpy exercises rebuild it from `weights.npz`.

## Data
- Tiny Shakespeare (`data/tinyshakespeare/input.txt` of github.com/karpathy/char-rnn):
  {data_chars:,} characters, sha256 `{data_sha256}`. First 90% trains, last 10% validates.
- One token per distinct character: {vocab_size} tokens (`vocab.json` lists them in id order).
{repeat_line}
## Model
| | |
|---|---|
| parameters | {params:,} (lm_head shares its matrix with wte) |
| layers / heads / width | {n_layer} / {n_head} / {n_embd} (head size {head_size}) |
| context (block_size) | {block_size} characters |
| blocks | pre-LayerNorm, causal self-attention, MLP 4x with tanh-GELU |
| stored weights | {storage} |

## Training
| | |
|---|---|
| steps x batch | {steps:,} x {batch_size} windows of {block_size} characters |
| optimizer | AdamW (0.9, 0.99), weight decay {weight_decay} on matrices, grad clip 1.0 |
| learning rate | {lr} peak, {warmup} warmup steps, cosine to {min_lr} |
| dropout | {dropout} |
| seed / threads | {seed} / {threads} ({device}, torch {torch}) |
| time | {minutes:.1f} minutes wall clock, {cpu_time} |
| final loss (mean of {final_eval_iters} batches) | train **{train_loss:.4f}**, validation **{val_loss:.4f}** |

The loss curve is in `loss.csv` (`loss` is each step's batch; `train_loss`/`val_loss` are the
periodic estimates on fixed batches).

Sample at temperature 0.8 (seed {seed}, starting from a newline):

```
{sample}
```

Greedy continuation of `{golden_prompt}` (from `golden.json`):

```
{golden_prompt}{golden_text}
```

## Files
| file | what |
|---|---|
| `model.onnx` | full-context graph: logits, attention and residual stream for every position |
| `model_kv.onnx` | KV-cache graph: new tokens in, logits and the updated cache out |
| `weights.npz` | the PyTorch state dict by name ({npz_dtype}); **both ONNX graphs read their weights from this file** (ONNX external data pointing into the uncompressed npz), so keep the three files together |
| `vocab.json` | `chars`, `vocab_size`, `block_size`, `n_layer`, `n_head`, `n_embd` |
| `golden.json` | PyTorch logits for every prompt position and {greedy_tokens}-token greedy continuations, for the tests |
| `loss.csv` | the training log |

### `model.onnx` (opset 17)
| name | type | shape |
|---|---|---|
| input `idx` | int64 | `[1, T]`, 1 <= T <= {block_size} |
| output `logits` | float32 | `[1, T, {vocab_size}]` (next-token logits at every position) |
| output `attn` | float32 | `[{n_layer}, {n_head}, T, T]` attention probabilities; rows sum to 1, zero above the diagonal |
| output `resid` | float32 | `[{n_layer_plus_1}, T, {n_embd}]` residual stream after the embeddings (0) and after each block (1..{n_layer}), before `ln_f` |

### `model_kv.onnx` (opset 17)
| name | type | shape |
|---|---|---|
| input `idx` | int64 | `[1, T]` new tokens (T = 1 when generating; T > 1 prefills a prompt) |
| input `past_kv` | float32 | `[{n_layer}, 2, {n_head}, P, {head_size}]` keys (index 0) and values (1) of the P earlier positions; P = 0 for a fresh start |
| output `logits` | float32 | `[1, T, {vocab_size}]` |
| output `present_kv` | float32 | `[{n_layer}, 2, {n_head}, P + T, {head_size}]`: pass it back as `past_kv` |
| output `new_kv` | float32 | `[{n_layer}, 2, {n_head}, T, {head_size}]`: the last T positions of `present_kv`, for a caller that keeps the cache itself (the playground: one position leaves the runtime per token, not the whole cache) |
| output `attn` | float32 | `[{n_layer}, {n_head}, T, P + T]` attention of the new positions |

The new tokens sit at positions P..P+T-1 (the position is the cache length; there is no `pos`
input), so P + T <= {block_size}.

### Past the context: the window rule
Predicting token n from tokens 0..n-1, the model sees tokens `s..n-1` with
`s = 0` while n <= {block_size}, else `s = ceil((n - {block_size}) / {half}) * {half}`: when the
window is full its oldest half is dropped in one go. With a KV cache: when `s` changes, start
again from an empty cache and prefill tokens `s..n-1` in one call; otherwise feed the newest
token only. Both graphs give the same greedy tokens under this rule (checked by `export.py` in
PyTorch and by `test/unit/model/*.test.ts` in onnxruntime). Why not slide by one token:
positions are absolute (`wpe`), so every cached key would change at every step.
`src/shared/model/context.ts` implements the rule.

## Regenerate
```
training/regenerate.sh    # trains (about {cpu_minutes:.0f} minutes of CPU time), then exports
```
Same machine, same seed, same thread count ({threads}): the same weights bit for bit. `LLM_STUDY_DATA` points at the
text; without it `../shared/data/tinyshakespeare.txt`, else the text is downloaded.
fp16 storage: the greedy text of every golden prompt is identical to fp32, largest logit change
{fp16_err:.1e}.
"""


def repeat_line(frac):
    if not frac:
        return ""
    return ("- Mixed in: {:.0%} of training rows are a random run of 8 to 64 characters repeated to fill\n"
            "  the window (`data.repeat_rows`). The text alone seldom repeats within 128 characters, so\n"
            "  copying never paid and no induction head formed; these rows make it pay. Validation is\n"
            "  the text only.\n").format(frac)


def write_model_card(out, ckpt, vocab, golden, fp16, fp16_err):
    s, a = ckpt["stats"], ckpt["args"]
    g = golden[0]
    # Wall clock counts time other programs held the CPU; process time is the training's own cost.
    cpu = s.get("cpu_seconds", s["seconds"])
    cpu_time = f"{cpu / 60:.1f} minutes of CPU time" if "cpu_seconds" in s else "CPU time not recorded"
    text = CARD.format(
        **vocab, **{k: a[k] for k in ("batch_size", "weight_decay", "lr", "warmup", "min_lr", "dropout",
                                      "seed", "final_eval_iters")},
        params=s["params"], steps=s["steps"], minutes=s["seconds"] / 60, train_loss=s["train_loss"],
        val_loss=s["val_loss"], threads=s["threads"], device=s["device"], torch=s["torch"],
        data_chars=s["data_chars"], data_sha256=s["data_sha256"], head_size=vocab["n_embd"] // vocab["n_head"],
        n_layer_plus_1=vocab["n_layer"] + 1, half=vocab["block_size"] // 2,
        storage="fp16 (computed in fp32 after a Cast)" if fp16 else "fp32",
        npz_dtype="float16" if fp16 else "float32", sample=ckpt["sample"].strip("\n"),
        golden_prompt=g["prompt"], golden_text=g["greedy_text"], greedy_tokens=len(g["greedy_ids"]),
        fp16_err=fp16_err, cpu_time=cpu_time, cpu_minutes=cpu / 60, repeat_line=repeat_line(a.get("repeat_frac", 0.0)))
    Path(out, "MODEL_CARD.md").write_text(text, encoding="utf-8")


INTERP_START = "<!-- interventions: written by training/export_interp.py -->"
INTERP = """{start}
## Interventions (`model_interp.onnx`)
The full-context graph with five more inputs, so that ablation, patching and steering need no
re-export: where `head_mask[l, h]` > 0 head (l, h)'s `z` (its attention-weighted values, before
`c_proj`) is replaced by `head_value[l, h]`; where `resid_mask[i, t]` > 0 the residual stream `i`
(0 after the embeddings, l + 1 after block l) at position t is replaced by `resid_value[i, t]`;
then `resid_add[i]` is added. With every mask 0 and nothing added it gives `model.onnx`'s numbers.

| name | type | shape |
|---|---|---|
| input `idx` | int64 | `[1, T]` |
| input `head_mask` / `head_value` | float32 | `[{L}, {nh}]` / `[{L}, {nh}, T, {hs}]` |
| input `resid_mask` / `resid_value` | float32 | `[{L1}, T]` / `[{L1}, T, {C}]` |
| input `resid_add` | float32 | `[{L1}, T, {C}]` (steering) |
| output `logits`, `attn`, `resid` | float32 | as `model.onnx`, after the interventions |
| output `z` | float32 | `[{L}, {nh}, T, {hs}]` each head's output before `c_proj` (after the intervention) |

The induction circuit, measured in PyTorch (`training/interp.py`) on a random run of {n}
characters repeated (mean of seeds {seeds}):

| run | second-copy loss (nats) |
|---|---|
| no intervention | {base:.3f} |
| layer {hl} head {hh} zero-ablated | {zero:.3f} ({zero_x:.0f}x) |
| layer {hl} head {hh} mean-ablated (mean `z` over `{ref}`) | {mean:.3f} ({mean_x:.0f}x) |
| layer {ll} head {lh} zero-ablated (lowest induction score past layer 0) | {low:.3f} ({low_x:.2f}x) |

Patching: the first copy with one character changed (so the second copy's next-token answer
flips), metric logit(clean answer) - logit(corrupted answer) where the second copy reads it;
patching layer {hl} head {hh}'s `z` alone from the clean run into the corrupted one restores
**{restored:.0%}** of the metric (1 = fully restored, 0 = no effect).
`test/unit/model/interp.test.ts` checks the same on onnxruntime.
"""


def write_interp_section(out, numbers):
    """Replaces (or appends) the Interventions section at the end of MODEL_CARD.md."""
    path = Path(out, "MODEL_CARD.md")
    text = path.read_text(encoding="utf-8")
    text = text.split(INTERP_START)[0].rstrip("\n") + "\n\n"
    L, nh = numbers["L"], numbers["nh"]
    text += INTERP.format(
        start=INTERP_START, L=L, nh=nh, hs=numbers["hs"], C=numbers["C"], L1=L + 1, n=numbers["n"],
        seeds=", ".join(map(str, numbers["seeds"])), base=numbers["base"], zero=numbers["zero"],
        mean=numbers["mean"], low=numbers["low"], zero_x=numbers["zero"] / numbers["base"],
        mean_x=numbers["mean"] / numbers["base"], low_x=numbers["low"] / numbers["base"],
        hl=numbers["head"][0], hh=numbers["head"][1], ll=numbers["low_head"][0], lh=numbers["low_head"][1],
        ref=numbers["ref"].replace("\n", "\\n"), restored=numbers["restored"])
    path.write_text(text, encoding="utf-8")
