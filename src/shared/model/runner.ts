// The one runner of the tiny GPT's two graphs, used by the playground (onnxruntime-web) and by the
// tests and benchmarks (onnxruntime-node). The caller opens the sessions and passes a tensor
// constructor, so this file imports neither runtime, nor `vscode`, nor Node: the webview bundles it.
import { contextStart } from './context';
import { denseIntervention, type Intervention } from './interventions';
import { KvBuffer } from './kvBuffer';
import { FULL_IO, INTERP_IO, KV_IO, kvShape, type ModelSpec } from './modelInterface';
import { checkModelMatchesVocab } from './vocab';

export interface TensorLike {
  readonly dims: readonly number[];
  readonly data: unknown;
  /** onnxruntime-web frees GPU/wasm-side data here; the KV cache calls it on the past it replaces. */
  dispose?(): void;
}

/** The subset of an onnxruntime InferenceSession this file uses. */
export interface SessionLike {
  readonly outputNames: readonly string[];
  /** `fetches` names the outputs wanted; onnxruntime then skips the nodes only others need. */
  run(feeds: Record<string, TensorLike>, fetches: string[]): Promise<Record<string, TensorLike>>;
}

export type MakeTensor = (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: number[]) => TensorLike;

/**
 * model.onnx, or a function that opens it on first use: with a KV graph, generation never needs
 * it, and opening it up front would hold the first token back (onnxruntime-web opens it on the
 * page's own thread).
 */
export type FullSession = SessionLike | (() => Promise<SessionLike>);

export interface FullResult {
  T: number;
  /** [T, V] */
  logits: Float32Array;
  /** [nLayer, nHead, T, T], when the graph exports it and internals were asked for. */
  attn?: Float32Array;
  /** [nLayer + 1, T, nEmbd], likewise. */
  resid?: Float32Array;
  dims: { logits: readonly number[]; attn?: readonly number[]; resid?: readonly number[] };
}

/** One pass of model_interp.onnx: as FullResult, after the interventions, plus each head's z. */
export interface InterpResult {
  T: number;
  /** [T, V] */
  logits: Float32Array;
  /** [nLayer, nHead, T, T] */
  attn: Float32Array;
  /** [nLayer + 1, T, nEmbd] */
  resid: Float32Array;
  /** [nLayer, nHead, T, headSize] */
  z: Float32Array;
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

/**
 * What a KV run continues from: a buffer the runner grows in place (graphs with new_kv), or the
 * last run's present_kv (older graphs), which the next run replaces.
 */
type KvState = { buffer: KvBuffer } | { past: TensorLike | undefined };

/** The KV cache of one generation: the window start it was built from and how far it reaches. */
interface KvCache {
  start: number;
  tokens: number;
  state: KvState;
  last?: Float32Array;
}

export class ModelRunner {
  private fullSession: SessionLike | undefined;
  private fullOpening: Promise<SessionLike> | undefined;
  private cache: KvCache | undefined;
  private interpOpening: Promise<SessionLike> | undefined;
  /** The last session run started: runs go one at a time, so a warm-up step never overlaps a learner's. */
  private runTail: Promise<unknown> = Promise.resolve();
  /** Runs asked for by callers (not by warmUp): a warm-up stops at the first. */
  private realRuns = 0;

  private constructor(
    readonly spec: ModelSpec,
    private readonly fullSource: FullSession,
    /** model_kv.onnx, when there is one that opened. */
    private readonly kv: SessionLike | undefined,
    private readonly tensor: MakeTensor,
    /** model_interp.onnx or a function opening it: only the interpretability views ever run it. */
    private readonly interpSource?: FullSession,
  ) {}

  /**
   * A runner whose generation graph has run one token and matches vocab.json, so a broken backend
   * or a vocab.json of another model fails here, before any text is decoded wrongly.
   */
  static async open(spec: ModelSpec, full: FullSession, kv: SessionLike | undefined, tensor: MakeTensor, interp?: FullSession): Promise<ModelRunner> {
    const r = new ModelRunner(spec, full, kv, tensor, interp);
    if (kv) {
      const out = await r.runKv([0], undefined, [KV_IO.logits]);
      checkModelMatchesVocab(spec, { logits: out[KV_IO.logits].dims });
    } else {
      await r.ready();
    }
    return r;
  }

