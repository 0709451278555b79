// Running the two graphs, whichever onnxruntime build does the work: the caller passes its
// sessions and a tensor constructor (onnxruntime-node in tests and benchmarks, onnxruntime-web in
// the webview), so this file imports neither.
import { contextStart } from './context';
import { FULL_IO, KV_IO, kvShape, type ModelSpec } from './modelInterface';

export interface TensorLike {
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** The subset of an onnxruntime InferenceSession this file uses. */
export interface SessionLike {
  /** `fetches` names the outputs wanted; onnxruntime then skips the nodes only others need. */
  run(feeds: Record<string, TensorLike>, fetches: string[]): Promise<Record<string, TensorLike>>;
}

export type MakeTensor = (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: number[]) => TensorLike;

export interface FullResult {
  T: number;
  /** [T, V] */
  logits: Float32Array;
  /** [nLayer, nHead, T, T] */
  attn: Float32Array;
  /** [nLayer + 1, T, nEmbd] */
  resid: Float32Array;
  dims: { logits: readonly number[]; attn: readonly number[]; resid: readonly number[] };
}

export class ModelInputError extends Error {
  override name = 'ModelInputError';
}

export type Pick = (logits: Float32Array) => number;

export const argmax: Pick = (logits) => {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
};

export class ModelRunner {
  constructor(
    readonly spec: ModelSpec,
    private readonly full: SessionLike,
    private readonly kv: SessionLike | undefined,
    private readonly tensor: MakeTensor,
  ) {}

  private idx(ids: readonly number[]): TensorLike {
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.spec.vocabSize) {
        throw new ModelInputError(`token id ${id} is outside the vocabulary (0..${this.spec.vocabSize - 1})`);
      }
    }
    return this.tensor('int64', BigInt64Array.from(ids, (i) => BigInt(i)), [1, ids.length]);
  }

  private checkLength(T: number, past = 0): void {
    if (T === 0) throw new ModelInputError('no tokens to run: the prompt is empty');
    if (past + T > this.spec.blockSize) {
      throw new ModelInputError(
        `${past + T} positions exceed the model's context of ${this.spec.blockSize}; crop with contextWindow() first`,
      );
    }
  }

  private async runFull(ids: readonly number[], fetches: string[]): Promise<Record<string, TensorLike>> {
    this.checkLength(ids.length);
    return this.full.run({ [FULL_IO.idx]: this.idx(ids) }, fetches);
  }

  /** One pass of model.onnx over up to blockSize tokens. */
  async forward(ids: readonly number[]): Promise<FullResult> {
    const out = await this.runFull(ids, [FULL_IO.logits, FULL_IO.attn, FULL_IO.resid]);
    const get = (name: string) => {
      const t = out[name];
      if (!t) throw new ModelInputError(`model.onnx has no output "${name}"`);
      return t;
    };
    const logits = get(FULL_IO.logits), attn = get(FULL_IO.attn), resid = get(FULL_IO.resid);
    return {
      T: ids.length,
      logits: logits.data as Float32Array,
      attn: attn.data as Float32Array,
      resid: resid.data as Float32Array,
      dims: { logits: logits.dims, attn: attn.dims, resid: resid.dims },
    };
  }

  /** One pass of model_kv.onnx: new tokens after `past` (undefined for an empty cache). */
  async forwardKv(ids: readonly number[], past?: TensorLike): Promise<{ logits: Float32Array; present: TensorLike; attn: Float32Array }>;
  async forwardKv(ids: readonly number[], past: TensorLike | undefined, withAttn: false): Promise<{ logits: Float32Array; present: TensorLike }>;
  async forwardKv(ids: readonly number[], past?: TensorLike, withAttn = true): Promise<{ logits: Float32Array; present: TensorLike; attn?: Float32Array }> {
    if (!this.kv) throw new ModelInputError('no KV-cache model loaded');
    const P = past ? past.dims[3] : 0;
    this.checkLength(ids.length, P);
    const pastKv = past ?? this.tensor('float32', new Float32Array(0), kvShape(this.spec, 0));
    const fetches = withAttn ? [KV_IO.logits, KV_IO.presentKv, KV_IO.attn] : [KV_IO.logits, KV_IO.presentKv];
    const out = await this.kv.run({ [KV_IO.idx]: this.idx(ids), [KV_IO.pastKv]: pastKv }, fetches);
    return {
      logits: out[KV_IO.logits].data as Float32Array,
      present: out[KV_IO.presentKv],
      attn: withAttn ? (out[KV_IO.attn].data as Float32Array) : undefined,
    };
  }

  /** Generates n tokens after `prompt` with the full-context graph, re-running the window each step. */
  async generateFull(prompt: readonly number[], n: number, pick: Pick = argmax): Promise<number[]> {
    const seq = [...prompt];
    const V = this.spec.vocabSize;
    for (let step = 0; step < n; step++) {
      const window = seq.slice(contextStart(seq.length, this.spec.blockSize));
      // Logits only: generation has no use for the attention and residual outputs.
      const logits = (await this.runFull(window, [FULL_IO.logits]))[FULL_IO.logits].data as Float32Array;
      seq.push(pick(logits.subarray((window.length - 1) * V, window.length * V)));
    }
    return seq.slice(prompt.length);
  }

  /** Generates n tokens with the KV-cache graph; a window restart prefills the kept tokens in one call. */
  async generateKv(prompt: readonly number[], n: number, pick: Pick = argmax): Promise<number[]> {
    const seq = [...prompt];
    const V = this.spec.vocabSize;
    let past: TensorLike | undefined;
    let start = -1;
    for (let step = 0; step < n; step++) {
      const s = contextStart(seq.length, this.spec.blockSize);
      const feed = s !== start ? seq.slice(s) : seq.slice(-1);
      const r = await this.forwardKv(feed, s !== start ? undefined : past, false);
      start = s;
      past = r.present;
      seq.push(pick(r.logits.subarray((feed.length - 1) * V, feed.length * V)));
    }
    return seq.slice(prompt.length);
  }
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

/**
 * Creates a session through the caller's onnxruntime and turns its low-level failure (a protobuf
 * parse error, an external-data offset past the end of weights.npz) into one that says which file
 * and what to do.
 */
export async function openSession<S>(file: string, create: () => Promise<S>): Promise<S> {
  try {
    return await create();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelLoadError(
      `${file} could not be loaded: it (or the weights.npz beside it) is missing, truncated or not an ONNX model. ` +
        `Reinstall the extension or run training/regenerate.sh. Details: ${why.split('\n')[0]}`,
    );
  }
}
