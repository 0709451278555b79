// Interpretability benchmark (issue 13): a full head-patching sweep (every layer and head) and a
// residual sweep (every layer and position) on a 32-token induction prompt, through the shared
// runner and sweeps the Patching view runs. The headline numbers are the webview's: the bench page
// in headless Chromium on onnxruntime-web WASM (webview.ts benchWebviewInterp); beside them the
// same sweeps on onnxruntime-node (one thread, `node_*`) and in PyTorch
// (training/bench_interp_torch.py, `torch_*`, best of 3). Web and Node: a warm-up round, then the
// median of `repeat` (interpSweeps.ts). Not a test. Also: plain greedy generation with the
// intervention graph open and used beside it, against a runner without one
// (`plain_generate_ratio`, target >= 0.95: the intervention path must not slow generation).
//   node --import tsx scripts/bench/interp.ts
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadInterpRunner } from '../../test/unit/model/interpSupport';
import { createSession, loadRunner, makeTensor, modelDir, readSpec, repoRoot } from '../../test/support/modelNode';
import { MODEL_FILES } from '../../src/shared/model/modelInterface';
import { ModelRunner } from '../../src/shared/model/runner';
import { steering } from '../../src/shared/model/steering';
import { timeSweeps } from './interpSweeps';
import { benchWebviewInterp } from './webview';

export interface InterpBench {
  /** Where head_/resid_patch_sweep_ms ran: the webview's runtime (onnxruntime-web WASM in Chromium). */
  runtime: string;
  /** Median ms of the webview's sweeps; absent when the browser side failed (the error is printed). */
  head_patch_sweep_ms?: number;
  resid_patch_sweep_ms?: number;
  /** The webview's first forwardInterp: model_interp.onnx fetched and opened. */
  web_interp_open_ms?: number;
  node_head_patch_sweep_ms: number;
  node_resid_patch_sweep_ms: number;
  torch_head_patch_sweep_ms?: number;
  torch_resid_patch_sweep_ms?: number;
  tokens: number;
  /** The hottest cells each runtime found (they must agree: the same graph, the same prompt). */
  hot_head: { web?: string; node: string };
  hot_resid: { web?: string; node: string };
  /** Greedy KV-cache tokens per CPU-second with the interp graph open and run, over the same without it (>= 0.95 wanted). */
  plain_generate_ratio: number;
  plain_generate_tokens_per_s: number;
}

/**
 * The playground's generation (KV cache, 200 greedy tokens) on a runner whose intervention graph
 * is open and has just steered a run, against a runner without one; rounds interleave them (and
 * which goes first) so load on a shared machine hits both alike, and each keeps its best round.
 */
export async function benchPlainGenerate(rounds = 7, tokens = 200): Promise<{ ratio: number; tokensPerS: number }> {
  const plain = await loadRunner(modelDir, 1);
  const full = await createSession(path.join(modelDir, MODEL_FILES.full), 1);
  const kv = await createSession(path.join(modelDir, MODEL_FILES.kv), 1);
  const withInterp = await ModelRunner.open(readSpec(modelDir), full, kv, makeTensor, () => createSession(path.join(modelDir, MODEL_FILES.interp), 1));
  const prompt = [...'ROMEO:\n'].map((c) => plain.spec.chars.indexOf(c));
  await withInterp.forwardInterp(prompt, steering(plain.spec, new Float32Array(plain.spec.nEmbd).fill(0.1), 2, 1));
  const best = { plain: Infinity, interp: Infinity };
  for (let i = 0; i < rounds + 1; i++) { // round 0 warms both up
    const order = [['plain', plain], ['interp', withInterp]] as const;
    for (const [k, r] of i % 2 ? order : [...order].reverse()) { // which goes first alternates too
      // This process's CPU time, not the wall clock: on a shared machine another program's burst
      // would land on one side only (one thread, so the two agree on an idle machine).
      const c0 = process.cpuUsage();
      await r.generateKv(prompt, tokens);
      const c = process.cpuUsage(c0);
      if (i > 0) best[k] = Math.min(best[k], (c.user + c.system) / 1000);
    }
  }
  return { ratio: best.plain / best.interp, tokensPerS: (tokens * 1000) / best.interp };
}

export async function benchInterp(repeat = 5): Promise<InterpBench> {
  const runner = await loadInterpRunner(modelDir, 1);
  const node = await timeSweeps(runner, repeat);
  const web = await benchWebviewInterp({ repeat }).catch((e) => (console.error(`webview interp bench failed: ${e}`), undefined));
  const gen = await benchPlainGenerate();
  const out: InterpBench = {
    runtime: web ? `onnxruntime-web ${web.backend.split(' ')[0]} in headless Chromium (the bench page)` : 'none (the webview side failed)',
    head_patch_sweep_ms: web?.head_ms, resid_patch_sweep_ms: web?.resid_ms, web_interp_open_ms: web?.interpOpenMs,
    node_head_patch_sweep_ms: node.head_ms, node_resid_patch_sweep_ms: node.resid_ms, tokens: node.tokens,
    hot_head: { web: web?.hot_head, node: node.hot_head }, hot_resid: { web: web?.hot_resid, node: node.hot_resid },
    plain_generate_ratio: gen.ratio, plain_generate_tokens_per_s: gen.tokensPerS,
  };
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
