// Ablate: knock heads out (zero, or their mean over a reference text) and watch what breaks. The
// induction demo's second-copy loss and a prompt's next-token distribution are recomputed on the
// intervention graph (model_interp.onnx) with those heads off; the plain views never run it.
import { ablation, type HeadReplacement } from '../../../src/shared/model/interventions';
import type { AblateState, AblationMode } from '../../../src/shared/model/interpState';
import { headScores, mean, repeatedSequence, tokenLosses, topPredictions } from '../analysis';
import { type ViewContext, viewFooter } from '../context';
import { chartBox, el, prepareCanvas, themeColor, viridis } from './draw';

const DEFAULT_REFERENCE = 'First Citizen:\nBefore we proceed any further, hear me speak.\n';
const DEFAULT_PROMPT = 'ROMEO:\nBut soft, what light';

interface Outcome {
  tokens: number[];
  L: number;
  plainLosses: number[];
  losses: number[];
  plainSecond: number;
  second: number;
  plainNext: { token: number; p: number }[];
  next: { token: number; p: number }[];
  induction: number[][];
}

const headName = ([l, h]: readonly [number, number]) => `L${l}H${h}`;

/** Per-position loss over the repeated sequence, all heads (grey) and with the heads off (colour). */
function drawLosses(canvas: HTMLCanvasElement, plain: number[], ablated: number[], L: number): void {
  const w = 40 + plain.length * 8, h = 170;
  const ctx = prepareCanvas(canvas, Math.max(320, w + 20), h + 30);
  const max = Math.max(1, ...plain, ...ablated);
  const y = (v: number) => 10 + (h - 20) * (1 - v / max);
  const line = (vals: number[], colour: string) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    vals.forEach((v, i) => (i ? ctx.lineTo(40 + i * 8, y(v)) : ctx.moveTo(40, y(v))));
    ctx.stroke();
  };
  ctx.strokeStyle = 'rgba(128,128,128,0.6)';
  ctx.beginPath();
  ctx.moveTo(40 + (L - 1) * 8, 5);
  ctx.lineTo(40 + (L - 1) * 8, h - 5);
  ctx.stroke();
  line(plain, 'rgba(160,160,160,0.9)');
  line(ablated, viridis(0.8));
  ctx.fillStyle = themeColor('--vscode-foreground', '#ccc');
  ctx.fillText(`${max.toFixed(1)} nats`, 2, 10);
  ctx.fillText('0', 2, h - 10);
  ctx.fillText('first copy | second copy   grey: all heads, colour: heads off', 40, h + 15);
}

export interface InterpView {
  root: HTMLElement;
  /** Called when the tab is shown: the first run waits for it, so the third graph never slows the panel's start. */
  shown(): void;
}

