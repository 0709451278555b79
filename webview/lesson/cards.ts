// Resource and exercise cards: what each resource is, what to take from it, and its actions
// (open in the browser, watch here when allowed and online, mark done, notes).
import type { ExerciseCard, ResourceCard } from '../../src/shared/protocols/lesson';
import { resourceNoteKey } from '../../src/shared/protocols/lesson';
import { announce, h } from './dom';
import type { NoteSaver } from './notes';
import { asideBox } from './aside';

export interface CardContext {
  isDone(id: string): boolean;
  setDone(id: string, done: boolean): void;
  open(url: string): void;
  startExercise(id: string): void;
  note(key: string): string;
  notes: NoteSaver;
  embedVideos: boolean;
  isOpen(id: string): boolean;
  setOpen(id: string, open: boolean): void;
  /** Registers how a card shows a done change coming from elsewhere (the sidebar). */
  onDone(id: string, show: (done: boolean) => void): void;
}

const ACTION: Record<string, string> = { video: 'Watch', audio: 'Listen', course: 'Open course', book: 'Open book', code: 'Open code', paper: 'Read paper', article: 'Read', interactive: 'Open' };

export function badgeLegend(): HTMLElement {
  const item = (cls: string, label: string, text: string) => h('li', {}, h('span', { class: `badge ${cls}`, text: label }), ` ${text}`);
  return h('details', { class: 'legend' },
    h('summary', { text: 'What the badges mean' }),
    h('ul', {},
      item('diff-easy', 'easy', 'no background beyond the earlier modules'),
      item('diff-medium', 'medium', 'expect to pause and re-read or re-watch'),
      item('diff-hard', 'hard', 'dense; fine to skim first and come back'),
      item('flag', 'long', 'a long video or course: plan several sittings'),
      item('flag', 'poor audio', 'worth it, but the sound is rough: subtitles help'),
      item('time', '1 h 20 min', 'our estimate of the study time')));
}

function noteEditor(key: string, label: string, ctx: CardContext, rows = 4): HTMLElement {
  const status = h('span', { class: 'note-status', 'aria-live': 'polite' });
  const area = h('textarea', { class: 'note', rows: String(rows), 'aria-label': label, placeholder: 'Markdown welcome. Saved as you type.', 'data-note': key });
  area.value = ctx.note(key);
  area.addEventListener('input', () => ctx.notes.changed(key, area.value));
  ctx.notes.onStatus(key, (s) => (status.textContent = s));
  return h('div', { class: 'note-editor' }, area, asideBox(ctx.notes, key, area, 'note'), status);
}

export { noteEditor };

function videoPlayer(r: ResourceCard, ctx: CardContext): HTMLElement | undefined {
  if (r.kind !== 'video' || !r.embed || !ctx.embedVideos) return undefined;
  const box = h('div', { class: 'player' });
  const offline = h('p', { class: 'offline', role: 'note', text: 'You are offline: the player needs the internet. Everything else on this page works offline.' });
  const play = h('button', { class: 'secondary', type: 'button', 'aria-label': `Play ${r.title} here` }, 'Play here');
  const sync = () => {
    offline.hidden = navigator.onLine;
    play.disabled = !navigator.onLine;
  };
  window.addEventListener('online', sync);
  window.addEventListener('offline', sync);
  sync();
  play.addEventListener('click', () => {
    // Created only on request, so no request reaches YouTube until the learner asks for it.
    const frame = h('iframe', {
      src: r.embed!, title: `Video: ${r.title}`, allow: 'encrypted-media; picture-in-picture; fullscreen', referrerpolicy: 'strict-origin-when-cross-origin',
      sandbox: 'allow-scripts allow-same-origin allow-presentation', loading: 'lazy',
    });
    play.replaceWith(frame);
  });
  box.append(play, offline);
  return box;
}

