// onnxruntime-web in the webview: which backend runs, loaded only from the extension's own files.
// The WASM build is bundled (small JS; its .mjs and gzipped .wasm come from dist/webview/ort via
// wasmPaths, the .wasm inflated on the way in by serveInflated);
// the WebGPU build is a separate file imported only when an adapter exists and it is wanted.
import * as ortWasm from 'onnxruntime-web/wasm';
import type { BackendSetting, OrtFiles } from '../../src/shared/protocols/playground';

export type Ort = typeof ortWasm;
export type BackendName = 'wasm' | 'webgpu';

export interface Backend {
  name: BackendName;
  ort: Ort;
  /** Why this one runs, for the panel: "WASM (no WebGPU adapter)". */
  label: string;
  /** Fallbacks and forced-but-unavailable settings, shown as notices above the views. */
  notices: string[];
}

export const BACKEND_TITLE: Record<BackendName, string> = { wasm: 'WASM', webgpu: 'WebGPU' };

/** What requestAdapter() found: a reason when there is no adapter, and whether it is software. */
export interface GpuProbe {
  /** Undefined when an adapter exists, else a learner-readable reason why not. */
  unavailable?: string;
  /** A CPU implementation (SwiftShader, WARP): WebGPU's API without a GPU behind it. */
  software?: boolean;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { unavailable: 'this browser has no WebGPU' };
  try {
    const a = (await gpu.requestAdapter()) as AdapterLike | null;
    if (!a) return { unavailable: 'no WebGPU adapter' };
    const i = a.info ?? {};
    const software = !!(a.isFallbackAdapter || i.isFallbackAdapter) || /swiftshader|warp|llvmpipe/i.test(`${i.vendor} ${i.architecture} ${i.description}`);
    return { software };
  } catch (e) {
    return { unavailable: `no WebGPU adapter (${e instanceof Error ? e.message : String(e)})` };
  }
}

/**
 * Below this many parameters `auto` keeps to WASM even with a GPU. A token of a small model is a
 * hundred or so tiny kernels, and on WebGPU each is a dispatch plus a read-back of the logits, so
 * launch latency, not arithmetic, sets the speed. The tiny GPT (0.8M parameters) ran 1,590 tokens/s
 * on WASM here; on WebGPU through SwiftShader it ran 7. On a real GPU it is unmeasured (no GPU
 * machine yet): the setting forces WebGPU for anyone who wants to compare.
 */
export const AUTO_WEBGPU_MIN_PARAMS = 20_000_000;

/** Parameters of a GPT of this shape (blocks, embeddings; lm_head tied), for the backend choice. */
export function gptParams(m: { nLayer: number; C: number; V: number; blockSize: number }): number {
  return m.nLayer * 12 * m.C * m.C + (m.V + m.blockSize) * m.C;
}

/**
 * The runtime's .wasm ships gzipped (esbuild.mjs). ort's loader fetches it by URL and compiles it
 * as it streams in (WebAssembly.instantiateStreaming); this makes fetch() of that one URL answer
 * with the inflated bytes as they arrive, so download, inflate and compile overlap. (Handing ort
 * the inflated bytes as `wasmBinary` instead costs the whole compile after the download: ~0.4 s
 * more to the first token in code-server.) Other URLs go to fetch() untouched.
 */
export function serveInflated(url: string): void {
  if (!/\.gz(\?|$)/.test(url)) return;
  inflating.add(url);
  if (fetchBeforeInflating) return; // installed once; the set says which URLs it answers for
  const original = (fetchBeforeInflating = globalThis.fetch);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const u = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const r = await original(input, init);
    if (!inflating.has(u) || !r.ok || !r.body) return r;
    return new Response(r.body.pipeThrough(new DecompressionStream('gzip')), { status: 200, headers: { 'content-type': 'application/wasm' } });
  };
}
const inflating = new Set<string>();
let fetchBeforeInflating: typeof fetch | undefined;

function configure(ort: Ort, paths: { mjs: string; wasm: string }): void {
  serveInflated(paths.wasm);
  ort.env.wasm.wasmPaths = { mjs: paths.mjs, wasm: paths.wasm };
  // Threads need SharedArrayBuffer, which VS Code webviews only have when cross-origin isolated.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
}

async function loadOrt(name: BackendName, files: OrtFiles): Promise<Ort> {
  if (name === 'wasm') {
    configure(ortWasm, files.wasm);
    return ortWasm;
  }
  if (!files.webgpu) throw new Error('this build of LLM Study ships without the WebGPU runtime');
  const ort = (await import(/* webpackIgnore: true */ files.webgpu.module)) as Ort;
  configure(ort, files.webgpu);
  return ort;
}

/**
 * The order to try backends in, and the notices that explain it. `auto` prefers WebGPU only when a
 * hardware adapter exists and the model is big enough to gain from it (`modelParams`, asked only
 * then); a forced backend that cannot run says so and the other one runs instead.
 */