export function ablateView(ctx: ViewContext): InterpView {
  const { meta, gpt } = ctx;
  const spec = meta.spec;
  const root = el('section', { id: 'view-ablate', class: 'view' });
  const saved: AblateState = ctx.state.interp?.ablate ?? { off: [], mode: 'zero' };
  // Heads a stored state names that this model lacks are dropped, not shown as off.
  const off = new Set(saved.off.filter(([l, h]) => l < meta.nLayer && h < meta.nHead).map(headName));
  const mode = el('select', { id: 'abl-mode', 'aria-label': 'Ablation' }) as HTMLSelectElement;
  mode.append(el('option', { value: 'zero' }, 'zero-ablation'), el('option', { value: 'mean' }, 'mean-ablation over the reference text'));
  mode.value = saved.mode;
  const reference = el('textarea', { id: 'abl-reference', rows: '2', 'aria-label': 'Reference text' }) as HTMLTextAreaElement;
  reference.value = saved.reference ?? DEFAULT_REFERENCE;
  const prompt = el('textarea', { id: 'abl-prompt', rows: '2', 'aria-label': 'Prompt' }) as HTMLTextAreaElement;
  prompt.value = saved.prompt ?? ctx.state.prompt ?? DEFAULT_PROMPT;
  const reset = el('button', { id: 'abl-reset', class: 'secondary' }, 'Reset');
  const bar = el('div', { class: 'controls' });
  const lm = el('label', { class: 'control' }, 'Knock out by ');
  lm.append(mode);
  bar.append(lm, reset);
  const refLabel = el('label', { class: 'control' }, 'Reference text (mean-ablation) ');
  refLabel.append(reference);
  const promptLabel = el('label', { class: 'control' }, 'Prompt (next-token distribution) ');
  promptLabel.append(prompt);
  const explain = el('p', { class: 'muted' },
    'Click a head to knock it out, several at once. Zero-ablation sets its output (z, before the output projection) to 0; ' +
    'mean-ablation replaces it with its average over the reference text, which disturbs the rest of the model less. ' +
    'The induction demo (a random run of 32 characters, twice) and the prompt below are rerun with those heads off. ' +
    'Each cell shows the head\'s induction score.');
  const grid = el('div', { id: 'abl-grid', class: 'abl-grid', role: 'group', 'aria-label': 'Heads' });
  grid.style.display = 'grid';
  grid.style.gridTemplateColumns = `repeat(${meta.nHead}, 64px)`;
  grid.style.gap = '4px';
  const buttons = new Map<string, HTMLButtonElement>();
  for (let l = 0; l < meta.nLayer; l++) {
    for (let h = 0; h < meta.nHead; h++) {
      const b = el('button', { class: 'abl-head secondary', 'data-layer': String(l), 'data-head': String(h), 'aria-pressed': 'false' }, headName([l, h])) as HTMLButtonElement;
      b.addEventListener('click', () => {
        const k = headName([l, h]);
        if (off.has(k)) off.delete(k);
        else off.add(k);
        changed();
      });
      buttons.set(headName([l, h]), b);
      grid.append(b);
    }
  }
  const offLine = el('p', { id: 'abl-off', role: 'status' });
  const lossLine = el('p', { id: 'abl-loss' });
  const canvas = el('canvas', { id: 'abl-chart', role: 'img', 'aria-label': 'Loss per position with and without the heads' }) as HTMLCanvasElement;
  const next = el('div', { id: 'abl-next', class: 'grids' });
  let outcome: Outcome | undefined;
  let refCache: { text: string; z: Float32Array; T: number } | undefined;
  let plainCache: { key: string; losses: number[]; next: { token: number; p: number }[]; induction: number[][] } | undefined;

  const offList = (): Array<[number, number]> =>
    [...off].map((k) => k.slice(1).split('H').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const encode = (text: string) => [...text].map((c) => meta.chars.indexOf(c)).filter((i) => i >= 0).slice(-meta.blockSize);

  async function referenceRun(): Promise<{ z: Float32Array; T: number }> {
    const text = reference.value;
    if (refCache?.text === text) return refCache;
    const ids = encode(text);
    if (ids.length === 0) throw new Error('the reference text has no character the model knows: type some text to average over');
    const r = await gpt.forwardInterp(ids);
    refCache = { text, z: r.z.slice(), T: r.T };
    return refCache;
  }

  async function compute(): Promise<void> {
    const L = Math.min(32, Math.floor(meta.blockSize / 2));
    const avoid = meta.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
    const tokens = repeatedSequence(meta.V, L, 1, avoid);
    const promptIds = encode(prompt.value);
    if (promptIds.length === 0) throw new Error('the prompt has no character the model knows');
    const heads: HeadReplacement[] = ablation(spec, offList(), mode.value as AblationMode, mode.value === 'mean' ? await referenceRun() : undefined);
    const key = promptIds.join(',');
    if (plainCache?.key !== key) {
      const plain = await gpt.forwardInterp(tokens);
      const losses = tokenLosses(plain.logits, meta.V, tokens);
      const induction = headScores(plain.attn, meta.nLayer, meta.nHead, plain.T, L).induction;
      const p = await gpt.forwardInterp(promptIds);
      plainCache = { key, losses, induction, next: topPredictions(p.logits.subarray((p.T - 1) * meta.V), 8) };
    }
    const demo = await gpt.forwardInterp(tokens, { heads });
    const losses = tokenLosses(demo.logits, meta.V, tokens);
    const p = await gpt.forwardInterp(promptIds, { heads });
    const nextAblated = topPredictions(p.logits.subarray((p.T - 1) * meta.V), 8);
    outcome = {
      tokens, L, plainLosses: plainCache.losses, losses, plainSecond: mean(plainCache.losses.slice(L)), second: mean(losses.slice(L)),
      plainNext: plainCache.next, next: nextAblated, induction: plainCache.induction,
    };
  }

  function render(): void {
    const list = offList();
    for (const [k, b] of buttons) {
      const isOff = off.has(k);
      b.setAttribute('aria-pressed', String(isOff));
      b.classList.toggle('abl-off', isOff);
      const [l, h] = k.slice(1).split('H').map(Number);
      const s = outcome?.induction[l]?.[h];
      b.textContent = `${isOff ? '✕ ' : ''}${k}${s !== undefined ? ` ${s.toFixed(2)}` : ''}`;
      b.style.background = isOff ? 'rgba(128,128,128,0.25)' : s !== undefined ? viridis(s) : '';
      b.style.color = isOff || s === undefined ? '' : s > 0.6 ? '#000' : '#fff';
      b.style.textDecoration = isOff ? 'line-through' : '';
    }
    offLine.textContent = list.length
      ? `Heads off (${mode.value === 'mean' ? 'mean-ablated' : 'zero-ablated'}): ${list.map(headName).join(', ')}. Every number below is with them off.`
      : 'All heads on. Click a head to knock it out.';
    root.dataset.off = list.map(headName).join(',');
    if (!outcome) return;
    const o = outcome;
    lossLine.dataset.plain = o.plainSecond.toFixed(4);
    lossLine.dataset.ablated = o.second.toFixed(4);
    lossLine.textContent = list.length
      ? `Second-copy loss: ${o.plainSecond.toFixed(3)} nats with all heads, ${o.second.toFixed(3)} with ${list.map(headName).join(', ')} off (${(o.second / Math.max(o.plainSecond, 1e-9)).toFixed(1)}x).`
      : `Second-copy loss: ${o.plainSecond.toFixed(3)} nats (first copy ${mean(o.plainLosses.slice(0, o.L - 1)).toFixed(2)}).`;
    drawLosses(canvas, o.plainLosses, o.losses, o.L);
    const column = (title: string, preds: { token: number; p: number }[], id: string) => {
      const c = el('div', { id, class: 'abl-preds' });
      c.append(el('strong', {}, title));
      const ol = el('ol');
      for (const x of preds) ol.append(el('li', {}, `${JSON.stringify(meta.chars[x.token])} ${x.p.toFixed(3)}`));
      c.append(ol);
      return c;
    };
    next.replaceChildren(column('Next token, all heads', o.plainNext, 'abl-next-plain'), column(list.length ? 'Next token, heads off' : 'Next token', o.next, 'abl-next-ablated'));
  }

  let running: Promise<void> | undefined;
  let again = false;
  async function recompute(): Promise<void> {
    if (running) {
      again = true; // one more run after this one, with whatever is set by then
      return running;
    }
    root.dataset.running = 'true';
    running = (async () => {
      do {
        again = false;
        try {
          await compute();
          lossLine.classList.remove('error');
        } catch (e) {
          lossLine.classList.add('error');
          lossLine.textContent = `Could not run the intervention model: ${e instanceof Error ? e.message : String(e)}`;
          outcome = undefined;
        }
        render();
      } while (again);
    })();
    await running;
    running = undefined;
    root.dataset.running = 'false';
    root.dataset.ready = 'true';
  }

  function changed(): void {
    refLabel.hidden = mode.value !== 'mean';
    ctx.saveState({ interp: { ...ctx.state.interp, ablate: { off: offList(), mode: mode.value as AblationMode, reference: reference.value, prompt: prompt.value } } });
    render();
    void recompute();
  }

  mode.addEventListener('change', changed);
  reset.addEventListener('click', () => {
    off.clear();
    changed();
  });
  let typing: ReturnType<typeof setTimeout> | undefined;
  for (const box of [reference, prompt]) {
    box.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(changed, 300);
    });
  }
  refLabel.hidden = mode.value !== 'mean';
  root.append(el('h2', {}, 'Ablate heads'), explain, bar, refLabel, grid, offLine, lossLine, chartBox(canvas), promptLabel, next,
    viewFooter(ctx, 'ablate', () => canvas, () => outcome && {
      off: offList().map(([layer, head]) => ({ layer, head })), mode: mode.value, reference: mode.value === 'mean' ? reference.value : undefined,
      sequence: outcome.tokens.map((t) => meta.chars[t]).join(''), secondCopyLoss: { allHeads: outcome.plainSecond, headsOff: outcome.second },
      lossPerPosition: { allHeads: outcome.plainLosses, headsOff: outcome.losses }, prompt: prompt.value,
      nextToken: { allHeads: outcome.plainNext.map((x) => ({ char: meta.chars[x.token], p: x.p })), headsOff: outcome.next.map((x) => ({ char: meta.chars[x.token], p: x.p })) },
    }));
  render();
  if (!gpt.hasInterp) {
    lossLine.textContent = 'This model has no intervention graph (model_interp.onnx ships with the tiny Shakespeare GPT only), so heads cannot be knocked out.';
    grid.querySelectorAll('button').forEach((b) => b.setAttribute('disabled', ''));
  }
  return {
    root,
    shown: () => {
      if (gpt.hasInterp && !outcome && !running) void recompute();
    },
  };
}
