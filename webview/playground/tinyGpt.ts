// The tiny GPT behind the playground: a full-context session (logits, attention, residual
// stream for the views) and a KV-cache session for fast generation. Pure of DOM.
import type { InferenceSession, Tensor } from 'onnxruntime-web/wasm';
import type { BackendName, Ort } from './runtime';
import type { ModelMeta } from './vocab';
import { contextStart } from './vocab';
import { FULL_IO, KV_IO, kvShape } from '../../src/model/modelInterface';
import { checkModelMatchesVocab } from '../../src/model/vocab';

export const IO = {
  full: FULL_IO,
  kv: { idx: KV_IO.idx, past: KV_IO.pastKv, logits: KV_IO.logits, present: KV_IO.presentKv, attn: KV_IO.attn },
} as const;

export interface FullOutput {
  T: number;
  /** [T, V] */
  logits: Float32Array;
  /** [nLayer, nHead, T, T] when the model exports attention. */
  attn?: Float32Array;
  /** [nLayer + 1, T, C] when the model exports the residual stream. */
  resid?: Float32Array;
}

export class TinyGpt {
  private cache: { start: number; tokens: number; past: Tensor; last?: Float32Array } | undefined;
  private fullSession: InferenceSession | undefined;
  private fullOpening: Promise<InferenceSession> | undefined;

  private constructor(
    private readonly ort: Ort,
    private readonly kvSession: InferenceSession | undefined,
    readonly meta: ModelMeta,
    readonly backend: BackendName,
    private readonly fullBytes: Uint8Array,
    private readonly opts: InferenceSession.SessionOptions,
  ) {}

  /** Whether the full-context graph exports attention / the residual stream (after ready()). */
  get hasAttention(): boolean {
    return this.fullSession?.outputNames.includes(IO.full.attn) ?? false;
  }

  get hasResidual(): boolean {
    return this.fullSession?.outputNames.includes(IO.full.resid) ?? false;
  }

  /**
   * The full-context graph (attention, logit lens, induction), opened on first use: generation
   * needs only the KV graph, and opening both up front would hold the first token back by the
   * second session's creation (onnxruntime-web runs it on this same thread).
   */
  private get fullReady(): Promise<InferenceSession> {
    return (this.fullOpening ??= this.openFull(this.fullBytes, this.opts));
  }

  /** Resolves once the full-context graph is loaded (rejects with why it cannot be). */
  async ready(): Promise<void> {
    await this.fullReady;
  }

  private async openFull(full: Uint8Array, opts: InferenceSession.SessionOptions): Promise<InferenceSession> {
    const s = await this.ort.InferenceSession.create(full, opts);
    // One probe run: a vocab.json of another model would otherwise decode every token wrongly.
    const probe = await s.run({ [IO.full.idx]: this.ids([0]) });
    checkModelMatchesVocab(this.meta.spec, { logits: probe[IO.full.logits]?.dims, attn: probe[IO.full.attn]?.dims, resid: probe[IO.full.resid]?.dims });
    this.fullSession = s;
    return s;
  }

  /**
   * Creates the session generation uses and runs one token through it, so a broken backend fails
   * here. With a KV graph that is all; the full-context graph opens when a view first asks.
   */
  static async create(ort: Ort, backend: BackendName, meta: ModelMeta, full: Uint8Array, kv?: Uint8Array, externalData: { path: string; data: Uint8Array }[] = []): Promise<TinyGpt> {
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
    const gpt = new TinyGpt(ort, kvSession, meta, backend, full, opts);
    if (kvSession) {
      const logits = await gpt.nextLogits([0], 'kv');
      checkModelMatchesVocab(meta.spec, { logits: [1, 1, logits.length] });
      gpt.resetCache();
    } else {
      await gpt.ready();
    }
    return gpt;
  }

  get hasKvCache(): boolean {
    return this.kvSession !== undefined;
  }

  private ids(tokens: number[]): Tensor {
    return new this.ort.Tensor('int64', BigInt64Array.from(tokens, (t) => BigInt(t)), [1, tokens.length]);
  }

  /** One full-context pass over (the last block_size of) tokens; `internals` asks for attn/resid too. */
  async forward(tokens: number[], internals = true): Promise<FullOutput> {
    const window = tokens.slice(Math.max(0, tokens.length - this.meta.blockSize));
    const session = await this.fullReady;
    const names: string[] = [IO.full.logits];
    if (internals && this.hasAttention) names.push(IO.full.attn);
    if (internals && this.hasResidual) names.push(IO.full.resid);
    const out = await session.run({ [IO.full.idx]: this.ids(window) }, names);
    return {
      T: window.length,
      logits: out[IO.full.logits].data as Float32Array,
      attn: out[IO.full.attn]?.data as Float32Array | undefined,
      resid: out[IO.full.resid]?.data as Float32Array | undefined,
    };
  }

  resetCache(): void {
    this.cache?.past.dispose();
    this.cache = undefined;
  }

  /**
   * Logits [V] for the token after `tokens`. With the KV cache, only the tokens the cache lacks
   * are fed; when the window moves (see contextStart) the cache is rebuilt from the new window.
   */
  async nextLogits(tokens: number[], mode: 'kv' | 'full' = 'kv'): Promise<Float32Array> {
    const { V, blockSize } = this.meta;
    const n = tokens.length;
    if (n === 0) throw new Error('nothing to continue from: the prompt is empty');
    const start = contextStart(n, blockSize);
    if (mode === 'full' || !this.kvSession) {
      const window = tokens.slice(start);
      const out = await (await this.fullReady).run({ [IO.full.idx]: this.ids(window) }, [IO.full.logits]);
      return (out[IO.full.logits].data as Float32Array).subarray((window.length - 1) * V, window.length * V);
    }
    let c = this.cache;
    // The cache is valid only for the same window start and a prefix of what we are given now.
    if (!c || c.start !== start || c.tokens > n) {
      this.resetCache();
      const empty = new this.ort.Tensor('float32', new Float32Array(0), kvShape(this.meta.spec, 0));
      c = this.cache = { start, tokens: start, past: empty };
    }
    const fresh = tokens.slice(c.tokens);
    if (fresh.length === 0 && c.last) return c.last;
    const out = await this.kvSession.run({ [IO.kv.idx]: this.ids(fresh), [IO.kv.past]: c.past }, [IO.kv.logits, IO.kv.present]);
    c.past.dispose();
    c.past = out[IO.kv.present];
    c.tokens = n;
    const logits = out[IO.kv.logits].data as Float32Array;
    c.last = logits.subarray((fresh.length - 1) * V, fresh.length * V);
    return c.last;
  }

  async release(): Promise<void> {
    this.resetCache();
    await (await this.fullOpening?.catch(() => undefined))?.release();
    await this.kvSession?.release();
  }
}
