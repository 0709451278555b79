"""Tests for dpo.py, on hand-made log-probabilities. Run: python llmstudy_test.py"""
import math
import unittest

import llmstudy_test  # before numpy: it asks for single-thread BLAS, read once when numpy loads
import numpy as np

from llmstudy_test import assert_close
import dpo as D

BETA = 0.1

# Three preference pairs, as summed log-probabilities of each whole answer. Pair 0: the policy
# already prefers the chosen answer more than the reference does; pair 1: it prefers the
# rejected one; pair 2: policy and reference agree, so the margin is 0.
POLICY_CHOSEN = np.array([-12.0, -20.0, -15.0])
POLICY_REJECTED = np.array([-18.0, -11.0, -16.0])
REF_CHOSEN = np.array([-14.0, -17.0, -15.0])
REF_REJECTED = np.array([-16.0, -13.0, -16.0])
PAIRS = (POLICY_CHOSEN, POLICY_REJECTED, REF_CHOSEN, REF_REJECTED)


def slow_margin(pc, pr, rc, rr, beta=BETA, use_ref=True):
    """One pair at a time, straight from the formula."""
    return np.array([beta * ((pc[i] - (rc[i] if use_ref else 0)) - (pr[i] - (rr[i] if use_ref else 0)))
                     for i in range(len(pc))])


def slow_loss(pc, pr, rc, rr, beta=BETA, use_ref=True, reduce=np.mean):
    # -log sigmoid(m) = log(1 + exp(-m)); written per case so it stays finite for any m.
    per = [math.log1p(math.exp(-m)) if m > -30 else -m + math.log1p(math.exp(m)) for m in slow_margin(pc, pr, rc, rr, beta, use_ref)]
    return reduce(per)


def finite_difference_grad(pc, pr, rc, rr, beta=BETA, h=1e-5):
    """Central differences of the test's own loss: independent of your dpo_grad."""
    gc, gr = np.zeros(len(pc)), np.zeros(len(pr))
    for i in range(len(pc)):
        e = np.zeros(len(pc))
        e[i] = h
        gc[i] = (slow_loss(pc + e, pr, rc, rr, beta) - slow_loss(pc - e, pr, rc, rr, beta)) / (2 * h)
        gr[i] = (slow_loss(pc, pr + e, rc, rr, beta) - slow_loss(pc, pr - e, rc, rr, beta)) / (2 * h)
    return gc, gr


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class TestSequenceLogprob(unittest.TestCase):
    def test_masked_sum(self):
        """sequence_logprob: sums the answer's tokens only (prompt and padding masked out)"""
        # Row 0: two prompt tokens, three answer tokens. Row 1: one prompt token, two answer tokens, two pads.
        logprobs = np.array([[-3.0, -2.5, -0.5, -1.0, -0.25],
                             [-4.0, -0.75, -2.0, -7.0, -7.0]])
        mask = np.array([[0, 0, 1, 1, 1], [0, 1, 1, 0, 0]], dtype=float)
        expected = np.array([-0.5 - 1.0 - 0.25, -0.75 - 2.0])
        assert_close("sequence_logprob(logprobs, mask)", D.sequence_logprob(logprobs, mask), expected, atol=1e-6,
                     where=D.sequence_logprob, mistakes=[
                         (logprobs.sum(axis=-1), "the prompt and the padding are counted: multiply by the mask before summing."),
                         (expected / mask.sum(axis=-1), "that is the mean per token; the answer's log-probability is the SUM of its tokens'."),
                     ])


class TestLogSigmoid(unittest.TestCase):
    def test_values(self):
        """log_sigmoid: log(sigmoid(x)) for ordinary x, with log_sigmoid(0) = -log 2"""
        x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
        expected = [math.log(1 / (1 + math.exp(-v))) for v in x]
        assert_close("log_sigmoid([-3, -0.5, 0, 0.5, 3])", D.log_sigmoid(x), expected, atol=1e-6, where=D.log_sigmoid,
                     mistakes=[(np.log(1 / (1 + np.exp(x))), "that is log sigmoid(-x): sigmoid(x) = 1 / (1 + exp(-x)).")])

    def test_extremes_stay_finite(self):
        """log_sigmoid: finite at x = -1000 and x = 1000 (log(1 + exp(1000)) must never be formed)"""
        x = np.array([-1000.0, -40.0, 40.0, 1000.0])
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            got = D.log_sigmoid(x)
        assert_close("log_sigmoid([-1000, -40, 40, 1000])", got, [-1000.0, -40.0, -math.exp(-40.0), 0.0], atol=1e-6,
                     where=D.log_sigmoid, nonfinite_hint="exp(1000) overflows; np.logaddexp(0, -x) is -log sigmoid(x) without it.")


class TestRewardAndMargin(unittest.TestCase):
    def test_implicit_reward(self):
        """implicit_reward: beta times the log-ratio of policy to reference"""
        got = D.implicit_reward(POLICY_CHOSEN, REF_CHOSEN, BETA)
        assert_close("implicit_reward(policy_chosen, ref_chosen, beta=0.1)", got, [0.2, -0.3, 0.0], atol=1e-6,
                     where=D.implicit_reward, mistakes=[
                         (POLICY_CHOSEN - REF_CHOSEN, "multiply the log-ratio by beta."),
                         (BETA * (REF_CHOSEN - POLICY_CHOSEN), "policy minus reference, not reference minus policy."),
                         (BETA * POLICY_CHOSEN, "subtract the reference model's log-probability."),
                     ])

    def test_margin(self):
        """dpo_margin: chosen reward minus rejected reward, pair by pair"""
        got = D.dpo_margin(*PAIRS, BETA)
        assert_close("dpo_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1)", got,
                     slow_margin(*PAIRS), atol=1e-6, where=D.dpo_margin, mistakes=[
                         (-slow_margin(*PAIRS), "chosen and rejected are swapped: the margin is chosen minus rejected."),
                         (slow_margin(*PAIRS, use_ref=False), "the reference log-probabilities are missing."),
                     ])


