// Show My Model for the exercises with their own show_my_model.py (MyModel.own): the learner's
// head-patching heatmap beside the one this panel computes with src/shared/model/patching.ts, the
// next-token distribution of their cached decode beside the model's, and their RoPE scores
// against the query-key offset beside RoPE computed here. The pure parts are exported for tests.
import type { OwnCachedNext, OwnHeadPatching, OwnResult, OwnRopeScores } from '../../../src/shared/protocols/playground';
import { headPatchSweep, patchRuns } from '../../../src/shared/model/patching';
import { compareValues, topPredictions } from '../analysis';
import type { ViewContext } from '../context';
import { charLabel, encode, tokenLabel } from '../vocab';
import { chartBox, el, prepareCanvas, themeColor, viridis } from './draw';

/**
 * Normalised patching scores from the learner's float64 numpy and float32 onnxruntime agree to
 * ~1e-5 on the tiny GPT; next-token probabilities to ~1e-6; RoPE scores of unit-size vectors to ~1e-6.
 */
export const OWN_TOLERANCE = { 'head-patching': 1e-3, 'cached-next': 1e-4, 'rope-scores': 1e-4 } as const;

/** What a rendering reports back to the view: the score line and what the export carries. */
export interface OwnOutcome {
  /** Share of values within tolerance of the model's, when there was something to compare. */
  match?: number;
  summary: string;
  good: boolean;
  json: unknown;
  canvas?: HTMLCanvasElement;
}

/** The hottest cell of a row-major grid. */
export function hottestCell(values: ArrayLike<number>, cols: number): { row: number; col: number; value: number } {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return { row: Math.floor(best / cols), col: best % cols, value: values[best] };
}

/**
 * RoPE as the exercise defines it (neighbouring dimensions paired, frequency base^(-2i/d)):
 * the score of q at position m with k at m - offset, divided by sqrt(d), for each offset.
 */
export function ropeScores(q: readonly number[], k: readonly number[], m: number, offsets: readonly number[], base: number): number[] {
  const d = q.length;
  const rotate = (x: readonly number[], pos: number): number[] => {
    const out = new Array<number>(d);
    for (let i = 0; i < d / 2; i++) {
      const a = pos * base ** (-(2 * i) / d);
      const c = Math.cos(a), s = Math.sin(a);
      out[2 * i] = x[2 * i] * c - x[2 * i + 1] * s;
      out[2 * i + 1] = x[2 * i] * s + x[2 * i + 1] * c;
    }
    return out;
  };
  const qr = rotate(q, m);
  return offsets.map((o) => {
    const kr = rotate(k, m - o);
    let dot = 0;
    for (let i = 0; i < d; i++) dot += qr[i] * kr[i];
    return dot / Math.sqrt(d);
  });
}

/** The largest gap, at any one offset, between the curves of different query positions: 0 when only the offset matters. */
export function spreadAcrossRows(rows: readonly (readonly number[])[]): number {
  let spread = 0;
  for (let j = 0; j < (rows[0]?.length ?? 0); j++) {
    const col = rows.map((r) => r[j]);
    spread = Math.max(spread, Math.max(...col) - Math.min(...col));
  }
  return spread;
}

const fmtErr = (e: number) => (e < 0.01 ? e.toExponential(1) : e.toPrecision(3));
const pct = (share: number) => (share === 1 ? '100' : Math.min(99.99, share * 100).toFixed(share > 0.999 ? 2 : 1));

interface Geometry { x0: number; y0: number; cw: number; ch: number; rows: number; cols: number }

/** A layer x head grid of normalised scores, numbers in the cells (colour clamped to 0..1). */
function drawGrid(canvas: HTMLCanvasElement, values: ArrayLike<number>, rows: number, cols: number, title: string): Geometry {
  const cw = 56, ch = 40, x0 = 40, y0 = 40;
  const ctx = prepareCanvas(canvas, Math.max(x0 + cols * cw + 16, 240), y0 + rows * ch + 16);
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.fillStyle = fg;
  ctx.fillText(title, 4, 10);
  ctx.textAlign = 'center';
  for (let c = 0; c < cols; c++) ctx.fillText(`H${c}`, x0 + c * cw + cw / 2, y0 - 10);
  for (let r = 0; r < rows; r++) {
    ctx.fillStyle = fg;
    ctx.fillText(`L${r}`, x0 / 2, y0 + r * ch + ch / 2);
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      ctx.fillStyle = viridis(Math.max(0, Math.min(1, v)));
      ctx.fillRect(x0 + c * cw, y0 + r * ch, cw - 1, ch - 1);
      ctx.fillStyle = v > 0.6 ? '#000' : '#fff';
      ctx.fillText(v.toFixed(2), x0 + c * cw + cw / 2, y0 + r * ch + ch / 2);
    }
  }
  ctx.textAlign = 'left';
  return { x0, y0, cw, ch, rows, cols };
}

function figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
  const fig = el('figure');
  fig.append(chartBox(canvas), el('figcaption', {}, caption));
  return fig;
}

async function headPatching(ctx: ViewContext, own: OwnHeadPatching, live: boolean, body: HTMLElement): Promise<OwnOutcome> {
  const { meta, gpt } = ctx;
  const { nLayer: L, nHead: H } = own;
  body.append(el('p', { class: 'muted' },
    `Clean ${JSON.stringify(own.clean)}, corrupted ${JSON.stringify(own.corrupted)}; metric logit(${JSON.stringify(own.good)}) - logit(${JSON.stringify(own.bad)}) at the last position. ` +
    'Each cell: the corrupted run with that head\'s output taken from the clean run, scored (patched - corrupted) / (clean - corrupted). ' +
    'The Patching view runs the same sweep on any prompts you type.'));
  const grids = el('div', { class: 'grids' });
  body.append(grids);
  const yours = own.mine ? Float32Array.from(own.mine.flat()) : undefined;
  let yourCanvas: HTMLCanvasElement | undefined;
  if (yours) {
    yourCanvas = el('canvas', { id: 'mine-patch-yours', role: 'img', 'aria-label': 'Your head patching heatmap', class: 'mine-yours' }) as HTMLCanvasElement;
    drawGrid(yourCanvas, yours, L, H, 'Yours (patch_heads)');
    const hot = hottestCell(yours, H);
    Object.assign(yourCanvas.dataset, { hotRow: String(hot.row), hotCol: String(hot.col), hotValue: hot.value.toFixed(4) });
    grids.append(figure(yourCanvas, own.cleanMetric !== undefined && own.corruptedMetric !== undefined
      ? `Yours: metric clean ${own.cleanMetric.toFixed(2)}, corrupted ${own.corruptedMetric.toFixed(2)}` : 'Yours'));
  }
  const json = { clean: own.clean, corrupted: own.corrupted, good: own.good, bad: own.bad, yours: own.mine } as Record<string, unknown>;
  const why = !live ? 'your code ran on other weights than this panel\'s model'
    : !gpt.hasInterp ? 'this model has no intervention graph (model_interp.onnx)'
      : meta.nLayer !== L || meta.nHead !== H ? `this model has ${meta.nLayer} x ${meta.nHead} heads, yours ${L} x ${H}` : undefined;
  if (why) return { summary: `${yours ? 'Your heatmap' : 'Nothing of yours to show yet'}; the model's side is not shown: ${why}.`, good: false, json, canvas: yourCanvas };
  let sweep;
  try {
    const ids = (text: string) => [...text].map((c) => {
      const i = meta.chars.indexOf(c);
      if (i < 0) throw new Error(`the model has no character ${JSON.stringify(c)}`);
      return i;
    });
    const clean = ids(own.clean), corrupted = ids(own.corrupted);
    const metric = { pos: clean.length - 1, good: ids(own.good)[0], bad: ids(own.bad)[0] };
    sweep = await headPatchSweep(gpt, corrupted, await patchRuns(gpt, clean, corrupted, metric), metric);
  } catch (e) {
    return { summary: `The model's heatmap could not be computed: ${e instanceof Error ? e.message : String(e)}.`, good: false, json, canvas: yourCanvas };
  }
  const modelCanvas = el('canvas', { id: 'mine-patch-model', role: 'img', 'aria-label': 'The model\'s head patching heatmap', class: 'mine-model' }) as HTMLCanvasElement;
  drawGrid(modelCanvas, sweep.values, L, H, 'The model (this panel, patching.ts)');
  const hot = hottestCell(sweep.values, H);
  Object.assign(modelCanvas.dataset, { hotRow: String(hot.row), hotCol: String(hot.col), hotValue: hot.value.toFixed(4) });
  grids.append(figure(modelCanvas, `The model: metric clean ${sweep.clean.toFixed(2)}, corrupted ${sweep.corrupted.toFixed(2)}`));
  json.model = Array.from({ length: L }, (_, l) => Array.from(sweep.values.subarray(l * H, (l + 1) * H)));
  const where = `layer ${hot.row} head ${hot.col} (${hot.value.toFixed(2)})`;
  if (!yours) return { summary: `Nothing of yours to compare yet; the model's hottest head is ${where}.`, good: false, json, canvas: modelCanvas };
  const s = compareValues(yours, sweep.values, OWN_TOLERANCE['head-patching']);
  return {
    match: s.match,
    good: s.match === 1,
    summary: `${pct(s.match)}% of your ${L * H} cells match the model's (tolerance ${OWN_TOLERANCE['head-patching']}, largest error ${fmtErr(s.maxAbsError)}). The model's hottest head: ${where}.`,
    json,
    canvas: yourCanvas,
  };
}

