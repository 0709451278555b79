// Messages between the lesson panel (host) and webview/lesson/main.ts. Imported by both sides, so
// no `vscode` here. The webview says `ready`, the host answers with `init`; every later change
// (a tick from the sidebar, a saved note) is a small message, never a page reload.
import type { Difficulty, ResourceKind } from '../curriculum/model';
import { fields, type Check, type HostChecks, type ReadyMessage } from './webview';

export const VIEW_TYPE = 'llmStudy.lesson';

/** The only remote origin a lesson page may load from, and only while embedding is switched on. */
export const EMBED_ORIGIN = 'https://www.youtube-nocookie.com';

export function lessonExtraCsp(embedVideos: boolean): string[] {
  return embedVideos ? [`frame-src ${EMBED_ORIGIN}`] : [];
}

/** In-editor link targets. Markdown writes them as `[text](lesson:id)` etc.; see CONTRIBUTING.md. */
export type NavKind = 'lesson' | 'module' | 'exercise' | 'playground' | 'training';
export interface NavTarget {
  kind: NavKind;
  id: string;
}

/** What a panel shows: one lesson, or a module's overview. Also the panel's identity. */
export type PageKey = `lesson:${string}` | `module:${string}`;

export interface ResourceCard {
  id: string;
  title: string;
  authors: string;
  kind: ResourceKind;
  kindLabel: string;
  difficulty?: Difficulty;
  long: boolean;
  poorAudio: boolean;
  time: string;
  summary: string;
  takeaway: string;
  url: string;
  /** youtube-nocookie embed URL for videos; only used when the embed setting is on. */
  embed?: string;
  links: { label: string; url: string }[];
}

export interface ExerciseCard {
  id: string;
  title: string;
  summary: string;
  time: string;
  difficulty: Difficulty;
  planned: boolean;
}

export interface QuestionView {
  id: string;
  /** Sanitised HTML (prompts may hold maths). */
  prompt: string;
  choices?: string[];
  correct?: number;
  answer: string;
}

/** One remembered answer. `choice` for multiple choice, `text` + `revealed` for short answers. */
export interface Answer {
  choice?: number;
  text?: string;
  revealed?: boolean;
  at: string;
}

export interface PageLink {
  key: PageKey;
  title: string;
}

export interface LessonPage {
  key: PageKey;
  title: string;
  /** "Module 3 · Neural networks", shown above the title. */
  eyebrow: string;
  /** Sanitised HTML of the lesson text (or the module overview). */
  html: string;
  /** False when the lesson's markdown file is not written yet: the page says so. */
  hasText: boolean;
  resources: ResourceCard[];
  exercises: ExerciseCard[];
  questions: QuestionView[];
  prev?: PageLink;
  next?: PageLink;
}

export interface PageData {
  page: LessonPage;
  /** Item id -> done, for the resources and exercises on the page. */
  done: Record<string, boolean>;
  /** Note key (see noteKey) -> markdown text. */
  notes: Record<string, string>;
  answers: Record<string, Answer>;
  embedVideos: boolean;
}

export type ToWebview =
  | ({ type: 'init' } & PageData)
  | { type: 'progress'; done: Record<string, boolean> }
  | { type: 'noteSaved'; key: string; text: string }
  /** The short answer's text as stored, so the page can drop its draft of it. */
  | { type: 'answerSaved'; questionId: string; text: string }
  /** Nothing was stored: the text is over MAX_NOTE_CHARS (the page checks first; this is the host's word). */
  | { type: 'tooLong'; target: 'note' | 'answer'; key: string; length: number };

export type ToHost =
  | ReadyMessage
  | { type: 'rendered'; ms: number }
  | { type: 'navigate'; target: NavTarget }
  | { type: 'openExternal'; url: string }
  | { type: 'setDone'; id: string; done: boolean }
  | { type: 'saveNote'; key: string; text: string }
  | { type: 'answer'; questionId: string; answer: Answer };

