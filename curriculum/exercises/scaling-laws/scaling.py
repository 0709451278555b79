"""Scaling laws: fit loss-versus-size data with a power law and use it to extrapolate.

Fill in the functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def fit_power_law(n, loss):  # [k], [k] -> (a, alpha)
    """Least-squares fit of loss = a * n**(-alpha).

    Take logs: log(loss) = log(a) - alpha * log(n) is a straight line; fit it with np.polyfit.
    Return a (positive) and alpha (positive when loss falls as n grows), as floats.
    """
    raise NotImplementedError


def predict_loss(n, a, alpha, floor=0.0):  # [...] -> [...]
    """floor + a * n**(-alpha), for a number or an array of sizes."""
    raise NotImplementedError


def fit_power_law_with_floor(n, loss, floors):  # [k], [k], [m] -> (floor, a, alpha)
    """Loss cannot fall below some irreducible value E. For each candidate E in `floors` that is
    below min(loss), fit loss - E with fit_power_law; return the (E, a, alpha) whose
    predict_loss(n, a, alpha, E) has the smallest sum of squared errors against `loss`.
    """
    raise NotImplementedError


def training_flops(n_params, n_tokens):  # -> float
    """Compute to train a transformer: about 6 operations per parameter per training token."""
    raise NotImplementedError


def chinchilla_optimal(compute, tokens_per_param=20.0):  # flops -> (n_params, n_tokens)
    """Chinchilla's rule of thumb: train on about 20 tokens per parameter. Return the model size
    and token count that use exactly `compute` FLOPs (by training_flops) at that ratio.
    """
    raise NotImplementedError
