"""Tests for train_loop.py, on a GPT small enough to train in a fraction of a second.
Run: python llmstudy_test.py"""
import math
import unittest

try:
    import torch
except ModuleNotFoundError:
    # Said here, before anything else is imported, so the learner reads the cause in one line.
    raise ModuleNotFoundError("This Python has no torch (PyTorch), which the train-loop exercise needs: install it "
                              "(pip install torch, or sudo apt install python3-torch) or pick a Python that has it.",
                              name="torch") from None

from llmstudy_test import ExerciseFailure, _where, assert_close, assert_equal
import gpt_model as M
import train_loop as T

torch.set_num_threads(1)  # a tiny model is faster on one thread, and the numbers do not depend on the machine

# A 32-token run repeated: learnable in a few dozen steps by a one-layer model with a 16-token window.
PERIOD = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5]
DATA = torch.tensor(PERIOD * 40)  # (1280,)
BLOCK = 16


def tiny_gpt(seed=0, dropout=0.0):
    torch.manual_seed(seed)
    return M.GPT(M.GPTConfig(block_size=BLOCK, vocab_size=10, n_layer=1, n_head=2, n_embd=32, dropout=dropout))


def tiny_config(**changes):
    base = dict(block_size=BLOCK, batch_size=8, steps=60, max_lr=1e-2, min_lr=1e-3, warmup=5, weight_decay=0.1,
                grad_clip=1.0, val_fraction=0.1, seed=0)
    base.update(changes)
    return T.TrainConfig(**base)


def fail(message, fn):
    raise ExerciseFailure(message, where=_where(fn))


def schedule(step, max_lr, min_lr, warmup, steps):
    """The schedule written out again, so the tests do not trust lr_at."""
    if step < warmup:
        return max_lr * (step + 1) / warmup
    t = min(1.0, (step - warmup) / (steps - warmup))
    return min_lr + (max_lr - min_lr) * (1 + math.cos(math.pi * t)) / 2


class TestSplit(unittest.TestCase):
    def test_split(self):
        """split: the first 90% trains, the last 10% validates, nothing shared"""
        data = torch.arange(100)
        train, val = T.split(data, 0.1)
        assert_equal("split(arange(100), 0.1) train", [int(v) for v in train], list(range(90)), where=T.split,
                     hint="train is data[:n] with n = int(len(data) * (1 - val_fraction)).")
        assert_equal("split(arange(100), 0.1) val", [int(v) for v in val], list(range(90, 100)), where=T.split,
                     hint="val is everything after the training part, data[n:], so no token is in both.")
        train, val = T.split(torch.arange(20), 0.25)
        assert_equal("split(arange(20), 0.25) sizes", (len(train), len(val)), (15, 5), where=T.split,
                     hint="use val_fraction: n = int(len(data) * (1 - val_fraction)).")


