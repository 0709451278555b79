"""A second correct train_loop.py in another style (not shipped to learners): the checks run it too.

Gathered windows instead of a stacked list, parameter groups from a walk over the modules (the
rule of nanoGPT's first configure_optimizers, tied weights included), inference mode for the
estimate, model.zero_grad() and the lr written before the batch is drawn.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class TrainConfig:
    block_size: int = 64
    batch_size: int = 32
    steps: int = 2000
    max_lr: float = 3e-3
    min_lr: float = 3e-4
    warmup: int = 30
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    val_fraction: float = 0.1
    seed: int = 1337


def split(data, val_fraction=0.1):
    cut = int(len(data) * (1 - val_fraction))
    return torch.split(data, [cut, len(data) - cut])


def get_batch(data, block_size, batch_size, generator):
    starts = torch.randint(0, len(data) - block_size, (batch_size, 1), generator=generator)  # (B, 1)
    windows = data[starts + torch.arange(block_size + 1)]  # (B, T + 1)
    return windows[:, :-1], windows[:, 1:]


def estimate_loss(model, splits, block_size, batch_size, iters, seed=0):
    model.eval()
    result = {}
    with torch.inference_mode():
        for name in splits:
            gen = torch.Generator()
            gen.manual_seed(seed)
            total = 0.0
            for _ in range(iters):
                total += float(model(*get_batch(splits[name], block_size, batch_size, gen))[1])
            result[name] = total / iters
    model.train()
    return result


def configure_optimizer(model, lr, weight_decay, betas=(0.9, 0.99)):
    decay, keep = set(), set()
    for module in model.modules():
        for pname, p in module.named_parameters(recurse=False):
            if isinstance(module, nn.Linear) and pname == "weight":
                decay.add(p)
            else:
                keep.add(p)
    decay -= keep  # the tied lm_head.weight is wte's matrix: an embedding, so it is not decayed
    ordered = [p for p in model.parameters()]
    return torch.optim.AdamW([
        {"params": [p for p in ordered if p in decay], "weight_decay": weight_decay},
        {"params": [p for p in ordered if p not in decay], "weight_decay": 0.0},
    ], lr=lr, betas=betas)


def lr_at(step, max_lr, min_lr, warmup, steps):
    if step >= steps:
        return min_lr
    if step < warmup:
        return (step + 1) / warmup * max_lr
    angle = math.pi * (step - warmup) / (steps - warmup)
    return min_lr + (max_lr - min_lr) * (math.cos(angle) + 1) / 2


def train(model, data, cfg, on_step=None):
    train_data = split(data, cfg.val_fraction)[0]
    opt = configure_optimizer(model, cfg.max_lr, cfg.weight_decay)
    gen = torch.Generator()
    gen.manual_seed(cfg.seed)
    model.train()
    history = []
    for step in range(cfg.steps):
        lr = lr_at(step, cfg.max_lr, cfg.min_lr, cfg.warmup, cfg.steps)
        for g in opt.param_groups:
            g["lr"] = lr
        model.zero_grad(set_to_none=True)
        inputs, targets = get_batch(train_data, cfg.block_size, cfg.batch_size, gen)
        loss = model(inputs, targets)[1]
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=cfg.grad_clip)
        opt.step()
        history.append(float(loss))
        if on_step:
            on_step(step, history[-1], lr)
    return history
