// Browser side of the webview benchmark: the playground's own runtime code (backend selection,
// ModelRunner, the greedy decision from decoding.ts), driven without the UI. Built by webview.ts.
import { openModel } from '../../webview/playground/load';
import { encode } from '../../webview/playground/vocab';
import { argmax } from '../../webview/playground/decoding';
import type { BackendSetting } from '../../src/shared/protocols/playground';
import { timeSweeps, type SweepTimes } from './interpSweeps';

export interface PageResult {
  backend: string;
  notices: string[];
  /** ms since navigation start: the generation session ready, the first token picked. */
  loadMs: number;
  firstTokenMs: number;
  /** The first 200-token run after opening (wasm still in its baseline tier), then the best. */
  kvColdTokensPerS?: number;
  kvTokensPerS?: number;
  fullTokensPerS?: number;
  kvText?: string;
  fullText?: string;
  jsHeapMb?: number;
  wasmMemoryMb: number;
}

// Diagnostic: keep a handle on the wasm memory onnxruntime creates, to report its size.
const memories: WebAssembly.Memory[] = [];
for (const k of ['instantiate', 'instantiateStreaming'] as const) {
  const orig = WebAssembly[k] as (...a: unknown[]) => Promise<WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance>;
  (WebAssembly as unknown as Record<string, unknown>)[k] = async (...a: unknown[]) => {
    const r = await orig.apply(WebAssembly, a);
    const inst = 'instance' in r ? r.instance : r;
    for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
    const imp = a[1] as Record<string, Record<string, unknown>> | undefined;
    for (const mod of Object.values(imp ?? {})) for (const v of Object.values(mod)) if (v instanceof WebAssembly.Memory) memories.push(v);
    return r;
  };
}

/** What the page opens, as the panel would be told by the host (the shipped model, so it has model_interp.onnx). */
function panelFiles(externalData: string[]) {
  const base = location.origin;
  const ort = {
    wasm: { mjs: `${base}/ort/ort-wasm-simd-threaded.mjs`, wasm: `${base}/ort/ort-wasm-simd-threaded.wasm.gz` },
    webgpu: { module: `${base}/ort/ort.webgpu.min.mjs`, mjs: `${base}/ort/ort-wasm-simd-threaded.asyncify.mjs`, wasm: `${base}/ort/ort-wasm-simd-threaded.asyncify.wasm.gz` },
  };
  const files = {
    label: 'bench', custom: false, model: `${base}/model/model.onnx`, kv: `${base}/model/model_kv.onnx`, vocab: `${base}/model/vocab.json`,
    externalData: externalData.map((path) => ({ path, uri: `${base}/model/${path}` })),
  };
  return { ort, files };
}

async function run(o: { backend: BackendSetting; tokens: number; prompt: string; repeat: number; externalData: string[] }): Promise<PageResult> {
  const { ort, files } = panelFiles(o.externalData);
  const { backend, gpt: opened, meta } = await openModel(files, o.backend, ort);
  const gpt = opened.runner;
  const loadMs = performance.now();
  const prompt = encode(meta, o.prompt).ids;
  // What a learner waits for: page open to the first token picked (the full-context graph opens
  // later, when a view asks for it, as in the panel).
  argmax(await gpt.nextLogits(prompt, 'kv'));
  const firstTokenMs = performance.now();

  const greedy = async (mode: 'kv' | 'full') => {
    gpt.resetCache();
    const tokens = [...prompt];
    let first = 0;
    const t0 = performance.now();
    for (let i = 0; i < o.tokens; i++) {
      tokens.push(argmax(await gpt.nextLogits(tokens, mode)));
      if (i === 0) first = performance.now();
    }
    const ms = performance.now() - t0;
    return { tps: (o.tokens * 1000) / ms, first, text: tokens.slice(prompt.length).map((t) => meta.chars[t]).join('') };
  };
  // Best of `repeat` runs: the machines these run on are shared and noisy; the first run's first
  // token is what a learner waits for after opening the panel.
  const best = async (mode: 'kv' | 'full') => {
    const first = await greedy(mode);
    let tps = first.tps;
    for (let r = 1; r < o.repeat; r++) tps = Math.max(tps, (await greedy(mode)).tps);
    return { ...first, cold: first.tps, tps };
  };
  const kvRun = gpt.hasKvCache ? await best('kv') : undefined;
  const fullRun = await best('full');
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  await opened.release();
  return {
    backend: backend.label, notices: backend.notices, loadMs, kvColdTokensPerS: kvRun?.cold,
    // From navigation start (the page opening, like the panel) to the first generated token.
    firstTokenMs,
    kvTokensPerS: kvRun?.tps, fullTokensPerS: fullRun.tps, kvText: kvRun?.text, fullText: fullRun.text,
    jsHeapMb: mem ? mem.usedJSHeapSize / 2 ** 20 : undefined,
    wasmMemoryMb: memories.reduce((a, m) => a + m.buffer.byteLength, 0) / 2 ** 20,
  };
}

export interface InterpPageResult extends SweepTimes {
  backend: string;
  /** The first forwardInterp: model_interp.onnx fetched and its session opened, as on a view's first sweep. */
  interpOpenMs: number;
}