export function resourceCard(r: ResourceCard, index: number, ctx: CardContext): HTMLElement {
  const titleId = `res-${r.id}-title`;
  const done = ctx.isDone(r.id);
  const badges = h('p', { class: 'badges' },
    h('span', { class: 'badge kind', text: r.kindLabel }),
    r.difficulty && h('span', { class: `badge diff-${r.difficulty}`, text: r.difficulty, title: `Difficulty: ${r.difficulty}` }),
    r.long && h('span', { class: 'badge flag', text: 'long' }),
    r.poorAudio && h('span', { class: 'badge flag', text: 'poor audio' }),
    h('span', { class: 'badge time', text: r.time, title: 'Estimated study time' }));
  const doneBtn = h('button', { type: 'button', class: 'secondary done-toggle', 'aria-pressed': String(done), 'aria-label': `Mark ${r.title} as done` });
  const setDoneLook = (d: boolean) => {
    doneBtn.setAttribute('aria-pressed', String(d));
    doneBtn.textContent = d ? '✓ Done' : 'Mark done';
    card.classList.toggle('done', d);
  };
  doneBtn.addEventListener('click', () => {
    const d = doneBtn.getAttribute('aria-pressed') !== 'true';
    setDoneLook(d);
    ctx.setDone(r.id, d);
    announce(`${r.title} marked ${d ? 'done' : 'not done'}`);
  });
  const openBtn = h('button', { type: 'button', class: 'open', 'aria-label': `${ACTION[r.kind] ?? 'Open'} ${r.title} in your browser` }, `${ACTION[r.kind] ?? 'Open'} ↗`);
  openBtn.addEventListener('click', () => ctx.open(r.url));

  const key = resourceNoteKey(r.id);
  const hasNote = !!ctx.note(key).trim();
  const notesId = `notes-${r.id}`;
  const notesBtn = h('button', { type: 'button', class: 'secondary notes-toggle', 'aria-controls': notesId });
  const notes = h('div', { id: notesId, class: 'card-notes' }, noteEditor(key, `Notes on ${r.title}`, ctx));
  const setNotesOpen = (open: boolean) => {
    notes.hidden = !open;
    notesBtn.setAttribute('aria-expanded', String(open));
    notesBtn.textContent = open ? 'Hide notes' : hasNote ? 'Notes ✎' : 'Notes';
  };
  setNotesOpen(hasNote || ctx.isOpen(notesId));
  notesBtn.addEventListener('click', () => {
    const open = notes.hidden === true;
    setNotesOpen(open);
    ctx.setOpen(notesId, open);
    if (open) notes.querySelector('textarea')?.focus();
  });

  const links = r.links.length
    ? h('ul', { class: 'extra-links' }, ...r.links.map((l) => {
        const a = h('a', { href: l.url, class: 'external', text: l.label, title: l.url });
        return h('li', {}, a);
      }))
    : undefined;
  const card = h('article', { class: 'card resource', 'data-resource': r.id, 'aria-labelledby': titleId },
    h('header', {},
      h('h3', { id: titleId }, h('span', { class: 'num', text: `${index + 1}.` }), ` ${r.title}`),
      h('p', { class: 'authors', text: r.authors })),
    badges,
    h('p', { class: 'summary', text: r.summary }),
    h('p', { class: 'takeaway' }, h('strong', { text: 'Take from it: ' }), r.takeaway),
    links,
    videoPlayer(r, ctx),
    h('div', { class: 'actions' }, openBtn, doneBtn, notesBtn),
    notes);
  setDoneLook(done);
  ctx.onDone(r.id, setDoneLook);
  return card;
}

export function exerciseCard(e: ExerciseCard, ctx: CardContext): HTMLElement {
  const titleId = `ex-${e.id}-title`;
  const can = !e.planned;
  const start = h('button', { type: 'button', 'aria-label': `Start the exercise ${e.title}`, disabled: !can }, can ? 'Start this exercise' : 'Coming soon');
  start.addEventListener('click', () => ctx.startExercise(e.id));
  const done = ctx.isDone(e.id);
  const card = h('article', { class: `card exercise${done ? ' done' : ''}`, 'data-exercise': e.id, 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `Exercise: ${e.title}`, h('span', { class: 'done-mark', text: ' ✓ done', hidden: !done })),
    h('p', { class: 'badges' }, h('span', { class: `badge diff-${e.difficulty}`, text: e.difficulty }), h('span', { class: 'badge time', text: e.time })),
    h('p', { class: 'summary', text: e.summary }),
    h('div', { class: 'actions' }, start));
  ctx.onDone(e.id, (d) => {
    card.classList.toggle('done', d);
    (card.querySelector('.done-mark') as HTMLElement).hidden = !d;
  });
  return card;
}
