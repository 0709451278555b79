// The timed part of the interpretability benchmark (issue 13), pure over a ModelRunner so that the
// Node side (interp.ts, onnxruntime-node) and the browser side (webviewPage.ts, onnxruntime-web
// WASM) time exactly the same prompt, sweeps and statistic. Imports no runtime and no Node.
import { headPatchSweep, hottest, inductionPair, patchRuns, residPatchSweep } from '../../src/shared/model/patching';
import type { ModelRunner } from '../../src/shared/model/runner';
import { repeatedSequence } from '../../webview/playground/analysis';

export interface SweepTimes {
  /** Median of the timed runs of the full head sweep (every layer and head), ms. */
  head_ms: number;
  /** Median of the timed runs of the residual sweep (every resid layer and position), ms. */
  resid_ms: number;
  /** Every timed run, in order (the warm-up run is not among them). */
  head_runs_ms: number[];
  resid_runs_ms: number[];
  tokens: number;
  /** The hottest cells, e.g. "L1H2" and "r2t24": both runtimes must find the same ones. */
  hot_head: string;
  hot_resid: string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The induction prompt: a 16-token random run twice (32 tokens, no newline), the character after
 * position 8 of the first copy changed, scored at the matching position of the second copy (24).
 * training/bench_interp_torch.py builds the same layout with numpy's generator, so its characters
 * differ; a sweep's cost depends on the length only, not on which characters.
 */
export function benchPrompt(runner: ModelRunner) {
  const avoid = runner.spec.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
  const run = repeatedSequence(runner.spec.vocabSize, 16, 1, avoid).slice(0, 16);
  return inductionPair(run, 8, (run[9] + 7) % runner.spec.vocabSize);
}

/**
 * One untimed warm-up round (the session's first runs, and in the browser wasm still in V8's
 * baseline tier), then `repeat` timed rounds of both sweeps; each sweep's median. Only the sweep
 * is timed, as the Patching view's own `ms` is: the two unpatched runs before it are not.
 */
export async function timeSweeps(runner: ModelRunner, repeat = 5): Promise<SweepTimes> {
  const { clean, corrupted, metric } = benchPrompt(runner);
  const head: number[] = [], resid: number[] = [];
  let hotHead = '', hotResid = '';
  for (let i = 0; i < repeat + 1; i++) {
    const runs = await patchRuns(runner, clean, corrupted, metric);
    const h = await headPatchSweep(runner, corrupted, runs, metric);
    const r = await residPatchSweep(runner, corrupted, runs, metric);
    if (i === 0) continue;
    head.push(h.ms);
    resid.push(r.ms);
    const hh = hottest(h), hr = hottest(r);
    hotHead = `L${hh.row}H${hh.col}`;
    hotResid = `r${hr.row}t${hr.col}`;
  }
  return { head_ms: median(head), resid_ms: median(resid), head_runs_ms: head, resid_runs_ms: resid, tokens: clean.length, hot_head: hotHead, hot_resid: hotResid };
}