  get hasKvCache(): boolean {
    return this.kv !== undefined;
  }

  /** Whether the full-context graph exports attention / the residual stream (known after ready()). */
  get hasAttention(): boolean {
    return this.fullSession?.outputNames.includes(FULL_IO.attn) ?? false;
  }

  get hasResidual(): boolean {
    return this.fullSession?.outputNames.includes(FULL_IO.resid) ?? false;
  }

  /** Resolves once the full-context graph is open and matches vocab.json (rejects with why not). */
  async ready(): Promise<void> {
    await this.full();
  }

  private full(): Promise<SessionLike> {
    return (this.fullOpening ??= this.openFull());
  }

  private async openFull(): Promise<SessionLike> {
    const f = this.fullSource;
    const s = typeof f === 'function' ? await f() : f;
    const probe = await this.exclusive(s, { [FULL_IO.idx]: this.idx([0]) }, s.outputNames.filter((n) => n === FULL_IO.logits || n === FULL_IO.attn || n === FULL_IO.resid));
    checkModelMatchesVocab(this.spec, { logits: probe[FULL_IO.logits]?.dims ?? [], attn: probe[FULL_IO.attn]?.dims, resid: probe[FULL_IO.resid]?.dims });
    this.fullSession = s;
    return s;
  }

  /**
   * Runs `session` after every run started before it has finished. onnxruntime-web runs on the
   * page's one thread and its sessions share one wasm heap: a warm-up step and a learner's step
   * must not interleave. A learner's run waits for at most one warm-up step.
   */
  private exclusive(session: SessionLike, feeds: Record<string, TensorLike>, fetches: string[], warm = false): Promise<Record<string, TensorLike>> {
    if (!warm) this.realRuns++;
    const run = this.runTail.then(() => session.run(feeds, fetches));
    this.runTail = run.catch(() => undefined);
    return run;
  }

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
    this.realRuns++; // before the await: a warm-up step about to start stands back
    const session = await this.full();
    return this.exclusive(session, { [FULL_IO.idx]: this.idx(ids) }, fetches);
  }

  private async runKv(ids: readonly number[], past: TensorLike | undefined, fetches: string[], warm = false): Promise<Record<string, TensorLike>> {
    const kv = this.kv;
    if (!kv) throw new ModelInputError('no KV-cache model loaded');
    this.checkLength(ids.length, past ? past.dims[3] : 0);
    const pastKv = past ?? this.tensor('float32', new Float32Array(0), kvShape(this.spec, 0));
    return this.exclusive(kv, { [KV_IO.idx]: this.idx(ids), [KV_IO.pastKv]: pastKv }, fetches, warm);
  }

  /**
   * Runs the KV graph over throw-away tokens with the shapes a Generate has (a prompt-sized
   * prefill, one token at a time, and the rebuild of the cache from the half-block window each
   * time the context fills, as nextLogits does), so that the learner's first Generate finds
   * onnxruntime's wasm already tiered up by V8 (its first runs execute baseline code) and its
   * allocator grown to every cache length. Meant for the idle time after the panel says ready:
   * `pause` waits for the page to be idle before each step, and the warm-up stops for good as soon
   * as anything else runs the model (which then waits for at most the step in flight). Uses a
   * cache of its own, never the learner's. Resolves to the number of steps (runs) it made.
   */
  async warmUp(o: { steps?: number; prompt?: number; pause?: () => Promise<void> } = {}): Promise<number> {
    if (!this.kv) return 0;
    const { blockSize, vocabSize } = this.spec;
    const steps = o.steps ?? blockSize + (blockSize >> 1);
    const startRuns = this.realRuns;
    // Past the first window, every token count a Generate runs: the prompt, 1, and the rebuilds.
    let n = Math.max(1, Math.min(o.prompt ?? 32, blockSize));
    let state: KvState | undefined;
    let start = 0;
    let cached = 0;
    let done = 0;
    try {
      while (done < steps) {
        await o.pause?.();
        if (this.realRuns !== startRuns) break;
        const s = contextStart(n, blockSize);
        if (!state || s !== start) {
          if (state) this.disposeKv(state);
          state = this.emptyKv(state);
          start = cached = s;
        }
        const ids = Array.from({ length: n - cached }, (_, i) => (cached + i) % vocabSize);
        await this.stepKv(state, ids, true);
        cached = n++;
        done++;
      }
    } catch {
      // Not the learner's concern: a real run reports its own failure.
    } finally {
      if (state) this.disposeKv(state);
    }
    return done;
  }

