// The lesson page: rendered text, resource and exercise cards, self-check and notes. The host
// sends everything in `init` (with the HTML, and after our `ready`); UI state (scroll, open notes, unsaved drafts)
// lives in getState/setState so it survives hiding the tab and reloading the window.
import 'katex/dist/katex.min.css';
import './style.css';
import { channel, initialState } from '../shared/vscodeApi';
import {
  lessonNoteKey, parseNavHref, type Answer, type LessonUiState, type PageData, type ToHost, type ToWebview,
} from '../../src/shared/protocols/lesson';
import { badgeLegend, exerciseCard, noteEditor, resourceCard, type CardContext } from './cards';
import { h, setHtml } from './dom';
import { decodeDrafts, NoteSaver } from './notes';
import { asideBox } from './aside';
import { selfCheckSection } from './selfCheck';

// Marks read by scripts/bench/product.ts to split the time to the first lesson on screen.
const t0 = performance.mark('llmStudy:script').startTime;
const vsc = channel<ToHost, ToWebview, LessonUiState>();
const boot = initialState<LessonUiState>();
let state: LessonUiState = { ...(boot ?? { key: 'lesson:unknown' }), ...(vsc.getState() ?? {}) };
if (boot?.key) state.key = boot.key;
const saveState = () => vsc.setState(state);
saveState();

const app = document.getElementById('app')!;
let data: PageData | undefined;
const doneViews = new Map<string, (done: boolean) => void>();

const notes = new NoteSaver({
  save: (key, text) => vsc.post({ type: 'saveNote', key, text }),
  drafts: () => decodeDrafts(state.drafts),
  setDrafts: (d) => setUi({ drafts: d }),
  aside: () => ({ ...(state.aside ?? {}) }),
  setAside: (a) => setUi({ aside: a }),
});

// Short answers are drafts like notes, keyed by question id; the host confirms with answerSaved.
const answerTexts = new NoteSaver({
  save: (questionId, text) => saveAnswer(questionId, { text, at: new Date().toISOString() }),
  drafts: () => decodeDrafts(state.answerDrafts),
  setDrafts: (d) => setUi({ answerDrafts: d }),
  aside: () => ({ ...(state.answerAside ?? {}) }),
  setAside: (a) => setUi({ answerAside: a }),
});

function setUi(change: Partial<LessonUiState>): void {
  state = { ...state, ...change };
  saveState();
}

function saveAnswer(questionId: string, answer: Answer): void {
  if (data) data.answers[questionId] = { ...data.answers[questionId], ...answer };
  vsc.post({ type: 'answer', questionId, answer: data?.answers[questionId] ?? answer });
  updateSummary();
}

function updateSummary(): void {
  const el = document.getElementById('summary');
  if (!el || !data) return;
  const items = [...data.page.resources.map((r) => r.id), ...data.page.exercises.map((e) => e.id)];
  const done = items.filter((id) => data!.done[id]).length;
  const qs = data.page.questions;
  const answered = qs.filter((q) => data!.answers[q.id]?.choice !== undefined || data!.answers[q.id]?.revealed).length;
  const parts = items.length ? [`${done} of ${items.length} done`] : [];
  if (qs.length) parts.push(`self-check ${answered}/${qs.length}`);
  el.textContent = parts.join(' · ');
}

function pageNav(d: PageData, where: string): HTMLElement | undefined {
  const { prev, next } = d.page;
  if (!prev && !next) return undefined;
  const link = (p: { key: string; title: string }, rel: string, label: string) =>
    h('a', { href: '#', class: `nav-link page-${rel}`, 'data-nav': p.key, 'aria-label': `${label}: ${p.title}` }, rel === 'prev' ? `← ${p.title}` : `${p.title} →`);
  return h('nav', { class: 'page-nav', 'aria-label': `Lesson navigation (${where})` }, prev ? link(prev, 'prev', 'Previous lesson') : h('span'), next ? link(next, 'next', 'Next lesson') : undefined);
}

