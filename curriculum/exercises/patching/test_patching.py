"""Tests for patching.py: a small random GPT first, then the tiny GPT's real weights against PyTorch.
Run: python llmstudy_test.py"""
import json
import unittest

import numpy as np

from llmstudy_test import assert_close, assert_equal, model_path
import patching as P


def random_gpt(n_layer=2, n_embd=8, n_vocab=7, block_size=16, seed=0):
    """A GPT with random weights, same names and layouts as the tiny GPT."""
    rng = np.random.default_rng(seed)
    r = lambda *shape, s=0.4: rng.normal(size=shape) * s
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
    return p


def reference(idx, p, n_head, head_z=(), resid=()):
    """The forward pass written out head by head, as a check: logits, resid [L+1, T, C], z [L, H, T, hs].

    head_z and resid are lists of ((layer, head_or_pos), value), applied like run_with_cache's dicts.
    """
    def ln(x, w, b):
        return w * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) + b
    idx = np.asarray(idx)
    T = len(idx)
    n_layer = len({k.split(".")[1] for k in p if k.startswith("h.")})
    C = p["wte.weight"].shape[1]
    hs = C // n_head

    def replace(x, stream):
        x = x.copy()
        for (s, t), v in resid:
            if s == stream:
                x[t] = v
        return x
    x = replace(p["wte.weight"][idx] + p["wpe.weight"][:T], 0)
    streams, zs = [x], []
    for i in range(n_layer):
        w = lambda name: p["h.{}.{}".format(i, name)]
        a = ln(x, w("ln_1.weight"), w("ln_1.bias"))
        heads = []
        for h in range(n_head):
            cols = lambda part: slice(part * C + h * hs, part * C + (h + 1) * hs)
            q = a @ w("attn.c_attn.weight")[cols(0)].T + w("attn.c_attn.bias")[cols(0)]
            k = a @ w("attn.c_attn.weight")[cols(1)].T + w("attn.c_attn.bias")[cols(1)]
            v = a @ w("attn.c_attn.weight")[cols(2)].T + w("attn.c_attn.bias")[cols(2)]
            s = np.where(np.tri(T) > 0, q @ k.T / np.sqrt(hs), -np.inf)
            e = np.exp(s - s.max(-1, keepdims=True))
            heads.append((e / e.sum(-1, keepdims=True)) @ v)
        for (l, h), v in head_z:
            if l == i:
                heads[h] = np.asarray(v, dtype=float)
        zs.append(np.stack(heads))
        x = x + np.concatenate(heads, axis=1) @ w("attn.c_proj.weight").T + w("attn.c_proj.bias")
        m = ln(x, w("ln_2.weight"), w("ln_2.bias")) @ w("mlp.c_fc.weight").T + w("mlp.c_fc.bias")
        m = 0.5 * m * (1 + np.tanh(np.sqrt(2 / np.pi) * (m + 0.044715 * m ** 3)))
        x = replace(x + m @ w("mlp.c_proj.weight").T + w("mlp.c_proj.bias"), i + 1)
        streams.append(x)
    x = ln(x, p["ln_f.weight"], p["ln_f.bias"])
    return x @ p["wte.weight"].T, np.stack(streams), np.stack(zs)


def ref_metric(logits, good, bad):
    return logits[-1, good] - logits[-1, bad]


def ref_sweeps(clean, corrupted, p, n_head, good, bad):
    """Both sweeps, written out: (heads [L, H], resid [L+1, T])."""
    cl, c_resid, c_z = reference(clean, p, n_head)
    m_clean, m_bad = ref_metric(cl, good, bad), ref_metric(reference(corrupted, p, n_head)[0], good, bad)
    score = lambda logits: (ref_metric(logits, good, bad) - m_bad) / (m_clean - m_bad)
    L, H = c_z.shape[:2]
    heads = np.array([[score(reference(corrupted, p, n_head, head_z=[((l, h), c_z[l, h])])[0]) for h in range(H)] for l in range(L)])
    resid = np.array([[score(reference(corrupted, p, n_head, resid=[((s, t), c_resid[s, t])])[0]) for t in range(len(clean))]
                      for s in range(L + 1)])
    return heads, resid


# A pair for the random GPT: the same tokens but one, with metric tokens whose logit difference
# changes a lot between the two runs (so normalising by it is well conditioned).
CLEAN = [1, 4, 6, 2, 0, 5, 3, 4]
CORRUPTED = [1, 4, 6, 5, 0, 5, 3, 4]
GOOD, BAD = 3, 0


