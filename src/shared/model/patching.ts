// Activation patching on the interp graph: run a clean and a corrupted prompt, then rerun the
// corrupted one with one activation taken from the clean run, and say how much of the clean
// metric came back (1 = fully restored, 0 = no effect). Pure over the runner: the patching view
// and the tests run this same code.
import { headZ, residAt } from './interventions';
import type { InterpResult, ModelRunner } from './runner';

/** What a patching run is scored on: the logit difference of two tokens at one position. */
export interface LogitDiffMetric {
  /** Position whose next-token logits are read (usually the last). */
  pos: number;
  /** The answer the clean prompt leads to... */
  good: number;
  /** ...and the one the corrupted prompt leads to. */
  bad: number;
}

export function logitDiff(logits: ArrayLike<number>, V: number, m: LogitDiffMetric): number {
  return logits[m.pos * V + m.good] - logits[m.pos * V + m.bad];
}

/** (patched - corrupted) / (clean - corrupted); 0 when clean and corrupted agree (nothing to restore). */
export function normalised(patched: number, clean: number, corrupted: number): number {
  const span = clean - corrupted;
  return span === 0 ? 0 : (patched - corrupted) / span;
}

export interface Sweep {
  /** Normalised metric per cell, row-major: [layer][head] or [resid layer][position]. */
  values: Float32Array;
  rows: number;
  cols: number;
  clean: number;
  corrupted: number;
  ms: number;
}

export interface PatchRuns {
  clean: InterpResult;
  corrupted: InterpResult;
  cleanMetric: number;
  corruptedMetric: number;
}

export class PatchingError extends Error {
  override name = 'PatchingError';
}

/** A copy of a run's outputs: a later run may reuse onnxruntime's buffers. */
function own(r: InterpResult): InterpResult {
  return { T: r.T, logits: r.logits.slice(), attn: r.attn.slice(), resid: r.resid.slice(), z: r.z.slice() };
}

/** The two unpatched runs every sweep starts from; the prompts must have the same length. */
export async function patchRuns(runner: ModelRunner, clean: readonly number[], corrupted: readonly number[], m: LogitDiffMetric): Promise<PatchRuns> {
  if (clean.length !== corrupted.length) {
    throw new PatchingError(`the clean prompt has ${clean.length} tokens and the corrupted one ${corrupted.length}: patching position by position needs the same length`);
  }
  if (!Number.isInteger(m.pos) || m.pos < 0 || m.pos >= clean.length) throw new PatchingError(`metric position ${m.pos} is outside the prompt (0..${clean.length - 1})`);
  const V = runner.spec.vocabSize;
  const cleanRun = own(await runner.forwardInterp(clean));
  const corruptedRun = own(await runner.forwardInterp(corrupted));
  const corruptedMetric = logitDiff(corruptedRun.logits, V, m);
  return { clean: cleanRun, corrupted: corruptedRun, cleanMetric: logitDiff(cleanRun.logits, V, m), corruptedMetric };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Each head's z, one at a time, from the clean run into the corrupted one: [nLayer, nHead]. */
export async function headPatchSweep(runner: ModelRunner, corrupted: readonly number[], runs: PatchRuns, m: LogitDiffMetric): Promise<Sweep> {
  const { nLayer: L, nHead: H, vocabSize: V } = runner.spec;
  const T = corrupted.length;
  const t0 = now();
  const values = new Float32Array(L * H);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      const out = await runner.forwardInterp(corrupted, { heads: [{ layer: l, head: h, value: headZ(runner.spec, runs.clean.z, T, l, h) }] });
      values[l * H + h] = normalised(logitDiff(out.logits, V, m), runs.cleanMetric, runs.corruptedMetric);
    }
  }
  return { values, rows: L, cols: H, clean: runs.cleanMetric, corrupted: runs.corruptedMetric, ms: now() - t0 };
}

/** The residual stream at each (layer, position), one at a time, clean into corrupted: [nLayer + 1, T]. */
export async function residPatchSweep(runner: ModelRunner, corrupted: readonly number[], runs: PatchRuns, m: LogitDiffMetric): Promise<Sweep> {
  const { nLayer: L, vocabSize: V } = runner.spec;
  const T = corrupted.length;
  const t0 = now();
  const values = new Float32Array((L + 1) * T);
  for (let l = 0; l <= L; l++) {
    for (let t = 0; t < T; t++) {
      const out = await runner.forwardInterp(corrupted, { resid: [{ layer: l, pos: t, value: residAt(runner.spec, runs.clean.resid, T, l, t) }] });
      values[l * T + t] = normalised(logitDiff(out.logits, V, m), runs.cleanMetric, runs.corruptedMetric);
    }
  }
  return { values, rows: L + 1, cols: T, clean: runs.cleanMetric, corrupted: runs.corruptedMetric, ms: now() - t0 };
}

/** The hottest cell of a sweep: its row, column and value. */
export function hottest(s: Sweep): { row: number; col: number; value: number } {
  let best = 0;
  for (let i = 1; i < s.values.length; i++) if (s.values[i] > s.values[best]) best = i;
  return { row: Math.floor(best / s.cols), col: best % s.cols, value: s.values[best] };
}

/**
 * The standard induction demo's prompts: a random run twice (clean), and the same with the
 * character after position `p` of the first copy changed (corrupted). At the matching position
 * of the second copy the clean run predicts the original character, the corrupted one the new
 * one, by copying: the metric is their logit difference there.
 */
export function inductionPair(run: readonly number[], p: number, replacement: number): { clean: number[]; corrupted: number[]; metric: LogitDiffMetric } {
  const n = run.length;
  if (p < 0 || p + 1 >= n) throw new PatchingError(`position ${p} leaves no character after it in a run of ${n}`);
  const clean = [...run, ...run];
  const corrupted = [...clean];
  corrupted[p + 1] = replacement;
  return { clean, corrupted, metric: { pos: n + p, good: run[p + 1], bad: replacement } };
}
