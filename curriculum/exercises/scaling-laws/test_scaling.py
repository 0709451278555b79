"""Tests for scaling.py. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import FLOAT32, assert_close
import scaling as S

# Kaplan et al. (2020): L(N) = (N_c / N) ** 0.076 with N_c = 8.8e13 (non-embedding parameters).
ALPHA, N_C = 0.076, 8.8e13
A = N_C ** ALPHA
SIZES = np.logspace(6, 9, 8)
# Chinchilla (Hoffmann et al. 2022), the parameter term: L(N) = 1.69 + 406.4 / N ** 0.34.
E, A2, ALPHA2 = 1.69, 406.4, 0.34


def kaplan(n, noise=0.0, seed=0):
    rng = np.random.default_rng(seed)
    return A * n ** -ALPHA * np.exp(noise * rng.normal(size=np.shape(n)))


class TestPowerLaw(unittest.TestCase):
    def test_exact_data(self):
        """fit_power_law recovers a and alpha from exact power-law data"""
        a, alpha = S.fit_power_law(SIZES, kaplan(SIZES))
        assert_close("alpha from fit_power_law", alpha, ALPHA, **FLOAT32, where=S.fit_power_law,
                     mistakes=[(-ALPHA, "the slope of log(loss) against log(n) is -alpha: flip its sign.")])
        assert_close("a from fit_power_law", a, A, **FLOAT32, where=S.fit_power_law,
                     mistakes=[(math.log(A), "the intercept is log(a): take np.exp of it.")])

    def test_noisy_data(self):
        """fit_power_law on noisy data is close, and the fit is made in log-log space"""
        loss = kaplan(SIZES, noise=0.01, seed=1)
        a, alpha = S.fit_power_law(SIZES, loss)
        slope, intercept = np.polyfit(np.log(SIZES), np.log(loss), 1)
        raw_slope = np.polyfit(np.log(SIZES), loss, 1)[0]
        assert_close("alpha from noisy data", alpha, -slope, **FLOAT32, where=S.fit_power_law,
                     hint="alpha is minus the slope of the least-squares line through (log n, log loss).",
                     mistakes=[(-raw_slope, "that line was fitted to the loss itself; fit it to log(loss).")])

    def test_predict(self):
        """predict_loss: floor + a * n**(-alpha), for arrays too"""
        got = S.predict_loss(np.array([1e6, 1e9]), 2.0, 0.5, floor=1.0)
        assert_close("predict_loss([1e6, 1e9], a=2, alpha=0.5, floor=1)", got, [1.002, 1 + 2 / math.sqrt(1e9)], **FLOAT32,
                     where=S.predict_loss)

    def test_extrapolate(self):
        """fit on 1e6..1e9 parameters, predict 1e11 within 1%"""
        a, alpha = S.fit_power_law(SIZES, kaplan(SIZES, noise=0.005, seed=2))
        got = S.predict_loss(1e11, a, alpha)
        assert_close("predicted loss at 1e11 parameters", got, float(kaplan(1e11)), atol=0.01 * float(kaplan(1e11)),
                     where=S.predict_loss)


class TestFloor(unittest.TestCase):
    def test_finds_floor(self):
        """fit_power_law_with_floor finds the irreducible loss of a Chinchilla-like law"""
        n = np.logspace(7, 10, 10)
        loss = E + A2 * n ** -ALPHA2
        floors = np.round(np.arange(0, 2.0, 0.01), 2)
        got = S.fit_power_law_with_floor(n, loss, floors)
        assert_close("(floor, alpha) from fit_power_law_with_floor", [got[0], got[2]], [E, ALPHA2], atol=1e-6,
                     where=S.fit_power_law_with_floor,
                     hint="skip floors >= min(loss), fit loss - floor, and compare fits by the squared error of "
                          "predict_loss(n, a, alpha, floor) against loss.")

    def test_floor_by_loss_error_on_noisy_data(self):
        """fit_power_law_with_floor on noisy data: the floor with the smallest squared error in the loss itself"""
        # On exact data every sensible criterion finds the true floor; with 1% noise they part:
        # here the loss-space error picks 1.69, the log-space error of the straight-line fit 1.64.
        n = np.logspace(7, 10, 10)
        loss = (E + A2 * n ** -ALPHA2) * np.exp(0.01 * np.random.default_rng(2).normal(size=n.shape))
        floors = np.round(np.arange(0, 2.0, 0.01), 2)

        def brute(criterion):
            best = None
            for f in floors[floors < loss.min()]:
                slope, intercept = np.polyfit(np.log(n), np.log(loss - f), 1)
                line = intercept + slope * np.log(n)
                err = np.sum((f + np.exp(line) - loss) ** 2) if criterion == "loss" else np.sum((line - np.log(loss - f)) ** 2)
                if best is None or err < best[0]:
                    best = (err, f, -slope)
            return [best[1], best[2]]
        got = S.fit_power_law_with_floor(n, loss, floors)
        below = floors[floors < loss.min()]
        assert_close("(floor, alpha) from fit_power_law_with_floor on noisy data", [got[0], got[2]], brute("loss"),
                     **FLOAT32, where=S.fit_power_law_with_floor, mistakes=[
                         (brute("log"), "that floor has the smallest error of the straight-line fit in log space; "
                                        "compare candidates by the squared error of predict_loss(n, a, alpha, floor) "
                                        "against loss itself."),
                     ])
        self.assertNotEqual(below[-1], got[0], "fit_power_law_with_floor: returned the highest floor below min(loss) "
                                               "({}); compare the fits' errors instead.".format(below[-1]))

    def test_plain_fit_underestimates(self):
        """without a floor the straight-line fit bends the wrong way and extrapolates too low"""
        n = np.logspace(7, 10, 10)
        loss = E + A2 * n ** -ALPHA2
        floor, a, alpha = S.fit_power_law_with_floor(n, loss, np.round(np.arange(0, 2.0, 0.01), 2))
        a0, alpha0 = S.fit_power_law(n, loss)
        far = 1e13
        truth = E + A2 * far ** -ALPHA2
        got = [S.predict_loss(far, a, alpha, floor), S.predict_loss(far, a0, alpha0) < truth]
        assert_close("[loss at 1e13 with the floor, plain fit below the truth]", got, [truth, 1.0], atol=1e-4,
                     where=S.fit_power_law_with_floor)


class TestCompute(unittest.TestCase):
    def test_flops(self):
        """training_flops: 6 * N * D"""
        assert_close("training_flops(1e9, 2e10)", S.training_flops(1e9, 2e10), 1.2e20, atol=0, rtol=1e-12,
                     where=S.training_flops)

    def test_chinchilla(self):
        """chinchilla_optimal(5.88e23): 70B parameters and 1.4T tokens (Chinchilla itself)"""
        n, d = S.chinchilla_optimal(5.88e23)
        assert_close("(n_params, n_tokens) for 5.88e23 FLOPs", [n, d], [7e10, 1.4e12], atol=0, rtol=1e-9,
                     where=S.chinchilla_optimal,
                     mistakes=[([math.sqrt(5.88e23 / 20), 20 * math.sqrt(5.88e23 / 20)], "the compute is 6 * N * D, not N * D.")],
                     hint="compute = 6 * N * (20 * N), so N = sqrt(compute / 120).")
        assert_close("training_flops of that plan", S.training_flops(n, d), 5.88e23, atol=0, rtol=1e-9, where=S.chinchilla_optimal)

    def test_chinchilla_other_ratio(self):
        """chinchilla_optimal with tokens_per_param=5: a bigger model on fewer tokens for the same compute"""
        n, d = S.chinchilla_optimal(3e21, tokens_per_param=5.0)
        assert_close("chinchilla_optimal(3e21, tokens_per_param=5)", [n, d], [1e10, 5e10], atol=0, rtol=1e-6,
                     where=S.chinchilla_optimal,
                     mistakes=[([math.sqrt(3e21 / 120), 20 * math.sqrt(3e21 / 120)], "use the tokens_per_param you are given, not always 20.")],
                     hint="compute = 6 * N * (tokens_per_param * N).")


if __name__ == "__main__":
    unittest.main()
