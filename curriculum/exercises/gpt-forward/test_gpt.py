"""Tests for gpt.py: first on a small random GPT, then on the tiny GPT's real weights.
Run: python llmstudy_test.py"""
import json
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_dtype, assert_close, assert_equal, model_path
import gpt as G


def random_gpt(n_layer=2, n_embd=8, n_vocab=5, block_size=6, seed=0, tied=True):
    """A GPT with random weights, same names and layouts as the real one."""
    rng = np.random.default_rng(seed)
    r = lambda *shape, s=0.3: rng.normal(size=shape) * s
    p = {"wte.weight": r(n_vocab, n_embd, s=1.0), "wpe.weight": r(block_size, n_embd, s=1.0),
         "ln_f.weight": 1 + r(n_embd, s=0.1), "ln_f.bias": r(n_embd, s=0.1)}
    for i in range(n_layer):
        h = "h.{}.".format(i)
        p.update({h + "ln_1.weight": 1 + r(n_embd, s=0.1), h + "ln_1.bias": r(n_embd, s=0.1),
                  h + "attn.c_attn.weight": r(3 * n_embd, n_embd), h + "attn.c_attn.bias": r(3 * n_embd, s=0.05),
                  h + "attn.c_proj.weight": r(n_embd, n_embd), h + "attn.c_proj.bias": r(n_embd, s=0.05),
                  h + "ln_2.weight": 1 + r(n_embd, s=0.1), h + "ln_2.bias": r(n_embd, s=0.1),
                  h + "mlp.c_fc.weight": r(4 * n_embd, n_embd), h + "mlp.c_fc.bias": r(4 * n_embd, s=0.05),
                  h + "mlp.c_proj.weight": r(n_embd, 4 * n_embd), h + "mlp.c_proj.bias": r(n_embd, s=0.05)})
    if not tied:
        p["lm_head.weight"] = r(n_vocab, n_embd, s=1.0)
    return p


def reference_forward(idx, p, n_head, final_ln=True, positions=True, last_block_only=False):
    """Written out step by step with the given helpers, so it can also play the known mistakes."""
    x = p["wte.weight"][idx] + (p["wpe.weight"][np.arange(len(idx))] if positions else 0)
    n_layer = len({k.split(".")[1] for k in p if k.startswith("h.")})
    layers = [n_layer - 1] if last_block_only else range(n_layer)
    for i in layers:
        x = G.block(x, {k[len("h.{}.".format(i)):]: v for k, v in p.items() if k.startswith("h.{}.".format(i))}, n_head)
    if final_ln:
        x = G.layer_norm(x, p["ln_f.weight"], p["ln_f.bias"])
    return x @ p.get("lm_head.weight", p["wte.weight"]).T


def forward_mistakes(idx, p, n_head):
    return [(lambda: reference_forward(idx, p, n_head, final_ln=False), "the final layer norm ln_f is missing."),
            (lambda: reference_forward(idx, p, n_head, positions=False), "add the position embeddings wpe[0..n_seq-1] to the token embeddings."),
            (lambda: reference_forward(idx, p, n_head, last_block_only=True), "run EVERY block h.0, h.1, ... in order.")]


class TestPieces(unittest.TestCase):
    def test_encode_decode(self):
        """encode and decode with a character vocabulary"""
        chars = ["\n", " ", "!", "A", "B", "a", "b"]
        assert_equal("encode('Ab a!', chars)", G.encode("Ab a!", chars), [3, 6, 1, 5, 2], where=G.encode)
        assert_equal("decode([4, 5, 0], chars)", G.decode([4, 5, 0], chars), "Ba\n", where=G.decode)


class TestRandomGPT(unittest.TestCase):
    def test_forward(self):
        """gpt_forward on a random 2-layer GPT: logits match the step-by-step reference"""
        p = random_gpt()
        idx = np.array([0, 3, 3, 1, 4])
        assert_close("gpt_forward(idx, params, n_head=2) on a random GPT", G.gpt_forward(idx, p, 2),
                     reference_forward(idx, p, 2), **FLOAT32, where=G.gpt_forward, mistakes=forward_mistakes(idx, p, 2))

    def test_untied_head(self):
        """gpt_forward uses lm_head.weight when the model has a separate one"""
        p = random_gpt(seed=1, tied=False)
        idx = np.array([2, 1])
        assert_close("gpt_forward with a separate lm_head.weight", G.gpt_forward(idx, p, 2), reference_forward(idx, p, 2),
                     **FLOAT32, where=G.gpt_forward, hint="use params['lm_head.weight'] when it is there, else wte.weight.")

    def test_generate_past_block_size(self):
        """generate_greedy past the block size keeps going with the context_start window"""
        p = random_gpt(seed=2)
        ids = [1, 2]
        for _ in range(9):  # block_size is 6
            window = ids[G.context_start(len(ids), 6):]
            ids.append(int(np.argmax(reference_forward(np.array(window), p, 2)[-1])))
        assert_equal("generate_greedy([1, 2], ..., block_size=6, n_new=9)", G.generate_greedy([1, 2], p, 2, 6, 9), ids,
                     where=G.generate_greedy, hint="predict from the LAST position's logits, and crop the input to "
                                                   "ids[context_start(len(ids), block_size):] before every step.")