/**
 * Both patching sweeps as the Patching view runs them: the panel's openModel (which points the
 * runner at model_interp.onnx beside model.onnx), then patchRuns + headPatchSweep / residPatchSweep
 * from src/shared/model/patching.ts on that runner's forwardInterp.
 */
async function runInterp(o: { backend: BackendSetting; repeat: number; externalData: string[] }): Promise<InterpPageResult> {
  const { ort, files } = panelFiles(o.externalData);
  const { backend, gpt: opened } = await openModel(files, o.backend, ort);
  try {
    const gpt = opened.runner;
    if (!gpt.hasInterp) throw new Error('the page opened a runner without model_interp.onnx');
    const t0 = performance.now();
    await gpt.forwardInterp([0]);
    const interpOpenMs = performance.now() - t0;
    return { backend: backend.label, interpOpenMs, ...(await timeSweeps(gpt, o.repeat)) };
  } finally {
    await opened.release();
  }
}

(globalThis as unknown as { llmStudyBench: typeof run }).llmStudyBench = run;
(globalThis as unknown as { llmStudyInterpBench: typeof runInterp }).llmStudyInterpBench = runInterp;

export interface ProfilePageResult {
  backend: string;
  tokens: number;
  runs: number;
  /** Per token, mean ms over the profiled runs: the whole step, inside the KV session's run, the pick. */
  stepMs: number;
  sessionRunMs: number;
  pickMs: number;
  tokensPerS: number;
  text: string;
  /** Mean step (ms) for sequences of 1-31, 32-63, 64-95 and 96+ tokens (the cache grows with them). */
  stepMsByLength: number[];
  /** Tokens/s of each warm-up run, from the first after opening. */
  warmRates?: number[];
}

/** The runner the profile's two steps share: opened and warmed by the first, timed by the second. */
let profiled: { greedy: () => Promise<string>; counters: { inRun: number; pick: number; byLength: number[]; stepsByLength: number[] }; release: () => Promise<void>; backend: string } | undefined;

/**
 * Where a warmed KV generation's time goes on the page, step one: open the model and run `warm`
 * greedy runs (V8 tiers the wasm and the runner up), with the KV session's run() timed from
 * outside. The caller then starts a CPU profile and calls runProfile.
 */
async function openProfile(o: { tokens: number; prompt: string; warm: number; externalData: string[] }): Promise<number[]> {
  const { ort, files } = panelFiles(o.externalData);
  const { backend, gpt: opened, meta } = await openModel(files, 'wasm', ort);
  const gpt = opened.runner;
  // A diagnostic: the runner keeps its session private, so the timer wraps it from outside.
  const kv = (gpt as unknown as { kv: { run: (...a: unknown[]) => Promise<unknown> } }).kv;
  const inner = kv.run.bind(kv);
  const counters = { inRun: 0, pick: 0, byLength: [0, 0, 0, 0], stepsByLength: [0, 0, 0, 0] };
  kv.run = async (...a: unknown[]) => {
    const t = performance.now();
    try {
      return await inner(...a);
    } finally {
      counters.inRun += performance.now() - t;
    }
  };
  const prompt = encode(meta, o.prompt).ids;
  const greedy = async () => {
    gpt.resetCache();
    const tokens = [...prompt];
    for (let i = 0; i < o.tokens; i++) {
      const t0 = performance.now();
      const l = await gpt.nextLogits(tokens, 'kv');
      const t = performance.now();
      tokens.push(argmax(l));
      counters.pick += performance.now() - t;
      // Steps by how long the cache is: the share of a step that grows with the context.
      const bucket = Math.min(3, Math.floor((tokens.length - 1) / 32));
      counters.byLength[bucket] += t - t0;
      counters.stepsByLength[bucket]++;
    }
    return tokens.slice(prompt.length).map((t) => meta.chars[t]).join('');
  };
  // Tokens/s of each warm-up run: how many runs V8 takes to tier the wasm up.
  const rates: number[] = [];
  for (let i = 0; i < o.warm; i++) {
    const t = performance.now();
    await greedy();
    rates.push(Math.round((o.tokens * 1000) / (performance.now() - t)));
  }
  profiled = { greedy, counters, release: () => opened.release(), backend: backend.label };
  return rates;
}

/** Step two: `runs` greedy runs of `tokens`, timed per token. */
async function runProfile(o: { tokens: number; runs: number }): Promise<ProfilePageResult> {
  const p = profiled;
  if (!p) throw new Error('openProfile first');
  p.counters.inRun = p.counters.pick = 0;
  p.counters.byLength.fill(0);
  p.counters.stepsByLength.fill(0);
  const t0 = performance.now();
  let text = '';
  for (let i = 0; i < o.runs; i++) text = await p.greedy();
  const ms = performance.now() - t0;
  const n = o.tokens * o.runs;
  await p.release();
  return { backend: p.backend, tokens: o.tokens, runs: o.runs, stepMs: ms / n, sessionRunMs: p.counters.inRun / n, pickMs: p.counters.pick / n, tokensPerS: (n * 1000) / ms, text,
    stepMsByLength: p.counters.byLength.map((t, i) => t / Math.max(1, p.counters.stepsByLength[i])) };
}

(globalThis as unknown as { llmStudyProfileOpen: typeof openProfile }).llmStudyProfileOpen = openProfile;
(globalThis as unknown as { llmStudyProfile: typeof runProfile }).llmStudyProfile = runProfile;