class TestGetBatch(unittest.TestCase):
    def test_shapes(self):
        """get_batch: x and y are (batch_size, block_size) token ids"""
        x, y = T.get_batch(torch.arange(50), 8, 4, torch.Generator().manual_seed(0))
        assert_equal("get_batch(arange(50), 8, 4, g) shapes", (tuple(x.shape), tuple(y.shape)), ((4, 8), (4, 8)),
                     where=T.get_batch, hint="stack batch_size windows of block_size tokens each.")
        assert_equal("get_batch(...) dtype", str(x.dtype), "torch.int64", where=T.get_batch)

    def test_y_is_x_shifted(self):
        """get_batch: y is x shifted by one, windows of consecutive tokens"""
        x, y = T.get_batch(torch.arange(50), 8, 16, torch.Generator().manual_seed(0))
        if torch.equal(x, y):
            fail("get_batch: y is the same as x, so the model would learn to copy its input. The target at "
                 "position t is the token after it: y = data[i + 1 : i + 1 + block_size].", T.get_batch)
        start = x[:, :1]  # (B, 1)
        assert_close("get_batch(arange(50), 8, 16, g)[0]", x, start + torch.arange(8), atol=0, where=T.get_batch,
                     hint="each row of x is one window data[i : i + block_size] of consecutive tokens.")
        assert_close("get_batch(arange(50), 8, 16, g)[1]", y, start + 1 + torch.arange(8), atol=0, where=T.get_batch,
                     mistakes=[(start - 1 + torch.arange(8), "y is shifted the wrong way: y = data[i + 1 : i + 1 + block_size].")],
                     hint="y is the same window one token later: y = data[i + 1 : i + 1 + block_size].")

    def test_every_window(self):
        """get_batch: every window that fits can be drawn, and none runs past the end"""
        seen = set()
        g = torch.Generator().manual_seed(0)
        for _ in range(20):
            x, y = T.get_batch(torch.arange(11), 8, 8, g)  # starts 0, 1 or 2: y of a window at 2 ends at 10
            seen.update(int(s) for s in x[:, 0])
            if int(y.max()) > 10 or x.shape[1] != 8 or y.shape[1] != 8:
                fail("get_batch: a window ran past the end of the data.", T.get_batch)
        assert_equal("window starts drawn from 11 tokens, block_size 8", sorted(seen), [0, 1, 2], where=T.get_batch,
                     hint="the last window that fits starts at len(data) - block_size - 1, so draw starts with "
                          "torch.randint(len(data) - block_size, (batch_size,), generator=generator).")

    def test_uses_generator(self):
        """get_batch: the generator decides the windows (same seed, same batch)"""
        a = T.get_batch(DATA, BLOCK, 8, torch.Generator().manual_seed(1))[0]
        torch.manual_seed(123)  # moving the global generator must change nothing
        b = T.get_batch(DATA, BLOCK, 8, torch.Generator().manual_seed(1))[0]
        c = T.get_batch(DATA, BLOCK, 8, torch.Generator().manual_seed(2))[0]
        if not torch.equal(a, b) or torch.equal(a, c):
            fail("get_batch: the same generator seed must give the same windows, another seed others. Pass "
                 "generator=generator to torch.randint.", T.get_batch)


