// Opening the playground's model: downloads, runtime start-up and sessions, in the order that
// gets the first token soonest. Shared by the panel (main.ts) and the benchmark page, so the
// numbers `npm run bench` prints are the panel's own. Pure of DOM.
import type { BackendSetting, ModelFiles, OrtFiles } from '../../src/shared/protocols/playground';
import { gptParams, openWithFallback, startRuntimeOnce, startWasmEarly, type Backend } from './runtime';
import { TinyGpt } from './tinyGpt';
import { parseVocab, type ModelMeta } from './vocab';

/** A file of the model could not be fetched: no other backend would do better, so no fallback. */
export class ModelFilesError extends Error {}

export interface OpenedModel {
  backend: Backend;
  gpt: TinyGpt;
  meta: ModelMeta;
  /** Bytes of the full-context graph and of its external data (the logit lens reads weights). */
  full: Uint8Array;
  external: Map<string, Uint8Array>;
  hadKvFile: boolean;
  /** performance.now() when each stage ended, for the benchmark's "where the time went". */
  timings: Record<string, number>;
}

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${what} could not be loaded (HTTP ${r.status})`);
  return new Uint8Array(await r.arrayBuffer());
}

/** Every file at once; a failure names the file. */
async function loadModelFiles(files: ModelFiles) {
  try {
    const [external, vocab, full, kv] = await Promise.all([
      Promise.all((files.externalData ?? []).map(async (f) => [f.path, await fetchBytes(f.uri, f.path)] as const)),
      fetchBytes(files.vocab, 'vocab.json'),
      fetchBytes(files.model, 'The model'),
      files.kv ? fetchBytes(files.kv, 'The KV-cache model').catch(() => undefined) : undefined,
    ]);
    return { meta: parseVocab(JSON.parse(new TextDecoder().decode(vocab))), full, kv, external: new Map(external) };
  } catch (e) {
    throw new ModelFilesError(`The model could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Where the intervention graph (model_interp.onnx) of the shipped model is: beside model.onnx, as
 * export_interp.py writes it. Derived here rather than sent by the host, because only the shipped
 * model has one; a learner's own model has none, and the Ablate and Patching views say so.
 */
export function interpUrl(files: ModelFiles): string | undefined {
  if (files.custom) return undefined;
  const m = /model\.onnx(\?.*)?$/.exec(files.model);
  return m ? files.model.slice(0, m.index) + 'model_interp.onnx' + (m[1] ?? '') : undefined;
}

/**
 * Downloads the model while onnxruntime starts (startRuntime): on a cold webview the runtime's
 * 14 MB .wasm and the model's files then arrive side by side instead of one after the other. The
 * WASM runtime starts before the backend is even chosen (startWasmEarly) unless WebGPU is forced.
 */
export async function openModel(files: ModelFiles, setting: BackendSetting, ort: OrtFiles): Promise<OpenedModel> {
  const timings: Record<string, number> = {};
  const mark = (k: string) => (timings[k] = Math.round(performance.now()));
  const loaded = loadModelFiles(files).then((m) => (mark('files'), m));
  if (setting !== 'webgpu') void startWasmEarly(ort);
  loaded.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const { backend, value: gpt } = await openWithFallback(setting, ort, async (o, name) => {
    const [m] = await Promise.all([loaded, startRuntimeOnce(o, name).then(() => mark(`runtime_${name}`))]);
    const interp = interpUrl(files);
    return TinyGpt.create(o, name, m.meta, m.full, m.kv, [...m.external].map(([path, data]) => ({ path, data })),
      interp ? () => fetchBytes(interp, 'The intervention model (model_interp.onnx)') : undefined);
  }, (e) => e instanceof ModelFilesError, async () => gptParams((await loaded).meta));
  mark('sessions');
  const m = await loaded;
  return { backend, gpt, meta: m.meta, full: m.full, external: m.external, hadKvFile: m.kv !== undefined, timings };
}
