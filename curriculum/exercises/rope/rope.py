"""Rotary position embeddings (RoPE), as Llama, Mistral and most 2024-2026 models use them, in numpy.

Instead of adding a position vector to the token, RoPE rotates each query and key by an angle
that grows with its position. The score between a query at m and a key at n then depends only on
m - n. Fill in the functions below, top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def rope_frequencies(head_dim, base=10000.0):  # -> [head_dim // 2]
    """theta_i = base^(-2i / head_dim) for i = 0 .. head_dim/2 - 1.

    One angular speed per pair of dimensions: pair 0 turns by 1 radian per position, the last
    pair almost not at all.
    """
    raise NotImplementedError


def rope_angles(positions, head_dim, base=10000.0):  # [n_seq] -> [n_seq, head_dim // 2]
    """angle[t, i] = positions[t] * theta_i."""
    raise NotImplementedError


def apply_rope(x, positions, base=10000.0):  # [n_seq, head_dim] -> [n_seq, head_dim]
    """Rotate each pair (x[2i], x[2i+1]) of row t by the angle positions[t] * theta_i.

    A rotation by a of the pair (a0, a1) gives (a0 cos a - a1 sin a, a0 sin a + a1 cos a).
    Pairs are neighbours, as in the RoFormer paper: (x[0], x[1]), (x[2], x[3]), ...
    """
    raise NotImplementedError


def rope_scores(q, k, q_positions, k_positions, base=10000.0):  # [n_q, d], [n_k, d] -> [n_q, n_k]
    """Attention scores (before the softmax): rotated q times rotated k, divided by sqrt(d)."""
    raise NotImplementedError


def interpolate_positions(positions, train_len, target_len):  # [n_seq] -> [n_seq]
    """Position interpolation for a longer context: scale positions by train_len / target_len.

    A model trained on train_len positions then sees text of target_len positions with every
    angle inside the range it was trained on.
    """
    raise NotImplementedError
