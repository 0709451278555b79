// Interpretability benchmark (issue 13): a full head-patching sweep (every layer and head) and a
// residual sweep (every layer and position) on a 32-token induction prompt, through the shared
// runner and sweeps the Patching view runs, on onnxruntime-node (one thread), beside the same
// sweeps in PyTorch (training/bench_interp_torch.py). Best of `repeat`. Not a test.
//   node --import tsx scripts/bench/interp.ts
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { headPatchSweep, inductionPair, patchRuns, residPatchSweep } from '../../src/shared/model/patching';
import { loadInterpRunner } from '../../test/unit/model/interpSupport';
import { modelDir, repoRoot } from '../../test/support/modelNode';
import { repeatedSequence } from '../../webview/playground/analysis';

export interface InterpBench {
  /** Which runtime the two sweeps ran on: onnxruntime-node here, not the webview's WASM. */
  runtime: string;
  head_patch_sweep_ms: number;
  resid_patch_sweep_ms: number;
  torch_head_patch_sweep_ms?: number;
  torch_resid_patch_sweep_ms?: number;
  tokens: number;
}

export async function benchInterp(repeat = 3): Promise<InterpBench> {
  const runner = await loadInterpRunner(modelDir, 1);
  const avoid = runner.spec.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
  const run = repeatedSequence(runner.spec.vocabSize, 16, 1, avoid).slice(0, 16);
  const { clean, corrupted, metric } = inductionPair(run, 8, (run[9] + 7) % runner.spec.vocabSize);
  let head = Infinity, resid = Infinity;
  for (let i = 0; i < repeat + 1; i++) { // the first round warms up the session
    const runs = await patchRuns(runner, clean, corrupted, metric);
    const h = await headPatchSweep(runner, corrupted, runs, metric);
    const r = await residPatchSweep(runner, corrupted, runs, metric);
    if (i > 0) {
      head = Math.min(head, h.ms);
      resid = Math.min(resid, r.ms);
    }
  }
  const out: InterpBench = { runtime: 'onnxruntime-node, 1 thread', head_patch_sweep_ms: head, resid_patch_sweep_ms: resid, tokens: clean.length };
  const py = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
  const t = spawnSync(py, [path.join(repoRoot, 'training', 'bench_interp_torch.py'), '--model-dir', modelDir], { encoding: 'utf8' });
  if (t.status === 0) {
    const j = JSON.parse(t.stdout.trim().split('\n').pop()!) as { head_patch_sweep_ms: number; resid_patch_sweep_ms: number };
    out.torch_head_patch_sweep_ms = j.head_patch_sweep_ms;
    out.torch_resid_patch_sweep_ms = j.resid_patch_sweep_ms;
  } else {
    console.error(`torch interp bench skipped: ${t.stderr.trim().split('\n').pop()}`);
  }
  return out;
}

if (require.main === module) {
  benchInterp().then((r) => console.log(`BENCH ${JSON.stringify({ interp: r })}`), (e) => {
    console.error(e);
    process.exit(1);
  });
}
