// Activation patching: a clean and a corrupted prompt of the same length, a metric (the logit
// difference of two tokens at the last position), and two sweeps that patch one activation at a
// time from the clean run into the corrupted one: the residual stream at each (layer, position)
// and each head's output at each (layer, head). 1 = fully restored, 0 = no effect.
import { headPatchSweep, hottest, inductionPair, patchRuns, residPatchSweep, type LogitDiffMetric, type Sweep } from '../../../src/shared/model/patching';
import type { PatchState } from '../../../src/shared/model/interpState';
import { repeatedSequence } from '../analysis';
import { type ViewContext, viewFooter } from '../context';
import type { InterpView } from './ablateView';
import { chartBox, el, prepareCanvas, themeColor, viridis } from './draw';
import { streamPlace } from './layers';

/** The standard demo: a random run, then its start again; the corrupted run changes the character the second copy should copy. */
export function inductionDemo(chars: readonly string[], seed = 1, n = 16): PatchState {
  const avoid = chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
  const run = repeatedSequence(chars.length, n, seed, avoid).slice(0, n);
  const p = n / 2;
  let replacement = (run[p + 1] + 7) % chars.length;
  while (chars[replacement] === '\n' || replacement === run[p + 1]) replacement = (replacement + 1) % chars.length;
  const { clean, corrupted, metric } = inductionPair(run, p, replacement);
  const text = (ids: number[]) => ids.slice(0, metric.pos + 1).map((i) => chars[i]).join('');
  return { clean: text(clean), corrupted: text(corrupted), good: chars[metric.good], bad: chars[metric.bad] };
}

interface Geometry {
  x0: number;
  y0: number;
  cw: number;
  ch: number;
  rows: number;
  cols: number;
}

