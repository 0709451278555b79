// Induction heads: feed a random sequence twice and score every head. A head that, in the second
// copy, looks at the token right after the current token's first occurrence can copy it forward.
import { headScores, mean, repeatedSequence, tokenLosses, type HeadScores } from '../analysis';
import { type ViewContext, viewFooter } from '../context';
import { drawScoreGrid } from './charts';
import { chartBox, el } from './draw';

export function inductionView(ctx: ViewContext): HTMLElement {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-induction', class: 'view' });
  const length = el('input', { id: 'ind-length', type: 'number', min: '4', max: String(Math.floor(meta.blockSize / 2)), value: String(Math.min(32, Math.floor(meta.blockSize / 2))) }) as HTMLInputElement;
  const seed = el('input', { id: 'ind-seed', type: 'number', min: '0', value: '1' }) as HTMLInputElement;
  const runBtn = el('button', { id: 'ind-run' }, 'Run induction demo');
  const bar = el('div', { class: 'controls' });
  const l1 = el('label', { class: 'control' }, 'Length ');
  l1.append(length);
  const l2 = el('label', { class: 'control' }, 'Seed ');
  l2.append(seed);
  bar.append(l1, l2, runBtn);
  const explain = el('p', { class: 'muted' },
    'We feed random characters, then the very same characters again. In the first copy nothing can be predicted; in the second, a model ' +
    'that has learnt to look back for "what came after this character last time" can predict every next character. Two kinds of head make ' +
    'that work: a previous-token head (attends to the position just before) and an induction head (in the second copy, attends to the ' +
    'position right after the earlier occurrence of the current character). Each score is the average attention weight on that position: 1 is a perfect head.');
  const sequence = el('pre', { id: 'ind-sequence', class: 'output' });
  const summary = el('p', { id: 'ind-summary' });
  const prevCanvas = el('canvas', { id: 'ind-prev', role: 'img', 'aria-label': 'Previous-token scores' }) as HTMLCanvasElement;
  const indCanvas = el('canvas', { id: 'ind-scores', role: 'img', 'aria-label': 'Induction scores' }) as HTMLCanvasElement;
  const grids = el('div', { class: 'grids' });
  grids.append(chartBox(prevCanvas), chartBox(indCanvas));
  let result: { tokens: number[]; L: number; scores: HeadScores; loss1: number; loss2: number } | undefined;

  const run = async () => {
    const L = Math.max(4, Math.min(Math.floor(meta.blockSize / 2), Math.floor(Number(length.value) || 32)));
    const avoid = meta.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
    const tokens = repeatedSequence(meta.V, L, Math.floor(Number(seed.value) || 0), avoid);
    try {
      await gpt.ready();
    } catch (e) {
      const msg = `The full-context model could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
      summary.textContent = msg;
      return;
    }
    if (!gpt.hasAttention) {
      summary.textContent = 'This model does not export attention, so heads cannot be scored.';
      return;
    }
    runBtn.setAttribute('disabled', '');
    try {
      const out = await gpt.forward(tokens);
      const scores = headScores(out.attn!, meta.nLayer, meta.nHead, out.T, L);
      const losses = tokenLosses(out.logits, meta.V, tokens);
      const loss1 = mean(losses.slice(0, L - 1));
      const loss2 = mean(losses.slice(L));
      result = { tokens, L, scores, loss1, loss2 };
      sequence.textContent = tokens.map((t) => meta.chars[t]).join('');
      drawScoreGrid(prevCanvas, scores.previousToken, 'Previous-token score');
      drawScoreGrid(indCanvas, scores.induction, 'Induction score');
      const best = (g: number[][]) => g.flatMap((r, l) => r.map((v, h) => ({ l, h, v }))).sort((a, b) => b.v - a.v)[0];
      const bi = best(scores.induction);
      const bp = best(scores.previousToken);
      summary.textContent = `Loss per character: ${loss1.toFixed(2)} nats on the first copy, ${loss2.toFixed(2)} on the second. ` +
        `Strongest induction head: layer ${bi.l} head ${bi.h} (${bi.v.toFixed(2)}); strongest previous-token head: layer ${bp.l} head ${bp.h} (${bp.v.toFixed(2)}). ` +
        (bi.v < 0.3 && loss2 > loss1 * 0.8
          ? 'No head scores above 0.3 and the second copy is hardly easier than the first: this model has not learnt an induction head (small or briefly trained models often have not). '
          : loss2 < loss1 * 0.5 ? 'The second copy is far easier than the first: the model copies what followed last time. ' : '') +
        'Click a cell to open that head in the attention view.';
      footer.refresh();
      root.dataset.ready = 'true';
    } catch (e) {
      summary.textContent = `Could not run the model: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      runBtn.removeAttribute('disabled');
    }
  };
  const clickHead = (canvas: HTMLCanvasElement) => (e: MouseEvent) => {
    if (!result) return;
    const r = canvas.getBoundingClientRect();
    const h = Math.floor((e.clientX - r.left - 40) / 56);
    const l = Math.floor((e.clientY - r.top - 44) / 56);
    if (h >= 0 && h < meta.nHead && l >= 0 && l < meta.nLayer) ctx.openHead(result.tokens, l, h);
  };
  prevCanvas.addEventListener('click', clickHead(prevCanvas));
  indCanvas.addEventListener('click', clickHead(indCanvas));
  runBtn.addEventListener('click', () => void run());
  const footer = viewFooter(ctx, 'induction', () => (result ? indCanvas : undefined), () => result && {
    sequence: result.tokens.map((t) => meta.chars[t]).join(''), repeatLength: result.L,
    previousToken: result.scores.previousToken, induction: result.scores.induction, lossFirstCopy: result.loss1, lossSecondCopy: result.loss2,
  }, 'Nothing to export yet: press Run induction demo first.');
  root.append(el('h2', {}, 'Induction heads'), explain, bar, sequence, summary, grids, footer);
  return root;
}
