// Direct logit attribution: the residual stream before ln_f is a sum (embeddings, each head's
// output through c_proj, each attention bias, each MLP), so each term's share of one token's
// logit can be read off. ln_f is folded in the usual way: every term is centred and divided by
// the scale ln_f computed on the whole residual, then dotted with gamma * W_U[token]; with ln_f's
// bias term the parts add up to the logit. Pure: the webview and the tests share it.
import type { ModelSpec } from './modelInterface';
import type { InterpResult } from './runner';

export interface DlaWeights {
  /** Per layer: c_proj weight [C out, C in] and bias [C]. */
  cProj: Array<{ weight: Float32Array; bias: Float32Array }>;
  gamma: Float32Array;
  beta: Float32Array;
  /** [V, C], tied to wte. */
  unembed: Float32Array;
}

export interface Attribution {
  pos: number;
  token: number;
  embed: number;
  /** [layer][head] */
  heads: number[][];
  attnBias: number[];
  mlp: number[];
  lnBias: number;
  /** Sum of every part: the logit, up to float rounding. */
  total: number;
}

/**
 * The weights DLA needs, by their state-dict names (the shipped graphs keep them as
 * `<name>` or `<name>_fp16`); a string says which one is missing.
 */
export function dlaWeights(spec: ModelSpec, read: (name: string) => Float32Array | undefined): DlaWeights | string {
  const get = (n: string) => read(n) ?? read(`${n}_fp16`);
  const need = (n: string, len: number) => {
    const a = get(n);
    if (!a || a.length !== len) throw new Error(n);
    return a;
  };
  const C = spec.nEmbd;
  try {
    return {
      cProj: Array.from({ length: spec.nLayer }, (_, l) => ({ weight: need(`h.${l}.attn.c_proj.weight`, C * C), bias: need(`h.${l}.attn.c_proj.bias`, C) })),
      gamma: need('ln_f.weight', C),
      beta: need('ln_f.bias', C),
      unembed: need('wte.weight', spec.vocabSize * C),
    };
  } catch (e) {
    return `the model has no readable weight ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function directLogitAttribution(spec: ModelSpec, w: DlaWeights, run: Pick<InterpResult, 'T' | 'z' | 'resid'>, pos: number, token: number): Attribution {
  const { nLayer: L, nHead: H, headSize: hs, nEmbd: C } = spec;
  const T = run.T;
  const residAt = (l: number) => run.resid.subarray((l * T + pos) * C, (l * T + pos + 1) * C);
  const xf = residAt(L);
  let mu = 0;
  for (let i = 0; i < C; i++) mu += xf[i] / C;
  let v = 0;
  for (let i = 0; i < C; i++) v += (xf[i] - mu) ** 2 / C;
  const scale = Math.sqrt(v + 1e-5);
  const dir = new Float64Array(C);
  for (let i = 0; i < C; i++) dir[i] = w.gamma[i] * w.unembed[token * C + i];
  const score = (u: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < C; i++) m += u[i] / C;
    let s = 0;
    for (let i = 0; i < C; i++) s += (u[i] - m) * dir[i];
    return s / scale;
  };
  const heads: number[][] = [], attnBias: number[] = [], mlp: number[] = [];
  for (let l = 0; l < L; l++) {
    const { weight, bias } = w.cProj[l];
    const attnOut = new Float64Array(C).fill(0);
    for (let i = 0; i < C; i++) attnOut[i] = bias[i];
    const row: number[] = [];
    for (let h = 0; h < H; h++) {
      const z = run.z.subarray(((l * H + h) * T + pos) * hs, ((l * H + h) * T + pos + 1) * hs);
      const out = new Float64Array(C);
      for (let i = 0; i < C; i++) {
        let s = 0;
        for (let j = 0; j < hs; j++) s += weight[i * C + h * hs + j] * z[j];
        out[i] = s;
        attnOut[i] += s;
      }
      row.push(score(out));
    }
    heads.push(row);
    attnBias.push(score(bias));
    // The MLP's output is what the block added beyond attention.
    const before = residAt(l), after = residAt(l + 1);
    const m = new Float64Array(C);
    for (let i = 0; i < C; i++) m[i] = after[i] - before[i] - attnOut[i];
    mlp.push(score(m));
  }
  let lnBias = 0;
  for (let i = 0; i < C; i++) lnBias += w.beta[i] * w.unembed[token * C + i];
  const embed = score(residAt(0));
  const total = embed + heads.flat().reduce((a, b) => a + b, 0) + attnBias.reduce((a, b) => a + b, 0) + mlp.reduce((a, b) => a + b, 0) + lnBias;
  return { pos, token, embed, heads, attnBias, mlp, lnBias, total };
}