class TestLoss(unittest.TestCase):
    def mistakes(self, pairs):
        return [(slow_loss(*pairs, reduce=sum), "that is the sum over the batch; take the mean."),
                (slow_loss(*pairs, use_ref=False), "the reference model is left out: use log pi - log pi_ref."),
                (slow_loss(pairs[1], pairs[0], pairs[3], pairs[2]), "chosen and rejected are swapped."),
                (slow_loss(*pairs, beta=1.0), "beta is missing.")]

    def test_equal_models_give_log2(self):
        """dpo_loss: when the policy equals the reference every margin is 0 and the loss is log 2"""
        pc, pr = POLICY_CHOSEN, POLICY_REJECTED
        assert_close("dpo_loss(pc, pr, pc, pr, beta=0.1)", D.dpo_loss(pc, pr, pc, pr, BETA), math.log(2), atol=1e-6,
                     where=D.dpo_loss, hint="the loss is the mean of -log sigmoid(margin), and sigmoid(0) = 1/2.")

    def test_hand_made_pairs(self):
        """dpo_loss on three hand-made pairs matches -mean(log sigmoid(margin))"""
        assert_close("dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1)", D.dpo_loss(*PAIRS, BETA),
                     slow_loss(*PAIRS), atol=1e-6, where=D.dpo_loss, mistakes=self.mistakes(PAIRS))

    def test_large_margins_stay_finite(self):
        """dpo_loss with margins of +-500 is finite (about 500 for the badly ordered pair, 0 for the other)"""
        pairs = (np.array([-10.0, -5010.0]), np.array([-5010.0, -10.0]), np.array([-10.0, -10.0]), np.array([-10.0, -10.0]))
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            got = D.dpo_loss(*pairs, BETA)
        assert_close("dpo_loss with margins [+500, -500]", got, slow_loss(*pairs), atol=1e-6, where=D.dpo_loss,
                     mistakes=self.mistakes(pairs), nonfinite_hint="use your stable log_sigmoid, not np.log(sigmoid(m)).")


class TestGradient(unittest.TestCase):
    def mistakes(self, pairs, beta=BETA):
        m = slow_margin(*pairs, beta=beta)
        w = sigmoid(-m) / len(m)
        return [(lambda: np.stack([beta * w, -beta * w]), "the signs are flipped: descending the loss must RAISE the chosen log-probability."),
                (lambda: np.stack([-beta * sigmoid(m) / len(m), beta * sigmoid(m) / len(m)]),
                 "the weight is sigmoid(-margin), not sigmoid(margin): d/dm of -log sigmoid(m) is -sigmoid(-m)."),
                (lambda: np.stack([-beta * w * len(m), beta * w * len(m)]), "the loss is a MEAN over the batch: divide by the batch size."),
                (lambda: np.stack([-w, w]), "the chain rule through the margin brings a factor beta.")]

    def grad(self, pairs, beta=BETA):
        got = D.dpo_grad(*pairs, beta)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            self.fail("dpo_grad must return two arrays, (dL/d policy_chosen, dL/d policy_rejected); got {!r}".format(type(got).__name__))
        return np.stack([np.asarray(got[0], dtype=float), np.asarray(got[1], dtype=float)])

    def test_matches_finite_differences(self):
        """dpo_grad matches finite differences of the loss"""
        assert_close("dpo_grad(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta=0.1)", self.grad(PAIRS),
                     np.stack(finite_difference_grad(*PAIRS)), atol=1e-7, where=D.dpo_grad, mistakes=self.mistakes(PAIRS))

    def test_sign_raises_chosen_lowers_rejected(self):
        """dpo_grad: a gradient-descent step raises every chosen log-prob and lowers every rejected one"""
        g = self.grad(PAIRS)
        signs = np.sign(g)
        assert_close("sign of dpo_grad(...) (row 0: chosen, row 1: rejected)", signs, np.stack([-np.ones(3), np.ones(3)]),
                     atol=0, where=D.dpo_grad, hint="gradient descent moves against the gradient, so dL/d chosen must be "
                                                   "negative and dL/d rejected positive.")

    def test_wrongly_ordered_pairs_weigh_more(self):
        """dpo_grad: a pair the policy orders wrongly gets a larger gradient than one it orders well"""
        g = self.grad(PAIRS)
        # Pair 1 has a negative margin (wrong order), pair 0 a positive one.
        assert_close("|dL/d chosen| of the wrongly ordered pair divided by that of the well ordered pair",
                     abs(g[0, 1]) / max(abs(g[0, 0]), 1e-300), sigmoid(0.5) / sigmoid(-0.4), atol=1e-6, where=D.dpo_grad,
                     hint="each pair is weighted by sigmoid(-margin): large when the implicit rewards are in the wrong order.")

    def test_step_lowers_the_loss(self):
        """dpo_grad: a small step against the gradient lowers the loss"""
        pc, pr, rc, rr = PAIRS
        g = self.grad(PAIRS)
        before = slow_loss(*PAIRS)
        after = slow_loss(pc - 1.0 * g[0], pr - 1.0 * g[1], rc, rr)
        if not after < before:
            raise AssertionError("dpo_grad: after the step pc -= grad[0], pr -= grad[1] the loss went from {:.6f} to {:.6f}; "
                                 "it should go down. Hint: the gradient points the wrong way.".format(before, after))


if __name__ == "__main__":
    unittest.main()
