// Steering: a direction in one residual stream (the mean activation of prompt set A minus that of
// set B, or one pasted as JSON) added times a coefficient at every position while the model
// writes; the unsteered and the steered text side by side. Runs on the intervention graph's
// resid_add input (model_interp.onnx), through src/shared/model/steering.ts like the tests.
import type { SteerState } from '../../../src/shared/model/interpState';
import { argmax } from '../../../src/shared/model/runner';
import { directionFromPrompts, generateWith, norm, parseDirection, promptLines, steering, type PickAt } from '../../../src/shared/model/steering';
import { choose, normaliseOptions } from '../decoding';
import { type ViewContext, viewFooter } from '../context';
import { decode, encode } from '../vocab';
import type { InterpView } from './ablateView';
import { el, prepareCanvas, themeColor } from './draw';
import { steerLayerLabel, streamPlace } from './layers';

// The same lines in capitals (A) and as written (B): for a character-level model the difference
// of their means is a direction it reads plainly, "write in capitals" (MODEL_CARD.md, Steering).
const LINES = ['Now is the winter of our discontent', 'Good morrow to you, my lord and king.', 'What light through yonder window breaks?', 'Friends, Romans, countrymen, lend me your ears.'];
export const STEER_DEFAULTS: SteerState = {
  source: 'prompts', a: LINES.map((l) => l.toUpperCase()).join('\n'), b: LINES.join('\n'), layer: 2, coef: 1, prompt: 'ROMEO:\nBut soft, what light', tokens: 60, sample: false,
};
const COEF_MAX = 100;

interface Result {
  prompt: string;
  direction: Float32Array;
  layer: number;
  coef: number;
  decoding: string;
  plain: string;
  steered: string;
}

/** Index of the first character where two texts differ (the shorter's length when one starts the other). */
const partAt = (x: string, y: string) => {
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
};

/** The two texts side by side on a canvas, for the PNG export. */
function textsCanvas(r: Result, title: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const colW = 360, lineH = 16, x0 = 10;
  const wrap = (s: string) => s.split('\n').flatMap((line) => (line.match(/.{1,46}/g) ?? ['']));
  const left = wrap(r.prompt + r.plain), right = wrap(r.prompt + r.steered);
  const rows = Math.max(left.length, right.length);
  const ctx = prepareCanvas(canvas, x0 * 3 + colW * 2, 60 + rows * lineH);
  ctx.fillStyle = themeColor('--vscode-foreground', '#ccc');
  ctx.fillText(title, x0, 12);
  ctx.fillText('Unsteered', x0, 36);
  ctx.fillText(`Steered (${r.coef} x direction)`, x0 * 2 + colW, 36);
  left.forEach((l, i) => ctx.fillText(l, x0, 56 + i * lineH));
  right.forEach((l, i) => ctx.fillText(l, x0 * 2 + colW, 56 + i * lineH));
  return canvas;
}

