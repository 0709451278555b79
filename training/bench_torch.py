"""PyTorch side of scripts/bench/model.ts: greedy tokens/s of the shipped weights on the CPU.

    /usr/bin/python3 training/bench_torch.py [--model-dir media/model] [--tokens 200] [--threads 1]
Prints one JSON line: {"tokens_per_s": ..., "cpu_tokens_per_s": ..., "ids": [...]} (ids to check
that all runtimes agree).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from model import GPT, GPTConfig

REPO = Path(__file__).resolve().parent.parent


def load(model_dir):
    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    config = GPTConfig(block_size=vocab["block_size"], vocab_size=vocab["vocab_size"], n_layer=vocab["n_layer"],
                       n_head=vocab["n_head"], n_embd=vocab["n_embd"])
    model = GPT(config)
    with np.load(model_dir / "weights.npz") as w:
        model.load_state_dict({k: torch.from_numpy(w[k].astype(np.float32)) for k in w.files})
    return model.eval(), vocab


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", default=str(REPO / "media" / "model"))
    p.add_argument("--tokens", type=int, default=200)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--prompt", default="ROMEO:\n")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model, vocab = load(Path(args.model_dir))
    stoi = {c: i for i, c in enumerate(vocab["chars"])}
    idx = torch.tensor([[stoi[c] for c in args.prompt]])
    model.generate(idx, 5, greedy=True)  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    out = model.generate(idx, args.tokens, greedy=True)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"tokens_per_s": args.tokens / dt, "cpu_tokens_per_s": args.tokens / dc,
                      "ids": out[0, idx.size(1):].tolist()}))


if __name__ == "__main__":
    main()