def tiny_gpt():
    """vocab.json and golden.json of the tiny GPT (golden: what PyTorch computed for a few prompts)."""
    with open(model_path("vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(model_path("golden.json"), encoding="utf-8") as f:
        golden = json.load(f)
    return vocab, golden


class TestTinyGPT(unittest.TestCase):
    params = None

    @classmethod
    def setUpClass(cls):
        cls.vocab, cls.golden = tiny_gpt()
        cls.prompts = cls.golden["prompts"]

    def model(self):
        # Loaded once, with the learner's load_params, and only by the tests that need it.
        if TestTinyGPT.params is None:
            TestTinyGPT.params = G.load_params(model_path("weights.npz"))
        return TestTinyGPT.params

    def float64_model(self):
        """The weights, but fail at once unless they are float64: float16 maths in numpy has no
        fast matrix product, so a generation test would crawl for minutes and still be off."""
        p = self.model()
        wte = p.get("wte.weight") if isinstance(p, dict) else None
        assert_dtype("load_params(...)['wte.weight']", wte, np.float64, where=G.load_params,
                     hint="convert every array with .astype(np.float64) in load_params (the file stores float16).")
        return p

    def test_load_params(self):
        """load_params reads every tensor of weights.npz as float64"""
        p = self.model()
        wte = p.get("wte.weight") if isinstance(p, dict) else None
        assert_equal("shape of load_params(...)['wte.weight']", None if wte is None else tuple(wte.shape),
                     (self.vocab["vocab_size"], self.vocab["n_embd"]), where=G.load_params)
        assert_dtype("load_params(...)['wte.weight']", wte, np.float64, where=G.load_params,
                     hint="return {name: array.astype(np.float64)} for every name in the .npz (it stores float16).")

    def test_logits_match_pytorch(self):
        """gpt_forward on the real weights: logits match PyTorch's within 1e-3 for every golden prompt"""
        p = self.float64_model()
        for g in self.prompts:
            idx = np.array(g["ids"])
            assert_close("gpt_forward(encode({!r})) on the tiny GPT".format(g["prompt"]),
                         G.gpt_forward(idx, p, self.vocab["n_head"]), np.array(g["logits"]), atol=1e-3,
                         where=G.gpt_forward, mistakes=forward_mistakes(idx, p, self.vocab["n_head"]))

    def test_encode_prompts(self):
        """encode with the model's vocabulary gives the golden prompts' ids"""
        for g in self.prompts:
            assert_equal("encode({!r}, chars)".format(g["prompt"]), G.encode(g["prompt"], self.vocab["chars"]), g["ids"],
                         where=G.encode)

    def test_greedy_starts_like_pytorch(self):
        """generate_greedy: the first 10 characters after every golden prompt are PyTorch's"""
        p = self.float64_model()
        for g in self.prompts:
            ids = G.generate_greedy(g["ids"], p, self.vocab["n_head"], self.vocab["block_size"], 10)
            text = G.decode(list(ids)[len(g["ids"]):], self.vocab["chars"])
            assert_equal("10 greedy characters after {!r}".format(g["prompt"]), text, g["greedy_text"][:10],
                         where=G.generate_greedy)

    def test_greedy_across_the_window_restart(self):
        """generate_greedy continues PyTorch's text across the context window's restart"""
        p = self.float64_model()
        block_size, n_head = self.vocab["block_size"], self.vocab["n_head"]
        g = next(g for g in self.prompts if len(g["ids"]) + len(g["greedy_ids"]) > block_size + 8)
        # A wrong start makes everything after it wrong: check the first tokens from the prompt itself.
        first = G.generate_greedy(g["ids"], p, n_head, block_size, 10)
        assert_equal("10 greedy tokens after {!r}".format(g["prompt"]), list(first)[len(g["ids"]):], g["greedy_ids"][:10],
                     where=G.generate_greedy)
        # Greedy decoding is deterministic, so PyTorch's own continuation is where a correct run
        # stands after m steps: start there, 3 tokens short of a full context, and generate 8
        # more, past the step where the window drops its oldest half. (Generating all 200
        # characters from the prompt tests the same thing, 20 times slower.)
        m = block_size - 3 - len(g["ids"])
        start = list(g["ids"]) + list(g["greedy_ids"][:m])
        ids = G.generate_greedy(start, p, n_head, block_size, 8)
        assert_equal("8 greedy tokens after {!r} and PyTorch's next {} (the text grows from {} to {} tokens, the context "
                     "is {})".format(g["prompt"], m, len(start), len(start) + 8, block_size),
                     list(ids)[len(start):], list(g["greedy_ids"][m:m + 8]), where=G.generate_greedy,
                     hint="past block_size tokens the model sees ids[context_start(len(ids), block_size):] only.")


if __name__ == "__main__":
    unittest.main()