function render(d: PageData): void {
  data = d;
  doneViews.clear();
  // Drafts not yet confirmed by the host win over the stored texts, and are sent again, unless
  // the text was stored again after the draft was typed (a stale page state): then it is kept aside.
  for (const k of new Set([...Object.keys(d.notes), ...Object.keys(decodeDrafts(state.drafts))])) d.notes[k] = notes.restore(k, d.notes[k] ?? '');
  for (const q of d.page.questions) {
    if (q.choices?.length) continue;
    const stored = d.answers[q.id]?.text ?? '';
    const text = answerTexts.restore(q.id, stored);
    // Shown even when too long to send (then the host keeps the stored text).
    if (text !== stored) d.answers[q.id] = { ...d.answers[q.id], text, at: d.answers[q.id]?.at ?? new Date().toISOString() };
  }
  const open = new Set(state.open ?? []);
  const ctx: CardContext = {
    isDone: (id) => d.done[id] === true,
    setDone: (id, done) => {
      d.done[id] = done;
      vsc.post({ type: 'setDone', id, done });
      updateSummary();
    },
    open: (url) => vsc.post({ type: 'openExternal', url }),
    startExercise: (id) => vsc.post({ type: 'navigate', target: { kind: 'exercise', id } }),
    note: (key) => d.notes[key] ?? '',
    notes,
    embedVideos: d.embedVideos,
    isOpen: (id) => open.has(id),
    setOpen: (id, isOpen) => {
      if (isOpen) open.add(id);
      else open.delete(id);
      state = { ...state, open: [...open] };
      saveState();
    },
    onDone: (id, show) => doneViews.set(id, show),
  };
  const p = d.page;
  const isLesson = p.key.startsWith('lesson:');
  const text = setHtml(h('article', { class: 'lesson-text', id: 'lesson-text' }), p.html);
  if (!p.hasText) text.prepend(h('p', { class: 'pending', role: 'note', text: 'The full lesson text is on its way. Meanwhile: why this step matters, and the resources in the order we suggest.' }));
  const resources = p.resources.length
    ? h('section', { id: 'resources', 'aria-labelledby': 'resources-title' },
        h('h2', { id: 'resources-title', text: 'Resources, in the order we suggest' }),
        badgeLegend(),
        h('ol', { class: 'cards' }, ...p.resources.map((r, i) => h('li', {}, resourceCard(r, i, ctx)))))
    : undefined;
  const exercises = p.exercises.length
    ? h('section', { id: 'exercises', 'aria-labelledby': 'exercises-title' },
        h('h2', { id: 'exercises-title', text: 'Build it yourself' }), ...p.exercises.map((e) => exerciseCard(e, ctx)))
    : undefined;
  const check = selfCheckSection(p.questions, {
    answer: (id) => d.answers[id],
    save: saveAnswer,
    saveText: (id, text) => answerTexts.changed(id, text),
    onTextStatus: (id, show) => answerTexts.onStatus(id, show),
    aside: (id, area) => asideBox(answerTexts, id, area, 'answer'),
  });
  const lessonNotes = isLesson
    ? h('section', { id: 'lesson-notes', 'aria-labelledby': 'lesson-notes-title' },
        h('h2', { id: 'lesson-notes-title', text: 'My notes on this lesson' }),
        noteEditor(lessonNoteKey(p.key.slice('lesson:'.length)), `My notes on ${p.title}`, ctx, 6))
    : undefined;
  const header = h('header', { class: 'page-header' },
    h('p', { class: 'eyebrow', text: p.eyebrow }),
    h('h1', { text: p.title }),
    h('p', { id: 'summary', class: 'summary-line', 'aria-live': 'polite' }));
  const below = [resources, exercises, check, lessonNotes, pageNav(d, 'bottom')].filter((x): x is HTMLElement => !!x);
  app.dataset.page = p.key;
  // A page scrolled down before (a reload) needs all of it in place to go back there.
  const rest = state.scrollY ? [] : firstScreen(text);
  app.replaceChildren(header, text, ...(rest.length ? [] : below));
  performance.mark('llmStudy:first-screen');
  updateSummary();
  const done = () => {
    document.body.dataset.rendered = 'true';
    performance.mark('llmStudy:rendered');
    vsc.post({ type: 'rendered', ms: performance.now() - t0 });
  };
  if (!rest.length) {
    if (state.scrollY) window.scrollTo(0, state.scrollY);
    return done();
  }
  app.setAttribute('aria-busy', 'true');
  attaching = [];
  afterFirstPaint(() => {
    text.append(...rest);
    app.append(...below);
    app.removeAttribute('aria-busy');
    const waiting = attaching ?? [];
    attaching = undefined;
    for (const f of waiting) f();
    done();
  });
}

