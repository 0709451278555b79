"""PyTorch side of scripts/bench/interp.ts: a full head-patching sweep (every layer and head) and a
residual sweep (every layer and position) on a 32-token prompt, with training/interp.py.

    /usr/bin/python3 training/bench_interp_torch.py [--model-dir media/model] [--threads 1]
Prints one JSON line: {"head_patch_sweep_ms": ..., "resid_patch_sweep_ms": ...} (best of 3).
"""

import argparse
import json
import time
from pathlib import Path

import torch

from export_interp import repeated
from interp import forward_interp, load_shipped

REPO = Path(__file__).resolve().parent.parent


def sweeps(model, clean, corrupt, metric):
    c = model.config
    L, nh = c.n_layer, c.n_head
    hs = c.n_embd // nh
    T = clean.size(1)
    _, _, resid_c, z_c = forward_interp(model, clean)
    t0 = time.perf_counter()
    for l in range(L):
        for h in range(nh):
            mask = torch.zeros(L, nh)
            mask[l, h] = 1
            hv = torch.zeros(L, nh, T, hs)
            hv[l, h] = z_c[l, h]
            metric(forward_interp(model, corrupt, head_mask=mask, head_value=hv)[0])
    t1 = time.perf_counter()
    for l in range(L + 1):
        for t in range(T):
            mask = torch.zeros(L + 1, T)
            mask[l, t] = 1
            metric(forward_interp(model, corrupt, resid_mask=mask, resid_value=resid_c)[0])
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", default=str(REPO / "media" / "model"))
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model, vocab = load_shipped(Path(args.model_dir))
    ids = repeated(vocab, 16, seed=1)  # 32 tokens
    bad = list(ids)
    bad[9] = (ids[9] + 7) % vocab["vocab_size"]
    clean, corrupt = torch.tensor([ids]), torch.tensor([bad])
    def metric(lg):
        return float(lg[0, 24, ids[9]] - lg[0, 24, bad[9]])
    best = [min(x) for x in zip(*(sweeps(model, clean, corrupt, metric) for _ in range(3)))]
    print(json.dumps({"head_patch_sweep_ms": best[0], "resid_patch_sweep_ms": best[1], "tokens": clean.size(1)}))


if __name__ == "__main__":
    main()
