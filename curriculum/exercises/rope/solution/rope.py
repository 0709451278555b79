"""Rotary position embeddings (RoPE) in numpy: rotate queries and keys by their position."""
import numpy as np


def rope_frequencies(head_dim, base=10000.0):  # -> [head_dim // 2]
    """theta_i = base^(-2i / head_dim) for i = 0 .. head_dim/2 - 1: one angular speed per pair of dimensions."""
    return base ** (-np.arange(0, head_dim, 2) / head_dim)


def rope_angles(positions, head_dim, base=10000.0):  # [n_seq] -> [n_seq, head_dim // 2]
    """angle[t, i] = positions[t] * theta_i."""
    return np.outer(positions, rope_frequencies(head_dim, base))


def apply_rope(x, positions, base=10000.0):  # [n_seq, head_dim] -> [n_seq, head_dim]
    """Rotate each pair (x[2i], x[2i+1]) of row t by the angle positions[t] * theta_i."""
    angles = rope_angles(positions, x.shape[-1], base)          # [n_seq, head_dim // 2]
    cos, sin = np.cos(angles), np.sin(angles)
    x_even, x_odd = x[..., 0::2], x[..., 1::2]                   # [n_seq, head_dim // 2] each
    out = np.empty(np.shape(x), dtype=np.result_type(x, cos))
    out[..., 0::2] = x_even * cos - x_odd * sin
    out[..., 1::2] = x_even * sin + x_odd * cos
    return out


def rope_scores(q, k, q_positions, k_positions, base=10000.0):  # [n_q, d], [n_k, d] -> [n_q, n_k]
    """Attention scores q_m . k_n / sqrt(d) after rotating both by their own positions."""
    # Only queries and keys are rotated: the score is where position enters, values carry content.
    return apply_rope(q, q_positions, base) @ apply_rope(k, k_positions, base).T / np.sqrt(q.shape[-1])


def interpolate_positions(positions, train_len, target_len):  # [n_seq] -> [n_seq]
    """Position interpolation: squeeze positions 0 .. target_len-1 into the range 0 .. train_len the model was trained on."""
    # Angles beyond those seen in training are what breaks a model on longer text; scaling the
    # positions down keeps every angle inside the trained range, at the cost of finer steps.
    return np.asarray(positions) * (train_len / target_len)
