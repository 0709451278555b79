"""Rebuild model_kv.onnx from the weights.npz and vocab.json beside it, without the checkpoint.

    /usr/bin/python3 training/export_kv.py [--model-dir media/model]

export.py writes the same graph (onnx_graph.build with kv=True) after training; this rewrites only
that graph, for a model exported before its interface grew (issue 16 added the new_kv output), so
the weights, the other graphs and the goldens stay byte for byte what they were.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import onnx

from export import WEIGHTS_FILE, npz_offsets
from onnx_graph import build

REPO = Path(__file__).resolve().parent.parent


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default=str(REPO / "media" / "model"))
    args = p.parse_args(argv)
    out = Path(args.model_dir)
    vocab = json.loads((out / "vocab.json").read_text(encoding="utf-8"))
    with np.load(out / WEIGHTS_FILE) as z:
        arrays = {k: z[k] for k in z.files if k != "lm_head.weight"}  # tied to wte, as export.py leaves it out
    fp16 = all(a.dtype == np.float16 for a in arrays.values())
    offsets = npz_offsets(out / WEIGHTS_FILE)
    refs = {k: (WEIGHTS_FILE, *offsets[k]) for k in arrays}
    cfg = {k: vocab[k] for k in ("n_layer", "n_head", "n_embd", "vocab_size")}
    onnx.save(build(cfg, arrays, refs, fp16, True), str(out / "model_kv.onnx"))
    onnx.checker.check_model(str(out / "model_kv.onnx"))
    print(f"wrote {out / 'model_kv.onnx'} ({'fp16' if fp16 else 'fp32'} weights in {WEIGHTS_FILE})")


if __name__ == "__main__":
    main()