export async function planBackends(
  setting: BackendSetting,
  files: OrtFiles,
  modelParams?: () => Promise<number>,
): Promise<{ order: BackendName[]; why: Record<BackendName, string>; notices: string[] }> {
  const probe: GpuProbe = files.webgpu ? await probeWebGpu() : { unavailable: 'WebGPU runtime not shipped' };
  const noGpu = probe.unavailable;
  const notices: string[] = [];
  const why: Record<BackendName, string> = { wasm: '', webgpu: 'adapter found' };
  if (setting === 'wasm') {
    why.wasm = 'set in llmStudy.playground.backend';
    return { order: ['wasm'], why, notices };
  }
  if (setting === 'webgpu') {
    if (noGpu) {
      notices.push(`WebGPU is forced by the setting llmStudy.playground.backend, but it is not available here (${noGpu}). Running on WASM instead.`);
      why.wasm = `WebGPU unavailable: ${noGpu}`;
      return { order: ['wasm'], why, notices };
    }
    why.webgpu = 'set in llmStudy.playground.backend';
    return { order: ['webgpu', 'wasm'], why, notices };
  }
  if (noGpu) {
    why.wasm = noGpu;
    return { order: ['wasm'], why, notices };
  }
  if (probe.software) {
    why.wasm = 'the WebGPU adapter is a CPU emulation, slower than WASM';
    return { order: ['wasm'], why, notices };
  }
  const params = modelParams ? await modelParams().catch(() => undefined) : undefined;
  if (params !== undefined && params < AUTO_WEBGPU_MIN_PARAMS) {
    why.wasm = `WebGPU adapter found, but a ${(params / 1e6).toFixed(1)}M-parameter model runs faster on WASM`;
    return { order: ['wasm'], why, notices };
  }
  why.wasm = 'WebGPU failed';
  return { order: ['webgpu', 'wasm'], why, notices };
}

// y = Identity(x), x float[1], opset 17: the smallest model onnxruntime will open.
const IDENTITY_ONNX = new Uint8Array([
  8, 8, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 1, 116, 90, 15, 10, 1, 120, 18, 10,
  10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 66, 4, 10, 0, 16, 17,
]);

/**
 * Starts onnxruntime (fetching and compiling its .wasm, creating its environment) without waiting
 * for our model: onnxruntime-web has no init call of its own, and the first session pays for it.
 * Run alongside the model download, the two overlap instead of adding up.
 */
export async function startRuntime(ort: Ort, name: BackendName): Promise<void> {
  const s = await ort.InferenceSession.create(IDENTITY_ONNX, { executionProviders: [name] });
  await s.release();
}

let wasmStarting: Promise<void> | undefined;

/**
 * Starts the WASM runtime (its .mjs, then the .wasm streamed in and compiled) right away, before
 * the backend is chosen: the WebGPU probe and the model download then overlap it instead of
 * preceding it. It is the long pole of opening the panel (~1 s in code-server, where the workbench
 * shares the page's thread), and WASM is what runs unless a big model finds a real GPU, so the
 * bytes are rarely wasted. Once per page; openWithFallback's WASM attempt reuses it.
 */
export function startWasmEarly(files: OrtFiles): Promise<void> {
  if (!wasmStarting) {
    configure(ortWasm, files.wasm);
    wasmStarting = startRuntime(ortWasm, 'wasm');
    wasmStarting.catch(() => undefined); // reported by the WASM attempt, if there is one
  }
  return wasmStarting;
}

/** startRuntime, reusing the early WASM start when there was one. */
export function startRuntimeOnce(ort: Ort, name: BackendName): Promise<void> {
  return name === 'wasm' && ort === ortWasm && wasmStarting ? wasmStarting : startRuntime(ort, name);
}

/** Makes ort's "no available backend found" say which of our files is missing, if one is. */
export async function explainLoadFailure(name: BackendName, files: OrtFiles, e: unknown): Promise<string> {
  const msg = e instanceof Error ? e.message : String(e);
  const paths = name === 'wasm' ? files.wasm : files.webgpu;
  if (paths) {
    for (const url of [paths.mjs, paths.wasm]) {
      try {
        const r = await fetch(url, { method: 'GET', cache: 'no-store' });
        if (!r.ok) return `the runtime file ${url.split('/').pop()} is missing (HTTP ${r.status}); reinstall LLM Study or run \`npm run build\``;
        void r.body?.cancel();
      } catch {
        return `the runtime file ${url.split('/').pop()} could not be loaded; reinstall LLM Study or run \`npm run build\``;
      }
    }
  }
  return msg.length > 400 ? `${msg.slice(0, 400)}…` : msg;
}

export interface Opened<T> {
  backend: Backend;
  value: T;
}

/**
 * Tries each planned backend with `open` (which creates sessions and runs a warm-up) and returns
 * the first that works. Throws with every backend's reason when none does, so the panel can say it.
 */
export async function openWithFallback<T>(
  setting: BackendSetting,
  files: OrtFiles,
  open: (ort: Ort, name: BackendName) => Promise<T>,
  /** Errors that are not the backend's fault (a missing model file): thrown as they are. */
  final: (e: unknown) => boolean = () => false,
  modelParams?: () => Promise<number>,
): Promise<Opened<T>> {
  const plan = await planBackends(setting, files, modelParams);
  const notices = [...plan.notices];
  const failures: string[] = [];
  for (const name of plan.order) {
    try {
      const ort = await loadOrt(name, files);
      const value = await open(ort, name);
      const reason = failures.length ? `${failures[failures.length - 1].split(':')[0]} failed` : plan.why[name];
      return { backend: { name, ort, label: `${BACKEND_TITLE[name]}${reason ? ` (${reason})` : ''}`, notices }, value };
    } catch (e) {
      if (final(e)) throw e;
      const why = await explainLoadFailure(name, files, e);
      failures.push(`${BACKEND_TITLE[name]}: ${why}`);
      const next = plan.order[plan.order.indexOf(name) + 1];
      if (next) notices.push(`${BACKEND_TITLE[name]} failed (${why}). Falling back to ${BACKEND_TITLE[next]}.`);
    }
  }
  throw new Error(`The model could not run on any backend. ${failures.join(' ')}`);
}
