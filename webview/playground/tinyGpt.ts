// The tiny GPT's sessions in the webview: which graphs onnxruntime-web opens, with what options,
// and releasing them. Running them is src/shared/model/runner.ts, the same code the model tests check.
import type { InferenceSession } from 'onnxruntime-web/wasm';
import type { BackendName, Ort } from './runtime';
import type { ModelMeta } from './vocab';
import { ModelRunner, type MakeTensor } from '../../src/shared/model/runner';

export class TinyGpt {
  private constructor(
    readonly runner: ModelRunner,
    readonly backend: BackendName,
    private readonly release_: () => Promise<void>,
  ) {}

  /**
   * Opens the session generation uses (the KV graph when it opens, else the full-context one) and
   * runs one token through it, so a broken backend fails here. The full-context graph opens when a
   * view first asks (ModelRunner.ready).
   */
  static async create(ort: Ort, backend: BackendName, meta: ModelMeta, full: Uint8Array, kv?: Uint8Array, externalData: { path: string; data: Uint8Array }[] = [], interp?: () => Promise<Uint8Array>): Promise<TinyGpt> {
    const opts: InferenceSession.SessionOptions = {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      // Both graphs read their weights from the same file (ONNX external data), fetched once.
      ...(externalData.length ? { externalData } : {}),
    };
    let kvSession: InferenceSession | undefined;
    if (kv) {
      try {
        kvSession = await ort.InferenceSession.create(kv, opts);
      } catch {
        kvSession = undefined; // generation still works, only slower, with the full-context model
      }
    }
    let fullSession: Promise<InferenceSession> | undefined;
    const openFull = () => (fullSession ??= ort.InferenceSession.create(full, opts));
    // The intervention graph: fetched and opened only when an Ablate or Patching view first runs,
    // so generation and the other views neither wait for it nor pay for its extra inputs.
    let interpSession: Promise<InferenceSession> | undefined;
    const openInterp = interp && (() => (interpSession ??= interp().then((bytes) => ort.InferenceSession.create(bytes, opts))));
    const tensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data, dims);
    const release = async () => {
      runner?.resetCache();
      await (await fullSession?.catch(() => undefined))?.release();
      await (await interpSession?.catch(() => undefined))?.release();
      await kvSession?.release();
    };
    let runner: ModelRunner | undefined;
    try {
      runner = await ModelRunner.open(meta.spec, openFull, kvSession, tensor, openInterp);
    } catch (e) {
      await release().catch(() => undefined); // the next backend gets a clean runtime
      throw e;
    }
    return new TinyGpt(runner, backend, release);
  }

  async release(): Promise<void> {
    await this.release_();
  }
}
