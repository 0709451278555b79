"""Tests for kv_cache.py: a small random GPT first, then the tiny GPT's real weights.
Run: python llmstudy_test.py"""
import json
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close, assert_equal, model_path
import kv_cache as K


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


def full_forward(idx, p, n_head):
    """gpt-forward's full recompute, written out here: logits [n_seq, n_vocab] and each layer's k, v."""
    def ln(x, w, b):
        return w * (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) + b
    idx = np.asarray(idx)
    T = len(idx)
    x = p["wte.weight"][idx] + p["wpe.weight"][:T]
    C = x.shape[1]
    hs = C // n_head
    kvs = []
    n_layer = len({k.split(".")[1] for k in p if k.startswith("h.")})
    for i in range(n_layer):
        w = lambda name: p["h.{}.{}".format(i, name)]
        q, k, v = np.split(ln(x, w("ln_1.weight"), w("ln_1.bias")) @ w("attn.c_attn.weight").T + w("attn.c_attn.bias"), 3, -1)
        q, k, v = (t.reshape(T, n_head, hs).transpose(1, 0, 2) for t in (q, k, v))
        kvs.append((k, v))
        s = q @ k.transpose(0, 2, 1) / np.sqrt(hs) + (1 - np.tri(T)) * -1e10
        a = np.exp(s - s.max(-1, keepdims=True))
        y = ((a / a.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(T, C)
        x = x + y @ w("attn.c_proj.weight").T + w("attn.c_proj.bias")
        m = ln(x, w("ln_2.weight"), w("ln_2.bias")) @ w("mlp.c_fc.weight").T + w("mlp.c_fc.bias")
        m = 0.5 * m * (1 + np.tanh(np.sqrt(2 / np.pi) * (m + 0.044715 * m ** 3)))
        x = x + m @ w("mlp.c_proj.weight").T + w("mlp.c_proj.bias")
    x = ln(x, p["ln_f.weight"], p["ln_f.bias"])
    return x @ p["wte.weight"].T, kvs


def full_greedy(ids, p, n_head, block_size, n_new):
    ids = list(ids)
    for _ in range(n_new):
        logits, _ = full_forward(ids[K.context_start(len(ids), block_size):], p, n_head)
        ids.append(int(np.argmax(logits[-1])))
    return ids


# ---- measuring work ---------------------------------------------------------------------------

class Counted(np.ndarray):
    """A weight matrix that counts the multiply-adds done with it ([out, in] layout, like nn.Linear).

    Only products are counted (@, np.dot, np.einsum, ...): the cost of a step is how many
    activation rows meet each weight, whatever the style of the code.
    """
    madds = 0

    def __array_finalize__(self, obj):
        self.in_dim = getattr(obj, "in_dim", None)

    def __getitem__(self, key):  # an embedding lookup is not a product
        return np.asarray(self)[key]

    def _count(self, operands):
        weights = [o for o in operands if isinstance(o, Counted)]
        others = [o for o in operands if isinstance(o, np.ndarray) and not isinstance(o, Counted)]
        if weights and others:
            w = weights[0]
            Counted.madds += int(others[0].size * w.size // w.in_dim)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__":
            self._count(inputs)
        plain = lambda a: a.view(np.ndarray) if isinstance(a, Counted) else a
        if "out" in kwargs:
            kwargs["out"] = tuple(plain(o) for o in kwargs["out"])
        return getattr(ufunc, method)(*(plain(i) for i in inputs), **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func in (np.dot, np.einsum, np.tensordot, np.inner, np.matmul, np.vdot):
            self._count([a for a in args if isinstance(a, np.ndarray)])
        plain = lambda a: a.view(np.ndarray) if isinstance(a, Counted) else a
        return func(*(plain(a) for a in args), **{k: plain(v) for k, v in kwargs.items()})


def counted(p):
    """The same weights, with every matrix but wpe (looked up, never multiplied) counting its products."""
    out = {}
    for name, w in p.items():
        if w.ndim == 2 and name != "wpe.weight":
            c = np.array(w).view(Counted)
            c.in_dim = w.shape[1]
            out[name] = c
        else:
            out[name] = w
    return out


def madds_per_token(p):
    """One multiply-add per weight per token: every matrix but wpe, the tied head counted once."""
    return sum(w.size for name, w in p.items() if w.ndim == 2 and name != "wpe.weight")


def measure(fn):
    Counted.madds = 0
    result = fn()
    return result, Counted.madds


class TestCache(unittest.TestCase):
    def test_new_cache(self):
        """new_cache: one empty k and v of shape [n_head, 0, head_size] per layer"""
        cache = K.new_cache(random_gpt(n_layer=3), n_head=2)
        shapes = [(tuple(np.shape(c["k"])), tuple(np.shape(c["v"]))) for c in cache]
        assert_equal("shapes in new_cache(params with 3 layers, n_head=2)", shapes, [((2, 0, 4), (2, 0, 4))] * 3,
                     where=K.new_cache, hint="a list with one {'k': ..., 'v': ...} per layer, each np.zeros((n_head, 0, n_embd // n_head)).")

    def test_prefill_matches_full_forward(self):
        """forward_with_cache on an empty cache: the full forward's logits, and the cache holds every k and v"""
        p, idx = random_gpt(), [1, 4, 4, 2, 6]
        cache = K.new_cache(p, 2)
        logits, kvs = full_forward(idx, p, 2)
        assert_close("forward_with_cache([1, 4, 4, 2, 6], params, 2, new_cache(...))", K.forward_with_cache(idx, p, 2, cache),
                     logits, atol=1e-6, where=K.forward_with_cache)
        for i, (k, v) in enumerate(kvs):
            assert_close("cache[{}]['k'] after the prefill".format(i), cache[i]["k"], k, atol=1e-6, where=K.cached_attention,
                         hint="append the new keys along axis 1 (positions): cache k is [n_head, n_positions, head_size].")
            assert_close("cache[{}]['v'] after the prefill".format(i), cache[i]["v"], v, atol=1e-6, where=K.cached_attention)

    def test_one_token_at_a_time(self):
        """forward_with_cache one token at a time gives the full forward's logits at every position"""
        p, idx = random_gpt(seed=1), [3, 0, 5, 5, 1, 2]
        cache = K.new_cache(p, 2)
        rows = [np.asarray(K.forward_with_cache([t], p, 2, cache), dtype=float)[-1] for t in idx]
        full, _ = full_forward(idx, p, 2)
        assert_close("forward_with_cache([t], ...) for t in [3, 0, 5, 5, 1, 2], last row each", np.stack(rows), full,
                     atol=1e-6, where=K.forward_with_cache, mistakes=[
                         (lambda: np.stack([full_forward([t], p, 2)[0][0] for t in idx]),
                          "each token sees only itself: keep the old keys and values and append the new ones."),
                     ], hint="the new token's position is the number of positions already cached: wpe[start + 0].")

    def test_chunk_after_prefill(self):
        """forward_with_cache: a chunk of 4 tokens after 5 cached ones (the mask is offset by the cache)"""
        p, idx = random_gpt(seed=2), [2, 2, 6, 1, 0, 4, 3, 5, 1]
        cache = K.new_cache(p, 2)
        K.forward_with_cache(idx[:5], p, 2, cache)
        full, _ = full_forward(idx, p, 2)
        assert_close("forward_with_cache(idx[5:9], ...) after idx[:5]", K.forward_with_cache(idx[5:], p, 2, cache), full[5:],
                     atol=1e-6, where=K.cached_attention,
                     hint="new query i is at position n_cached + i: it may see every cached key and the new keys up to "
                          "itself, e.g. np.tri(n_new, n_total, k=n_total - n_new).")


class TestGenerate(unittest.TestCase):
    def test_same_text_as_full_recompute(self):
        """generate_greedy_cached writes the full recompute's tokens, across two window restarts"""
        p = random_gpt(seed=3)
        expected = full_greedy([1, 2, 3], p, 2, 16, 30)
        assert_equal("generate_greedy_cached([1, 2, 3], params, 2, block_size=16, n_new=30)",
                     list(K.generate_greedy_cached([1, 2, 3], p, 2, 16, 30)), expected, where=K.generate_greedy_cached,
                     hint="when context_start(len(ids), block_size) moves, the kept tokens change position: start a "
                          "new cache and prefill the window again.")

    def test_work_per_step_does_not_grow(self):
        """forward_with_cache: one new token costs the same work at position 3 and at position 12"""
        p = counted(random_gpt(seed=4))
        cache = K.new_cache(p, 2)
        costs = []
        for t in [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 0]:
            _, madds = measure(lambda: K.forward_with_cache([t], p, 2, cache))
            costs.append(madds)
        per_token = madds_per_token(p)
        if costs[3] == 0:
            raise AssertionError("forward_with_cache: no product with the weight matrices was measured. The test "
                                 "counts products with the arrays in params; astype() is fine, but np.asarray or "
                                 "np.array makes copies this test cannot see.")
        assert_equal("multiply-adds with the weights for one new token at positions 3 and 12", (costs[3], costs[12]),
                     (costs[3], costs[3]), where=K.forward_with_cache,
                     hint="only the new token may go through the layers; earlier positions come from the cache.")
        if costs[12] > per_token:
            raise AssertionError("forward_with_cache: one new token took {} multiply-adds with the weights; one token "
                                 "through the model needs at most {} (one per weight). Hint: a step may run only the "
                                 "newest token.".format(costs[12], per_token))

    def test_generation_work_is_one_token_per_step(self):
        """generate_greedy_cached: work is one token per step plus a prefill at each window restart, far below a full recompute"""
        p = counted(random_gpt(seed=5))
        block_size, prompt, n_new = 16, [1, 2, 3], 40
        ids, madds = measure(lambda: K.generate_greedy_cached(prompt, p, 2, block_size, n_new))
        cached_rows = full_rows = 0
        start = None
        for n in range(len(prompt), len(prompt) + n_new):
            s = K.context_start(n, block_size)
            cached_rows += n - s if s != start else 1
            full_rows += n - s
            start = s
        per_token = madds_per_token(p)
        if madds > cached_rows * per_token:
            raise AssertionError(
                "generate_greedy_cached: {} multiply-adds with the weights for {} new tokens; with a KV cache it needs at "
                "most {} ({} token passes: one per step, plus a prefill of the window at each restart). A full "
                "recompute needs {} ({} passes). Hint: after the prefill, run only ids[-1:] through the model."
                .format(madds, n_new, cached_rows * per_token, cached_rows, full_rows * per_token, full_rows))
        if madds == 0:
            raise AssertionError("generate_greedy_cached: no product with the weight matrices was measured; keep the "
                                 "arrays of params (np.asarray copies hide them from this test).")


def tiny_gpt():
    with open(model_path("vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(model_path("golden.json"), encoding="utf-8") as f:
        golden = json.load(f)
    with np.load(model_path("weights.npz")) as f:
        params = {name: f[name].astype(np.float64) for name in f.files}
    return vocab, golden, params


class TestTinyGPT(unittest.TestCase):
    def test_same_greedy_text_as_gpt_forward(self):
        """generate_greedy_cached on the tiny GPT: the 200 characters gpt-forward's full recompute writes, past the context"""
        vocab, golden, p = tiny_gpt()
        # The cheapest golden prompt whose text outgrows the 128-character window (the restart is tested too).
        g = min((g for g in golden["prompts"] if len(g["ids"]) + len(g["greedy_ids"]) > vocab["block_size"]),
                key=lambda g: len(g["ids"]))
        ids = K.generate_greedy_cached(g["ids"], p, vocab["n_head"], vocab["block_size"], len(g["greedy_ids"]))
        text = "".join(vocab["chars"][i] for i in list(ids)[len(g["ids"]):])
        assert_equal("{} greedy characters after {!r}".format(len(g["greedy_ids"]), g["prompt"]), text, g["greedy_text"],
                     where=K.generate_greedy_cached)


if __name__ == "__main__":
    unittest.main()
