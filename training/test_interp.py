"""The interventions' PyTorch reference and graph builder. Run: /usr/bin/python3 -m pytest training/test_interp.py
(a few seconds). The ONNX side is checked against golden_interp.json in test/unit/model/interp.test.ts."""

import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import WEIGHTS_FILE, npz_offsets  # noqa: E402
from export_interp import circuit_numbers, repeated  # noqa: E402
from interp import forward_interp, load_shipped  # noqa: E402
from onnx_graph import build  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent.parent / "media" / "model"


def test_adding_the_interp_graph_leaves_model_onnx_and_model_kv_onnx_byte_for_byte_the_same():
    vocab = json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"))
    with np.load(MODEL_DIR / WEIGHTS_FILE) as z:
        arrays = {k: z[k] for k in z.files if k != "lm_head.weight"}
    offsets = npz_offsets(MODEL_DIR / WEIGHTS_FILE)
    refs = {k: (WEIGHTS_FILE, *offsets[k]) for k in arrays}
    cfg = {k: vocab[k] for k in ("n_layer", "n_head", "n_embd", "vocab_size")}
    for name, kv in (("model.onnx", False), ("model_kv.onnx", True)):
        assert build(cfg, arrays, refs, True, kv).SerializeToString() == (MODEL_DIR / name).read_bytes(), name


def test_the_reference_without_intervention_is_the_model_itself():
    model, vocab = load_shipped(MODEL_DIR)
    idx = torch.tensor([repeated(vocab, 20, seed=3)])
    logits, attn, resid, _ = forward_interp(model, idx)
    want_logits, want_attn, want_resid = model.forward_internals(idx)
    assert torch.allclose(logits, want_logits, atol=1e-5)
    assert torch.allclose(attn, want_attn, atol=1e-6)
    assert torch.allclose(resid, want_resid, atol=1e-5)


def test_the_induction_head_is_needed_and_carries_the_copy():
    model, vocab = load_shipped(MODEL_DIR)
    n = circuit_numbers(model, vocab, seeds=(1,))
    assert n["zero"] >= 5 * n["base"] and n["mean"] >= 5 * n["base"], n
    assert n["low"] < 5 * n["base"] and n["low"] - n["base"] < 0.25, n
    assert n["restored"] > 0.7, n
