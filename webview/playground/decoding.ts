// Pure decoding maths for the decoding lab: no DOM, no runtime, so unit tests reach every line.
// Everything works on the logits the model produced once; changing a control only re-runs this.

export interface DecodeOptions {
  /** 0 means greedy (argmax). Any positive value, however small, is a real temperature. */
  temperature: number;
  /** Keep the k most likely tokens; 0 or >= vocab size keeps all. */
  topK: number;
  /** Keep the smallest set whose probability reaches p; 1 keeps all. */
  topP: number;
}

export const DEFAULT_DECODE: DecodeOptions = { temperature: 0.8, topK: 0, topP: 1 };

export interface Distribution {
  /** Probabilities after temperature, before any cut-off (what the bar chart draws). */
  probs: Float64Array;
  /** Whether each token survives top-k and top-p (the unshaded bars). */
  kept: Uint8Array;
  /** Renormalised probabilities over the kept tokens (what is sampled from). */
  final: Float64Array;
  greedy: boolean;
}

/**
 * log softmax(logits / temperature), computed as x - max - log(sum(exp(x - max))) so that tiny
 * temperatures (huge scaled logits) neither overflow nor lose the winner to rounding.
 */
export function logSoftmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const t = temperature > 0 ? temperature : 1;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = logits[i] / t;
    out[i] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(out[i] - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < n; i++) out[i] -= lse;
  return out;
}

export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = logSoftmax(logits, temperature);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(out[i]);
  return out;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Token ids sorted by descending value; ties keep the lower id first (deterministic). */
export function rankDescending(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
}

/** Top-k then top-p over the tempered probabilities, as in most sampling implementations. */
export function distribution(logits: ArrayLike<number>, o: DecodeOptions): Distribution {
  const n = logits.length;
  const greedy = !(o.temperature > 0);
  const probs = softmax(logits, greedy ? 1 : o.temperature);
  const kept = new Uint8Array(n);
  const final = new Float64Array(n);
  if (n === 0) return { probs, kept, final, greedy };
  if (greedy) {
    const best = argmax(logits);
    kept[best] = 1;
    final[best] = 1;
    return { probs, kept, final, greedy };
  }
  const order = rankDescending(probs);
  const k = o.topK > 0 ? Math.min(Math.floor(o.topK), n) : n;
  const p = o.topP > 0 && o.topP < 1 ? o.topP : 1;
  let mass = 0;
  for (let r = 0; r < k; r++) {
    const id = order[r];
    kept[id] = 1;
    mass += probs[id];
    // The token that crosses p is kept: top-p keeps the smallest set whose mass reaches p.
    if (p < 1 && mass >= p) break;
  }
  for (let i = 0; i < n; i++) final[i] = kept[i] ? probs[i] / mass : 0;
  return { probs, kept, final, greedy };
}

/** Inverse-CDF sampling with a uniform u in [0, 1); falls back to the last kept token on rounding. */
export function sampleFrom(final: ArrayLike<number>, u: number): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < final.length; i++) {
    if (final[i] <= 0) continue;
    last = i;
    acc += final[i];
    if (u < acc) return i;
  }
  return last < 0 ? 0 : last;
}

/** mulberry32: tiny, fast, good enough for sampling, and identical on every platform. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The uniform draw for one position of one generation. Keyed by (seed, position) rather than a
 * running stream, so re-sampling a step after changing a control reproduces the same draw and
 * the same seed always writes the same text.
 */
export function uniformFor(seed: number, position: number): number {
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(position + 1, 0x85ebca77)) >>> 0)();
}

/** One decoding decision: the distribution and the token chosen from it. */
export function choose(logits: ArrayLike<number>, o: DecodeOptions, seed: number, position: number): { token: number; dist: Distribution } {
  const dist = distribution(logits, o);
  const token = dist.greedy ? argmax(logits) : sampleFrom(dist.final, uniformFor(seed, position));
  return { token, dist };
}

/** Clamp user-entered controls into their meaningful ranges (the webview state may be stale). */
export function normaliseOptions(o: Partial<DecodeOptions>): DecodeOptions {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    temperature: Math.max(0, Math.min(5, num(o.temperature, DEFAULT_DECODE.temperature))),
    topK: Math.max(0, Math.floor(num(o.topK, DEFAULT_DECODE.topK))),
    topP: Math.max(0, Math.min(1, num(o.topP, DEFAULT_DECODE.topP))),
  };
}