/** Only the two kinds of note the page has; the key becomes a storage key, so no other shape. */
const NOTE_KEY = /^(lesson|resource)\/[a-z0-9-]+$/;

const navTarget: Check = (m) => {
  const t = m.target as Partial<Record<keyof NavTarget, unknown>> | null;
  if (typeof t !== 'object' || t === null) return 'target is not an object';
  return typeof t.kind === 'string' && typeof t.id === 'string' && parseNavHref(`${t.kind}:${t.id}`) ? undefined : 'target is not a lesson, module, exercise, playground or training link';
};

const saveNote: Check = (m) => fields({ key: 'string', text: 'string' })(m) ?? (NOTE_KEY.test(m.key as string) ? undefined : 'key is not a note key');

/** What the host checks before acting on a message; the handlers still check what only they know (is the id on this page?). */
export const LESSON_CHECKS: HostChecks<ToHost> = {
  rendered: fields({ ms: 'number' }),
  navigate: navTarget,
  openExternal: fields({ url: 'string' }),
  setDone: fields({ id: 'string', done: 'boolean' }),
  saveNote,
  answer: fields({ questionId: 'string', answer: 'object' }),
};

/** A note or short answer typed in a page and not yet confirmed by the host. */
export interface Draft {
  text: string;
  /** What the host had stored under the key when this text was typed ('' for nothing); absent in drafts kept by older builds. */
  base?: string;
}

/** UI state kept by the webview with setState: survives hiding and window reloads. */
export interface LessonUiState {
  key: PageKey;
  scrollY?: number;
  /**
   * Notes typed but not yet acknowledged by the host: re-sent after a reload unless the note was
   * stored again since (then kept aside). Plain strings were written by builds before Draft.
   */
  drafts?: Record<string, Draft | string>;
  /** Short answers (question id -> text) typed but not yet acknowledged, as drafts. */
  answerDrafts?: Record<string, Draft | string>;
  /** Drafts that met a newer stored note or answer at a reload, shown for the learner to add or dismiss. */
  aside?: Record<string, string>;
  answerAside?: Record<string, string>;
  /** Open note editors and revealed answers. */
  open?: string[];
}

/**
 * The longest note or short answer we store. Every save rewrites the whole notes record in
 * globalState, which VS Code keeps in memory and Settings Sync uploads whole, so one runaway paste
 * (a log, a book) would slow every later keystroke's save and can make sync reject the record.
 * 200,000 characters is about a hundred pages. Over it we refuse the save whole and say so, and
 * the text stays in the page: cutting it would lose the learner's words while claiming "Saved".
 */
export const MAX_NOTE_CHARS = 200_000;

/** What the page shows instead of "Saved" for a text over the limit; undefined when it fits. */
export function tooLongMessage(length: number): string | undefined {
  if (length <= MAX_NOTE_CHARS) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Too long to save: ${n(length)} of ${n(MAX_NOTE_CHARS)} characters; nothing was cut. Shorten it to save; until then it is kept only in this page.`;
}

export const lessonNoteKey = (lessonId: string) => `lesson/${lessonId}`;
export const resourceNoteKey = (resourceId: string) => `resource/${resourceId}`;
/** Progress id recorded when every self-check question of a lesson has an answer. */
export const selfCheckItemId = (lessonId: string) => `self-check:${lessonId}`;

const NAV_KINDS: readonly NavKind[] = ['lesson', 'module', 'exercise', 'playground', 'training'];

/** `lesson:self-attention` -> { kind: 'lesson', id: 'self-attention' }; anything else -> undefined. */
export function parseNavHref(href: string): NavTarget | undefined {
  const m = /^([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(href.trim());
  if (!m || !(NAV_KINDS as readonly string[]).includes(m[1])) return undefined;
  return { kind: m[1] as NavKind, id: m[2] };
}

export function isPageKey(x: unknown): x is PageKey {
  return typeof x === 'string' && /^(lesson|module):[a-z0-9]+(-[a-z0-9]+)*$/.test(x);
}
