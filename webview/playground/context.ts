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

/** The row under each view: lesson link, PNG and JSON export. */
export function viewFooter(ctx: ViewContext, view: ViewId, getCanvas: () => HTMLCanvasElement | undefined, getJson: () => unknown): HTMLElement {
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
  const png = el('button', { class: 'secondary export-png' }, 'Export PNG');
  png.addEventListener('click', async () => {
    const c = getCanvas();
    if (!c) return;
    ctx.channel.post({ type: 'save', format: 'png', name: `llm-study-${view}.png`, data: await canvasPng(c) });
  });
  const json = el('button', { class: 'secondary export-json' }, 'Export JSON');
  json.addEventListener('click', () => {
    const data = getJson();
    if (data === undefined) return;
    ctx.channel.post({ type: 'save', format: 'json', name: `llm-study-${view}.json`, data: JSON.stringify(data, null, 1) });
  });
  bar.append(png, json);
  return bar;
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
