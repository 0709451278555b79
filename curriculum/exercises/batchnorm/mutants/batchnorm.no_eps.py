"""Batch normalisation, and the numbers that tell whether a deep net's activations are healthy."""
import numpy as np


def kaiming_std(fan_in, gain=5 / 3):  # -> float
    """Standard deviation for a layer's initial weights so its outputs keep a std of about `gain`."""
    # Each output sums fan_in products; their variances add, so shrink the weights by sqrt(fan_in).
    return gain / np.sqrt(fan_in)


def batchnorm_forward(x, gamma, beta, eps=1e-5):  # [n, d], [d], [d] -> [n, d], [d], [d]
    """Training mode: normalise each feature with the batch's mean and variance, then scale and shift."""
    mean = x.mean(axis=0)                           # [d]
    var = x.var(axis=0)                             # [d], biased (divide by n), as in training
    x_hat = (x - mean) / np.sqrt(var)         # [n, d]
    return gamma * x_hat + beta, mean, var


def update_running_stats(running_mean, running_var, mean, var, momentum=0.1):  # -> [d], [d]
    """Exponential moving averages of the batch statistics, used at inference time."""
    return ((1 - momentum) * running_mean + momentum * mean,
            (1 - momentum) * running_var + momentum * var)


def batchnorm_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):  # [n, d] -> [n, d]
    """Inference mode: the same normalisation with the running statistics, so one example works alone."""
    return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta


def saturation(h, threshold=0.97):  # [n, d] -> float
    """Share of tanh outputs with |h| > threshold: where the gradient (1 - h**2) nearly vanishes."""
    return float(np.mean(np.abs(h) > threshold))


def update_to_data_ratio(param, grad, lr):  # [...], [...], float -> float
    """log10(std(lr * grad) / std(param)): how big one step is next to the weights (about -3 is healthy)."""
    return float(np.log10(np.std(lr * grad) / np.std(param)))
