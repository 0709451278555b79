"""The training loop for a small GPT, in PyTorch, the way nanoGPT writes it.

gpt_model.py holds the model (given). Fill in the functions under "yours", top to bottom: each
is one idea of the loop, and train() puts them together.
Run the tests with:  python llmstudy_test.py

Shapes: N tokens in the text, B batch, T = block_size positions.
"""
import math
from dataclasses import dataclass

import torch


@dataclass
class TrainConfig:
    block_size: int = 64      # T: positions in one training window
    batch_size: int = 32      # B: windows per step
    steps: int = 2000         # optimizer steps
    max_lr: float = 3e-3      # the learning rate at the end of the warm-up
    min_lr: float = 3e-4      # the floor the cosine decays to
    warmup: int = 30          # steps of linear warm-up
    weight_decay: float = 0.1
    grad_clip: float = 1.0    # the largest gradient norm a step may use
    val_fraction: float = 0.1
    seed: int = 1337


# ---- yours ---------------------------------------------------------------------------------

def split(data, val_fraction=0.1):  # (N,) -> (N_train,), (N_val,)
    """The first part of the text trains, the last val_fraction validates."""
    n = int(len(data) * (1 - val_fraction))
    return data[:n], data[n:]


def get_batch(data, block_size, batch_size, generator):  # (N,) -> x (B, T), y (B, T)
    """batch_size random windows; y is x shifted one token to the left."""
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=generator)  # (B,) window starts
    x = torch.stack([data[i:i + block_size] for i in ix])  # (B, T)
    y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix])  # (B, T): the token after each of x
    return x, y


@torch.no_grad()
def estimate_loss(model, splits, block_size, batch_size, iters, seed=0):  # -> {name: float}
    """The mean loss over `iters` batches of each split, in eval mode, the same batches every call."""
    model.eval()
    out = {}
    for name, data in splits.items():
        g = torch.Generator().manual_seed(seed)
        losses = torch.zeros(iters)
        for k in range(iters):
            x, y = get_batch(data, block_size, batch_size, g)
            _, loss = model(x, y)
            losses[k] = loss.item()
        out[name] = losses.mean().item()
    model.train()
    return out


def configure_optimizer(model, lr, weight_decay, betas=(0.9, 0.99)):
    """AdamW with two groups: decay on the matrices of the linear layers, none on the rest."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():  # a tied matrix is listed once, as wte.weight
        if not p.requires_grad:
            continue
        if p.dim() == 2 and not name.startswith(("wte.", "wpe.")):
            decay.append(p)
        else:
            no_decay.append(p)  # biases, LayerNorm gains and shifts, embeddings
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas)


def lr_at(step, max_lr, min_lr, warmup, steps):
    """Linear warm-up to max_lr over `warmup` steps, then a cosine down to min_lr at `steps`."""
    if step < warmup:
        return max_lr * (step + 1) / warmup
    if step >= steps:
        return min_lr
    progress = (step - warmup) / (steps - warmup)  # 0 -> 1
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (max_lr - min_lr)


def train(model, data, cfg, on_step=None):  # data (N,) -> list of cfg.steps batch losses
    """cfg.steps steps of AdamW on the training split, with the schedule and gradient clipping."""
    train_data, _ = split(data, cfg.val_fraction)
    optimizer = configure_optimizer(model, cfg.max_lr, cfg.weight_decay)
    g = torch.Generator().manual_seed(cfg.seed)
    model.train()
    losses = []
    for step in range(cfg.steps):
        lr = lr_at(step, cfg.max_lr, cfg.min_lr, cfg.warmup, cfg.steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = get_batch(train_data, cfg.block_size, cfg.batch_size, g)  # (B, T) each
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        optimizer.step()
        losses.append(loss.item())
        if on_step is not None:
            on_step(step, losses[-1], lr)
    return losses
