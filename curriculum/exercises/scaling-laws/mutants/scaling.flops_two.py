"""Scaling laws: fit loss-versus-size data with a power law and use it to extrapolate."""
import numpy as np


def fit_power_law(n, loss):  # [k], [k] -> (a, alpha)
    """Least-squares fit of loss = a * n**(-alpha): a straight line in log-log space."""
    slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
    return float(np.exp(intercept)), float(-slope)


def predict_loss(n, a, alpha, floor=0.0):  # [...] -> [...]
    """The fitted law at new sizes (floor: an irreducible loss the law levels off at)."""
    return floor + a * np.asarray(n, dtype=np.float64) ** (-alpha)


def fit_power_law_with_floor(n, loss, floors):  # [k], [k], [m] -> (floor, a, alpha)
    """Try each candidate floor E < min(loss): fit loss - E with a power law; keep the best fit."""
    best = None
    for E in floors:
        if E >= np.min(loss):
            continue  # log(loss - E) needs every loss above the floor
        a, alpha = fit_power_law(n, loss - E)
        # Compare candidates on the loss itself: residuals in log space would be scaled
        # differently for every floor.
        err = float(np.sum((predict_loss(n, a, alpha, E) - loss) ** 2))
        if best is None or err < best[0]:
            best = (err, float(E), a, alpha)
    return best[1], best[2], best[3]


def training_flops(n_params, n_tokens):  # -> float
    """About 6 floating-point operations per parameter per token (2 forward, 4 backward)."""
    return 2.0 * n_params * n_tokens


def chinchilla_optimal(compute, tokens_per_param=20.0):  # flops -> (n_params, n_tokens)
    """The model size and data size that spend `compute` with tokens = tokens_per_param * params."""
    # compute = 6 * N * (r * N)  =>  N = sqrt(compute / (6 r))
    n_params = np.sqrt(compute / (6.0 * tokens_per_param))
    return float(n_params), float(tokens_per_param * n_params)
