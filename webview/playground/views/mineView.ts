// Show My Model: the learner's exercise code, run on the tiny GPT's weights by the host, set beside
// what this panel's model computes for the same prompt. The score compares against onnxruntime's
// output when the learner's code ran on this model's weights (MyModel.live), else against the
// numpy reference the driver computed.
import type { MyModel } from '../../../src/shared/protocols/playground';
import { attentionMatrix, compareValues, topPredictions } from '../analysis';
import { type ViewContext, viewFooter } from '../context';
import { charLabel, encode, tokenLabel } from '../vocab';
import { drawHeatmap } from './charts';
import { chartBox, el } from './draw';
import { renderOwn, type OwnOutcome } from './mineOwn';

/**
 * Attention weights are probabilities and agree to ~1e-6 between float32 onnxruntime and the
 * learner's float64 numpy; logits are larger numbers (up to ~20), so they get a looser bound.
 */
const TOLERANCE = { attention: 1e-4, logits: 1e-3 };

export interface MineView {
  root: HTMLElement;
  /** Whether there is a comparison to show (the tab is hidden until there is). */
  readonly hasData: boolean;
  set(mine: MyModel): Promise<void>;
  /** A rerun produced nothing: say so and let the learner try again. */
  failed(message: string): void;
}

interface Scored {
  /** [head] flat T*T (attention kinds) or one flat [T*V] entry (logits). */
  mine: Float32Array[];
  model: Float32Array[];
  perPart: number[];
  match: number;
  maxAbsError: number;
  tolerance: number;
  against: string;
}

const flat = (m: number[][]) => Float32Array.from(m.flat());

