// Interventions on the tiny GPT as the interp graph takes them (INTERP_IO): a sparse description a
// view can build by hand (which heads, which residual positions, what to add) turned into the
// graph's five dense inputs, checked first so a bad request says what is wrong instead of running.
// Pure: the webview and the tests share it.
import type { ModelSpec } from './modelInterface';

/** Head (layer, head)'s z replaced: value is head_size numbers (the same at every position) or T * head_size. */
export interface HeadReplacement {
  layer: number;
  head: number;
  value: Float32Array;
}

/** Residual stream `layer` (0 = after the embeddings, l + 1 = after block l) at `pos` replaced by value [n_embd]. */
export interface ResidPatch {
  layer: number;
  pos: number;
  value: Float32Array;
}

/** value [n_embd] added to residual stream `layer` at `pos`, or at every position when pos is left out (steering). */
export interface ResidAddition {
  layer: number;
  pos?: number;
  value: Float32Array;
}

export interface Intervention {
  heads?: readonly HeadReplacement[];
  resid?: readonly ResidPatch[];
  add?: readonly ResidAddition[];
}

export interface DenseIntervention {
  headMask: Float32Array; // [L, H]
  headValue: Float32Array; // [L, H, T, hs]
  residMask: Float32Array; // [L + 1, T]
  residValue: Float32Array; // [L + 1, T, C]
  residAdd: Float32Array; // [L + 1, T, C]
}

export class InterventionError extends Error {
  override name = 'InterventionError';
}

/** Zero-ablation of a head: its z set to 0 at every position. */
export function zeroHead(spec: ModelSpec, layer: number, head: number): HeadReplacement {
  return { layer, head, value: new Float32Array(spec.headSize) };
}

/** The mean of head (layer, head)'s z over the T positions of a run's z output [L, H, T, hs]: for mean-ablation. */
export function meanHeadZ(spec: ModelSpec, z: Float32Array, T: number, layer: number, head: number): Float32Array {
  const hs = spec.headSize;
  const out = new Float32Array(hs);
  const base = (layer * spec.nHead + head) * T * hs;
  for (let t = 0; t < T; t++) for (let i = 0; i < hs; i++) out[i] += z[base + t * hs + i] / T;
  return out;
}

/** Head (layer, head)'s z over all T positions, from a run's z output: for head patching. */
export function headZ(spec: ModelSpec, z: Float32Array, T: number, layer: number, head: number): Float32Array {
  const n = T * spec.headSize;
  const base = (layer * spec.nHead + head) * n;
  return z.slice(base, base + n);
}

/** Residual stream `layer` at `pos`, from a run's resid output [L + 1, T, C]: for residual patching. */
export function residAt(spec: ModelSpec, resid: Float32Array, T: number, layer: number, pos: number): Float32Array {
  const C = spec.nEmbd;
  const base = (layer * T + pos) * C;
  return resid.slice(base, base + C);
}

function checkIndex(what: string, i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new InterventionError(`${what} ${i} is out of range (0..${n - 1})`);
}

function checkValue(what: string, v: Float32Array, lengths: number[]): void {
  if (!lengths.includes(v.length)) throw new InterventionError(`${what}: ${v.length} values, expected ${lengths.join(' or ')}`);
  if (!v.every(Number.isFinite)) throw new InterventionError(`${what}: a value is not a finite number`);
}

/** The graph's inputs for `iv` on T positions; all zeros (no intervention) when iv is empty. */
export function denseIntervention(spec: ModelSpec, T: number, iv: Intervention = {}): DenseIntervention {
  const { nLayer: L, nHead: H, headSize: hs, nEmbd: C } = spec;
  const d: DenseIntervention = {
    headMask: new Float32Array(L * H),
    headValue: new Float32Array(L * H * T * hs),
    residMask: new Float32Array((L + 1) * T),
    residValue: new Float32Array((L + 1) * T * C),
    residAdd: new Float32Array((L + 1) * T * C),
  };
  for (const h of iv.heads ?? []) {
    checkIndex('layer', h.layer, L);
    checkIndex('head', h.head, H);
    checkValue(`head ${h.layer}.${h.head}`, h.value, [hs, T * hs]);
    const lh = h.layer * H + h.head;
    d.headMask[lh] = 1;
    for (let t = 0; t < T; t++) d.headValue.set(h.value.length === hs ? h.value : h.value.subarray(t * hs, (t + 1) * hs), (lh * T + t) * hs);
  }
  for (const r of iv.resid ?? []) {
    checkIndex('residual layer', r.layer, L + 1);
    checkIndex('position', r.pos, T);
    checkValue(`residual ${r.layer} at ${r.pos}`, r.value, [C]);
    d.residMask[r.layer * T + r.pos] = 1;
    d.residValue.set(r.value, (r.layer * T + r.pos) * C);
  }
  for (const a of iv.add ?? []) {
    checkIndex('residual layer', a.layer, L + 1);
    if (a.pos !== undefined) checkIndex('position', a.pos, T);
    checkValue(`addition to residual ${a.layer}`, a.value, [C]);
    for (let t = a.pos ?? 0; t < (a.pos === undefined ? T : a.pos + 1); t++) {
      const o = (a.layer * T + t) * C;
      for (let i = 0; i < C; i++) d.residAdd[o + i] += a.value[i];
    }
  }
  return d;
}

/**
 * The heads in `off` knocked out: zero-ablation, or mean-ablation with each head's mean z over a
 * reference run (its z output [L, H, Tref, hs]), which disturbs the residual stream less.
 */
export function ablation(spec: ModelSpec, off: ReadonlyArray<readonly [number, number]>, mode: 'zero' | 'mean', reference?: { z: Float32Array; T: number }): HeadReplacement[] {
  if (mode === 'mean' && !reference) throw new InterventionError('mean-ablation needs a reference run');
  return off.map(([l, h]) => (mode === 'zero' || !reference ? zeroHead(spec, l, h) : { layer: l, head: h, value: meanHeadZ(spec, reference.z, reference.T, l, h) }));
}
