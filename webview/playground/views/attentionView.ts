// Attention for any layer and head as a heatmap (hover a cell or a token to read it), plus an
// all-heads grid; clicking a small map selects that head.
import { attentionMatrix, attentionRow } from '../analysis';
import { tokenLabel } from '../vocab';
import { tokenStrip, type ViewContext, viewFooter } from '../context';
import { drawHeadGrid, drawHeatmap, heatmapCellAt, type HeatmapGeometry } from './charts';
import { chartBox, el, viridis } from './draw';
import { drawWhenShown, sourceText } from './sourceText';

export interface AttentionView {
  root: HTMLElement;
  focus(tokens: number[], layer: number, head: number): Promise<void>;
}

export function attentionView(ctx: ViewContext): AttentionView {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-attention', class: 'view' });
  const source = sourceText(ctx, 'attn-text', 'Text to look at');
  const runBtn = el('button', { id: 'attn-run' }, 'Show attention');
  const select = (id: string, label: string, n: number, prefix: string) => {
    const s = el('select', { id, 'aria-label': label }) as HTMLSelectElement;
    for (let i = 0; i < n; i++) s.append(el('option', { value: String(i) }, `${prefix} ${i}`));
    return s;
  };
  const layer = select('attn-layer', 'Layer', meta.nLayer, 'Layer');
  const head = select('attn-head', 'Head', meta.nHead, 'Head');
  const hover = el('p', { id: 'attn-hover', class: 'muted' }, 'Press Show attention to draw the text above.');
  const stripHolder = el('div');
  const heat = el('canvas', { id: 'attn-heatmap', role: 'img', 'aria-label': 'Attention heatmap' }) as HTMLCanvasElement;
  const grid = el('canvas', { id: 'attn-grid', role: 'img', 'aria-label': 'All heads' }) as HTMLCanvasElement;
  const note = el('p', { class: 'muted' }, 'Rows are the position doing the looking (query), columns the positions it looks at (keys). Nothing attends to the future: the upper triangle is masked.');
  const bar = el('div', { class: 'controls' });
  bar.append(runBtn, layer, head);

  let tokens: number[] = [];
  let attn: Float32Array | undefined;
  let T = 0;
  let geo: HeatmapGeometry | undefined;
  let focusRow: number | undefined;

  const labels = () => tokens.slice(tokens.length - T).map((t) => tokenLabel(meta, t));
  const draw = () => {
    if (!attn) return;
    const m = attentionMatrix(attn, meta.nHead, T, +layer.value, +head.value);
    geo = drawHeatmap(heat, m, T, (i) => labels()[i], focusRow);
    heat.dataset.layer = layer.value;
    heat.dataset.head = head.value;
    heat.dataset.tokens = String(T);
    drawHeadGrid(grid, attn, meta.nLayer, meta.nHead, T);
  };
  const showRow = (q: number) => {
    if (!attn) return;
    const row = attentionRow(attn, meta.nHead, T, +layer.value, +head.value, q);
    const chips = stripHolder.querySelectorAll<HTMLElement>('.tok');
    const max = Math.max(...row.slice(0, q + 1), 1e-9);
    chips.forEach((c, k) => {
      c.style.background = k <= q ? viridis(row[k] / max) : '';
      c.style.color = k <= q ? (row[k] / max > 0.6 ? '#000' : '#fff') : '';
      c.classList.toggle('query', k === q);
    });
    const top = row.map((w, k) => [w, k]).sort((a, b) => b[0] - a[0]).slice(0, 3);
    hover.textContent = `"${labels()[q]}" at ${q} attends most to ${top.map(([w, k]) => `"${labels()[k]}"@${k} (${w.toFixed(2)})`).join(', ')}`;
  };

  const runOnce = async (ids?: number[]) => {
    tokens = ids ?? source.ids();
    if (tokens.length === 0) {
      hover.textContent = 'There is no text to look at: type some above, or generate first.';
      return;
    }
    hover.textContent = 'Running the model…';
    try {
      await gpt.ready();
    } catch (e) {
      const msg = `The full-context model could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
      hover.textContent = msg;
      return;
    }
    if (!gpt.hasAttention) {
      hover.textContent = 'This model does not export attention weights ("attn" output), so there is nothing to draw.';
      return;
    }
    runBtn.setAttribute('disabled', '');
    try {
      const out = await gpt.forward(tokens);
      T = out.T;
      attn = out.attn!.slice();
      focusRow = undefined;
      stripHolder.replaceChildren(tokenStrip(labels(), (i, isHover) => {
        showRow(i);
        if (!isHover) {
          focusRow = i;
          draw();
        }
      }));
      draw();
      hover.textContent = 'Hover a cell or a token to read its weights.';
      footer.refresh();
      root.dataset.ready = 'true';
    } catch (e) {
      hover.textContent = `Could not run the model: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      runBtn.removeAttribute('disabled');
    }
  };
  // Open head (focus below) starts its own run; opening the view starts none while one runs.
  const run = drawWhenShown(root, source, () => attn !== undefined, runOnce);

  heat.addEventListener('mousemove', (e) => {
    if (!geo || !attn) return;
    const r = heat.getBoundingClientRect();
    const cell = heatmapCellAt(geo, e.clientX - r.left, e.clientY - r.top);
    if (!cell) return;
    const w = attn[((+layer.value * meta.nHead + +head.value) * T + cell.q) * T + cell.k];
    const l = labels();
    hover.textContent = cell.k > cell.q
      ? `"${l[cell.q]}"@${cell.q} cannot see "${l[cell.k]}"@${cell.k}: it comes later.`
      : `"${l[cell.q]}"@${cell.q} → "${l[cell.k]}"@${cell.k}: ${w.toFixed(3)}`;
  });
  grid.addEventListener('click', (e) => {
    const r = grid.getBoundingClientRect();
    const size = Math.max(48, Math.min(140, Math.floor(640 / meta.nHead) - 10));
    const h = Math.floor((e.clientX - r.left - 26) / (size + 8));
    const l = Math.floor((e.clientY - r.top - 26) / (size + 8));
    if (h >= 0 && h < meta.nHead && l >= 0 && l < meta.nLayer) {
      layer.value = String(l);
      head.value = String(h);
      draw();
    }
  });
  layer.addEventListener('change', draw);
  head.addEventListener('change', draw);
  runBtn.addEventListener('click', () => void run());

  const footer = viewFooter(ctx, 'attention', () => (attn ? heat : undefined), () => attn && {
    tokens: labels(), layer: +layer.value, head: +head.value,
    matrix: Array.from({ length: T }, (_, q) => attentionRow(attn!, meta.nHead, T, +layer.value, +head.value, q)),
  }, 'Nothing drawn yet: press Show attention first.');

  root.append(el('h2', {}, 'Attention'), source.box, source.caption, bar, note, stripHolder, hover, chartBox(heat), el('h3', {}, 'All heads (click one to open it)'), chartBox(grid), footer);
  return {
    root,
    focus: async (ids, l, h) => {
      layer.value = String(l);
      head.value = String(h);
      source.set(ids.map((t) => meta.chars[t]).join(''));
      await run(ids);
    },
  };
}