class TestForward(unittest.TestCase):
    def test_head_outputs(self):
        """head_outputs: each head's attention output z [n_head, n_seq, head_size], before c_proj"""
        p = random_gpt()
        block = {k[4:]: v for k, v in p.items() if k.startswith("h.0.")}
        # The first block's input is the embeddings: its z, from the reference, for ln_1 of them.
        _, resid, z = reference([0, 1, 2, 3, 4, 5], p, 2)
        e = resid[0]
        ln_e = (e - e.mean(-1, keepdims=True)) / np.sqrt(e.var(-1, keepdims=True) + 1e-5) * p["h.0.ln_1.weight"] + p["h.0.ln_1.bias"]
        assert_close("head_outputs(ln_1(embeddings), block 0, n_head=2)", P.head_outputs(ln_e, block, 2), z[0], atol=1e-6,
                     where=P.head_outputs, hint="split q, k, v into heads ([n_head, n_seq, hs]), mask the future, softmax, "
                     "multiply by v, and stop there: no c_proj, heads not joined.")
        self.assertEqual(np.shape(P.head_outputs(ln_e, block, 4)), (4, 6, 2), "head_outputs with n_head=4: shape [4, 6, 2]")

    def test_plain_run(self):
        """run_with_cache with no replacement: the model's logits, every residual stream and every head's z"""
        p = random_gpt(seed=1)
        logits, resid, z = reference(CLEAN, p, 2)
        got, cache = P.run_with_cache(CLEAN, p, 2)
        assert_close("run_with_cache(CLEAN, params, 2)[0] (logits)", got, logits, atol=1e-6, where=P.run_with_cache)
        assert_close('cache["resid"]', cache["resid"], resid, atol=1e-6, where=P.run_with_cache,
                     mistakes=[(resid[1:], "stream 0 is the embeddings themselves; then one stream after each block."),
                               (resid[:-1], "the last stream is the one after the last block (before ln_f).")],
                     hint="stream 0 = wte[idx] + wpe[positions]; stream i + 1 = the stream after block i.")
        assert_close('cache["z"]', cache["z"], z, atol=1e-6, where=P.run_with_cache)

    def test_replace_a_head(self):
        """run_with_cache(head_z={(layer, head): value}): that head's z is the value, before c_proj"""
        p = random_gpt(seed=2)
        v = np.random.default_rng(7).normal(size=(len(CLEAN), 4))
        logits, _, z = reference(CLEAN, p, 2, head_z=[((1, 0), v), ((0, 1), np.zeros((len(CLEAN), 4)))])
        got, cache = P.run_with_cache(CLEAN, p, 2, head_z={(1, 0): v, (0, 1): np.zeros((len(CLEAN), 4))})
        assert_close("run_with_cache(CLEAN, params, 2, head_z={(1, 0): v, (0, 1): zeros})[0]", got, logits, atol=1e-6,
                     where=P.run_with_cache, hint="replace z[head] of that layer before the heads are joined and go "
                     "through c_proj; every later block then computes from the changed stream.")
        assert_close('cache["z"] after the replacement', cache["z"], z, atol=1e-6, where=P.run_with_cache,
                     hint="the cache keeps the z the run used, the replaced one.")

    def test_replace_the_residual_stream(self):
        """run_with_cache(resid={(stream, pos): value}): the stream is replaced at that position only"""
        p = random_gpt(seed=3)
        rng = np.random.default_rng(8)
        patches = [((0, 2), rng.normal(size=8)), ((1, 5), rng.normal(size=8)), ((2, 7), rng.normal(size=8))]
        logits, resid, _ = reference(CLEAN, p, 2, resid=patches)
        got, cache = P.run_with_cache(CLEAN, p, 2, resid=dict(patches))
        off_by_one = reference(CLEAN, p, 2, resid=[((s + 1, t), v) for (s, t), v in patches[:2]])[0]
        assert_close("run_with_cache(CLEAN, params, 2, resid={(0, 2): a, (1, 5): b, (2, 7): c})[0]", got, logits,
                     atol=1e-6, where=P.run_with_cache, mistakes=[(off_by_one, "stream i + 1 is the one after block i: "
                     "stream 0 is replaced before the first block.")],
                     hint="replace the row pos of stream s, then let every later block compute from it.")
        assert_close('cache["resid"] after the replacements', cache["resid"], resid, atol=1e-6, where=P.run_with_cache)