  /**
   * One pass of model.onnx over up to blockSize tokens (longer is refused: crop first). With
   * `internals`, attention and the residual stream come too, when the graph exports them.
   */
  async forward(ids: readonly number[], internals = true): Promise<FullResult> {
    await this.ready(); // before choosing outputs: which ones the graph has is known once it is open
    const fetches: string[] = [FULL_IO.logits];
    if (internals && this.hasAttention) fetches.push(FULL_IO.attn);
    if (internals && this.hasResidual) fetches.push(FULL_IO.resid);
    const out = await this.runFull(ids, fetches);
    const logits = out[FULL_IO.logits], attn = out[FULL_IO.attn], resid = out[FULL_IO.resid];
    if (!logits) throw new ModelInputError(`model.onnx has no output "${FULL_IO.logits}"`);
    return {
      T: ids.length,
      logits: logits.data as Float32Array,
      attn: attn?.data as Float32Array | undefined,
      resid: resid?.data as Float32Array | undefined,
      dims: { logits: logits.dims, attn: attn?.dims, resid: resid?.dims },
    };
  }

  /** One pass of model_kv.onnx: new tokens after `past` (undefined for an empty cache). */
  async forwardKv(ids: readonly number[], past?: TensorLike): Promise<{ logits: Float32Array; present: TensorLike; attn: Float32Array }> {
    const out = await this.runKv(ids, past, [KV_IO.logits, KV_IO.presentKv, KV_IO.attn]);
    return { logits: out[KV_IO.logits].data as Float32Array, present: out[KV_IO.presentKv], attn: out[KV_IO.attn].data as Float32Array };
  }

  get hasInterp(): boolean {
    return this.interpSource !== undefined;
  }

  private interp(): Promise<SessionLike> {
    return (this.interpOpening ??= this.openInterp());
  }

  private async openInterp(): Promise<SessionLike> {
    const f = this.interpSource;
    if (!f) throw new ModelInputError('this model has no intervention graph (model_interp.onnx): ablation and patching need it');
    const s = typeof f === 'function' ? await f() : f;
    const wanted = [INTERP_IO.logits, INTERP_IO.attn, INTERP_IO.resid, INTERP_IO.z];
    const missing = wanted.filter((n) => !s.outputNames.includes(n));
    if (missing.length) throw new ModelInputError(`model_interp.onnx lacks the output(s) ${missing.join(', ')}`);
    return s;
  }

  /**
   * One pass of model_interp.onnx with `intervention` (none: the plain model's numbers, exactly).
   * A separate graph, so generation and the looking views never pay for the extra inputs.
   */
  async forwardInterp(ids: readonly number[], intervention: Intervention = {}): Promise<InterpResult> {
    this.checkLength(ids.length);
    const T = ids.length;
    const { nLayer: L, nHead: H, headSize: hs, nEmbd: C } = this.spec;
    const d = denseIntervention(this.spec, T, intervention); // throws on a bad request before any run
    this.realRuns++;
    const session = await this.interp();
    const f = (data: Float32Array, dims: number[]) => this.tensor('float32', data, dims);
    const out = await this.exclusive(session, {
      [INTERP_IO.idx]: this.idx(ids),
      [INTERP_IO.headMask]: f(d.headMask, [L, H]),
      [INTERP_IO.headValue]: f(d.headValue, [L, H, T, hs]),
      [INTERP_IO.residMask]: f(d.residMask, [L + 1, T]),
      [INTERP_IO.residValue]: f(d.residValue, [L + 1, T, C]),
      [INTERP_IO.residAdd]: f(d.residAdd, [L + 1, T, C]),
    }, [INTERP_IO.logits, INTERP_IO.attn, INTERP_IO.resid, INTERP_IO.z]);
    return {
      T,
      logits: out[INTERP_IO.logits].data as Float32Array,
      attn: out[INTERP_IO.attn].data as Float32Array,
      resid: out[INTERP_IO.resid].data as Float32Array,
      z: out[INTERP_IO.z].data as Float32Array,
    };
  }

  /** Forgets the KV cache: the next nextLogits starts from its window again. */
  resetCache(): void {
    if (this.cache) this.disposeKv(this.cache.state);
    this.cache = undefined;
  }

