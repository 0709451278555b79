"""Batch normalisation, and the numbers that tell whether a deep net's activations are healthy.

Fill in the functions from top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def kaiming_std(fan_in, gain=5 / 3):  # -> float
    """Standard deviation for a layer's initial weights so that its outputs keep a std of about
    `gain` when its inputs have std 1. `gain` is 5/3 for tanh, 1 for a plain linear layer.
    """
    raise NotImplementedError


def batchnorm_forward(x, gamma, beta, eps=1e-5):  # [n, d], [d], [d] -> [n, d], [d], [d]
    """Training mode. For each feature (column) j:
        x_hat = (x - mean_j) / sqrt(var_j + eps),  out = gamma * x_hat + beta
    using the batch's mean and its biased variance (divide by n). Returns (out, mean, var).
    """
    raise NotImplementedError


def update_running_stats(running_mean, running_var, mean, var, momentum=0.1):  # -> [d], [d]
    """Move each running statistic a `momentum` fraction of the way towards the batch's.
    Returns (new_running_mean, new_running_var).
    """
    raise NotImplementedError


def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):  # [n, d] -> [n, d]
    """Inference mode: normalise with the running statistics instead of the batch's."""
    raise NotImplementedError


def saturation(h, threshold=0.97):  # [n, d] -> float
    """Share (0 to 1) of tanh outputs with |h| > threshold."""
    raise NotImplementedError


def update_to_data_ratio(param, grad, lr):  # [...], [...], float -> float
    """log10(std(lr * grad) / std(param))."""
    raise NotImplementedError