/** A rows x cols heatmap of normalised values (clamped to [0, 1] for colour; the numbers are not). */
function drawSweep(canvas: HTMLCanvasElement, s: Sweep, rowLabel: (r: number) => string, colLabel: (c: number) => string, title: string): Geometry {
  const cw = s.cols > 8 ? Math.max(10, Math.min(22, Math.floor(640 / s.cols))) : 56;
  const ch = s.cols > 8 ? 22 : 56;
  const x0 = 44, y0 = 40;
  const ctx = prepareCanvas(canvas, x0 + s.cols * cw + 20, y0 + s.rows * ch + 40);
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.fillStyle = fg;
  ctx.fillText(title, 4, 10);
  ctx.textAlign = 'center';
  for (let c = 0; c < s.cols; c++) ctx.fillText(colLabel(c), x0 + c * cw + cw / 2, y0 - 10);
  for (let r = 0; r < s.rows; r++) {
    ctx.fillStyle = fg;
    ctx.fillText(rowLabel(r), x0 / 2, y0 + r * ch + ch / 2);
    for (let c = 0; c < s.cols; c++) {
      const v = s.values[r * s.cols + c];
      ctx.fillStyle = viridis(v);
      ctx.fillRect(x0 + c * cw, y0 + r * ch, cw - 1, ch - 1);
      if (cw >= 40) {
        ctx.fillStyle = v > 0.6 ? '#000' : '#fff';
        ctx.fillText(v.toFixed(2), x0 + c * cw + cw / 2, y0 + r * ch + ch / 2);
      }
    }
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = fg;
  ctx.fillText('0 = no effect, 1 = fully restored (colour clamped to 0..1; hover for the value)', x0, y0 + s.rows * ch + 20);
  return { x0, y0, cw, ch, rows: s.rows, cols: s.cols };
}

function cellAt(g: Geometry, x: number, y: number): { r: number; c: number } | undefined {
  const c = Math.floor((x - g.x0) / g.cw), r = Math.floor((y - g.y0) / g.ch);
  return r >= 0 && c >= 0 && r < g.rows && c < g.cols ? { r, c } : undefined;
}

export function patchView(ctx: ViewContext): InterpView {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-patch', class: 'view' });
  const demo = inductionDemo(meta.chars);
  const saved = ctx.state.interp?.patch ?? demo;
  const field = (id: string, label: string, value: string, rows = 2) => {
    const box = el(rows ? 'textarea' : 'input', { id, 'aria-label': label, ...(rows ? { rows: String(rows) } : { maxlength: '1', size: '2' }) }) as HTMLTextAreaElement;
    box.value = value;
    const l = el('label', { class: 'control' }, `${label} `);
    l.append(box);
    return { box, label: l };
  };
  const clean = field('patch-clean', 'Clean prompt', saved.clean);
  const corrupted = field('patch-corrupted', 'Corrupted prompt', saved.corrupted);
  const good = field('patch-good', 'Answer token (clean)', saved.good, 0);
  const bad = field('patch-bad', 'Answer token (corrupted)', saved.bad, 0);
  const useDemo = el('button', { id: 'patch-demo', class: 'secondary' }, 'Induction demo prompts');
  const residBtn = el('button', { id: 'patch-resid' }, 'Residual sweep');
  const headBtn = el('button', { id: 'patch-heads' }, 'Head sweep');
  const bar = el('div', { class: 'controls' });
  bar.append(good.label, bad.label, useDemo, residBtn, headBtn);
  const explain = el('p', { class: 'muted' },
    'Run the clean and the corrupted prompt, then rerun the corrupted one with one activation taken from the clean run. ' +
    'The metric is logit(answer) - logit(corrupted answer) at the last position; each cell shows how much of the clean metric it brings back: ' +
    '(patched - corrupted) / (clean - corrupted). The residual sweep shows where the information is at each layer; the head sweep which heads carry it. ' +
    'Default: a random run and its start again, with the character the second copy should copy changed in the corrupted prompt.');
  const status = el('p', { id: 'patch-status', role: 'status' });
  const hover = el('p', { id: 'patch-hover', class: 'muted' }, 'Hover a cell for its value.');
  const residCanvas = el('canvas', { id: 'patch-resid-map', role: 'img', 'aria-label': 'Residual stream patching' }) as HTMLCanvasElement;
  const headCanvas = el('canvas', { id: 'patch-head-map', role: 'img', 'aria-label': 'Head patching' }) as HTMLCanvasElement;
  const grids = el('div', { class: 'grids' });
  grids.append(chartBox(headCanvas), chartBox(residCanvas));
  const results: { resid?: Sweep & { labels: string[] }; heads?: Sweep } = {};
  let geo: { resid?: Geometry; heads?: Geometry } = {};

  const encode = (text: string, what: string): number[] => {
    const bad = [...text].filter((c) => !meta.chars.includes(c));
    if (bad.length) throw new Error(`the ${what} has characters the model does not know: ${JSON.stringify([...new Set(bad)].join(''))}`);
    if (text.length === 0) throw new Error(`the ${what} is empty`);
    if (text.length > meta.blockSize) throw new Error(`the ${what} is ${text.length} characters; the model's context is ${meta.blockSize}`);
    return [...text].map((c) => meta.chars.indexOf(c));
  };
  const tokenOf = (c: string, what: string): number => {
    if ([...c].length !== 1 || !meta.chars.includes(c)) throw new Error(`${what} must be one character the model knows (got ${JSON.stringify(c)})`);
    return meta.chars.indexOf(c);
  };

  const save = () => ctx.saveState({ interp: { ...ctx.state.interp, patch: { clean: clean.box.value, corrupted: corrupted.box.value, good: good.box.value, bad: bad.box.value } } });

  async function sweep(kind: 'resid' | 'heads'): Promise<void> {
    save();
    let ids: { c: number[]; x: number[]; metric: LogitDiffMetric };
    try {
      const c = encode(clean.box.value, 'clean prompt'), x = encode(corrupted.box.value, 'corrupted prompt');
      ids = { c, x, metric: { pos: c.length - 1, good: tokenOf(good.box.value, 'The answer token'), bad: tokenOf(bad.box.value, 'The corrupted answer token') } };
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      status.classList.add('error');
      return;
    }
    residBtn.setAttribute('disabled', '');
    headBtn.setAttribute('disabled', '');
    root.dataset.running = 'true';
    status.classList.remove('error');
    status.textContent = 'Running…';
    try {
      const runs = await patchRuns(gpt, ids.c, ids.x, ids.metric);
      const L = meta.nLayer;
      let s: Sweep;
      if (kind === 'heads') {
        s = results.heads = await headPatchSweep(gpt, ids.x, runs, ids.metric);
        geo.heads = drawSweep(headCanvas, s, (r) => `L${r}`, (c) => `H${c}`, 'Patching each head\'s output');
      } else {
        s = await residPatchSweep(gpt, ids.x, runs, ids.metric);
        const labels = [...corrupted.box.value].map((ch, i) => (ch === clean.box.value[i] ? ch : `${clean.box.value[i]}/${ch}`));
        results.resid = { ...s, labels };
        geo.resid = drawSweep(residCanvas, s, (r) => (r === 0 ? 'emb' : r === L ? `L${r - 1}+` : `L${r - 1}`), (c) => (labels[c].length > 1 ? '*' : labels[c]), 'Patching the residual stream (rows: after the embeddings, then after each block)');
      }
      const hot = hottest(s);
      const where = kind === 'heads' ? `layer ${hot.row} head ${hot.col}` : `${hot.row === 0 ? 'the embeddings' : `after ${streamPlace(hot.row)}`} at position ${hot.col}`;
      const canvas = kind === 'heads' ? headCanvas : residCanvas;
      canvas.dataset.hotRow = String(hot.row);
      canvas.dataset.hotCol = String(hot.col);
      canvas.dataset.hotValue = hot.value.toFixed(4);
      status.textContent = `Metric: clean ${runs.cleanMetric.toFixed(2)}, corrupted ${runs.corruptedMetric.toFixed(2)}. ` +
        `${kind === 'heads' ? 'Head' : 'Residual'} sweep (${s.values.length} runs, ${s.ms.toFixed(0)} ms): hottest cell ${where}, ${hot.value.toFixed(2)} restored.` +
        (Math.abs(runs.cleanMetric - runs.corruptedMetric) < 0.1 ? ' The two prompts give almost the same metric: there is little to restore, so the map means little.' : '');
      footer.refresh();
      root.dataset.ready = 'true';
    } catch (e) {
      status.textContent = `Could not run the sweep: ${e instanceof Error ? e.message : String(e)}`;
      status.classList.add('error');
    } finally {
      residBtn.removeAttribute('disabled');
      headBtn.removeAttribute('disabled');
      root.dataset.running = 'false';
    }
  }

  const onHover = (kind: 'resid' | 'heads', canvas: HTMLCanvasElement) => (e: MouseEvent) => {
    const g = geo[kind], s = results[kind];
    if (!g || !s) return;
    const r = canvas.getBoundingClientRect();
    const cell = cellAt(g, e.clientX - r.left, e.clientY - r.top);
    if (!cell) return;
    const v = s.values[cell.r * s.cols + cell.c];
    hover.textContent = kind === 'heads'
      ? `Layer ${cell.r} head ${cell.c}: ${v.toFixed(3)} of the metric restored`
      : `${cell.r === 0 ? 'Embeddings' : `After ${streamPlace(cell.r)}`}, position ${cell.c} (${JSON.stringify(results.resid!.labels[cell.c])}): ${v.toFixed(3)} restored`;
  };
  headCanvas.addEventListener('mousemove', onHover('heads', headCanvas));
  residCanvas.addEventListener('mousemove', onHover('resid', residCanvas));
  residBtn.addEventListener('click', () => void sweep('resid'));
  headBtn.addEventListener('click', () => void sweep('heads'));
  useDemo.addEventListener('click', () => {
    clean.box.value = demo.clean;
    corrupted.box.value = demo.corrupted;
    good.box.value = demo.good;
    bad.box.value = demo.bad;
    save();
  });
  for (const f of [clean, corrupted, good, bad]) f.box.addEventListener('change', save);
  if (!gpt.hasInterp) {
    status.textContent = 'This model has no intervention graph (model_interp.onnx ships with the tiny Shakespeare GPT only), so nothing can be patched.';
    residBtn.setAttribute('disabled', '');
    headBtn.setAttribute('disabled', '');
  }
  const footer = viewFooter(ctx, 'patch', () => (results.heads ? headCanvas : results.resid ? residCanvas : undefined), () => (results.heads || results.resid) && {
    clean: clean.box.value, corrupted: corrupted.box.value, answer: good.box.value, corruptedAnswer: bad.box.value,
    metric: 'logit(answer) - logit(corrupted answer) at the last position, normalised (patched - corrupted) / (clean - corrupted)',
    headSweep: results.heads && { clean: results.heads.clean, corrupted: results.heads.corrupted, values: Array.from({ length: results.heads.rows }, (_, l) => Array.from(results.heads!.values.subarray(l * results.heads!.cols, (l + 1) * results.heads!.cols))) },
    residSweep: results.resid && { clean: results.resid.clean, corrupted: results.resid.corrupted, positions: results.resid.labels, values: Array.from({ length: results.resid.rows }, (_, l) => Array.from(results.resid!.values.subarray(l * results.resid!.cols, (l + 1) * results.resid!.cols))) },
  }, 'Nothing to export yet: run a Residual sweep or a Head sweep first.');
  root.append(el('h2', {}, 'Activation patching'), explain, clean.label, corrupted.label, bar, status, hover, grids, footer);
  return { root, shown: () => undefined };
}
