// Canvas drawing shared by the views: the viridis palette (perceptually uniform and readable with
// the common colour-vision deficiencies), theme colours, and HiDPI-aware canvas sizing.

// viridis sampled at 9 points (matplotlib's table), interpolated linearly between them.
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

export function viridisRgb(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

export function viridis(t: number): string {
  return `rgb(${viridisRgb(t).join(',')})`;
}

export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Sizes the canvas backing store for the device pixel ratio; returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = themeColor('--vscode-editor-background', '#1e1e1e');
  ctx.fillRect(0, 0, width, height);
  ctx.font = `12px ${themeColor('--vscode-editor-font-family', 'monospace')}`;
  ctx.textBaseline = 'middle';
  return ctx;
}

/** A colour bar legend from 0 to max, drawn at (x, y). */
export function legend(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, max: number, label: string): void {
  for (let i = 0; i < w; i++) {
    ctx.fillStyle = viridis(i / (w - 1));
    ctx.fillRect(x + i, y, 1, 10);
  }
  ctx.fillStyle = themeColor('--vscode-foreground', '#ccc');
  ctx.textAlign = 'left';
  ctx.fillText('0', x, y + 20);
  ctx.textAlign = 'right';
  ctx.fillText(max.toFixed(2), x + w, y + 20);
  ctx.textAlign = 'center';
  ctx.fillText(label, x + w / 2, y + 20);
  ctx.textAlign = 'left';
}

/** PNG bytes of a canvas, base64, for the host to save (webviews cannot write files). */
export async function canvasPng(canvas: HTMLCanvasElement): Promise<string> {
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Renders rows of text cells onto a canvas, for exporting table views as PNG. */
export function tableCanvas(rows: string[][], title: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const colW = 110;
  const rowH = 20;
  const w = Math.max(300, colW * Math.max(...rows.map((r) => r.length)) + 20);
  const ctx = prepareCanvas(canvas, w, rowH * (rows.length + 2));
  ctx.fillStyle = themeColor('--vscode-foreground', '#ccc');
  ctx.fillText(title, 10, rowH / 2 + 2);
  rows.forEach((r, i) => r.forEach((cell, j) => ctx.fillText(cell, 10 + j * colW, rowH * (i + 1.5) + 2)));
  return canvas;
}

/**
 * A chart in a box of its own that scrolls sideways when the panel is narrower than the chart
 * (review of 2026-12: beside an exercise, charts ran off the panel and only the whole page
 * scrolled). Not scaled down: the views map mouse events to cells in the canvas's CSS pixels
 * from getBoundingClientRect, which a scroll keeps right and a CSS scale would not.
 */
export function chartBox(...charts: HTMLElement[]): HTMLDivElement {
  const box = el('div', { class: 'chart-scroll' });
  box.append(...charts);
  return box;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