/** What waits for the part of the page below the first screen to be in the document. */
let attaching: (() => void)[] | undefined;
const whenAttached = (f: () => void) => (attaching ? attaching.push(f) : f());

/**
 * Takes off the lesson text's blocks below about the first screen and returns them. Style and
 * layout of a whole lesson (thousands of KaTeX boxes) took ~50 ms before the first paint (a trace
 * of the first lesson in code-server: style 16 ms, layout 36 ms); the first screen needs a few
 * blocks of it. Counted in characters (about a screen of 800 px at the lesson's width, more on a
 * taller one): the split must not ask for layout, which is what it saves.
 */
function firstScreen(text: HTMLElement, chars = 2_500 * Math.max(1, window.innerHeight / 800)): Element[] {
  const blocks = [...text.children];
  let seen = 0;
  let keep = 0;
  while (keep < blocks.length && seen < chars) seen += (blocks[keep++].textContent ?? '').length;
  const rest = blocks.slice(keep);
  for (const b of rest) b.remove();
  return rest;
}

/**
 * Runs `f` once the frame now being drawn is on screen: the second animation frame comes after
 * the first one painted. A hidden panel draws no frames, so a timer makes sure it runs anyway.
 */
function afterFirstPaint(f: () => void): void {
  let ran = false;
  const once = () => {
    if (!ran) (ran = true), f();
  };
  requestAnimationFrame(() => requestAnimationFrame(once));
  setTimeout(once, 250);
}

// Links inside rendered markdown: in-editor targets go to the host, web links open outside.
document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a) return;
  e.preventDefault();
  const nav = a.getAttribute('data-nav');
  const target = nav ? parseNavHref(nav) : undefined;
  if (target) vsc.post({ type: 'navigate', target });
  else if (a.classList.contains('external')) vsc.post({ type: 'openExternal', url: a.getAttribute('href') ?? '' });
});

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => {
    state = { ...state, scrollY: Math.round(window.scrollY) };
    saveState();
  }, 200);
});

vsc.onMessage((m) => {
  switch (m.type) {
    case 'init': {
      // The host sends init with the HTML and again after our ready (see WebviewChannel.prime):
      // the first is the page; changes since then follow as their own messages.
      if (data) break;
      performance.mark('llmStudy:init');
      const { type: _t, ...d } = m;
      render(d);
      break;
    }
    case 'progress':
      for (const [id, done] of Object.entries(m.done)) {
        if (data) data.done[id] = done;
        doneViews.get(id)?.(done);
      }
      updateSummary();
      break;
    case 'answerSaved':
      answerTexts.saved(m.questionId, m.text);
      break;
    case 'tooLong':
      (m.target === 'note' ? notes : answerTexts).refused(m.key, m.length);
      break;
    case 'noteSaved':
      if (data) data.notes[m.key] = m.text;
      notes.saved(m.key, m.text);
      // Another panel saved this note: show it unless the learner is typing here.
      whenAttached(() => {
        for (const area of document.querySelectorAll<HTMLTextAreaElement>(`textarea[data-note="${CSS.escape(m.key)}"]`)) {
          if (document.activeElement !== area && !(state.drafts ?? {})[m.key]) area.value = m.text;
        }
      });
      break;
  }
});

vsc.post({ type: 'ready' });