class Recorder(torch.nn.Module):
    """Stands in for a model: its loss is 1, 2, 3, ... call after call, and it notes the modes it ran in."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(()))
        self.calls, self.shapes = [], []

    def forward(self, idx, targets=None):
        self.calls.append((self.training, torch.is_grad_enabled()))
        self.shapes.append(tuple(idx.shape))
        loss = self.w * 0 + float(len(self.calls))
        return None, loss


class TestEstimateLoss(unittest.TestCase):
    def test_mean_of_batches(self):
        """estimate_loss: the mean loss over iters batches of each split"""
        model = Recorder()
        got = T.estimate_loss(model, {"train": DATA, "val": DATA}, BLOCK, 4, iters=4)
        assert_equal("estimate_loss(model, {'train', 'val'}, iters=4) calls", len(model.calls), 8, where=T.estimate_loss,
                     hint="run the model on iters batches of each split.")
        assert_close("estimate_loss(...) with losses 1..8", [got["train"], got["val"]], [2.5, 6.5], atol=1e-6,
                     where=T.estimate_loss, hint="average each split's iters losses (1..4 for train, 5..8 for val).")
        assert_equal("the batches estimate_loss(..., block_size=16, batch_size=4, ...) gave the model", set(model.shapes),
                     {(4, BLOCK)}, where=T.estimate_loss, hint="draw each batch with get_batch(data, block_size, batch_size, g).")

    def test_eval_mode_no_grad(self):
        """estimate_loss: runs in eval mode without gradients, then puts the model back in train mode"""
        model = Recorder()
        model.train()
        T.estimate_loss(model, {"val": DATA}, BLOCK, 4, iters=2)
        if any(training for training, _ in model.calls):
            fail("estimate_loss: the model ran in train mode; call model.eval() first (dropout must be off "
                 "when you measure).", T.estimate_loss)
        if any(grad for _, grad in model.calls):
            fail("estimate_loss: gradients were being recorded; decorate it with @torch.no_grad() (or use "
                 "`with torch.no_grad():`): measuring needs no backward pass and the graph costs memory.",
                 T.estimate_loss)
        if not model.training:
            fail("estimate_loss: the model is still in eval mode afterwards, so training would go on with dropout "
                 "off; call model.train() before returning.", T.estimate_loss)

    def test_same_batches(self):
        """estimate_loss: the same batches every call, so two estimates of one model agree"""
        model = tiny_gpt()
        splits = {"train": DATA[:600], "again": DATA[:600]}
        a = T.estimate_loss(model, splits, BLOCK, 4, iters=2, seed=3)
        b = T.estimate_loss(model, splits, BLOCK, 4, iters=2, seed=3)
        assert_close("estimate_loss twice", [b["train"], b["again"]], [a["train"], a["train"]], atol=1e-6,
                     where=T.estimate_loss, hint="make a generator seeded with `seed` for each split "
                     "(torch.Generator().manual_seed(seed)) and draw that split's batches from it, so every "
                     "evaluation scores the same windows and the curve moves only because the model did.")
        c = T.estimate_loss(model, splits, BLOCK, 4, iters=2, seed=4)
        if c["train"] == a["train"]:
            fail("estimate_loss: seed 3 and seed 4 scored the same batches; seed each split's generator with `seed`.",
                 T.estimate_loss)


# The parameters of the tiny GPT that AdamW should decay: the matrices of its linear layers.
DECAYED = {"h.0.attn.c_attn.weight", "h.0.attn.c_proj.weight", "h.0.mlp.c_fc.weight", "h.0.mlp.c_proj.weight"}


class TestOptimizer(unittest.TestCase):
    def test_groups(self):
        """configure_optimizer: AdamW, decay on the linear layers' matrices, none on biases, LayerNorm, embeddings"""
        model = tiny_gpt()
        opt = T.configure_optimizer(model, 1e-3, 0.1)
        if not isinstance(opt, torch.optim.AdamW):
            fail("configure_optimizer: return a torch.optim.AdamW, got {}.".format(type(opt).__name__), T.configure_optimizer)
        names = {id(p): n for n, p in model.named_parameters()}
        seen, decayed = [], set()
        for group in opt.param_groups:
            for p in group["params"]:
                seen.append(names.get(id(p), "?"))
                if group["weight_decay"] > 0:
                    decayed.add(names.get(id(p), "?"))
        assert_equal("parameters in the groups", sorted(seen), sorted(names.values()), where=T.configure_optimizer,
                     hint="every parameter of the model belongs to exactly one group (model.named_parameters() "
                          "lists the tied wte/lm_head matrix once).")
        if "wte.weight" in decayed or "wpe.weight" in decayed:
            fail("configure_optimizer: the embeddings (wte, wpe) are decayed. Decay the matrices of the linear "
                 "layers only: an embedding row is a lookup, and shrinking rare tokens' rows toward 0 only hurts.",
                 T.configure_optimizer)
        if any(n.endswith(".bias") or "ln_" in n for n in decayed):
            fail("configure_optimizer: biases or LayerNorm parameters are decayed. Only the 2-D weights of the "
                 "linear layers get weight decay; put the rest in a group with weight_decay 0.0.", T.configure_optimizer)
        assert_equal("decayed parameters", sorted(decayed), sorted(DECAYED), where=T.configure_optimizer,
                     hint="the decay group is the attention and MLP matrices (c_attn, c_proj, c_fc weights).")

    def test_settings(self):
        """configure_optimizer: the decay group gets weight_decay, every group lr and betas"""
        opt = T.configure_optimizer(tiny_gpt(), 2e-3, 0.25, betas=(0.9, 0.95))
        got = sorted((g["weight_decay"], g["lr"], tuple(g["betas"])) for g in opt.param_groups if g["params"])
        assert_equal("configure_optimizer(model, 2e-3, 0.25, (0.9, 0.95)) groups", got,
                     [(0.0, 2e-3, (0.9, 0.95)), (0.25, 2e-3, (0.9, 0.95))], where=T.configure_optimizer)


