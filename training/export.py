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
The interface of the two graphs is described in MODEL_CARD.md and src/model/modelInterface.ts.
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
from onnx import TensorProto, helper

from model import GPT, GPTConfig, context_start

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OPSET = 17
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


class FullContext(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, idx):
        return self.model.forward_internals(idx)


class KVCache(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, idx, past_kv):
        return self.model.forward_kv(idx, past_kv)


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


def point_weights_at_npz(onnx_path, arrays, offsets, fp16):
    """Replace each weight initializer by a reference into weights.npz (plus a Cast when fp16)."""
    m = onnx.load(onnx_path)
    g = m.graph
    kept, casts = [], []
    used = set()
    for init in g.initializer:
        # The wrapper modules put the GPT under "model."; the state dict has no such prefix.
        key = init.name[len("model."):] if init.name.startswith("model.") else init.name
        if key not in arrays:
            kept.append(init)
            continue
        used.add(key)
        a = arrays[key]
        off, n = offsets[key]
        t = TensorProto()
        t.name = key + "_fp16" if fp16 else init.name
        t.data_type = TensorProto.FLOAT16 if fp16 else TensorProto.FLOAT
        t.dims.extend(a.shape)
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", WEIGHTS_FILE), ("offset", str(off)), ("length", str(n))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        kept.append(t)
        if fp16:
            casts.append(helper.make_node("Cast", [t.name], [init.name], to=TensorProto.FLOAT,
                                          name="Cast_" + init.name))
    # The exporter merges initializers with equal values (the tied lm_head, or LayerNorm gains
    # that are still all ones in a smoke run), so not every array is referenced. What must not
    # happen is a weight left inside the graph.
    inline = [(i.name, int(np.prod(i.dims))) for i in kept if i.data_location != TensorProto.EXTERNAL]
    assert all(n <= 64 for _, n in inline), f"weights left inside the graph: {inline}"
    del g.initializer[:]
    g.initializer.extend(kept)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    m.producer_name = "llm-study training/export.py"
    onnx.save(m, onnx_path)  # keeps the external references as they are
    onnx.checker.check_model(str(onnx_path))


def export_onnx(model, out, arrays, offsets, fp16):
    c = model.config
    hs = c.n_embd // c.n_head
    # do_constant_folding=False keeps every weight under its state-dict name and layout (no
    # pre-transposed copies), which is what lets the graphs share weights.npz.
    common = dict(opset_version=OPSET, do_constant_folding=False)
    full = out / "model.onnx"
    torch.onnx.export(FullContext(model), (torch.zeros(1, 8, dtype=torch.long),), str(full),
                      input_names=["idx"], output_names=["logits", "attn", "resid"],
                      dynamic_axes={"idx": {1: "T"}, "logits": {1: "T"}, "attn": {2: "T", 3: "T"},
                                    "resid": {1: "T"}}, **common)
    kv = out / "model_kv.onnx"
    past = torch.zeros(c.n_layer, 2, c.n_head, 5, hs)
    torch.onnx.export(KVCache(model), (torch.zeros(1, 2, dtype=torch.long), past), str(kv),
                      input_names=["idx", "past_kv"], output_names=["logits", "present_kv", "attn"],
                      dynamic_axes={"idx": {1: "T"}, "past_kv": {3: "P"}, "logits": {1: "T"},
                                    "present_kv": {3: "P_plus_T"}, "attn": {2: "T", 3: "P_plus_T"}},
                      **common)
    for p in (full, kv):
        point_weights_at_npz(p, arrays, offsets, fp16)


@torch.no_grad()
def make_golden(model, chars, n):
    prompts = []
    for text in GOLDEN_PROMPTS:
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
    probe = [torch.tensor([encode(chars, s)]) for s in GOLDEN_PROMPTS]
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
    print(f"exported to {out} in {time.time() - t0:.1f} s:")
    for f in sorted(out.iterdir()):
        print(f"  {f.name:16s} {f.stat().st_size:>10,d} bytes")


if __name__ == "__main__":
    main()
