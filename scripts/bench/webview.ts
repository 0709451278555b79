// Webview benchmark: greedy generation of 200 tokens in headless Chromium with the playground's
// own runtime code (onnxruntime-web WASM, KV cache and full context), served on loopback from the
// built files (dist/webview/ort) and the shipped model (media/model).
//   node --import tsx scripts/bench/webview.ts [--webgpu | --swiftshader] [--tokens 200] [--repeat 3] [--model-dir DIR]
// --repeat N keeps the best of N runs (shared machines are noisy).
// --webgpu runs the WebGPU backend (Chromium with GPU flags; needs a machine with an adapter).
// --swiftshader runs it on Chromium's CPU Vulkan (SwiftShader): the code path, not GPU speed.
//   node --import tsx scripts/bench/webview.ts --profile [--tokens 200] [--repeat 5] [--warm 5] [--model-dir DIR]
// --profile: where a warmed KV generation's time goes per token (session.run, the pick, a CPU
// profile split into wasm, onnxruntime's JS and the page's JS), WASM only.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, REPO } from '../../test/support/codeServer';
import type { InterpPageResult, PageResult, ProfilePageResult } from './webviewPage';
import { readOnnxInfo } from '../../src/shared/onnx/onnxInfo';

export interface WebviewBench {
  tokens_per_s: { web_wasm_kv?: number; web_wasm_kv_cold?: number; web_wasm_full?: number; web_webgpu_kv?: number; web_webgpu_kv_cold?: number; web_webgpu_full?: number; node_kv?: number };
  first_token_ms: number;
  webview_mb: number;
  backend: string;
  tokens: number;
  greedy_text_matches: boolean;
  /** What greedy generation wrote (the KV run's text, else the full-context run's). */
  text?: string;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html', '.onnx': 'application/octet-stream' };

function serve(routes: Record<string, string>, html: string): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/blank') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<!DOCTYPE html><html><body></body></html>');
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      return void res.end(html);
    }
    for (const [prefix, dir] of Object.entries(routes)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const file = path.join(dir, path.normalize(url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir) || !fs.existsSync(file)) break;
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      return void fs.createReadStream(file).pipe(res);
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

/**
 * Proportional set size (MB) of this browser's renderer processes (the page, its JS heap, compiled
 * wasm and wasm memory), told apart from other Chromiums by the profile folder in their command line.
 */
function rendererPssMb(profile: string): number {
  let kb = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
      const m = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m);
      if (m) kb += Number(m[1]);
    } catch {
      /* process gone */
    }
  }
  return kb / 1024;
}

/** onnxruntime-node tokens/s with the KV cache through the same runner and graph, best of `repeat`, or undefined without it. */
async function nodeKv(modelDir: string, tokens: number, repeat: number): Promise<number | undefined> {
  try {
    require('onnxruntime-node');
  } catch {
    return undefined;
  }
  const { loadRunner } = await import('../../test/support/modelNode');
  const runner = await loadRunner(modelDir, 1);
  const prompt = [0];
  await runner.generateKv(prompt, 5); // first runs pay for allocation and kernel selection
  let best = 0;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    await runner.generateKv(prompt, tokens);
    best = Math.max(best, (tokens * 1000) / (performance.now() - t0));
  }
  return best;
}

/** The bench page (webviewPage.ts, bundled here) served on loopback with the built runtime and a model, in headless Chromium. */
async function withBenchPage<T>(o: { webgpu?: boolean | 'swiftshader'; modelDir?: string; minify?: boolean }, use: (page: import('playwright-core').Page, ctx: { url: string; profile: string; externalData: string[]; modelDir: string }) => Promise<T>): Promise<T> {
  const modelDir = path.resolve(o.modelDir ?? path.join(REPO, 'media', 'model'));
  const ortDir = path.join(REPO, 'dist', 'webview', 'ort');
  if (!fs.existsSync(path.join(ortDir, 'ort-wasm-simd-threaded.wasm.gz'))) execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-bench-'));
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'webviewPage.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile: path.join(out, 'bench.js'), minify: o.minify ?? true, conditions: ['onnxruntime-web-use-extern-wasm'], logLevel: 'warning',
  });
  // The same CSP as the panel: scripts only from this origin, wasm compiled with 'wasm-unsafe-eval'.
  const html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"></head>