  /**
   * An empty cache. A graph with new_kv gets a buffer of the whole context, grown in place;
   * `reuse` hands back a finished one's buffer (the warm-up's, as its window moves).
   */
  private emptyKv(reuse?: KvState): KvState {
    if (!this.kv?.outputNames.includes(KV_IO.newKv)) return { past: undefined };
    if (reuse && 'buffer' in reuse) {
      reuse.buffer.reset();
      return reuse;
    }
    const { nLayer, nHead, headSize, blockSize } = this.spec;
    return { buffer: new KvBuffer(nLayer * 2 * nHead, headSize, blockSize) };
  }

  private disposeKv(state: KvState): void {
    if ('past' in state) {
      state.past?.dispose?.();
      state.past = undefined;
    }
  }

  /**
   * Runs `ids` after the positions `state` holds and extends it by them. Returns the logits
   * [T, V] (onnxruntime's buffer: the next run may reuse it).
   */
  private async stepKv(state: KvState, ids: readonly number[], warm = false): Promise<Float32Array> {
    if ('buffer' in state) {
      const b = state.buffer;
      const past = this.tensor('float32', b.view(), kvShape(this.spec, b.length));
      const out = await this.runKv(ids, past, [KV_IO.logits, KV_IO.newKv], warm);
      b.append(out[KV_IO.newKv].data as Float32Array, ids.length);
      return out[KV_IO.logits].data as Float32Array;
    }
    const out = await this.runKv(ids, state.past, [KV_IO.logits, KV_IO.presentKv], warm);
    state.past?.dispose?.();
    state.past = out[KV_IO.presentKv];
    return out[KV_IO.logits].data as Float32Array;
  }

  /**
   * Logits [V] for the token after `tokens`, over the window contextStart picks. With the KV
   * cache (mode 'kv' and a KV graph), only the tokens the cache lacks are fed; when the window
   * moves the cache is rebuilt from the new window in one call. The result may be onnxruntime's
   * own buffer, reused by the next run: copy it to keep it.
   */
  async nextLogits(tokens: readonly number[], mode: 'kv' | 'full' = 'kv'): Promise<Float32Array> {
    const { vocabSize: V, blockSize } = this.spec;
    const n = tokens.length;
    if (n === 0) throw new ModelInputError('nothing to continue from: the prompt is empty');
    const start = contextStart(n, blockSize);
    if (mode === 'full' || !this.kv) {
      const window = tokens.slice(start);
      const out = await this.runFull(window, [FULL_IO.logits]);
      return (out[FULL_IO.logits].data as Float32Array).subarray((window.length - 1) * V, window.length * V);
    }
    let c = this.cache;
    // The cache holds only for the same window start and a prefix of what we are given now.
    if (!c || c.start !== start || c.tokens > n) {
      // A moved window reuses the cache's buffer: a long Generate would leave one behind every
      // half context otherwise.
      const old = c?.state;
      if (old) this.disposeKv(old);
      this.cache = undefined;
      c = this.cache = { start, tokens: start, state: this.emptyKv(old) };
    }
    const fresh = tokens.slice(c.tokens);
    if (fresh.length === 0 && c.last) return c.last;
    const logits = await this.stepKv(c.state, fresh);
    c.tokens = n;
    c.last = logits.subarray((fresh.length - 1) * V, fresh.length * V);
    return c.last;
  }

  /** Generates n tokens after `prompt` with the full-context graph, re-running the window each step. */
  async generateFull(prompt: readonly number[], n: number, pick: Pick = argmax): Promise<number[]> {
    return this.generate(prompt, n, pick, 'full');
  }

  /** Generates n tokens with the KV cache, as the playground does (a fresh cache each call). */
  async generateKv(prompt: readonly number[], n: number, pick: Pick = argmax): Promise<number[]> {
    if (!this.kv) throw new ModelInputError('no KV-cache model loaded');
    this.resetCache();
    return this.generate(prompt, n, pick, 'kv');
  }

  private async generate(prompt: readonly number[], n: number, pick: Pick, mode: 'kv' | 'full'): Promise<number[]> {
    const seq = [...prompt];
    for (let step = 0; step < n; step++) seq.push(pick(await this.nextLogits(seq, mode)));
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
