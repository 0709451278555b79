"""Previous-token and induction scores of every head, on a repeated random sequence.

The same scores as the playground's (webview/playground/analysis.ts headScores) and the
induction-heads exercise: on L random tokens repeated twice, a previous-token head at position i
attends to i-1; an induction head at position i of the second copy attends to i-L+1, the token that
followed the same token last time (Olsson et al. 2022).
"""

import torch


def repeated_sequences(vocab_size, L, n, seed):
    # (n, 2L): n random runs of L tokens, each twice. Its own generator, so probing never moves the
    # training batches and every probe of a run scores the same sequences.
    g = torch.Generator().manual_seed(seed)
    half = torch.randint(vocab_size, (n, L), generator=g)
    return torch.cat([half, half], dim=1)


def scores_from_attention(att, L):
    # att: (n_layer, n_head, T, T) for one sequence of 2L tokens -> (prev, induction), each (n_layer, n_head)
    T = att.size(-1)
    i = torch.arange(1, T)
    prev = att[:, :, i, i - 1].mean(-1)
    j = torch.arange(L, min(2 * L, T))
    induction = att[:, :, j, j - L + 1].mean(-1)
    return prev, induction


@torch.no_grad()
def head_scores(model, vocab_size, L, n=4, seed=0):
    """Mean scores over n probe sequences: {"prev_token": [[..]], "induction": [[..]]} per layer, per head."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    prev_sum, ind_sum = 0, 0
    for seq in repeated_sequences(vocab_size, L, n, seed):
        _, att, _ = model.forward_internals(seq.unsqueeze(0).to(device))
        prev, ind = scores_from_attention(att.float().cpu(), L)
        prev_sum, ind_sum = prev_sum + prev, ind_sum + ind
    model.train(was_training)
    rounded = lambda t: [[round(float(v), 4) for v in row] for row in t / n]  # noqa: E731
    return {"prev_token": rounded(prev_sum), "induction": rounded(ind_sum)}
