"""A small random GPT in the tiny GPT's file layout (weights.npz + vocab.json), for tests that must
not depend on the trained model being built. Usage: python fake_tiny_gpt.py OUT_DIR"""
import json
import sys

import numpy as np

rng = np.random.default_rng(0)
V, C, T, L = 12, 8, 16, 2
p = {"wte.weight": rng.normal(size=(V, C)), "wpe.weight": rng.normal(size=(T, C)) * 0.1,
     "ln_f.weight": np.ones(C), "ln_f.bias": np.zeros(C)}
for i in range(L):
    h = "h.%d." % i
    p.update({h + "ln_1.weight": np.ones(C), h + "ln_1.bias": np.zeros(C),
              h + "ln_2.weight": np.ones(C), h + "ln_2.bias": np.zeros(C),
              h + "attn.c_attn.weight": rng.normal(size=(3 * C, C)), h + "attn.c_attn.bias": rng.normal(size=3 * C) * 0.1,
              h + "attn.c_proj.weight": rng.normal(size=(C, C)) * 0.3, h + "attn.c_proj.bias": np.zeros(C),
              h + "mlp.c_fc.weight": rng.normal(size=(4 * C, C)) * 0.3, h + "mlp.c_fc.bias": np.zeros(4 * C),
              h + "mlp.c_proj.weight": rng.normal(size=(C, 4 * C)) * 0.3, h + "mlp.c_proj.bias": np.zeros(C)})
np.savez(sys.argv[1] + "/weights.npz", **{k: v.astype(np.float32) for k, v in p.items()})
with open(sys.argv[1] + "/vocab.json", "w", encoding="utf-8") as f:
    json.dump({"chars": list(" \nabcdefghij"), "vocab_size": V, "n_embd": C, "n_head": 2, "n_layer": L, "block_size": T}, f)