export function steerView(ctx: ViewContext): InterpView {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-steer', class: 'view' });
  const saved: SteerState = { ...STEER_DEFAULTS, ...ctx.state.interp?.steer };
  const area = (id: string, label: string, value: string, rows: number) => {
    const box = el('textarea', { id, rows: String(rows), cols: '48', 'aria-label': label }) as HTMLTextAreaElement;
    box.value = value;
    const l = el('label', { class: 'control' }, label);
    l.style.display = 'flex'; // the label above its box: these boxes hold several lines
    l.style.flexDirection = 'column';
    l.append(box);
    return { box, label: l };
  };
  const source = el('select', { id: 'steer-source', 'aria-label': 'Direction from' }) as HTMLSelectElement;
  source.append(el('option', { value: 'prompts' }, 'two prompt sets (mean of A - mean of B)'), el('option', { value: 'json' }, 'JSON (an array, or a Steer export)'));
  source.value = saved.source;
  const a = area('steer-a', 'Prompt set A (one per line)', saved.a, 4);
  const b = area('steer-b', 'Prompt set B (one per line)', saved.b, 4);
  const json = area('steer-json', 'Direction as JSON', saved.json ?? '', 3);
  const layer = el('select', { id: 'steer-layer', 'aria-label': 'Layer' }) as HTMLSelectElement;
  for (let i = 0; i <= meta.nLayer; i++) layer.append(el('option', { value: String(i) }, steerLayerLabel(i)));
  layer.value = String(Math.min(saved.layer, meta.nLayer));
  const coefRange = el('input', { id: 'steer-coef', type: 'range', min: '-5', max: '5', step: '0.1', 'aria-label': 'Coefficient' }) as HTMLInputElement;
  const coefValue = el('input', { id: 'steer-coef-value', type: 'number', min: String(-COEF_MAX), max: String(COEF_MAX), step: '0.1', 'aria-label': 'Coefficient value' }) as HTMLInputElement;
  coefRange.value = coefValue.value = String(saved.coef);
  const prompt = area('steer-prompt', 'Prompt', saved.prompt, 2);
  const tokens = el('input', { id: 'steer-tokens', type: 'number', min: '1', max: '500', step: '1', 'aria-label': 'Tokens' }) as HTMLInputElement;
  tokens.value = String(saved.tokens);
  const sample = el('input', { id: 'steer-sample', type: 'checkbox' }) as HTMLInputElement;
  sample.checked = saved.sample;
  const runBtn = el('button', { id: 'steer-run' }, 'Generate both');
  const stopBtn = el('button', { id: 'steer-stop', class: 'secondary' }, 'Stop');
  stopBtn.disabled = true;
  const labelled = (text: string, ...inputs: HTMLElement[]) => {
    const l = el('label', { class: 'control' }, `${text} `);
    l.append(...inputs);
    return l;
  };
  const row1 = el('div', { class: 'controls' });
  row1.append(labelled('Direction from', source), labelled('Layer', layer), labelled('Coefficient', coefRange, coefValue));
  const sampleLabel = labelled('Sample with the Generate view\'s temperature, top-k, top-p and seed (else greedy)', sample);
  const row2 = el('div', { class: 'controls' });
  row2.append(labelled('Tokens', tokens), sampleLabel, runBtn, stopBtn);
  const explain = el('p', { class: 'muted' },
    'A steering vector is a direction in the residual stream. Here it is the mean activation of the prompts in set A minus that of set B ' +
    '(each prompt averaged over its positions, at the layer chosen), or one you paste as JSON. It is added, times the coefficient, ' +
    'at every position of that layer while the model writes: the left column is the plain model, the right the steered one, from the same prompt and the same draws. ' +
    'Coefficient 0 is the plain model exactly; a negative one pushes towards set B. Too large, and the model stops writing text at all.');
  const status = el('p', { id: 'steer-status', role: 'status' });
  const column = (id: string, title: string) => {
    const c = el('div', { class: 'steer-col' });
    const head = el('strong', {}, title);
    const pre = el('pre', { id, class: 'output' });
    c.append(head, pre);
    return { c, head, pre };
  };
  const plainCol = column('steer-plain', 'Unsteered');
  const steeredCol = column('steer-steered', 'Steered');
  const cols = el('div', { class: 'grids' });
  cols.append(plainCol.c, steeredCol.c);
  for (const c of [plainCol.c, steeredCol.c]) c.style.flex = '1 1 20em';

  let result: Result | undefined;
  let dirCache: { key: string; direction: Float32Array; layer: number } | undefined;
  let plainCache: { key: string; text: string } | undefined;
  let running = false;
  let stopAsked = false;

  const coef = () => {
    const v = Number(coefValue.value);
    return Number.isFinite(v) ? Math.max(-COEF_MAX, Math.min(COEF_MAX, v)) : 0;
  };
  const state = (): SteerState => ({
    source: source.value === 'json' ? 'json' : 'prompts', a: a.box.value, b: b.box.value, json: json.box.value || undefined,
    layer: Number(layer.value), coef: coef(), prompt: prompt.box.value, tokens: tokenCount(), sample: sample.checked,
  });
  const save = () => ctx.saveState({ interp: { ...ctx.state.interp, steer: state() } });
  const tokenCount = () => Math.max(1, Math.min(500, Math.floor(Number(tokens.value)) || STEER_DEFAULTS.tokens));
  const showSource = () => {
    const fromJson = source.value === 'json';
    // style.display, not `hidden`: the labels' own display: flex would win over the attribute.
    a.label.style.display = b.label.style.display = fromJson ? 'none' : 'flex';
    json.label.style.display = fromJson ? 'flex' : 'none';
  };
  const strict = (text: string, what: string): number[] => {
    const unknown = [...text].filter((c) => !meta.chars.includes(c));
    if (unknown.length) throw new Error(`${what} has characters the model does not know: ${JSON.stringify([...new Set(unknown)].join(''))}`);
    return [...text].map((c) => meta.chars.indexOf(c));
  };

  async function direction(): Promise<{ direction: Float32Array; layer: number; note: string }> {
    if (source.value === 'json') {
      const key = `json|${json.box.value}|${layer.value}`;
      if (!json.box.value.trim()) throw new Error('paste a direction first: an array of numbers, or the JSON this view exports');
      const parsed = parseDirection(json.box.value, meta.spec);
      if (parsed.layer !== undefined && String(parsed.layer) !== layer.value) layer.value = String(parsed.layer); // a direction belongs to the layer it was read at
      dirCache = { key, direction: parsed.direction, layer: Number(layer.value) };
      return { ...dirCache, note: parsed.layer !== undefined ? ` (the JSON's layer, ${parsed.layer})` : '' };
    }
    const key = `prompts|${a.box.value}|${b.box.value}|${layer.value}`;
    if (dirCache?.key !== key) {
      const setA = promptLines(a.box.value).map((l, i) => strict(l, `Line ${i + 1} of set A`));
      const setB = promptLines(b.box.value).map((l, i) => strict(l, `Line ${i + 1} of set B`));
      dirCache = { key, direction: await directionFromPrompts(gpt, setA, setB, Number(layer.value)), layer: Number(layer.value) };
    }
    return { ...dirCache, note: '' };
  }

  function setRunning(on: boolean): void {
    running = on;
    runBtn.disabled = on;
    stopBtn.disabled = !on;
    root.dataset.running = String(on);
  }

  /** Both columns, or (when only the coefficient moved) the steered one alone. */
  async function run(): Promise<void> {
    if (running || !gpt.hasInterp) return;
    save();
    setRunning(true);
    stopAsked = false;
    status.classList.remove('error');
    status.textContent = 'Running…';
    try {
      const { ids, replaced } = encode(meta, prompt.box.value || '\n');
      const d = await direction();
      const o = normaliseOptions(ctx.state);
      const seed = Math.max(0, Math.floor(ctx.state.seed ?? 1));
      const pick: PickAt = sample.checked ? (l, pos) => choose(l, o, seed, pos).token : (l) => argmax(l);
      const decoding = sample.checked ? `sampled: temperature ${o.temperature}, top-k ${o.topK}, top-p ${o.topP}, seed ${seed}` : 'greedy';
      const n = tokenCount();
      const c = coef();
      const plainKey = `${ids.join(',')}|${n}|${decoding}`;
      if (plainCache?.key !== plainKey) {
        plainCol.pre.textContent = '';
        const g = await generateWith(gpt, ids, n, {}, pick, () => stopAsked);
        // A stopped run is shown but not kept: the next run writes the whole text.
        plainCache = { key: stopAsked ? '' : plainKey, text: decode(meta, g.tokens) };
      }
      plainCol.pre.textContent = plainCache.text;
      const g = await generateWith(gpt, ids, n, steering(meta.spec, d.direction, d.layer, c), pick, () => stopAsked);
      const steered = decode(meta, g.tokens);
      steeredCol.pre.textContent = steered;
      steeredCol.head.textContent = `Steered: ${c} x direction added after ${streamPlace(d.layer)}`;
      result = { prompt: decode(meta, ids), direction: d.direction, layer: d.layer, coef: c, decoding, plain: plainCache.text, steered };
      root.dataset.differ = String(plainCache.text !== steered);
      status.dataset.norm = norm(d.direction).toFixed(4);
      status.textContent = `Direction at layer ${d.layer}${d.note}: norm ${norm(d.direction).toFixed(2)}, so the coefficient adds a vector of norm ${(Math.abs(c) * norm(d.direction)).toFixed(2)}. ` +
        `${decoding === 'greedy' ? 'Greedy' : `Sampled (${decoding.slice(9)})`}; steered column ${g.tokens.length} tokens in ${g.ms.toFixed(0)} ms. ` +
        (plainCache.text === steered ? 'The two texts are the same: try a larger coefficient or another layer.' : `The texts part at character ${partAt(plainCache.text, steered) + 1}.`) +
        (replaced ? ` ${replaced} character(s) of the prompt the model does not know were replaced by a space.` : '') +
        (stopAsked ? ' Stopped early.' : '');
      root.dataset.ready = 'true';
    } catch (e) {
      status.classList.add('error');
      status.textContent = `Could not steer: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      setRunning(false);
    }
  }

  coefRange.addEventListener('input', () => {
    coefValue.value = coefRange.value;
    save();
  });
  coefValue.addEventListener('input', () => {
    coefRange.value = coefValue.value;
    save();
  });
  // Letting go of the slider reruns the steered column (the unsteered one is kept): the learner
  // sweeps the coefficient and watches the text change.
  for (const c of [coefRange, coefValue]) c.addEventListener('change', () => result && void run());
  source.addEventListener('change', () => {
    showSource();
    save();
  });
  for (const c of [a.box, b.box, json.box, prompt.box, tokens, layer, sample]) c.addEventListener('change', save);
  for (const c of [a.box, b.box, json.box, prompt.box]) c.addEventListener('input', save);
  runBtn.addEventListener('click', () => void run());
  stopBtn.addEventListener('click', () => (stopAsked = true));
  showSource();
  if (!gpt.hasInterp) {
    status.textContent = 'This model has no intervention graph (model_interp.onnx ships with the tiny Shakespeare GPT only), so it cannot be steered.';
    runBtn.disabled = true;
  }
  // The panel looks up a lesson for each view it knows; until it asks for 'steer', the Ablate
  // view's lesson (the one on intervening, which covers steering too) stands in.
  const footerCtx: ViewContext = { ...ctx, lessons: { ...ctx.lessons, steer: ctx.lessons.steer ?? ctx.lessons.ablate } };
  const sets = el('div', { class: 'grids' });
  sets.append(a.label, b.label, json.label);
  root.append(el('h2', {}, 'Steering'), explain, row1, sets, prompt.label, row2, status, cols,
    viewFooter(footerCtx, 'steer', () => result && textsCanvas(result, `Steering at layer ${result.layer}, ${result.decoding}`), () => result && {
      source: source.value, promptSetA: source.value === 'prompts' ? promptLines(a.box.value) : undefined, promptSetB: source.value === 'prompts' ? promptLines(b.box.value) : undefined,
      layer: result.layer, coef: result.coef, norm: norm(result.direction), direction: Array.from(result.direction),
      prompt: result.prompt, decoding: result.decoding, unsteered: result.plain, steered: result.steered,
    }));
  return { root, shown: () => undefined };
}