<body><script type="module" src="/bench/bench.js"></script></body></html>`;
  // What the host tells the panel: the files the graphs keep their weights in.
  const graphs = ['model.onnx', 'model_kv.onnx', 'model_interp.onnx'].filter((f) => fs.existsSync(path.join(modelDir, f)));
  const externalData = [...new Set(graphs.flatMap((f) => readOnnxInfo(new Uint8Array(fs.readFileSync(path.join(modelDir, f)))).externalFiles))];
  const srv = await serve({ '/bench/': out, '/ort/': ortDir, '/model/': modelDir }, html);
  const args = o.webgpu === 'swiftshader'
    // Chromium's own CPU implementation of Vulkan: a real WebGPU adapter on any machine, so the
    // WebGPU path runs end to end; its speed says nothing about a GPU's.
    ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu').concat(['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'])
    : o.webgpu
      ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu').concat(['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist'])
      : CHROMIUM_ARGS;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-bench-profile-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, args });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    if (process.env.BENCH_DEBUG) { page.on('console', (m) => console.error('[page]', m.text())); page.on('crash', () => console.error('[page] crashed')); browser.on('close', () => console.error('[browser] closed')); }
    return await use(page, { url: srv.url, profile, externalData, modelDir });
  } finally {
    await browser.close();
    srv.close();
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** `node: false` skips the onnxruntime-node side (tests that only compare backends' text). */
export async function benchWebview(o: { webgpu?: boolean | 'swiftshader'; tokens?: number; modelDir?: string; prompt?: string; repeat?: number; node?: boolean } = {}): Promise<WebviewBench> {
  const tokens = o.tokens ?? 200;
  return withBenchPage(o, async (page, { url, profile, externalData, modelDir }) => {
    // The baseline is an empty page of the same origin (same renderer), so the difference is what
    // the runtime and the model cost, not what any page costs.
    await page.goto(`${url}/blank`);
    await page.waitForTimeout(500);
    const before = rendererPssMb(profile);
    await page.goto(url);
    await page.waitForFunction(() => 'llmStudyBench' in globalThis, undefined, { timeout: 30_000 });
    const r = (await page.evaluate(
      (a) => (globalThis as unknown as { llmStudyBench(x: unknown): Promise<unknown> }).llmStudyBench(a),
      { backend: o.webgpu ? 'webgpu' : 'wasm', tokens, prompt: o.prompt ?? 'ROMEO:\n', repeat: o.repeat ?? 3, externalData },
    )) as PageResult;
    const after = rendererPssMb(profile);
    const key = o.webgpu && r.backend.startsWith('WebGPU') ? 'webgpu' : 'wasm';
    const result: WebviewBench = {
      tokens_per_s: {
        [`web_${key}_kv`]: r.kvTokensPerS && Math.round(r.kvTokensPerS),
        [`web_${key}_kv_cold`]: r.kvColdTokensPerS && Math.round(r.kvColdTokensPerS),
        [`web_${key}_full`]: r.fullTokensPerS && Math.round(r.fullTokensPerS),
      },
      first_token_ms: Math.round(r.firstTokenMs),
      webview_mb: Math.round(Math.max(after - before, r.jsHeapMb ?? 0)),
      backend: r.backend,
      tokens,
      greedy_text_matches: r.kvText === undefined || r.kvText === r.fullText,
      text: r.kvText ?? r.fullText,
    };
    const nk = o.node === false ? undefined : await nodeKv(modelDir, tokens, o.repeat ?? 3).catch(() => undefined);
    if (nk) result.tokens_per_s.node_kv = Math.round(nk);
    if (r.notices.length) console.error(r.notices.join('\n'));
    console.error(`page: generation session ready at ${r.loadMs.toFixed(0)} ms, first token at ${r.firstTokenMs.toFixed(0)} ms; first 200-token run ${r.kvColdTokensPerS?.toFixed(0)} tokens/s (wasm still in V8's baseline tier); JS heap ${r.jsHeapMb?.toFixed(0)} MB, wasm memory ${r.wasmMemoryMb.toFixed(0)} MB`);
    return result;
  });
}

/**
 * Both patching sweeps in the bench page on onnxruntime-web (WASM unless `webgpu`), through the
 * panel's openModel and the shared runner and sweeps (webviewPage.ts runInterp): a warm-up round,
 * then the median of `repeat`.
 */
export async function benchWebviewInterp(o: { webgpu?: boolean | 'swiftshader'; modelDir?: string; repeat?: number } = {}): Promise<InterpPageResult> {
  return withBenchPage(o, async (page, { url, externalData }) => {
    await page.goto(url);
    await page.waitForFunction(() => 'llmStudyInterpBench' in globalThis, undefined, { timeout: 30_000 });
    return (await page.evaluate(
      (a) => (globalThis as unknown as { llmStudyInterpBench(x: unknown): Promise<unknown> }).llmStudyInterpBench(a),
      { backend: o.webgpu ? 'webgpu' : 'wasm', repeat: o.repeat ?? 5, externalData },
    )) as InterpPageResult;
  });
}

export interface ProfileBench extends ProfilePageResult {
  /** Self time of the profiled runs by where it ran, ms per token: wasm code, onnxruntime's JS, the rest. */
  split: Record<string, number>;
  /** The JS functions with the most self time, ms per token. */
  top: Array<[string, number]>;
}

/**
 * Where a warmed KV generation's time goes, per token: wall time of a step, of the KV session's
 * run() and of the pick, and a CPU profile (the page's own sampling profiler, over the timed runs
 * only) split into the wasm (the graph, and memcpy inside it), onnxruntime's JS glue (copying
 * tensors in and out of the wasm heap, tensor objects), the runner and GC.
 */
