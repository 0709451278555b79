"""Ablation and activation patching on the tiny GPT, in numpy.

gpt-forward's model, opened up: a forward pass that keeps what each head wrote and what the
residual stream held, and lets you replace either. With it you knock heads out (ablation) and move
activations from one prompt's run into another's (patching), which is how the playground's Ablate
and Patching views find the induction head.
Fill in the functions under "yours", top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


# ---- given (from gpt-forward) ----------------------------------------------------------------

def softmax(x):  # [..., n] -> [..., n]
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def linear(x, weight, bias):  # [n_seq, n_in], [n_out, n_in], [n_out] -> [n_seq, n_out]
    return x @ weight.T + bias


def layer_norm(x, weight, bias, eps=1e-5):  # [n_seq, n_embd] -> [n_seq, n_embd]
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return weight * (x - mean) / np.sqrt(var + eps) + bias


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def mlp(x, p):  # [n_seq, n_embd] -> [n_seq, n_embd]
    return linear(gelu(linear(x, p["mlp.c_fc.weight"], p["mlp.c_fc.bias"])), p["mlp.c_proj.weight"], p["mlp.c_proj.bias"])


def layer_params(params, i):
    """Block i's weights with the prefix "h.i." taken off the names."""
    prefix = "h.{}.".format(i)
    return {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}


def count_layers(params):
    return len({k.split(".")[1] for k in params if k.startswith("h.")})


# ---- yours ---------------------------------------------------------------------------------

def head_outputs(x, p, n_head):  # [n_seq, n_embd] -> z [n_head, n_seq, head_size]
    """Causal self-attention of one block, stopped before c_proj: each head's output z.

    x is the block's input after ln_1; p is the block's weights without the "h.N." prefix.
    z[h] = softmax(q_h k_h^T / sqrt(head_size) + causal mask) @ v_h, exactly gpt-forward's
    attention, but the heads stay apart instead of being joined and projected.
    """
    raise NotImplementedError


def run_with_cache(idx, params, n_head, head_z=None, resid=None):  # -> (logits [n_seq, n_vocab], cache)
    """The GPT forward pass that records (and, when asked, replaces) two activations.

    cache["resid"]: [n_layer + 1, n_seq, n_embd], the residual stream: stream 0 is the embeddings
                    (wte + wpe), stream i + 1 is the stream after block i (attention and MLP).
    cache["z"]:     [n_layer, n_head, n_seq, head_size], every head's output (head_outputs).
    head_z:  {(layer, head): array [n_seq, head_size]}: that head's z is replaced by the array
             before c_proj joins the heads (zeros = ablation; another run's z = patching).
    resid:   {(stream, pos): array [n_embd]}: residual stream `stream` at position `pos` is
             replaced, and everything after it computes from the new value.
    The cache records the values the run actually used (after any replacement).
    """
    raise NotImplementedError


def ablate_heads(idx, params, n_head, heads):  # -> logits [n_seq, n_vocab]
    """Logits with every (layer, head) in `heads` knocked out: its z is zero at every position."""
    raise NotImplementedError


def logit_diff(logits, good, bad):  # [n_seq, n_vocab] -> float
    """logit(good) - logit(bad) at the last position: the metric patching restores."""
    raise NotImplementedError


def normalised(patched, clean, corrupted):  # -> float
    """How much of the clean metric a patch brings back: 1 = all of it, 0 = none.

    (patched - corrupted) / (clean - corrupted); 0.0 when clean == corrupted (nothing to restore).
    """
    raise NotImplementedError


def patch_heads(clean_idx, corrupted_idx, params, n_head, good, bad):  # -> [n_layer, n_head]
    """Head patching: for each (layer, head), run the corrupted prompt with that head's z (all
    positions) taken from the clean run, and score logit_diff normalised against the clean and
    the corrupted runs' own logit_diff. The prompts must have the same length (else ValueError).
    """
    raise NotImplementedError


def patch_resid(clean_idx, corrupted_idx, params, n_head, good, bad):  # -> [n_layer + 1, n_seq]
    """Residual-stream patching: for each (stream, position), run the corrupted prompt with the
    clean run's residual stream at that one place, scored like patch_heads. Same-length prompts.
    """
    raise NotImplementedError
