"""The tiny GPT: a character-level transformer in the shape of nanoGPT's model.py.

One class per concept. Weight names match what the exports and the numpy exercises use:
wte, wpe, h.N.ln_1, h.N.attn.c_attn, h.N.attn.c_proj, h.N.ln_2, h.N.mlp.c_fc, h.N.mlp.c_proj,
ln_f, and lm_head (tied to wte, so it is not a separate tensor in the state dict).

Shapes: B batch, T positions, C = n_embd, nh = n_head, hs = C // nh, V = vocab_size,
P = positions already in the KV cache.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    block_size: int = 128
    vocab_size: int = 65
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0


class LayerNorm(nn.Module):
    def __init__(self, ndim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim))

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)  # q, k, v for all heads at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)
        # A buffer, not a parameter: it never trains and stays out of the state dict.
        mask = torch.tril(torch.ones(config.block_size, config.block_size, dtype=torch.bool))
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x, past_kv=None):
        # x: (B, T, C); past_kv: None or (2, B, nh, P, hs)
        B, T, C = x.size()
        hs = self.n_embd // self.n_head
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)  # each (B, T, C)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        P = 0
        if past_kv is not None:
            P = past_kv.size(3)
            k = torch.cat([past_kv[0], k], dim=2)  # (B, nh, P+T, hs)
            v = torch.cat([past_kv[1], v], dim=2)  # (B, nh, P+T, hs)
        present = torch.stack([k, v])  # (2, B, nh, P+T, hs)

        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (B, nh, T, P+T)
        # The new queries sit at positions P..P+T-1, so they see keys 0..their own position.
        att = att.masked_fill(~self.mask[P:P + T, :P + T], float("-inf"))
        att = F.softmax(att, dim=-1)  # (B, nh, T, P+T); each row sums to 1
        y = self.attn_dropout(att) @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C): heads side by side again
        y = self.resid_dropout(self.c_proj(y))
        return y, att, present


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        # (B, T, C) -> (B, T, 4C) -> (B, T, C). tanh GELU as in GPT-2; also easy in numpy.
        return self.dropout(self.c_proj(F.gelu(self.c_fc(x), approximate="tanh")))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd)
        self.mlp = MLP(config)

    def forward(self, x, past_kv=None):
        # Pre-norm residual block: each sublayer adds to the residual stream x (B, T, C).
        a, att, present = self.attn(self.ln_1(x), past_kv)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, att, present


def context_start(n, block_size):
    """First position the model sees when predicting token n from tokens 0..n-1.

    Up to block_size tokens the model sees them all. Past that, the window drops its oldest half
    in one go (not one token per step): positions are absolute (wpe), so sliding by one would
    invalidate every cached key and value, while dropping half lets a KV cache be rebuilt once
    and reused for block_size // 2 steps. The window always holds between block_size // 2 + 1
    and block_size tokens. src/shared/model/context.ts implements the same rule.
    """
    if n <= block_size:
        return 0
    shift = block_size // 2
    return -(-(n - block_size) // shift) * shift


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)  # token embeddings (V, C)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)  # position embeddings (block, C)
        self.drop = nn.Dropout(config.dropout)
        self.h = nn.ModuleList([Block(config) for _ in range(config.n_layer)])
        self.ln_f = LayerNorm(config.n_embd)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # Weight tying: reading a token in and writing it out share one matrix (fewer parameters,
        # and a better model at this size). nanoGPT does the same.
        self.lm_head.weight = self.wte.weight
        self.apply(self._init_weights)
        # GPT-2's scaled init for projections into the residual stream keeps its variance
        # from growing with depth.
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())  # tied lm_head counted once

    def embed(self, idx, start_pos=0):
        # idx: (B, T) token ids at positions start_pos..start_pos+T-1 -> (B, T, C)
        T = idx.size(1)
        pos = torch.arange(start_pos, start_pos + T, dtype=torch.long, device=idx.device)
        return self.drop(self.wte(idx) + self.wpe(pos))

    def forward(self, idx, targets=None):
        # idx: (B, T) with T <= block_size -> logits (B, T, V), loss or None
        assert idx.size(1) <= self.config.block_size, "sequence longer than the context"
        x = self.embed(idx)
        for block in self.h:
            x, _, _ = block(x)
        logits = self.lm_head(self.ln_f(x))
        loss = None
        if targets is not None:
            # reshape, not view: a batch gathered by a learner's get_batch need not be contiguous.
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss

    def forward_internals(self, idx):
        # The full-context view the playground shows, for one sequence (B = 1):
        # logits (1, T, V), attention (n_layer, nh, T, T), residual stream (n_layer+1, T, C).
        x = self.embed(idx)
        atts, resid = [], [x[0]]
        for block in self.h:
            x, att, _ = block(x)
            atts.append(att[0])
            resid.append(x[0])
        logits = self.lm_head(self.ln_f(x))
        return logits, torch.stack(atts), torch.stack(resid)

    def forward_kv(self, idx, past_kv):
        # idx: (1, T) new tokens; past_kv: (n_layer, 2, nh, P, hs), P may be 0; P + T <= block_size.
        # -> logits (1, T, V), present_kv (n_layer, 2, nh, P+T, hs), attention (n_layer, nh, T, P+T)
        P = past_kv.size(3)
        x = self.embed(idx, start_pos=P)
        atts, presents = [], []
        for i, block in enumerate(self.h):
            x, att, present = block(x, past_kv[i].unsqueeze(1))  # (2, 1, nh, P, hs)
            atts.append(att[0])
            presents.append(present[:, 0])  # (2, nh, P+T, hs)
        logits = self.lm_head(self.ln_f(x))
        return logits, torch.stack(presents), torch.stack(atts)

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, greedy=False, generator=None):
        # nanoGPT's loop (predict, append), with the context window of context_start() so that
        # a KV-cache run gives the very same tokens.
        for _ in range(max_new_tokens):
            idx_cond = idx[:, context_start(idx.size(1), self.config.block_size):]
            logits, _ = self(idx_cond)
            logits = logits[:, -1, :]  # (B, V)
            if greedy:
                idx_next = logits.argmax(dim=-1, keepdim=True)
            else:
                probs = F.softmax(logits / temperature, dim=-1)
                idx_next = torch.multinomial(probs, num_samples=1, generator=generator)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx
