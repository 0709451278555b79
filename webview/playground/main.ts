// The playground webview: loads the tiny GPT with onnxruntime-web on the best available backend,
// then mounts the views. Whatever fails, the panel says what and why: never a blank page.
import './playground.css';
import { channel, initialState } from '../shared/vscodeApi';
import { decodePlaygroundState, viewOfPreset, type ModelFiles, type MyModel, type PlaygroundInit, type PlaygroundState, type ToHost, type ToWebview, type ViewId } from '../../src/shared/protocols/playground';
import { ModelFilesError, openModel } from './load';
import { yieldToBrowser, type ViewContext } from './context';
import { el } from './views/draw';
import { generateView } from './views/generateView';
import { attentionView } from './views/attentionView';
import { lensView } from './views/lensView';
import { inductionView } from './views/inductionView';
import { mineView, type MineView } from './views/mineView';
import { ablateView } from './views/ablateView';
import { patchView } from './views/patchView';
import { dlaView } from './views/dlaView';
import { steerView } from './views/steerView';

/** When this script started, in ms since the panel's navigation start (what came before is VS Code's). */
const scriptAt = performance.now();
const init = initialState<PlaygroundInit>();
const ch = channel<ToHost, ToWebview, PlaygroundState>();
const app = document.getElementById('app')!;
// Stored state may be an older version's or out of range (Tokens 5000): decoded, not trusted.
// After a reload the webview's own state may be missing or older than the last change (code-server
// can reload before saving it): the host, which got every change at once, then sends what it kept.
const state: PlaygroundState = { ...decodePlaygroundState(init?.state ?? ch.getState()), source: init?.source, ...(init?.prompt !== undefined ? { prompt: init.prompt } : {}) };
/** Every change goes to the webview's state and to the host, which keeps it across a reload. */
function persist(patch: Partial<PlaygroundState> = {}): void {
  ch.setState(Object.assign(state, patch));
  ch.post({ type: 'state', state });
}
persist();

const TABS: [ViewId, string][] = [['generate', 'Generate & sample'], ['attention', 'Attention'], ['logit-lens', 'Logit lens'], ['induction', 'Induction heads'], ['ablate', 'Ablate'], ['patch', 'Patching'], ['dla', 'Attribution'], ['steer', 'Steer'], ['mine', 'Your code']];

const header = el('header', { class: 'pg-header' });
const backendBadge = el('span', { id: 'backend', class: 'badge' }, 'Backend: loading…');
const modelBadge = el('span', { id: 'model-label', class: 'badge' });
header.append(el('h1', {}, 'Tiny GPT playground'), backendBadge, modelBadge);
const notices = el('div', { id: 'notices', role: 'status' });
const errorBox = el('div', { id: 'error', class: 'error', role: 'alert' });
errorBox.hidden = true;
const progress = el('p', { id: 'progress', class: 'muted' }, 'Loading the model…');
const tabs = el('nav', { class: 'tabs', role: 'tablist' });
const views = el('div', { class: 'views' });
app.append(header, notices, errorBox, progress, tabs, views);

function setPhase(phase: 'loading' | 'ready' | 'error', backend: string, message?: string): void {
  document.body.dataset.phase = phase;
  ch.post({ type: 'status', phase, backend, message });
}

function fail(message: string): void {
  errorBox.hidden = false;
  errorBox.textContent = message;
  progress.hidden = true;
  setPhase('error', backendBadge.textContent ?? '', message);
}

function notice(text: string): void {
  notices.append(el('p', { class: 'notice' }, text));
}

let show: (v: ViewId) => void = () => undefined;
let mine: MineView | undefined;
/** A Show My Model comparison that arrived before the model was loaded. */
let pendingMine: MyModel | undefined = init?.mine;

function showMine(m: MyModel): void {
  if (!mine) {
    pendingMine = m;
    return;
  }
  document.getElementById('tab-mine')?.removeAttribute('hidden');
  show('mine');
  void mine.set(m);
}

async function start(init: PlaygroundInit): Promise<void> {
  setPhase('loading', 'none');
  if ('error' in init.model) return fail(init.model.error);
  const files: ModelFiles = init.model;
  modelBadge.textContent = files.label;
  const t0 = performance.now();
  let opened;
  try {
    opened = await openModel(files, init.backend, init.ort);
  } catch (e) {
    if (!(e instanceof ModelFilesError)) backendBadge.textContent = 'Backend: none';
    return fail(e instanceof Error ? e.message : String(e));
  }
  const { backend, gpt, meta, full, external } = opened;
  backendBadge.textContent = `Backend: ${backend.label}`;
  backendBadge.dataset.backend = backend.name;
  for (const n of backend.notices) notice(n);
  if (opened.hadKvFile && !gpt.runner.hasKvCache) notice('The KV-cache model could not be opened: generation re-runs the full context at each step (slower).');
  // performance.now() counts from the webview's navigation start: the panel opening, as the learner sees it.
  progress.dataset.readyMs = performance.now().toFixed(0);
  progress.dataset.timings = JSON.stringify({ script: Math.round(scriptAt), ...opened.timings });
  progress.textContent = `Ready ${performance.now().toFixed(0)} ms after opening (model and runtime ${(performance.now() - t0).toFixed(0)} ms): ${meta.nLayer} layers, ${meta.nHead} heads, width ${meta.C}, context ${meta.blockSize}, ${meta.V} characters.`;

  const sections = new Map<ViewId, HTMLElement>();
  const ctx: ViewContext = {
    gpt: gpt.runner, backend: backend.name, meta, modelBytes: full, externalData: external, channel: ch, state, lessons: init.lessons,
    saveState: (patch) => persist(patch),
    currentText: () => '',
    show: (v) => show(v),
    openHead: (ids, l, h) => {
      show('attention');
      void attention.focus(ids, l, h);
    },
  };
  const attention = attentionView(ctx);
  sections.set('generate', generateView(ctx));
  sections.set('attention', attention.root);
  sections.set('logit-lens', lensView(ctx));
  sections.set('induction', inductionView(ctx));
  // The interpretability views run the third graph (model_interp.onnx), opened on first use.
  const interpViews = new Map([['ablate', ablateView(ctx)], ['patch', patchView(ctx)], ['dla', dlaView(ctx)], ['steer', steerView(ctx)]] as const);
  for (const [id, v] of interpViews) sections.set(id, v.root);
  mine = mineView(ctx);
  sections.set('mine', mine.root);
  for (const [id, label] of TABS) {
    const b = el('button', { role: 'tab', class: 'tab', 'data-view': id, id: `tab-${id}` }, label);
    if (id === 'mine') b.hidden = true; // until Show My Model sends something to show
    b.addEventListener('click', () => show(id));
    tabs.append(b);
    views.append(sections.get(id)!);
  }
  show = (v: ViewId) => {
    for (const [id, s] of sections) s.hidden = id !== v;
    tabs.querySelectorAll<HTMLElement>('.tab').forEach((t) => t.setAttribute('aria-selected', String(t.dataset.view === v)));
    ctx.saveState({ view: v });
    if (v === 'ablate' || v === 'patch') interpViews.get(v)?.shown();
  };
  show(state.view === 'mine' || !state.view ? viewOfPreset(init.preset) : state.view);
  if (pendingMine) showMine(pendingMine);
  pendingMine = undefined;
  setPhase('ready', backend.name);
  // The learner's first Generate would otherwise run onnxruntime's wasm in V8's baseline tier and
  // grow its allocator token by token; the warm-up does that in the time after ready, in slices of
  // about 10 ms with the page free to paint and take input between them, and stands back as soon
  // as anything runs the model. (An idle-time callback got 17 steps a second in code-server, whose
  // workbench shares the page's thread; a yield after every step, 8 ms a step.)
  // V8 keeps tiering the wasm up for about a thousand tokens (the bench page's successive 200-token
  // runs after opening: 401, 444, 601, 760, 838 tokens/s), so the warm-up goes on for 8 contexts'
  // worth of steps (~0.9 s here) rather than the 1.5 contexts that cover every shape: in code-server,
  // first Generate 1190 / 1681 / 2157 -> 1970 / 2227 / 2028 tokens/s (scripts/bench/generate.ts,
  // alternating builds). It still stops at the learner's first run.
  const warmFrom = performance.now();
  let sliceFrom = warmFrom;
  const pause = async () => {
    if (performance.now() - sliceFrom < 10) return;
    await yieldToBrowser();
    sliceFrom = performance.now();
  };
  void gpt.runner.warmUp({ pause, steps: 8 * meta.blockSize }).then((steps) => {
    document.body.dataset.warmUp = `${steps} steps in ${(performance.now() - warmFrom).toFixed(0)} ms`;
  });
}

ch.onMessage((m) => {
  if (m.type === 'preset') {
    if (m.prompt !== undefined) {
      const box = document.getElementById('prompt') as HTMLTextAreaElement | null;
      if (box) box.value = m.prompt;
      persist({ prompt: m.prompt });
    }
    show(viewOfPreset(m.preset));
  }
  if (m.type === 'saved') notice(`Saved ${m.path}`);
  if (m.type === 'mine') showMine(m.mine);
  if (m.type === 'mineFailed') mine?.failed(m.message);
});
ch.post({ type: 'ready' });
if (!init) fail('The playground started without its settings; close and reopen it.');
else {
  if (state.view === undefined) state.view = viewOfPreset(init.preset);
  else state.view = viewOfPreset(init.preset) === 'generate' ? state.view : viewOfPreset(init.preset);
  void start(init).catch((e) => fail(`Unexpected error: ${e instanceof Error ? e.message : String(e)}`));
}
