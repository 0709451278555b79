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
    """The first part of the text trains, the last val_fraction validates.

    n = int(len(data) * (1 - val_fraction)) tokens train; everything after them validates, so no
    token is in both.
    """
    raise NotImplementedError


def get_batch(data, block_size, batch_size, generator):  # (N,) -> x (B, T), y (B, T)
    """batch_size random windows; y is x shifted one token to the left.

    Draw the window starts with torch.randint(..., generator=generator), from 0 up to the last start
    whose y still fits. x[b] = data[i : i + T]; y[b] holds the token that follows each token of x[b].
    """
    raise NotImplementedError


def estimate_loss(model, splits, block_size, batch_size, iters, seed=0):  # -> {name: float}
    """The mean loss over `iters` batches of each split, in eval mode, the same batches every call.

    splits: {"train": (N_train,), "val": (N_val,)} (any names). Nothing here trains: no gradients,
    dropout off while measuring, and the model back in train mode at the end. Each split's batches
    come from its own generator seeded with `seed`.
    """
    raise NotImplementedError


def configure_optimizer(model, lr, weight_decay, betas=(0.9, 0.99)):
    """AdamW with two groups: decay on the matrices of the linear layers, none on the rest.

    Decayed: the 2-D weights of c_attn, c_proj and c_fc. Not decayed (weight_decay 0.0): biases,
    LayerNorm weights and biases, and the embeddings wte and wpe (lm_head is wte, tied).
    """
    raise NotImplementedError


def lr_at(step, max_lr, min_lr, warmup, steps):
    """Linear warm-up to max_lr over `warmup` steps, then a cosine down to min_lr at `steps`.

    step < warmup:  max_lr * (step + 1) / warmup
    after:          min_lr + 0.5 * (1 + cos(pi * progress)) * (max_lr - min_lr),
                    progress = (step - warmup) / (steps - warmup), from 0 to 1
    step >= steps:  min_lr
    """
    raise NotImplementedError


def train(model, data, cfg, on_step=None):  # data (N,) -> list of cfg.steps batch losses
    """cfg.steps steps of AdamW on the training split, with the schedule and gradient clipping.

    Split the data, make the optimizer with configure_optimizer and a batch generator seeded with
    cfg.seed. Each step: set every group's lr to lr_at(step, ...), take a batch, compute the loss
    (model(x, y) returns logits, loss), clear the old gradients, backward, clip the gradient norm to
    cfg.grad_clip, step. Then on_step(step, loss, lr) when it is given (the editor's training view
    draws its curves from it). Return the batch losses as floats.
    """
    raise NotImplementedError
