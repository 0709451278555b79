"""Export a trained checkpoint for the editor and the exercises.

    /usr/bin/python3 training/export.py [--ckpt training/out/full/ckpt.pt] [--out media/model]

Writes, into --out:
  weights.npz    the state dict (same names as PyTorch), fp16. np.savez stores it uncompressed,
                 so each array's bytes lie contiguous in the file...
  model.onnx     ...and both ONNX graphs point their weights at those very bytes (ONNX external
  model_kv.onnx  data), so the shipped model holds one copy of the weights, not three.
  vocab.json     characters and shape of the model
  golden.json    PyTorch logits and greedy continuations that the TypeScript tests compare against
  loss.csv, MODEL_CARD.md
  model_interp.onnx, golden_interp.json   the intervention graph (export_interp.py, run last)
The interface of the two graphs is described in MODEL_CARD.md and src/shared/model/modelInterface.ts.
"""

import argparse
import json
import shutil
import struct
import time
import zipfile
from pathlib import Path

import numpy as np
import onnx
import torch

from model import GPT, GPTConfig, context_start
from onnx_graph import build

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WEIGHTS_FILE = "weights.npz"
GOLDEN_PROMPTS = ["ROMEO:\n", "First Citizen:\nBefore we proceed any further, hear me speak.\n",
                  "To be, or not to be", "\n"]
GREEDY_TOKENS = 200  # past the 128-token context, so the window rule is covered too