class TestSchedule(unittest.TestCase):
    ARGS = dict(max_lr=1.0, min_lr=0.1, warmup=10, steps=110)

    def lrs(self, steps):
        return [T.lr_at(s, **self.ARGS) for s in steps]

    def test_warmup(self):
        """lr_at: a linear warm-up from max_lr / warmup to max_lr"""
        steps = [0, 4, 9]
        got = self.lrs(steps)
        if isinstance(got[0], (int, float)) and got[0] > 0.5:
            fail("lr_at(0) = {:.3g} with max_lr=1, warmup=10: there is no warm-up. The first steps start small, "
                 "max_lr * (step + 1) / warmup, while Adam's estimates of the gradient's size settle.".format(got[0]),
                 T.lr_at)
        assert_close("lr_at(step, max_lr=1, min_lr=0.1, warmup=10, steps=110) for step 0, 4, 9", got,
                     [0.1, 0.5, 1.0], atol=1e-9, where=T.lr_at,
                     mistakes=[([0.0, 0.4, 0.9], "step 0 gets lr 0 and is wasted: use (step + 1) / warmup.")],
                     hint="while step < warmup, return max_lr * (step + 1) / warmup.")

    def test_cosine(self):
        """lr_at: after the warm-up a cosine from max_lr down to min_lr at the last step"""
        steps = [10, 35, 60, 85, 110, 150]
        want = [schedule(s, **self.ARGS) for s in steps]
        linear = [1.0 - 0.9 * min(1.0, (s - 10) / 100) for s in steps]
        to_zero = [(1 + math.cos(math.pi * min(1.0, (s - 10) / 100))) / 2 for s in steps]
        assert_close("lr_at(step, max_lr=1, min_lr=0.1, warmup=10, steps=110) for step 10, 35, 60, 85, 110, 150",
                     self.lrs(steps), want, atol=1e-6, where=T.lr_at,
                     mistakes=[(linear, "the decay is a straight line; the schedule is a cosine: "
                                "min_lr + 0.5 * (1 + cos(pi * progress)) * (max_lr - min_lr)."),
                               (to_zero, "the cosine ends at 0; it should end at the floor min_lr.")],
                     hint="progress = (step - warmup) / (steps - warmup) goes 0 -> 1; from step `steps` on, return min_lr.")


class SpyOptimizer:
    """Wraps the optimizer train() gets from configure_optimizer: notes each step's lrs and gradient norm."""

    def __init__(self, opt):
        self.opt, self.lrs, self.norms = opt, [], []
        real_step = opt.step

        def step(*a, **k):
            self.lrs.append([g["lr"] for g in opt.param_groups])
            grads = [p.grad for g in opt.param_groups for p in g["params"] if p.grad is not None]
            self.norms.append(float(torch.norm(torch.stack([g.norm() for g in grads]))) if grads else 0.0)
            return real_step(*a, **k)
        opt.step = step


def spied_train(cfg, model=None):
    """train() with its optimizer and batches watched; -> losses, spy, the data get_batch saw, the hook's notes."""
    model = model or tiny_gpt()
    real_opt, real_batch = T.configure_optimizer, T.get_batch
    spies, batches, stale, modes = [], [], [], []

    def configure(*a, **k):
        spies.append(SpyOptimizer(real_opt(*a, **k)))
        return spies[-1].opt

    def get_batch(data, *a, **k):
        batches.append(data)
        return real_batch(data, *a, **k)
    # Fires when backward reaches ln_f.bias, before the new gradient is added: a gradient still
    # there from the step before means it was never cleared.
    p = model.ln_f.bias
    hook = p.register_hook(lambda g: stale.append(p.grad is not None and bool(p.grad.abs().sum() > 0)))
    pre = model.register_forward_pre_hook(lambda m, inp: modes.append(m.training))
    T.configure_optimizer, T.get_batch = configure, get_batch
    try:
        losses = T.train(model, DATA, cfg)
    finally:
        T.configure_optimizer, T.get_batch = real_opt, real_batch
        hook.remove()
        pre.remove()
    if len(spies) != 1 or len(spies[0].lrs) != cfg.steps:
        fail("train: expected one optimizer from configure_optimizer() and {} calls of its step(), got {} "
             "optimizer(s) and {} steps.".format(cfg.steps, len(spies), len(spies[0].lrs) if spies else 0), T.train)
    return losses, spies[0], batches, stale, modes