export function mineView(ctx: ViewContext): MineView {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-mine', class: 'view' });
  const title = el('h2', { id: 'mine-title' }, 'Your code beside the model');
  const score = el('p', { id: 'mine-score', class: 'score' }, 'Run "LLM Study: Show My Model" from an exercise to see your code here.');
  const error = el('pre', { id: 'mine-error', class: 'error' });
  error.hidden = true;
  const prompt = el('textarea', { id: 'mine-prompt', rows: '2', 'aria-label': 'Prompt for your model' }) as HTMLTextAreaElement;
  const again = el('button', { id: 'mine-rerun' }, 'Run my code again');
  again.title = 'Runs your exercise file on this prompt, then compares again';
  again.addEventListener('click', () => {
    again.setAttribute('disabled', '');
    again.textContent = 'Running your code…';
    ctx.channel.post({ type: 'rerunMine', prompt: prompt.value });
  });
  const controls = el('div', { class: 'controls' });
  controls.append(prompt, again);
  const body = el('div', { id: 'mine-body' });
  let current: { mine: MyModel; scored?: Scored; own?: OwnOutcome } | undefined;
  let runs = 0; // a newer comparison wins over one still being scored
  let firstCanvas: HTMLCanvasElement | undefined;
  root.append(title, score, error, controls, body,
    viewFooter(ctx, 'mine', () => current?.own?.canvas ?? firstCanvas, () => current && (current.own
      ? { exercise: current.mine.exercise, kind: current.mine.own?.kind, match: current.own.match, summary: current.own.summary, ...(current.own.json as object) }
      : { exercise: current.mine.exercise, comparison: current.mine.comparison, scored: current.scored && { ...current.scored, mine: undefined, model: undefined } })));

  /** The model's numbers for the comparison: onnxruntime's own when live, else the driver's. */
  async function modelSide(m: MyModel, T: number): Promise<{ parts: Float32Array[]; against: string } | string> {
    const c = m.comparison!;
    const attention = c.kind !== 'logits';
    if (m.live) {
      const ids = encode(meta, c.prompt).ids;
      if (ids.length !== T) return `the prompt is ${ids.length} tokens here but ${T} in your run`;
      try {
        await gpt.ready();
      } catch (e) {
        return `the full-context model could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
      }
      let out;
      try {
        out = await gpt.forward(ids); // refuses a prompt past the context rather than comparing a crop
      } catch (e) {
        return `the model could not run on this prompt: ${e instanceof Error ? e.message : String(e)}`;
      }
      const against = `the model running here (onnxruntime, ${ctx.backend === 'webgpu' ? 'WebGPU' : 'WASM'})`;
      if (!attention) return { parts: [out.logits], against };
      if (!out.attn) return 'this model does not export attention weights';
      const layer = c.layer ?? 0;
      return { parts: Array.from({ length: meta.nHead }, (_, h) => attentionMatrix(out.attn!, meta.nHead, T, layer, h)), against };
    }
    const against = 'the numpy reference on the weights your code used';
    if (!attention) return c.logitsReference ? { parts: [flat(c.logitsReference)], against } : 'no reference logits came back';
    return c.reference ? { parts: c.reference.map(flat), against } : 'no reference attention came back';
  }

  function score1(mine: Float32Array[], model: Float32Array[], tolerance: number, against: string): Scored {
    // One pass per head; the overall share is the heads' shares weighted by their sizes.
    const parts = model.map((ref, i) => compareValues(mine[i] ?? new Float32Array(0), ref, tolerance));
    const total = model.reduce((n, ref) => n + ref.length, 0);
    const match = total ? parts.reduce((a, p, i) => a + p.match * model[i].length, 0) / total : 0;
    const maxAbsError = Math.max(0, ...parts.map((p) => p.maxAbsError));
    return { mine, model, perPart: parts.map((p) => p.match), match, maxAbsError, tolerance, against };
  }

  function heatPair(mine: Float32Array | undefined, model: Float32Array, T: number, labels: string[], h: number, share?: number): HTMLElement {
    const box = el('div', { class: 'mine-pair', 'data-head': String(h) });
    box.append(el('h3', {}, `Head ${h}${share === undefined ? '' : `: ${pct(share)}% match`}`));
    const row = el('div', { class: 'grids' });
    for (const [who, m] of [['yours', mine], ['the model', model]] as const) {
      if (!m) continue;
      const fig = el('figure');
      const c = el('canvas', { role: 'img', 'aria-label': `Head ${h}, ${who}`, class: `mine-${who === 'yours' ? 'yours' : 'model'}` }) as HTMLCanvasElement;
      drawHeatmap(c, m, T, (i) => labels[i]);
      firstCanvas ??= c;
      fig.append(chartBox(c), el('figcaption', {}, who === 'yours' ? 'Yours' : 'The model'));
      row.append(fig);
    }
    box.append(row);
    return box;
  }

  /** The model's ten likeliest next characters after the prompt, with the learner's beside them. */
  function logitsTable(m: MyModel, mine: Float32Array | undefined, model: Float32Array, T: number): HTMLElement {
    const c = m.comparison!;
    let rows: { label: string; model: number; yours?: number }[];
    if (m.live) {
      const V = meta.V;
      const last = (a: Float32Array) => a.subarray((T - 1) * V, T * V);
      const yours = mine ? topPredictions(last(mine), V) : [];
      rows = topPredictions(last(model), 10).map(({ token, p }) => ({ label: tokenLabel(meta, token), model: p, yours: yours.find((y) => y.token === token)?.p }));
    } else {
      // Another model's vocabulary: the driver's own top lists carry the characters.
      rows = (c.topReference ?? []).map(({ token, p }) => ({ label: charLabel(token), model: p, yours: c.topMine?.find((y) => y.token === token)?.p }));
    }
    const table = el('table', { id: 'mine-top', class: 'lens' });
    const head = el('tr');
    head.append(el('th', {}, 'next character'), el('th', {}, 'the model'), el('th', {}, 'yours'));
    table.append(head);
    const fmt = (p?: number) => (p === undefined ? '–' : `${(p * 100).toFixed(1)}%`);
    for (const r of rows) {
      const tr = el('tr');
      tr.append(el('td', {}, r.label), el('td', {}, fmt(r.model)), el('td', {}, fmt(r.yours)));
      table.append(tr);
    }
    return table;
  }

  /** The exercises with their own script: patching's heatmap, kv-cache's distribution, rope's scores. */
  async function setOwn(m: MyModel & { own: NonNullable<MyModel['own']> }): Promise<void> {
    const own = m.own;
    // Only kv-cache's result depends on a prompt; the patching pair and the RoPE pair are fixed.
    prompt.hidden = own.kind !== 'cached-next';
    if (own.kind === 'cached-next') prompt.value = own.prompt;
    error.hidden = !own.error;
    error.textContent = own.error ? `${own.error}${own.traceback ? `\n\n${own.traceback}` : ''}` : '';
    body.replaceChildren();
    score.className = 'score';
    score.textContent = 'Comparing with the model…';
    delete score.dataset.match;
    const run = ++runs;
    const scratch = el('div');
    const outcome = await renderOwn(ctx, own, m.live, scratch);
    if (run !== runs) return;
    current = { mine: m, own: outcome };
    body.replaceChildren(...scratch.childNodes);
    if (outcome.match !== undefined) score.dataset.match = String(outcome.match);
    score.className = `score ${outcome.good ? 'good' : 'bad'}`;
    score.textContent = outcome.summary;
  }

  async function set(m: MyModel): Promise<void> {
    current = { mine: m };
    firstCanvas = undefined;
    title.textContent = `Your code beside the model: ${m.exercise}`;
    again.removeAttribute('disabled');
    again.textContent = 'Run my code again';
    if (m.own) return setOwn({ ...m, own: m.own });
    prompt.hidden = false;
    const c = m.comparison;
    if (!c) {
      score.className = 'score bad';
      score.textContent = 'Show My Model sent nothing to compare.';
      return;
    }
    prompt.value = c.prompt;
    error.hidden = !c.error;
    error.textContent = c.error ? `${c.error}${c.traceback ? `\n\n${c.traceback}` : ''}` : '';
    body.replaceChildren();
    score.textContent = 'Comparing with the model…';
    delete score.dataset.match;
    const T = c.tokens.length;
    const attention = c.kind !== 'logits';
    const run = ++runs;
    const model = await modelSide(m, T);
    if (run !== runs) return;
    if (typeof model === 'string') {
      score.textContent = `Your code could not be compared: ${model}.`;
      return;
    }
    const mineParts = attention ? (c.mine ?? []).map(flat) : c.logitsMine ? [flat(c.logitsMine)] : [];
    const labels = c.tokens.map(charLabel);
    if (mineParts.length) {
      const s = score1(mineParts, model.parts, attention ? TOLERANCE.attention : TOLERANCE.logits, model.against);
      current.scored = s;
      score.dataset.match = String(s.match);
      score.className = `score ${s.match === 1 ? 'good' : 'bad'}`;
      score.textContent = `${pct(s.match)}% of values match ${s.against} (tolerance ${s.tolerance}, largest error ${s.maxAbsError < 0.01 ? s.maxAbsError.toExponential(1) : s.maxAbsError.toPrecision(3)}).`;
    } else {
      score.className = 'score bad';
      score.textContent = `Nothing of yours to compare yet; here is ${model.against}.`;
    }
    if (attention) {
      body.append(el('p', { class: 'muted' }, `Layer ${c.layer ?? 0}, ${model.parts.length} heads, ${T} tokens. Rows are the position looking (query), columns the positions it looks at (keys).`));
      model.parts.forEach((ref, h) => body.append(heatPair(mineParts[h], ref, T, labels, h, current?.scored?.perPart[h])));
    } else {
      body.append(el('p', {}, `What comes after "${c.prompt.slice(-40)}": the model's ten likeliest next characters, with your probabilities beside them.`), logitsTable(m, mineParts[0], model.parts[0], T));
    }
  }

  return {
    root,
    get hasData() {
      return current !== undefined;
    },
    set,
    failed(message: string) {
      again.removeAttribute('disabled');
      again.textContent = 'Run my code again';
      score.className = 'score bad';
      score.textContent = message;
    },
  };
}

/** 99.97% must not read as 100%: the learner would wonder what is wrong. */
function pct(share: number): string {
  return share === 1 ? '100' : Math.min(99.99, share * 100).toFixed(share > 0.999 ? 2 : 1);
}