def load_model(ckpt_path):
    ckpt = torch.load(ckpt_path, map_location="cpu")
    model = GPT(GPTConfig(**ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt


def round_to_fp16(model):
    # The shipped model *is* the fp16-rounded one (computing in fp32): golden values come from it,
    # so the tests compare like with like.
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())


def prompts_for(chars, block_size):
    """The golden prompts this vocabulary can spell, within the context. A model trained on another
    text (names.txt has no capitals) keeps the prompts' characters it knows; the shipped vocabulary
    and context keep them whole."""
    known = set(chars)
    kept = ["".join(c for c in p if c in known)[:block_size] for p in GOLDEN_PROMPTS]
    kept = [p for p in kept if p]
    return kept or [chars[0]]


def encode(chars, s):
    stoi = {c: i for i, c in enumerate(chars)}
    return [stoi[c] for c in s]


@torch.no_grad()
def greedy(model, ids, n):
    return model.generate(torch.tensor([ids]), n, greedy=True)[0, len(ids):].tolist()


@torch.no_grad()
def greedy_kv(model, ids, n):
    # The KV-cache loop the TypeScript side runs: a window restart (context_start) rebuilds the
    # cache from the kept tokens; otherwise only the newest token goes in.
    B = model.config.block_size
    c = model.config
    empty = torch.zeros(c.n_layer, 2, c.n_head, 0, c.n_embd // c.n_head)
    seq, out, past, start = list(ids), [], empty, None
    for _ in range(n):
        s = context_start(len(seq), B)
        if s != start:
            logits, past, _ = model.forward_kv(torch.tensor([seq[s:]]), empty)
            start = s
        else:
            logits, past, _ = model.forward_kv(torch.tensor([seq[-1:]]), past)
        nxt = int(logits[0, -1].argmax())
        seq.append(nxt)
        out.append(nxt)
    return out


def npz_offsets(path):
    """Byte offset and length of each array's data inside an uncompressed .npz."""
    offsets = {}
    with zipfile.ZipFile(path) as zf, open(path, "rb") as f:
        for info in zf.infolist():
            assert info.compress_type == zipfile.ZIP_STORED, "weights.npz must be uncompressed"
            f.seek(info.header_offset)
            local = f.read(30)
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            start = info.header_offset + 30 + name_len + extra_len
            f.seek(start)
            magic = f.read(8)
            assert magic[:6] == b"\x93NUMPY", info.filename
            if magic[6] == 1:
                header_len, header_size = struct.unpack("<H", f.read(2))[0], 10
            else:
                header_len, header_size = struct.unpack("<I", f.read(4))[0], 12
            data_start = start + header_size + header_len
            offsets[info.filename[:-4]] = (data_start, info.file_size - header_size - header_len)
    return offsets


def write_weights(model, path, dtype):
    arrays = {k: v.detach().numpy().astype(dtype) for k, v in model.state_dict().items()}
    np.savez(path, **arrays)
    offsets = npz_offsets(path)
    raw = Path(path).read_bytes()
    for k, a in arrays.items():  # the offsets are only worth anything if they point at the data
        off, n = offsets[k]
        assert raw[off:off + n] == np.ascontiguousarray(a).tobytes(), k
    return arrays, offsets


def export_onnx(model, out, arrays, offsets, fp16):
    """Both graphs, written node by node (onnx_graph.py), their weights pointing into weights.npz."""
    c = model.config
    cfg = {"n_layer": c.n_layer, "n_head": c.n_head, "n_embd": c.n_embd, "vocab_size": c.vocab_size}
    # lm_head.weight is wte.weight (tied): the graphs read wte for both, so it is not stored twice.
    weights = {k: a for k, a in arrays.items() if k != "lm_head.weight"}
    refs = {k: (WEIGHTS_FILE, *offsets[k]) for k in weights}
    for name, kv in (("model.onnx", False), ("model_kv.onnx", True)):
        onnx.save(build(cfg, weights, refs, fp16, kv), str(out / name))  # no copy of the weights
        onnx.checker.check_model(str(out / name))  # by path, so the external data is checked too


@torch.no_grad()
def make_golden(model, chars, n):
    prompts = []
    for text in prompts_for(chars, model.config.block_size):
        ids = encode(chars, text)
        logits, _ = model(torch.tensor([ids]))
        cont = greedy(model, ids, n)
        prompts.append({
            "prompt": text,
            "ids": ids,
            # Every position of the prompt, full vocabulary: (T, V), 6 decimals is plenty for 1e-3.
            "logits": [[round(float(x), 6) for x in row] for row in logits[0]],
            "greedy_ids": cont,
            "greedy_text": "".join(chars[i] for i in cont),
        })
    return prompts


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ckpt", default=str(HERE / "out" / "full" / "ckpt.pt"))
    p.add_argument("--out", default=str(REPO / "media" / "model"))
    p.add_argument("--greedy-tokens", type=int, default=GREEDY_TOKENS, help="length of the golden continuations")
    p.add_argument("--fp32", action="store_true", help="store fp32 weights even if fp16 keeps the greedy text")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    model, ckpt = load_model(args.ckpt)
    chars, c = ckpt["chars"], model.config

    # fp16 storage only if it changes nothing a learner can see: the greedy text of every prompt.
    probe = [torch.tensor([encode(chars, s)]) for s in prompts_for(chars, c.block_size)]
    n = args.greedy_tokens
    ref_text = [greedy(model, x[0].tolist(), n) for x in probe]
    ref_logits = [model(x)[0] for x in probe]
    rounded, _ = load_model(args.ckpt)
    round_to_fp16(rounded)
    same_text = all(greedy(rounded, x[0].tolist(), n) == t for x, t in zip(probe, ref_text))
    fp16_err = max(float((rounded(x)[0] - r).abs().max()) for x, r in zip(probe, ref_logits))
    fp16 = same_text and not args.fp32
    print(f"fp16 weights: greedy text {'identical' if same_text else 'DIFFERS'}, max logit change {fp16_err:.2e}"
          f" -> storing {'fp16' if fp16 else 'fp32'}")
    if fp16:
        model = rounded

    arrays, offsets = write_weights(model, out / WEIGHTS_FILE, np.float16 if fp16 else np.float32)
    export_onnx(model, out, arrays, offsets, fp16)

    golden = make_golden(model, chars, n)
    for g in golden:  # the KV loop must reproduce the full-context tokens, window restarts included
        assert greedy_kv(model, g["ids"], n) == g["greedy_ids"], "KV-cache generation differs"
    vocab = {"chars": chars, "vocab_size": len(chars), "block_size": c.block_size, "n_layer": c.n_layer,
             "n_head": c.n_head, "n_embd": c.n_embd}
    (out / "vocab.json").write_text(json.dumps(vocab, indent=1) + "\n", encoding="utf-8")
    golden_doc = {"source": "PyTorch fp32 on the shipped weights" + (" (fp16-rounded)" if fp16 else ""),
                  "greedy_tokens": n, "window": "context_start(n, block_size)", "prompts": golden}
    (out / "golden.json").write_text(json.dumps(golden_doc) + "\n", encoding="utf-8")
    ckpt_dir = Path(args.ckpt).parent
    if (ckpt_dir / "loss.csv").is_file():
        shutil.copyfile(ckpt_dir / "loss.csv", out / "loss.csv")

    from model_card import write_model_card
    write_model_card(out, ckpt, vocab, golden, fp16=fp16, fp16_err=fp16_err)
    # After the card: export_interp.py appends its Interventions section to it.
    from export_interp import main as export_interp, spelled_chars
    if spelled_chars() <= set(chars):
        export_interp(["--model-dir", str(out)])
    else:
        # Its golden cases are Shakespeare text; a model of another text (names.txt) cannot spell them.
        print("note: no model_interp.onnx: export_interp.py's reference prompts use characters this vocabulary lacks")
    print(f"exported to {out} in {time.time() - t0:.1f} s:")
    for f in sorted(out.iterdir()):
        print(f"  {f.name:16s} {f.stat().st_size:>10,d} bytes")


if __name__ == "__main__":
    main()