class TestAblation(unittest.TestCase):
    def test_ablate_heads(self):
        """ablate_heads: the heads listed are zero at every position, the others untouched"""
        p = random_gpt(seed=4)
        T = len(CLEAN)
        zero = np.zeros((T, 4))
        expected = reference(CLEAN, p, 2, head_z=[((0, 1), zero), ((1, 0), zero)])[0]
        assert_close("ablate_heads(CLEAN, params, 2, [(0, 1), (1, 0)])", P.ablate_heads(CLEAN, p, 2, [(0, 1), (1, 0)]),
                     expected, atol=1e-6, where=P.ablate_heads, mistakes=[
                         (reference(CLEAN, p, 2, head_z=[((0, 1), zero)])[0], "only the first head in the list was knocked out."),
                         (reference(CLEAN, p, 2, head_z=[((l, h), zero) for l in (0, 1) for h in (0, 1)])[0],
                          "every head of those layers was knocked out, not just the ones listed.")])
        assert_close("ablate_heads(CLEAN, params, 2, [])", P.ablate_heads(CLEAN, p, 2, []), reference(CLEAN, p, 2)[0],
                     atol=1e-6, where=P.ablate_heads)


class TestMetric(unittest.TestCase):
    def test_logit_diff(self):
        """logit_diff: logit(good) - logit(bad) at the last position"""
        logits = np.array([[9.0, 0.0, -9.0], [1.0, 2.0, 0.5], [0.25, 3.0, -1.0]])
        assert_close("logit_diff(logits, good=1, bad=2)", P.logit_diff(logits, 1, 2), 4.0, where=P.logit_diff,
                     mistakes=[(-4.0, "the sign is the wrong way: logit(good) - logit(bad)."),
                               (9.0, "read the last position (logits[-1]), where the model predicts the answer.")])

    def test_normalised(self):
        """normalised: (patched - corrupted) / (clean - corrupted), 0 when clean == corrupted"""
        assert_close("normalised(2.5, clean=4.0, corrupted=1.0)", P.normalised(2.5, 4.0, 1.0), 0.5, where=P.normalised)
        assert_close("normalised(3.25, clean=4.0, corrupted=1.0)", P.normalised(3.25, 4.0, 1.0), 0.75, where=P.normalised,
                     mistakes=[(0.25, "1 means the clean metric is back, 0 the corrupted one: measure from corrupted.")])
        assert_close("normalised(-2.0, clean=-3.0, corrupted=1.0)", P.normalised(-2.0, -3.0, 1.0), 0.75, where=P.normalised)
        assert_close("normalised(2.0, clean=1.5, corrupted=1.5)", P.normalised(2.0, 1.5, 1.5), 0.0, where=P.normalised,
                     hint="when the two runs agree there is nothing to restore: return 0.0 rather than divide by zero.")


