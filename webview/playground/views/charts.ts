// The three kinds of chart: the next-token distribution, an attention heatmap with hover, and a
// grid of small values per (layer, head) used by the all-heads view and the induction scores.
import type { Distribution } from '../decoding';
import { rankDescending } from '../decoding';
import { legend, prepareCanvas, themeColor, viridis, viridisRgb } from './draw';

/** Bars for the most likely tokens; cut tokens shaded, the chosen token outlined. */
export function drawDistribution(canvas: HTMLCanvasElement, dist: Distribution, label: (id: number) => string, chosen: number, topN = 24): number[] {
  const order = rankDescending(dist.probs).slice(0, topN);
  if (!order.includes(chosen)) order[order.length - 1] = chosen;
  const barW = 26;
  const h = 200;
  const ctx = prepareCanvas(canvas, Math.max(320, order.length * barW + 50), h + 50);
  const max = Math.max(...order.map((i) => dist.probs[i]), 1e-9);
  const fg = themeColor('--vscode-foreground', '#ccc');
  const accent = themeColor('--vscode-focusBorder', '#ff0');
  order.forEach((id, i) => {
    const p = dist.probs[id];
    const bh = (p / max) * (h - 20);
    const x = 40 + i * barW;
    ctx.fillStyle = dist.kept[id] ? viridis(0.35 + 0.6 * (p / max)) : 'rgba(128,128,128,0.35)';
    ctx.fillRect(x, h - bh, barW - 6, bh);
    if (!dist.kept[id]) {
      // Hatching, so "cut" does not depend on colour alone.
      ctx.strokeStyle = 'rgba(128,128,128,0.9)';
      for (let y = h - bh; y < h; y += 6) {
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + barW - 6, Math.min(h, y + barW - 6));
        ctx.stroke();
      }
    }
    if (id === chosen) {
      ctx.strokeStyle = accent;
      ctx.lineWidth = 3;
      ctx.strokeRect(x - 1.5, h - bh - 1.5, barW - 3, bh + 3);
      ctx.lineWidth = 1;
    }
    ctx.fillStyle = fg;
    ctx.textAlign = 'center';
    ctx.fillText(label(id), x + (barW - 6) / 2, h + 12);
    ctx.save();
    ctx.translate(x + (barW - 6) / 2, h + 32);
    ctx.font = '9px sans-serif';
    ctx.fillText(p >= 0.995 ? '1' : p.toFixed(2).replace(/^0/, ''), 0, 0);
    ctx.restore();
  });
  ctx.textAlign = 'left';
  ctx.fillStyle = fg;
  ctx.fillText(`p max ${max.toFixed(3)}`, 2, 8);
  return order;
}

export interface HeatmapGeometry {
  x0: number;
  y0: number;
  cell: number;
  T: number;
}

/** A T x T attention pattern (rows: queries, columns: keys) with token labels on both axes. */
export function drawHeatmap(canvas: HTMLCanvasElement, m: Float32Array, T: number, label: (i: number) => string, highlight?: number): HeatmapGeometry {
  const cell = Math.max(4, Math.min(18, Math.floor(560 / Math.max(T, 1))));
  const x0 = 30;
  const y0 = 30;
  const ctx = prepareCanvas(canvas, x0 + cell * T + 20, y0 + cell * T + 40);
  // Row 0 can only attend to itself (weight 1); scaling by it would darken every other row.
  let max = 0;
  for (let i = T > 1 ? T : 0; i < T * T; i++) max = Math.max(max, m[i]);
  if (max === 0) max = 1;
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      const v = m[q * T + k];
      ctx.fillStyle = k > q ? 'rgba(128,128,128,0.12)' : viridis(max > 0 ? v / max : 0);
      ctx.fillRect(x0 + k * cell, y0 + q * cell, cell - (cell > 6 ? 1 : 0), cell - (cell > 6 ? 1 : 0));
    }
  }
  ctx.fillStyle = themeColor('--vscode-foreground', '#ccc');
  if (cell >= 9) {
    ctx.textAlign = 'center';
    for (let i = 0; i < T; i++) {
      ctx.fillText(label(i), x0 + i * cell + cell / 2, y0 - 8);
      ctx.fillText(label(i), x0 - 10, y0 + i * cell + cell / 2);
    }
  }
  if (highlight !== undefined && highlight < T) {
    ctx.strokeStyle = themeColor('--vscode-focusBorder', '#ff0');
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 - 1, y0 + highlight * cell - 1, cell * T + 2, cell + 2);
    ctx.lineWidth = 1;
  }
  legend(ctx, x0, y0 + cell * T + 10, Math.min(200, cell * T), max, 'attention weight');
  return { x0, y0, cell, T };
}

