// Pure maths behind the attention, logit-lens and induction views. Tensors arrive flat (as
// onnxruntime returns them) with their shapes; helpers index them without copying.
import { mulberry32, rankDescending, softmax } from './decoding';

/** attn is [nLayer, nHead, T, T] flat. Returns the row of weights query `q` gives to each key. */
export function attentionRow(attn: ArrayLike<number>, nHead: number, T: number, layer: number, head: number, q: number): number[] {
  const base = ((layer * nHead + head) * T + q) * T;
  return Array.from({ length: T }, (_, k) => attn[base + k]);
}

export function attentionMatrix(attn: ArrayLike<number>, nHead: number, T: number, layer: number, head: number): Float32Array {
  const base = (layer * nHead + head) * T * T;
  const out = new Float32Array(T * T);
  for (let i = 0; i < T * T; i++) out[i] = attn[base + i];
  return out;
}

/**
 * A repeated random sequence for the induction demo: L random tokens, then the same L again. A
 * model that has induction heads predicts the second half far better than the first.
 */
export function repeatedSequence(vocabSize: number, length: number, seed: number, avoid: number[] = []): number[] {
  const rng = mulberry32(seed);
  const allowed = Array.from({ length: vocabSize }, (_, i) => i).filter((i) => !avoid.includes(i));
  const half = Array.from({ length }, () => allowed[Math.floor(rng() * allowed.length)]);
  return [...half, ...half];
}

export interface HeadScores {
  /** [layer][head]: mean attention from each position to the one just before it. */
  previousToken: number[][];
  /** [layer][head]: mean attention, in the second copy, to the token after the current token's first occurrence. */
  induction: number[][];
}

/**
 * The standard scores (as in Olsson et al. 2022 and TransformerLens): on a sequence of L tokens
 * repeated twice, a previous-token head puts weight on i-1, an induction head at position i of the
 * second copy puts weight on i-L+1, the token that followed the same token last time.
 */
export function headScores(attn: ArrayLike<number>, nLayer: number, nHead: number, T: number, L: number): HeadScores {
  const previousToken: number[][] = [];
  const induction: number[][] = [];
  for (let l = 0; l < nLayer; l++) {
    previousToken.push([]);
    induction.push([]);
    for (let h = 0; h < nHead; h++) {
      const base = (l * nHead + h) * T * T;
      let prev = 0;
      for (let i = 1; i < T; i++) prev += attn[base + i * T + (i - 1)];
      let ind = 0;
      let n = 0;
      for (let i = L; i < Math.min(2 * L, T); i++) {
        ind += attn[base + i * T + (i - L + 1)];
        n++;
      }
      previousToken[l].push(T > 1 ? prev / (T - 1) : 0);
      induction[l].push(n ? ind / n : 0);
    }
  }
  return { previousToken, induction };
}

/** Per-position cross-entropy (nats) of the next token: logits [T, V] flat. Last position has none. */
export function tokenLosses(logits: ArrayLike<number>, V: number, tokens: number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t + 1 < tokens.length; t++) {
    const row = Array.prototype.slice.call(logits, t * V, (t + 1) * V) as number[];
    out.push(-Math.log(Math.max(softmax(row)[tokens[t + 1]], 1e-30)));
  }
  return out;
}

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export interface LensWeights {
  C: number;
  V: number;
  /** ln_f scale and shift [C]. */
  gamma: Float32Array;
  beta: Float32Array;
  /** Unembedding [V, C] (the tied token embedding in nanoGPT). */
  unembed: Float32Array;
  /** Optional lm_head bias [V]. */
  bias?: Float32Array;
  eps?: number;
}

/** ln_f(x) then lm_head: the logits the model would give if it stopped after this block. */
export function lensLogits(x: ArrayLike<number>, w: LensWeights): Float32Array {
  const { C, V } = w;
  let mu = 0;
  for (let c = 0; c < C; c++) mu += x[c];
  mu /= C;
  let v = 0;
  for (let c = 0; c < C; c++) v += (x[c] - mu) ** 2;
  const inv = 1 / Math.sqrt(v / C + (w.eps ?? 1e-5));
  const y = new Float32Array(C);
  for (let c = 0; c < C; c++) y[c] = (x[c] - mu) * inv * w.gamma[c] + w.beta[c];
  const out = new Float32Array(V);
  for (let t = 0; t < V; t++) {
    let s = w.bias ? w.bias[t] : 0;
    const row = t * C;
    for (let c = 0; c < C; c++) s += w.unembed[row + c] * y[c];
    out[t] = s;
  }
  return out;
}

/** Top predictions of a logit vector as (token, probability) pairs. */
export function topPredictions(logits: ArrayLike<number>, k: number): { token: number; p: number }[] {
  const p = softmax(logits);
  return rankDescending(p).slice(0, k).map((token) => ({ token, p: p[token] }));
}

/**
 * How closely the learner's numbers follow the model's: the share within `tol` (absolute) and the
 * largest error. A NaN or infinity is a miss, and makes the largest error infinite.
 */
export function compareValues(mine: ArrayLike<number>, ref: ArrayLike<number>, tol: number): { match: number; maxAbsError: number } {
  if (mine.length !== ref.length || ref.length === 0) return { match: 0, maxAbsError: Infinity };
  let hits = 0;
  let max = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(mine[i] - ref[i]);
    if (d <= tol) hits++;
    max = Number.isFinite(d) ? Math.max(max, d) : Infinity;
  }
  return { match: hits / ref.length, maxAbsError: max };
}
