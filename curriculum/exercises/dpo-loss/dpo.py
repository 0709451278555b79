"""Direct Preference Optimization (DPO): its loss and its gradient, in numpy.

Each training example is a prompt with two answers, one people preferred (chosen) and one they
did not (rejected). The policy is the model being trained, the reference is the frozen model it
started from (the SFT model). Inputs are log-probabilities such a model would give.
Fill in the functions below, top to bottom. Run the tests with:  python llmstudy_test.py
"""
import numpy as np


def sequence_logprob(token_logprobs, response_mask):  # [batch, n_seq], [batch, n_seq] -> [batch]
    """log p(answer | prompt): the sum of the answer's token log-probabilities.

    token_logprobs[b, t] is log p(token t | tokens before it). response_mask is 1 on the answer's
    tokens and 0 on the prompt and on padding, which must not count.
    """
    raise NotImplementedError


def log_sigmoid(x):  # [...] -> [...]
    """log(sigmoid(x)) = log(1 / (1 + exp(-x))), finite for any x (try x = -1000 and x = 1000)."""
    raise NotImplementedError


def implicit_reward(policy_logp, ref_logp, beta):  # [batch], [batch] -> [batch]
    """beta * (log pi_theta(y|x) - log pi_ref(y|x)): the reward DPO's policy is the optimum for."""
    raise NotImplementedError


def dpo_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> [batch]
    """Implicit reward of the chosen answer minus that of the rejected one."""
    raise NotImplementedError


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> scalar
    """Mean over the batch of -log sigmoid(margin)."""
    raise NotImplementedError


def dpo_grad(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> ([batch], [batch])
    """(dL/d policy_chosen, dL/d policy_rejected) of dpo_loss, one value per example.

    The reference model is frozen: it gets no gradient. Work it out on paper first:
    d/dm of -log sigmoid(m) is -sigmoid(-m).
    """
    raise NotImplementedError
