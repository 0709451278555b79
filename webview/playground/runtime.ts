// onnxruntime-web in the webview: which backend runs, loaded only from the extension's own files.
// The WASM build is bundled (small JS; its .mjs/.wasm come from dist/webview/ort via wasmPaths);
// the WebGPU build is a separate file imported only when an adapter exists and it is wanted.
import * as ortWasm from 'onnxruntime-web/wasm';
import type { BackendSetting, OrtFiles } from '../../src/playground/protocol';

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

/** Undefined when an adapter exists, else a learner-readable reason why not. */
export async function webgpuUnavailableReason(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'no WebGPU adapter';
  } catch (e) {
    return `no WebGPU adapter (${e instanceof Error ? e.message : String(e)})`;
  }
}

function configure(ort: Ort, paths: { mjs: string; wasm: string }): void {
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
 * The order to try backends in, and the notices that explain it. `auto` prefers WebGPU only when an
 * adapter exists; a forced backend that cannot run says so and the other one runs instead.
 */
export async function planBackends(setting: BackendSetting, files: OrtFiles): Promise<{ order: BackendName[]; why: Record<BackendName, string>; notices: string[] }> {
  const noGpu = files.webgpu ? await webgpuUnavailableReason() : 'WebGPU runtime not shipped';
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
): Promise<Opened<T>> {
  const plan = await planBackends(setting, files);
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