export function heatmapCellAt(g: HeatmapGeometry, x: number, y: number): { q: number; k: number } | undefined {
  const k = Math.floor((x - g.x0) / g.cell);
  const q = Math.floor((y - g.y0) / g.cell);
  return q >= 0 && k >= 0 && q < g.T && k < g.T ? { q, k } : undefined;
}

/** Small multiples: one mini heatmap per (layer, head). Returns where each sits, for clicks. */
export function drawHeadGrid(canvas: HTMLCanvasElement, attn: Float32Array, nLayer: number, nHead: number, T: number): { size: number; pad: number } {
  const size = Math.max(48, Math.min(140, Math.floor(640 / nHead) - 10));
  const pad = 26;
  const ctx = prepareCanvas(canvas, pad + nHead * (size + 8), pad + nLayer * (size + 8));
  const fg = themeColor('--vscode-foreground', '#ccc');
  const img = ctx.createImageData(T, T);
  const tmp = document.createElement('canvas');
  tmp.width = T;
  tmp.height = T;
  const tctx = tmp.getContext('2d')!;
  for (let l = 0; l < nLayer; l++) {
    for (let h = 0; h < nHead; h++) {
      const base = (l * nHead + h) * T * T;
      for (let i = 0; i < T * T; i++) {
        const [r, g, b] = viridisRgb(attn[base + i]);
        img.data.set([r, g, b, 255], i * 4);
      }
      tctx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tmp, pad + h * (size + 8), pad + l * (size + 8), size, size);
    }
  }
  ctx.fillStyle = fg;
  ctx.textAlign = 'center';
  for (let h = 0; h < nHead; h++) ctx.fillText(`head ${h}`, pad + h * (size + 8) + size / 2, 10);
  for (let l = 0; l < nLayer; l++) ctx.fillText(`L${l}`, 12, pad + l * (size + 8) + size / 2);
  return { size, pad };
}

/** A layer x head grid of scores in [0, 1] with the numbers written in each cell. */
export function drawScoreGrid(canvas: HTMLCanvasElement, scores: number[][], title: string): void {
  const cell = 56;
  const nLayer = scores.length;
  const nHead = scores[0]?.length ?? 0;
  const ctx = prepareCanvas(canvas, 40 + nHead * cell, 50 + nLayer * cell + 30);
  const fg = themeColor('--vscode-foreground', '#ccc');
  ctx.fillStyle = fg;
  ctx.fillText(title, 4, 10);
  ctx.textAlign = 'center';
  for (let h = 0; h < nHead; h++) ctx.fillText(`H${h}`, 40 + h * cell + cell / 2, 32);
  for (let l = 0; l < nLayer; l++) {
    ctx.fillStyle = fg;
    ctx.fillText(`L${l}`, 18, 44 + l * cell + cell / 2);
    for (let h = 0; h < nHead; h++) {
      const v = scores[l][h];
      ctx.fillStyle = viridis(v);
      ctx.fillRect(40 + h * cell, 44 + l * cell, cell - 2, cell - 2);
      ctx.fillStyle = v > 0.6 ? '#000' : '#fff';
      ctx.fillText(v.toFixed(2), 40 + h * cell + cell / 2 - 1, 44 + l * cell + cell / 2 - 1);
    }
  }
  ctx.textAlign = 'left';
  legend(ctx, 40, 50 + nLayer * cell, Math.min(200, nHead * cell), 1, 'score');
}