class TestSweeps(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.p = random_gpt(seed=10)
        cls.heads, cls.resid = ref_sweeps(CLEAN, CORRUPTED, cls.p, 2, GOOD, BAD)

    def test_patch_heads(self):
        """patch_heads: [n_layer, n_head], each head's z from the clean run into the corrupted one"""
        got = P.patch_heads(CLEAN, CORRUPTED, self.p, 2, GOOD, BAD)
        assert_close("patch_heads(CLEAN, CORRUPTED, params, 2, good=3, bad=0)", got, self.heads, atol=1e-4,
                     where=P.patch_heads, mistakes=[(1 - self.heads, "1 should mean fully restored: measure from the "
                     "corrupted run's metric, (patched - corrupted) / (clean - corrupted).")],
                     hint="for each (layer, head): run CORRUPTED with head_z={(layer, head): clean z[layer, head]} "
                          "(every position), then normalise its logit_diff.")

    def test_patch_resid(self):
        """patch_resid: [n_layer + 1, n_seq], the clean residual stream at one (stream, position) at a time"""
        got = P.patch_resid(CLEAN, CORRUPTED, self.p, 2, GOOD, BAD)
        assert_close("patch_resid(CLEAN, CORRUPTED, params, 2, good=3, bad=0)", got, self.resid, atol=1e-4,
                     where=P.patch_resid, hint="for each stream s and position t: run CORRUPTED with "
                     "resid={(s, t): clean resid[s, t]}, then normalise its logit_diff.")
        # What patching means, whatever the weights: the clean embedding at the one changed position
        # makes the corrupted run the clean run (1); at an unchanged position it changes nothing (0);
        # the last stream at the last position decides the last logits alone (1).
        assert_close("patch_resid(...)[0] (the embeddings; only position 3 differs)", np.asarray(got)[0],
                     np.eye(len(CLEAN))[3], atol=1e-4, where=P.patch_resid)
        assert_close("patch_resid(...)[-1, -1] (the last stream at the last position)", np.asarray(got)[-1, -1], 1.0,
                     atol=1e-4, where=P.patch_resid)

    def test_lengths_must_agree(self):
        """patch_heads and patch_resid refuse prompts of different lengths (ValueError)"""
        for fn in (P.patch_heads, P.patch_resid):
            with self.assertRaises(ValueError, msg="{}(CLEAN, CORRUPTED[:-1], ...) should raise ValueError: patching "
                                   "position by position needs prompts of the same length".format(fn.__name__)):
                fn(CLEAN, CORRUPTED[:-1], self.p, 2, GOOD, BAD)


def tiny_gpt():
    with np.load(model_path("weights.npz")) as f:
        params = {k: f[k].astype(np.float64) for k in f.files}
    with open(model_path("vocab.json"), encoding="utf-8") as f:
        n_head = json.load(f)["n_head"]
    with open(model_path("golden_interp.json"), encoding="utf-8") as f:
        cases = {c["name"]: c for c in json.load(f)["cases"]}
    return params, n_head, cases


class TestTinyGPT(unittest.TestCase):
    """The tiny GPT's real weights against PyTorch (media/model/golden_interp.json, training/interp.py)."""

    @classmethod
    def setUpClass(cls):
        cls.params, cls.n_head, cls.cases = tiny_gpt()
        cls.clean = cls.cases["none"]

    def test_ablation_matches_pytorch(self):
        """ablate_heads on the tiny GPT: L1H1 and L0H0 zeroed, PyTorch's logits to 1e-3"""
        c = self.cases["zero-ablate L1H1 and L0H0"]
        heads = [(h["layer"], h["head"]) for h in c["heads"]]
        assert_close("ablate_heads(ids, tiny GPT, 4, [(1, 1), (0, 0)])", P.ablate_heads(c["ids"], self.params, self.n_head, heads),
                     c["logits"], atol=1e-3, where=P.ablate_heads)

    def test_patching_matches_pytorch(self):
        """run_with_cache on the tiny GPT: heads L1H1, L2H3 and the stream at (1, 21), (3, 31) patched from the clean run"""
        _, cache = P.run_with_cache(self.clean["ids"], self.params, self.n_head)
        assert_close('cache["z"] of the clean run', np.asarray(cache["z"]).ravel(), self.clean["z"], atol=1e-4, where=P.run_with_cache)
        c = self.cases["patch L1H1 and L2H3 from the clean run into the corrupted one"]
        head_z = {(h["layer"], h["head"]): cache["z"][h["layer"]][h["head"]] for h in c["heads"]}
        assert_close("run_with_cache(corrupted, ..., head_z={(1, 1): clean z, (2, 3): clean z})[0]",
                     P.run_with_cache(c["ids"], self.params, self.n_head, head_z=head_z)[0], c["logits"], atol=1e-3,
                     where=P.run_with_cache)
        c = self.cases["patch the residual stream at (1, 21) and (3, 31) from the clean run"]
        resid = {(r["layer"], r["pos"]): cache["resid"][r["layer"]][r["pos"]] for r in c["resid"]}
        assert_close("run_with_cache(corrupted, ..., resid={(1, 21): clean, (3, 31): clean})[0]",
                     P.run_with_cache(c["ids"], self.params, self.n_head, resid=resid)[0], c["logits"], atol=1e-3,
                     where=P.run_with_cache)

    def test_the_induction_head(self):
        """patch_heads on the tiny GPT's induction demo: one head, layer 1 head 1, restores most of the metric"""
        run = self.clean["ids"][:16]
        clean = run + run[:9]
        corrupted = list(clean)
        corrupted[9] = (run[9] + 7) % self.params["wte.weight"].shape[0]
        got = np.asarray(P.patch_heads(clean, corrupted, self.params, self.n_head, run[9], corrupted[9]))
        best = np.unravel_index(np.argmax(got), got.shape)
        assert_equal("the hottest cell of patch_heads on the induction demo", (int(best[0]), int(best[1])), (1, 1),
                     where=P.patch_heads)
        self.assertGreater(float(got[1, 1]), 0.7, "patching L1H1 alone should restore most of the metric")


if __name__ == "__main__":
    unittest.main()
