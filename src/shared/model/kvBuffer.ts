// The KV cache kept on the JS side, for a KV graph that hands back only the new positions
// (`new_kv`). onnxruntime-web copies every output out of the wasm heap into a freshly allocated
// typed array: a `present_kv` of the whole cache cost an allocation of up to 512 KB and its copy on
// every token, more than the model's own step. With `new_kv` the output is one position (4 KB) and
// the cache grows in place here, in a buffer sized once for the whole context.

/**
 * past_kv [nLayer, 2, nHead, P, headSize] for a growing P, packed in one Float32Array of the
 * whole context: rows (nLayer * 2 * nHead of them) of P positions each, so the first
 * rows * P * headSize numbers are exactly the `past_kv` the graph reads.
 */
export class KvBuffer {
  private readonly data: Float32Array;
  private held = 0;

  constructor(
    private readonly rows: number,
    private readonly headSize: number,
    readonly capacity: number,
  ) {
    this.data = new Float32Array(rows * capacity * headSize);
  }

  /** Positions held (P). */
  get length(): number {
    return this.held;
  }

  /** past_kv's numbers for the P positions held: a view, valid until the next append or reset. */
  view(): Float32Array {
    return this.data.subarray(0, this.rows * this.held * this.headSize);
  }

  /** Empties the cache, keeping the buffer. */
  reset(): void {
    this.held = 0;
  }

  /**
   * Appends `t` positions given as new_kv [rows, t, headSize]. Each row moves to its wider place
   * (last row first, so no row is overwritten before it has moved) and gets its new positions
   * at its end.
   */
  append(fresh: Float32Array, t: number): void {
    const { rows, headSize: hs, held: p } = this;
    const q = p + t;
    if (q > this.capacity) throw new RangeError(`${q} positions exceed the cache's ${this.capacity}`);
    if (fresh.length !== rows * t * hs) throw new RangeError(`new_kv holds ${fresh.length} numbers, not ${rows} x ${t} x ${hs}`);
    for (let r = rows - 1; r >= 0; r--) {
      if (r > 0 && p > 0) this.data.copyWithin(r * q * hs, r * p * hs, (r + 1) * p * hs);
      this.data.set(fresh.subarray(r * t * hs, (r + 1) * t * hs), r * q * hs + p * hs);
    }
    this.held = q;
  }
}
