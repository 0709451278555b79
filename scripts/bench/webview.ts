// Webview benchmark: greedy generation of 200 tokens in headless Chromium with the playground's
// own runtime code (onnxruntime-web WASM, KV cache and full context), served on loopback from the
// built files (dist/webview/ort) and the shipped model (media/model).
//   node --import tsx scripts/bench/webview.ts [--webgpu | --swiftshader] [--tokens 200] [--repeat 3] [--model-dir DIR]
// --repeat N keeps the best of N runs (shared machines are noisy).
// --webgpu runs the WebGPU backend (Chromium with GPU flags; needs a machine with an adapter).
// --swiftshader runs it on Chromium's CPU Vulkan (SwiftShader): the code path, not GPU speed.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, REPO } from '../../test/support/codeServer';
import type { InterpPageResult, PageResult } from './webviewPage';
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

async function nodeKv(modelDir: string, tokens: number, repeat: number): Promise<number | undefined> {
  let ort: typeof import('onnxruntime-web');
  try {
    ort = require('onnxruntime-node');
  } catch {
    return undefined;
  }
  const vocab = JSON.parse(fs.readFileSync(path.join(modelDir, 'vocab.json'), 'utf8'));
  const { parseVocab } = await import('../../webview/playground/vocab');
  const meta = parseVocab(vocab);
  const s = await ort.InferenceSession.create(path.join(modelDir, 'model_kv.onnx'), { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const hs = meta.C / meta.nHead;
  let best = 0;
  for (let r = 0; r < repeat; r++) best = Math.max(best, await nodeKvOnce(ort, s, meta, hs, tokens));
  return best;
}

async function nodeKvOnce(
  ort: typeof import('onnxruntime-web'), s: import('onnxruntime-web').InferenceSession,
  meta: import('../../webview/playground/vocab').ModelMeta, hs: number, tokens: number,
): Promise<number> {
  const { contextStart } = await import('../../webview/playground/vocab');
  const seq = [0];
  let past: import("onnxruntime-web").Tensor = new ort.Tensor("float32", new Float32Array(0), [meta.nLayer, 2, meta.nHead, 0, hs]);
  let start = 0;
  let fed = 0;
  const t0 = performance.now();
  for (let i = 0; i < tokens; i++) {
    const w = contextStart(seq.length, meta.blockSize);
    if (w !== start) {
      start = w;
      fed = w;
      past = new ort.Tensor('float32', new Float32Array(0), [meta.nLayer, 2, meta.nHead, 0, hs]);
    }
    const fresh = seq.slice(fed);
    const out = await s.run({ idx: new ort.Tensor('int64', BigInt64Array.from(fresh, BigInt), [1, fresh.length]), past_kv: past }, ['logits', 'present_kv']);
    past = out.present_kv;
    fed = seq.length;
    const l = out.logits.data as Float32Array;
    let best = 0;
    for (let v = 1; v < meta.V; v++) if (l[(fresh.length - 1) * meta.V + v] > l[(fresh.length - 1) * meta.V + best]) best = v;
    seq.push(best);
  }
  return (tokens * 1000) / (performance.now() - t0);
}

/** The bench page (webviewPage.ts, bundled here) served on loopback with the built runtime and a model, in headless Chromium. */
async function withBenchPage<T>(o: { webgpu?: boolean | 'swiftshader'; modelDir?: string }, use: (page: import('playwright-core').Page, ctx: { url: string; profile: string; externalData: string[]; modelDir: string }) => Promise<T>): Promise<T> {
  const modelDir = path.resolve(o.modelDir ?? path.join(REPO, 'media', 'model'));
  const ortDir = path.join(REPO, 'dist', 'webview', 'ort');
  if (!fs.existsSync(path.join(ortDir, 'ort-wasm-simd-threaded.wasm.gz'))) execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-bench-'));
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'webviewPage.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile: path.join(out, 'bench.js'), minify: true, conditions: ['onnxruntime-web-use-extern-wasm'], logLevel: 'warning',
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

if (require.main === module) {
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