export async function profileWebview(o: { tokens?: number; warm?: number; runs?: number; modelDir?: string } = {}): Promise<ProfileBench> {
  const tokens = o.tokens ?? 200;
  const runs = o.runs ?? 5;
  return withBenchPage({ modelDir: o.modelDir, minify: false }, async (page, { url, externalData }) => {
    await page.goto(url);
    await page.waitForFunction(() => 'llmStudyProfile' in globalThis, undefined, { timeout: 30_000 });
    const warmRates = await page.evaluate((a) => (globalThis as unknown as { llmStudyProfileOpen(x: unknown): Promise<number[]> }).llmStudyProfileOpen(a),
      { tokens, prompt: 'ROMEO:\n', warm: o.warm ?? 5, externalData });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const r = (await page.evaluate((a) => (globalThis as unknown as { llmStudyProfile(x: unknown): Promise<unknown> }).llmStudyProfile(a), { tokens, runs })) as ProfilePageResult;
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.BENCH_PROFILE_OUT) fs.writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
    const self = new Map<number, number>();
    profile.samples?.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
    const n = tokens * runs;
    const split: Record<string, number> = {};
    const byFn = new Map<string, number>();
    for (const node of profile.nodes) {
      const ms = self.get(node.id) ?? 0;
      if (!ms) continue;
      const { url: u, functionName: f } = node.callFrame;
      const where = u.startsWith('wasm://') ? 'wasm' : u.includes('ort-wasm') ? 'ort_glue_mjs' : u.includes('bench.js') ? 'page_js' : f.startsWith('(') ? f : 'other';
      split[where] = (split[where] ?? 0) + ms / n;
      if (!u.startsWith('wasm://')) byFn.set(`${f || '(anonymous)'} ${u.split('/').pop()}:${node.callFrame.lineNumber}`, (byFn.get(`${f || '(anonymous)'} ${u.split('/').pop()}:${node.callFrame.lineNumber}`) ?? 0) + ms / n);
    }
    const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20);
    return { ...r, warmRates, split, top };
  });
}

if (require.main === module && process.argv.includes('--profile')) {
  const arg = (k: string) => (process.argv.includes(k) ? Number(process.argv[process.argv.indexOf(k) + 1]) : undefined);
  const dir = process.argv.includes('--model-dir') ? process.argv[process.argv.indexOf('--model-dir') + 1] : undefined;
  void profileWebview({ tokens: arg('--tokens'), runs: arg('--repeat'), warm: arg('--warm'), modelDir: dir }).then((r) => {
    const f = (x: number) => (x * 1000).toFixed(0).padStart(6) + ' us';
    console.log(`warm-up runs after opening, tokens/s each: ${r.warmRates?.join(' ')}`);
    console.log(`profile (${r.backend}): ${r.runs} x ${r.tokens} greedy tokens after warm-up, ${r.tokensPerS.toFixed(0)} tokens/s; per token:`);
    console.log(`  step              ${f(r.stepMs)}\n  KV session.run    ${f(r.sessionRunMs)}\n  pick (argmax)     ${f(r.pickMs)}\n  rest of the step  ${f(r.stepMs - r.sessionRunMs - r.pickMs)}`);
    console.log(`  step by sequence length 1-31 / 32-63 / 64-95 / 96+: ${r.stepMsByLength.map((x) => f(x).trim()).join(' / ')}`);
    console.log('  CPU profile self time:');
    for (const [k, v] of Object.entries(r.split).sort((a, b) => b[1] - a[1])) console.log(`    ${k.padEnd(20)} ${f(v)}`);
    console.log('  top JS functions:');
    for (const [k, v] of r.top) console.log(`    ${f(v)}  ${k}`);
    console.log(`PROFILE ${JSON.stringify(r)}`);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
} else if (require.main === module) {
  const arg = (k: string) => {
    const i = process.argv.indexOf(k);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  void benchWebview({ webgpu: process.argv.includes('--swiftshader') ? 'swiftshader' : process.argv.includes('--webgpu'), tokens: Number(arg('--tokens') ?? 200), modelDir: arg('--model-dir'), repeat: Number(arg('--repeat') ?? 3) }).then((r) => {
    const t = r.tokens_per_s;
    console.log(`webview (${r.backend}), ${r.tokens} greedy tokens`);
    for (const [k, v] of Object.entries(t)) if (v) console.log(`  ${k.padEnd(16)} ${String(v).padStart(6)} tokens/s`);
    if (t.web_wasm_kv && t.web_wasm_full) console.log(`  KV / full        ${(t.web_wasm_kv / t.web_wasm_full).toFixed(1)}x`);
    if (t.web_wasm_kv && t.node_kv) console.log(`  web KV / node KV ${(t.web_wasm_kv / t.node_kv).toFixed(2)}`);
    console.log(`  first token      ${r.first_token_ms} ms (page open -> first generated token)`);
    console.log(`  webview memory   ${r.webview_mb} MB`);
    console.log(`  KV text == full-context text: ${r.greedy_text_matches}`);
    console.log(`BENCH ${JSON.stringify(r)}`);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
