// Steering (activation addition) on the interp graph: a direction in one residual stream, made
// from two sets of prompts (the mean activation of set A minus that of set B) or read from JSON,
// added times a coefficient at every position while the model writes. Pure over the runner: the
// Steer view, the tests and the bench run this same code.
import { contextStart } from './context';
import type { Intervention } from './interventions';
import type { ModelSpec } from './modelInterface';
import type { ModelRunner } from './runner';

export class SteeringError extends Error {
  override name = 'SteeringError';
}

/** Residual stream `layer` (0 = after the embeddings, l + 1 = after block l) of a run's resid [L + 1, T, C], averaged over its T positions. */
export function meanResidual(spec: ModelSpec, resid: Float32Array, T: number, layer: number): Float32Array {
  const C = spec.nEmbd;
  if (!Number.isInteger(layer) || layer < 0 || layer > spec.nLayer) throw new SteeringError(`residual layer ${layer} is out of range (0..${spec.nLayer})`);
  if (resid.length !== (spec.nLayer + 1) * T * C) throw new SteeringError(`a residual stream of ${resid.length} values does not fit ${spec.nLayer + 1} layers x ${T} positions x ${C}`);
  const out = new Float64Array(C); // summed in float64: the mean should not depend on the order of the positions
  for (let t = 0; t < T; t++) {
    const o = (layer * T + t) * C;
    for (let i = 0; i < C; i++) out[i] += resid[o + i];
  }
  return Float32Array.from(out, (v) => v / T);
}

/**
 * mean(A) - mean(B), where each set's mean is the average of its prompts' per-prompt means: every
 * prompt counts once, however long it is (a long line must not outvote the others).
 */
export function directionFromMeans(a: readonly Float32Array[], b: readonly Float32Array[]): Float32Array {
  if (a.length === 0 || b.length === 0) throw new SteeringError(`prompt set ${a.length === 0 ? 'A' : 'B'} is empty: type at least one prompt per line in each set`);
  const C = a[0].length;
  const avg = (set: readonly Float32Array[]) => {
    const s = new Float64Array(C);
    for (const m of set) {
      if (m.length !== C) throw new SteeringError(`a mean of ${m.length} values among means of ${C}`);
      for (let i = 0; i < C; i++) s[i] += m[i];
    }
    return s.map((v) => v / set.length);
  };
  const ma = avg(a), mb = avg(b);
  return Float32Array.from(ma, (v, i) => v - mb[i]);
}

/** The prompts of a textarea, one per line, blank lines dropped (directionFromPrompts keeps the last blockSize characters of each). */
export function promptLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** Runs every prompt of both sets through the interp graph and returns mean(A) - mean(B) at `layer`. */
export async function directionFromPrompts(runner: ModelRunner, a: readonly (readonly number[])[], b: readonly (readonly number[])[], layer: number): Promise<Float32Array> {
  const means = async (set: readonly (readonly number[])[]) => {
    const out: Float32Array[] = [];
    for (const ids of set) {
      const r = await runner.forwardInterp(ids.slice(-runner.spec.blockSize));
      out.push(meanResidual(runner.spec, r.resid, r.T, layer));
    }
    return out;
  };
  return directionFromMeans(await means(a), await means(b));
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** The intervention that adds coef x direction to residual stream `layer` at every position. */
export function steering(spec: ModelSpec, direction: Float32Array, layer: number, coef: number): Intervention {
  if (direction.length !== spec.nEmbd) throw new SteeringError(`the direction has ${direction.length} numbers; this model's residual stream has ${spec.nEmbd}`);
  if (!Number.isFinite(coef)) throw new SteeringError(`the coefficient ${coef} is not a finite number`);
  return { add: [{ layer, value: direction.map((v) => coef * v) }] };
}

/** Picks the next token from its logits; `position` is where it goes (for seeded sampling). */
export type PickAt = (logits: Float32Array, position: number) => number;

export interface SteeredGeneration {
  tokens: number[];
  ms: number;
}

/**
 * n tokens after `prompt`, each from one pass of the interp graph over the window the plain model
 * would see (contextStart), with `intervention` (steering: added at every position of the window).
 * No KV cache: the addition changes every position's keys and values, so each step reruns the window.
 */
export async function generateWith(runner: ModelRunner, prompt: readonly number[], n: number, intervention: Intervention, pick: PickAt, stop: () => boolean = () => false): Promise<SteeredGeneration> {
  if (prompt.length === 0) throw new SteeringError('nothing to continue from: the prompt is empty');
  const V = runner.spec.vocabSize;
  const seq = [...prompt];
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  for (let i = 0; i < n && !stop(); i++) {
    const window = seq.slice(contextStart(seq.length, runner.spec.blockSize));
    const out = await runner.forwardInterp(window, intervention);
    seq.push(pick(out.logits.slice((window.length - 1) * V, window.length * V), seq.length));
  }
  return { tokens: seq.slice(prompt.length), ms: (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0 };
}

/** A direction read from JSON: a bare array of numbers, or an object with `direction` (and maybe `layer`), as the Steer view exports it. */
export function parseDirection(text: string, spec: ModelSpec): { direction: Float32Array; layer?: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SteeringError(`the direction is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = Array.isArray(raw) ? { direction: raw } : typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
  const d = o?.direction;
  if (!Array.isArray(d)) throw new SteeringError('the JSON needs an array of numbers, or an object with one under "direction"');
  if (d.length !== spec.nEmbd) throw new SteeringError(`the direction has ${d.length} numbers; this model's residual stream has ${spec.nEmbd}`);
  if (!d.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new SteeringError('every entry of the direction must be a finite number');
  const out: { direction: Float32Array; layer?: number } = { direction: Float32Array.from(d as number[]) };
  if (o?.layer !== undefined) {
    if (!Number.isInteger(o.layer) || (o.layer as number) < 0 || (o.layer as number) > spec.nLayer) throw new SteeringError(`"layer" must be a whole number from 0 to ${spec.nLayer}`);
    out.layer = o.layer as number;
  }
  return out;
}
