// Direct logit attribution: for one position and token, how much the embedding, each head, each
// attention bias, each MLP and ln_f's bias add to that token's logit through the residual stream
// (ln_f folded in; the bars add up to the logit). Runs on the intervention graph, for its z output.
import { directLogitAttribution, dlaWeights, type Attribution, type DlaWeights } from '../../../src/shared/model/dla';
import { readInitializer } from '../../../src/shared/onnx/onnxInfo';
import { topPredictions } from '../analysis';
import { type ViewContext, viewFooter, whenShown } from '../context';
import type { InterpView } from './ablateView';
import { chartBox, el, prepareCanvas, themeColor, viridis } from './draw';
import { sourceText } from './sourceText';

function bars(a: Attribution): Array<{ label: string; value: number }> {
  const out = [{ label: 'embed', value: a.embed }];
  a.heads.forEach((row, l) => {
    row.forEach((v, h) => out.push({ label: `L${l}H${h}`, value: v }));
    out.push({ label: `L${l} bias`, value: a.attnBias[l] }, { label: `L${l} MLP`, value: a.mlp[l] });
  });
  out.push({ label: 'ln_f bias', value: a.lnBias });
  return out;
}

function drawBars(canvas: HTMLCanvasElement, items: Array<{ label: string; value: number }>): void {
  const bw = 22, h = 220, x0 = 40;
  const ctx = prepareCanvas(canvas, x0 + items.length * bw + 20, h + 70);
  const max = Math.max(1e-6, ...items.map((i) => Math.abs(i.value)));
  const mid = 10 + (h - 20) / 2;
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.strokeStyle = fg;
  ctx.beginPath();
  ctx.moveTo(x0, mid);
  ctx.lineTo(x0 + items.length * bw, mid);
  ctx.stroke();
  items.forEach((it, i) => {
    const len = (it.value / max) * ((h - 20) / 2);
    ctx.fillStyle = it.value >= 0 ? viridis(0.75) : viridis(0.15);
    ctx.fillRect(x0 + i * bw, Math.min(mid, mid - len), bw - 4, Math.abs(len));
    ctx.save();
    ctx.translate(x0 + i * bw + bw / 2, h + 5);
    ctx.rotate(Math.PI / 3);
    ctx.fillStyle = fg;
    ctx.font = '10px sans-serif';
    ctx.fillText(it.label, 0, 0);
    ctx.restore();
  });
  ctx.fillStyle = fg;
  ctx.fillText(`+${max.toFixed(2)}`, 2, 14);
  ctx.fillText(`-${max.toFixed(2)}`, 2, h - 6);
}

export function dlaView(ctx: ViewContext): InterpView {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-dla', class: 'view' });
  // The same box as Attention and Logit lens: a textarea (an <input> dropped the prompt's newlines,
  // review of 2026-12) that follows the Generate text until the learner types their own.
  const source = sourceText(ctx, 'dla-text', 'Text');
  whenShown(root, () => source.sync());
  const token = el('input', { id: 'dla-token', type: 'text', size: '2', maxlength: '1', 'aria-label': 'Token', placeholder: 'top' }) as HTMLInputElement;
  const runBtn = el('button', { id: 'dla-run' }, 'Attribute');
  const bar = el('div', { class: 'controls' });
  const l2 = el('label', { class: 'control' }, 'Token after the last character (empty: the top prediction) ');
  l2.append(token);
  bar.append(l2, runBtn);
  const explain = el('p', { class: 'muted' },
    'The residual stream before the final layer norm is a sum: the embeddings, each head\'s output, each attention bias, each MLP. ' +
    'Each bar is that term\'s direct contribution to the token\'s logit: centred and divided by the scale ln_f computed on the whole stream, ' +
    'then dotted with the unembedding of the token. The bars add up to the logit. Direct effects only: a head that matters by feeding later heads scores low here.');
  const summary = el('p', { id: 'dla-summary', role: 'status' });
  const canvas = el('canvas', { id: 'dla-chart', role: 'img', 'aria-label': 'Direct logit attribution' }) as HTMLCanvasElement;
  let weights: DlaWeights | string | undefined;
  let result: { attribution: Attribution; logit: number; text: string } | undefined;

  async function run(): Promise<void> {
    const value = source.box.value || ctx.currentText();
    const chars = [...value];
    const unknown = chars.filter((c) => !meta.chars.includes(c));
    if (!chars.length || unknown.length) {
      summary.textContent = chars.length ? `The text has characters the model does not know: ${JSON.stringify([...new Set(unknown)].join(''))}` : 'Type some text first.';
      return;
    }
    if (token.value && !meta.chars.includes(token.value)) {
      summary.textContent = `The token must be one character the model knows (got ${JSON.stringify(token.value)}).`;
      return;
    }
    weights ??= dlaWeights(meta.spec, (n) => readInitializer(ctx.modelBytes, n, (loc) => ctx.externalData.get(loc))?.data);
    if (typeof weights === 'string') {
      summary.textContent = `Attribution is not available: ${weights}.`;
      return;
    }
    runBtn.setAttribute('disabled', '');
    try {
      const ids = chars.slice(-meta.blockSize).map((c) => meta.chars.indexOf(c));
      const out = await gpt.forwardInterp(ids);
      const pos = ids.length - 1;
      const row = out.logits.subarray(pos * meta.V, (pos + 1) * meta.V);
      const tok = token.value ? meta.chars.indexOf(token.value) : topPredictions(row, 1)[0].token;
      const a = directLogitAttribution(meta.spec, weights, out, pos, tok);
      result = { attribution: a, logit: row[tok], text: chars.slice(-meta.blockSize).join('') };
      const items = bars(a);
      drawBars(canvas, items);
      const top = [...items].sort((x, y) => Math.abs(y.value) - Math.abs(x.value)).slice(0, 3);
      summary.dataset.logit = row[tok].toFixed(4);
      summary.dataset.total = a.total.toFixed(4);
      summary.textContent = `Logit of ${JSON.stringify(meta.chars[tok])} after the last character: ${row[tok].toFixed(3)}; the parts add up to ${a.total.toFixed(3)}. ` +
        `Largest: ${top.map((t) => `${t.label} ${t.value >= 0 ? '+' : ''}${t.value.toFixed(2)}`).join(', ')}.`;
      footer.refresh();
      root.dataset.ready = 'true';
    } catch (e) {
      summary.textContent = `Could not run the model: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      runBtn.removeAttribute('disabled');
    }
  }
  runBtn.addEventListener('click', () => void run());
  if (!gpt.hasInterp) {
    summary.textContent = 'This model has no intervention graph (model_interp.onnx ships with the tiny Shakespeare GPT only), so attribution is not available.';
    runBtn.setAttribute('disabled', '');
  }
  const footer = viewFooter(ctx, 'dla', () => (result ? canvas : undefined), () => result && {
    text: result.text, position: result.attribution.pos, token: meta.chars[result.attribution.token], logit: result.logit,
    embed: result.attribution.embed, heads: result.attribution.heads, attentionBias: result.attribution.attnBias, mlp: result.attribution.mlp,
    lnFBias: result.attribution.lnBias, sum: result.attribution.total,
  }, 'Nothing to export yet: press Attribute first.');
  root.append(el('h2', {}, 'Direct logit attribution'), explain, source.box, source.caption, bar, summary, chartBox(canvas), footer);
  return { root, shown: () => undefined };
}
