// What every view gets: the loaded model, its vocabulary, the host channel and shared helpers.
import type { Channel } from '../shared/vscodeApi';
import type { LessonLink, PlaygroundState, ToHost, ToWebview, ViewId } from '../../src/shared/protocols/playground';
import type { ModelRunner } from '../../src/shared/model/runner';
import type { BackendName } from './runtime';
import type { ModelMeta } from './vocab';
import { canvasPng, el } from './views/draw';

export interface ViewContext {
  /** The shared runner (src/shared/model/runner.ts) on this panel's sessions. */
  gpt: ModelRunner;
  backend: BackendName;
  meta: ModelMeta;
  /** The raw model bytes (the logit lens reads ln_f and the unembedding from them). */
  modelBytes: Uint8Array;
  /** External weight files by the path the graph uses. */
  externalData: Map<string, Uint8Array>;
  channel: Channel<ToHost, ToWebview, PlaygroundState>;
  state: PlaygroundState;
  saveState(patch: Partial<PlaygroundState>): void;
  lessons: Partial<Record<ViewId, LessonLink>>;
  /** Text the generate view produced last, which other views start from. */
  currentText(): string;
  show(view: ViewId): void;
  /** Focus the attention view on a (layer, head) of a given token sequence. */
  openHead(tokens: number[], layer: number, head: number): void;
}

/** A view's export row; `refresh()` re-checks whether there is anything to export. */
export type ViewFooter = HTMLElement & { refresh(): void };

/**
 * The row under each view: lesson link, PNG and JSON export. With `empty` (why there is nothing
 * yet, e.g. "Press Run first"), both buttons stay disabled with that title until the view calls
 * `refresh()` after a draw and `getJson()` has something: a blank canvas is never offered.
 * Without it, a click with nothing to export says so in the row instead of doing nothing.
 */
export function viewFooter(ctx: ViewContext, view: ViewId, getCanvas: () => HTMLCanvasElement | undefined, getJson: () => unknown, empty?: string): ViewFooter {
  const bar = el('div', { class: 'view-footer' });
  const lesson = ctx.lessons[view];
  if (lesson) {
    const a = el('a', { href: '#', class: 'lesson-link', 'data-lesson': lesson.id }, `Lesson: ${lesson.title}`);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      ctx.channel.post({ type: 'openLesson', id: lesson.id });
    });
    bar.append(a);
  }
  const message = el('span', { class: 'muted export-message', role: 'status' });
  const nothing = () => (message.textContent = empty ?? 'Nothing to export yet: run this view first.');
  const png = el('button', { class: 'secondary export-png' }, 'Export PNG') as HTMLButtonElement;
  png.addEventListener('click', async () => {
    const c = getCanvas();
    if (!c) return nothing();
    message.textContent = '';
    ctx.channel.post({ type: 'save', format: 'png', name: `llm-study-${view}.png`, data: await canvasPng(c) });
  });
  const json = el('button', { class: 'secondary export-json' }, 'Export JSON') as HTMLButtonElement;
  json.addEventListener('click', () => {
    const data = getJson();
    if (data === undefined) return nothing();
    message.textContent = '';
    ctx.channel.post({ type: 'save', format: 'json', name: `llm-study-${view}.json`, data: JSON.stringify(data, null, 1) });
  });
  bar.append(png, json, message);
  const refresh = () => {
    if (empty === undefined) return;
    const has = getJson() !== undefined;
    for (const b of [png, json]) {
      b.disabled = !has;
      if (has) b.removeAttribute('title');
      else b.title = empty;
    }
    if (has) message.textContent = '';
  };
  refresh();
  return Object.assign(bar, { refresh });
}

/**
 * Calls `onShow` each time `view` becomes visible: when main.ts's tab switch clears its `hidden`,
 * and once at start when it is the view shown first (main.ts decides that after building views).
 */
export function whenShown(view: HTMLElement, onShow: () => void): void {
  new MutationObserver(() => {
    if (!view.hidden) onShow();
  }).observe(view, { attributes: true, attributeFilter: ['hidden'] });
  setTimeout(() => {
    if (view.isConnected && !view.hidden) onShow();
  }, 0);
}

/** A row of token chips; hovering or clicking one reports its position. */
export function tokenStrip(labels: string[], onPick: (i: number, hover: boolean) => void): HTMLElement {
  const strip = el('div', { class: 'token-strip' });
  labels.forEach((l, i) => {
    const chip = el('span', { class: 'tok', 'data-pos': String(i), tabindex: '0', title: `position ${i}` }, l);
    chip.addEventListener('mouseenter', () => onPick(i, true));
    chip.addEventListener('click', () => onPick(i, false));
    chip.addEventListener('keydown', (e) => e.key === 'Enter' && onPick(i, false));
    strip.append(chip);
  });
  return strip;
}

/** Lets the browser paint between model steps so streaming text appears as it is written. */
export function yieldToBrowser(): Promise<void> {
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r();
    ch.port2.postMessage(null);
  });
}
