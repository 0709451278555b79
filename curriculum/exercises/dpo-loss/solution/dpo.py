"""The DPO loss and its gradient, in numpy, on log-probabilities a model would give."""
import numpy as np


def sequence_logprob(token_logprobs, response_mask):  # [batch, n_seq], [batch, n_seq] -> [batch]
    """log p(answer | prompt): the sum of the answer's token log-probabilities (prompt and padding masked out)."""
    # The answer's probability is the product of its tokens' probabilities, so their logs add up.
    return np.sum(token_logprobs * response_mask, axis=-1)


def log_sigmoid(x):  # [...] -> [...]
    """log(1 / (1 + exp(-x))), finite for any x."""
    # log(sigmoid(x)) = -log(1 + exp(-x)); logaddexp never forms exp(1000).
    return -np.logaddexp(0.0, -x)


def implicit_reward(policy_logp, ref_logp, beta):  # [batch], [batch] -> [batch]
    """beta * log(pi_theta / pi_ref): the reward that DPO's policy is optimal for."""
    return beta * (policy_logp - ref_logp)


def dpo_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> [batch]
    """How much higher the chosen answer's implicit reward is than the rejected one's."""
    return implicit_reward(policy_chosen, ref_chosen, beta) - implicit_reward(policy_rejected, ref_rejected, beta)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> scalar
    """Mean over the batch of -log sigmoid(margin)."""
    margin = dpo_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta)
    return np.mean(-log_sigmoid(margin))


def dpo_grad(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):  # 4 x [batch] -> ([batch], [batch])
    """(dL/d policy_chosen, dL/d policy_rejected) of dpo_loss; the reference model gets no gradient."""
    margin = dpo_margin(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta)
    # d/dm of -log sigmoid(m) is -sigmoid(-m): pairs the policy already orders well (large m) weigh little.
    weight = np.exp(log_sigmoid(-margin))                        # sigmoid(-margin), no overflow
    n = np.size(margin)
    return -beta * weight / n, beta * weight / n
