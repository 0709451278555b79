// What the model sees of a text longer than its context. The same rule as training/model.py
// context_start, so PyTorch, the full-context graph and the KV-cache graph pick the same tokens.

/**
 * First position the model sees when predicting token n from tokens 0..n-1. Past blockSize the
 * window drops its oldest half at once: positions are absolute (wpe), so sliding by one token
 * would change every cached key and value, while a half-block jump lets a KV cache be rebuilt
 * once and then reused for blockSize / 2 steps.
 */
export function contextStart(n: number, blockSize: number): number {
  if (n <= blockSize) return 0;
  const shift = Math.floor(blockSize / 2);
  return Math.ceil((n - blockSize) / shift) * shift;
}

/** The tokens the model sees when continuing `ids` (what a single full-context run gets). */
export function contextWindow<T>(ids: readonly T[], blockSize: number): T[] {
  return ids.slice(contextStart(ids.length, blockSize));
}

/** The last blockSize tokens: for showing one pass over a long prompt (attention, logit lens). */
export function cropToContext<T>(ids: readonly T[], blockSize: number): T[] {
  return ids.slice(Math.max(0, ids.length - blockSize));
}