class TestTrain(unittest.TestCase):
    def test_learns(self):
        """train: 60 steps bring the tiny GPT's validation loss from ln(10) = 2.30 below 1.0"""
        model = tiny_gpt()
        losses = T.train(model, DATA, tiny_config())
        assert_equal("len(train(model, data, cfg with steps=60))", len(losses) if losses is not None else None, 60,
                     where=T.train, hint="return the list of the batch losses, one float per step (loss.item()).")
        val = T.estimate_loss(model, {"val": DATA[-128:]}, BLOCK, 8, iters=4)["val"]
        if not val < 1.0:
            fail("train: after 60 steps the validation loss is {:.3f}; a working loop gets it below 1.0 "
                 "(about 0.55). Check the order zero_grad, backward, clip, step.".format(val), T.train)

    def test_on_step(self):
        """train: on_step(step, loss, lr) after every step, with the loss returned and the scheduled lr"""
        cfg = tiny_config(steps=8)
        seen = []
        losses = T.train(tiny_gpt(), DATA, cfg, on_step=lambda step, loss, lr: seen.append((step, loss, lr)))
        assert_equal("the steps on_step saw", [s for s, _, _ in seen], list(range(8)), where=T.train,
                     hint="call on_step(step, loss.item(), lr) at the end of each step (the editor's training view "
                          "draws its curves from these calls).")
        assert_close("the losses on_step saw", [l for _, l, _ in seen], losses, atol=1e-6, where=T.train)
        assert_close("the lrs on_step saw", [lr for _, _, lr in seen],
                     [schedule(s, cfg.max_lr, cfg.min_lr, cfg.warmup, cfg.steps) for s in range(8)], atol=1e-9,
                     where=T.train)

    def test_schedule_applied(self):
        """train: each step uses lr_at(step) in every parameter group"""
        cfg = tiny_config(steps=12)
        _, spy, _, _, _ = spied_train(cfg)
        want = [schedule(s, cfg.max_lr, cfg.min_lr, cfg.warmup, cfg.steps) for s in range(cfg.steps)]
        assert_close("the lr of each group at each optimizer.step()", spy.lrs, [[w, w] for w in want], atol=1e-9,
                     where=T.train, mistakes=[([[cfg.max_lr] * 2] * cfg.steps, "the lr never changes: set "
                                               "group['lr'] = lr for every group in optimizer.param_groups before the step.")],
                     hint="set the lr of step `step` before optimizer.step() of that step.")

    def test_clipping(self):
        """train: gradients are clipped to grad_clip before each step"""
        cfg = tiny_config(steps=6, grad_clip=0.05)
        _, spy, _, _, _ = spied_train(cfg)
        if max(spy.norms) > 0.05 * 1.001:
            fail("train: optimizer.step() saw a gradient norm of {:.3f} with grad_clip=0.05. Call "
                 "torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip) after backward() and before "
                 "step(): one bad batch must not throw the weights far.".format(max(spy.norms)), T.train)

    def test_zero_grad(self):
        """train: gradients are cleared every step, in train mode"""
        _, _, _, stale, modes = spied_train(tiny_config(steps=5))
        if any(stale):
            fail("train: backward() added to the gradient of the step before: PyTorch accumulates into .grad, so "
                 "call optimizer.zero_grad(set_to_none=True) every step, before backward().", T.train)
        if not all(modes):
            fail("train: the model ran in eval mode while training; call model.train() before the loop.", T.train)

    def test_train_split_only(self):
        """train: batches come from the training split only, never the validation text"""
        cfg = tiny_config(steps=5)
        _, _, batches, _, _ = spied_train(cfg)
        n = int(len(DATA) * (1 - cfg.val_fraction))
        if any(len(b) != n or not torch.equal(b, DATA[:n]) for b in batches):
            fail("train: get_batch was called on {} tokens; it must see only the training split, the first {} "
                 "of {}. Split first (split(data, cfg.val_fraction)): a validation loss measured on text the "
                 "model trained on says nothing about new text.".format(sorted({len(b) for b in batches}), n, len(DATA)),
                 T.train)

    def test_seeded(self):
        """train: the same seed gives the same losses, another seed other batches"""
        cfg = tiny_config(steps=6)
        a = T.train(tiny_gpt(), DATA, cfg)
        torch.manual_seed(99)
        b = T.train(tiny_gpt(), DATA, cfg)
        c = T.train(tiny_gpt(), DATA, tiny_config(steps=6, seed=1))
        assert_close("train twice with seed 0", b, a, atol=0, where=T.train,
                     hint="draw the batches from torch.Generator().manual_seed(cfg.seed), not the global generator.")
        if a == c:
            fail("train: seed 0 and seed 1 gave the same losses; seed the batch generator with cfg.seed.", T.train)


if __name__ == "__main__":
    unittest.main()