async function cachedNext(ctx: ViewContext, own: OwnCachedNext, live: boolean, body: HTMLElement): Promise<OwnOutcome> {
  const { meta, gpt } = ctx;
  body.append(el('p', {}, `After "${own.prompt.slice(-40)}": your forward_with_cache took the first ${own.prefill} characters as one prefill and the other ${own.tokens.length - own.prefill} one at a time; here is what it predicts next, beside the model's full recompute.`));
  const json: Record<string, unknown> = { prompt: own.prompt, prefill: own.prefill, yours: own.top };
  let model: Float32Array | undefined;
  let ranked: { token: number; p: number }[] = [];
  let why: string | undefined;
  if (!live) why = 'your code ran on other weights than this panel\'s model';
  else if (own.probs && own.probs.length !== meta.V) why = `your distribution has ${own.probs.length} entries, this model's vocabulary ${meta.V}`;
  else {
    const ids = encode(meta, own.prompt).ids;
    try {
      const out = await gpt.forward(ids, false);
      const V = meta.V;
      const last = out.logits.subarray((ids.length - 1) * V, ids.length * V);
      model = new Float32Array(V);
      ranked = topPredictions(last, V);
      for (const { token, p } of ranked) model[token] = p;
    } catch (e) {
      why = `the model could not run on this prompt: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const table = el('table', { id: 'mine-top', class: 'lens' });
  const head = el('tr');
  head.append(el('th', {}, 'next character'), el('th', {}, 'the model'), el('th', {}, 'yours (cached)'));
  table.append(head);
  const fmt = (p?: number) => (p === undefined ? '–' : `${(p * 100).toFixed(1)}%`);
  const rows = model
    ? ranked.slice(0, 10).map(({ token, p }) => ({ label: tokenLabel(meta, token), model: p, yours: own.probs?.[token] }))
    : (own.top ?? []).map((t) => ({ label: charLabel(t.token), model: undefined, yours: t.p }));
  for (const r of rows) {
    const tr = el('tr');
    tr.append(el('td', {}, r.label), el('td', {}, fmt(r.model)), el('td', {}, fmt(r.yours)));
    table.append(tr);
  }
  body.append(table);
  if (!model) return { summary: `${own.probs ? 'Your distribution' : 'Nothing of yours to show yet'}; the model's is not shown: ${why ?? 'no model output'}.`, good: false, json };
  json.model = Array.from(model);
  if (!own.probs) return { summary: 'Nothing of yours to compare yet; here is the model\'s distribution.', good: false, json };
  const s = compareValues(own.probs, model, OWN_TOLERANCE['cached-next']);
  return {
    match: s.match,
    good: s.match === 1,
    summary: `${pct(s.match)}% of your ${meta.V} next-character probabilities match the model's full recompute (tolerance ${OWN_TOLERANCE['cached-next']}, largest error ${fmtErr(s.maxAbsError)}).`,
    json,
  };
}

/** One line per query position (yours, solid) and RoPE computed here (dashed), score against offset. */
function drawRope(canvas: HTMLCanvasElement, own: OwnRopeScores, reference: number[][]): void {
  const W = 480, Hh = 280, x0 = 50, y0 = 24, w = W - x0 - 160, h = Hh - y0 - 40;
  const ctx = prepareCanvas(canvas, W, Hh);
  const all = [...reference.flat(), ...(own.mine ?? []).flat()];
  const lo = Math.min(...all), hi = Math.max(...all);
  const span = hi - lo || 1;
  const maxOff = Math.max(...own.offsets), minOff = Math.min(...own.offsets);
  const X = (o: number) => x0 + ((o - minOff) / (maxOff - minOff || 1)) * w;
  const Y = (v: number) => y0 + h - ((v - lo) / span) * h;
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.strokeStyle = fg;
  ctx.fillStyle = fg;
  ctx.strokeRect(x0, y0, w, h);
  ctx.fillText(`score ${hi.toFixed(2)}`, 2, y0);
  ctx.fillText(lo.toFixed(2), 2, y0 + h);
  ctx.fillText(`offset (query - key position), ${minOff} to ${maxOff}`, x0, y0 + h + 20);
  const colours = ['#4fc1ff', '#f4a261', '#b5e48c', '#e76f51', '#c77dff'];
  const line = (ys: number[], colour: string, dashed: boolean) => {
    ctx.strokeStyle = colour;
    ctx.setLineDash(dashed ? [5, 4] : []);
    ctx.lineWidth = dashed ? 1 : 2;
    ctx.beginPath();
    ys.forEach((v, i) => (i ? ctx.lineTo(X(own.offsets[i]), Y(v)) : ctx.moveTo(X(own.offsets[i]), Y(v))));
    ctx.stroke();
  };
  (own.mine ?? []).forEach((row, r) => line(row, colours[r % colours.length], false));
  line(reference[0], fg, true);
  ctx.setLineDash([]);
  own.queryPositions.forEach((m, r) => {
    ctx.fillStyle = colours[r % colours.length];
    ctx.fillText(`yours, query at ${m}`, x0 + w + 10, y0 + 10 + r * 18);
  });
  ctx.fillStyle = fg;
  ctx.fillText('- - RoPE (here)', x0 + w + 10, y0 + 10 + own.queryPositions.length * 18);
}

function ropeView(own: OwnRopeScores, body: HTMLElement): OwnOutcome {
  body.append(el('p', {}, `One fixed query and key (${own.headDim} dimensions), the query placed at positions ${own.queryPositions.join(', ')} and the key offset positions before it. ` +
    'If the score depends only on the offset, as RoPE promises, the curves of the different query positions lie on top of each other.'));
  const reference = own.queryPositions.map((m) => ropeScores(own.q, own.k, m, own.offsets, own.base));
  const canvas = el('canvas', { id: 'mine-rope', role: 'img', 'aria-label': 'Your RoPE scores against the offset' }) as HTMLCanvasElement;
  drawRope(canvas, own, reference);
  body.append(figure(canvas, 'Score of the same q and k against their offset'));
  const json = { queryPositions: own.queryPositions, offsets: own.offsets, yours: own.mine, rope: reference[0] };
  if (!own.mine) return { summary: 'Nothing of yours to show yet; the dashed line is RoPE computed here.', good: false, json, canvas };
  const spread = spreadAcrossRows(own.mine);
  canvas.dataset.spread = String(spread);
  const s = compareValues(own.mine.flat(), reference.flat(), OWN_TOLERANCE['rope-scores']);
  const shift = spread <= OWN_TOLERANCE['rope-scores']
    ? 'your curves lie on one another: the score depends only on the offset'
    : `your curves differ by up to ${fmtErr(spread)} at the same offset: the score depends on where the pair sits, not only on how far apart`;
  return {
    match: s.match,
    good: s.match === 1,
    summary: `${pct(s.match)}% of your scores match RoPE computed here (tolerance ${OWN_TOLERANCE['rope-scores']}); ${shift}.`,
    json,
    canvas,
  };
}

/** Draws `own` into body and says how it compares. */
export function renderOwn(ctx: ViewContext, own: OwnResult, live: boolean, body: HTMLElement): Promise<OwnOutcome> {
  if (own.kind === 'head-patching') return headPatching(ctx, own, live, body);
  if (own.kind === 'cached-next') return cachedNext(ctx, own, live, body);
  return Promise.resolve(ropeView(own, body));
}
