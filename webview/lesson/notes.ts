// What the learner writes (notes, and short answers to the self-check) is kept in the webview
// state on every input, before anything else, so a reload restores it even if the host never heard
// of it, and it is sent to the host at once (the host batches the storage writes). Nothing waits
// in the page, so closing the tab right after a keystroke has nothing left to flush; the host
// writes what it has when the panel closes. A draft stays until the host confirms that exact text.
//
// A draft remembers what was stored under its key when it was typed (its base). The page state
// VS Code gives back after a reload can be older than the stored notes (code-server saves it while
// the page unloads, not always in time, and may restore a layout from before the last save), so a
// draft only takes its key's place when nothing was stored there since it was typed. Otherwise the
// stored text stays and the draft is kept aside, shown under its editor, for the learner to add
// or dismiss: neither text is lost.
//
// Text over MAX_NOTE_CHARS is not sent: the page says so and keeps it whole (see protocol.ts).
import { tooLongMessage, type Draft } from '../../src/shared/protocols/lesson';

export type { Draft };

/** Where a draft from the page state stands against what is stored now. */
export type DraftFate = 'stored' | 'newer' | 'conflict';

export function draftFate(draft: Draft, stored: string): DraftFate {
  if (draft.text === stored) return 'stored';
  // Typed over what is still stored: nothing was saved under the key since, so the draft is newest.
  // A draft from an older build has no base: it wins only where nothing is stored.
  if ((draft.base ?? '') === stored) return 'newer';
  return 'conflict';
}

/** Drafts from a page state written by any build: plain strings (before drafts had a base) or Drafts. */
export function decodeDrafts(raw: unknown): Record<string, Draft> {
  const out: Record<string, Draft> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = { text: v };
    else if (typeof v === 'object' && v !== null && typeof (v as Draft).text === 'string') {
      const base = (v as Draft).base;
      out[k] = typeof base === 'string' ? { text: (v as Draft).text, base } : { text: (v as Draft).text };
    }
  }
  return out;
}

export interface NoteSink {
  save(key: string, text: string): void;
  drafts(): Record<string, Draft>;
  setDrafts(d: Record<string, Draft>): void;
  /** Texts kept aside at a restore (see restore()), until the learner adds or dismisses them. */
  aside(): Record<string, string>;
  setAside(a: Record<string, string>): void;
}

export class NoteSaver {
  /** The text last typed under each key, so a confirmation of any other text is not "Saved". */
  private readonly latest = new Map<string, string>();
  /** What the host has stored under each key, as this page last heard (its data, then confirmations). */
  private readonly stored = new Map<string, string>();
  private readonly statuses = new Map<string, string>();
  private readonly listeners = new Map<string, (status: string) => void>();

  constructor(private readonly sink: NoteSink) {}

  /** Shows the key's status, including one set before its editor existed (a restored draft). */
  onStatus(key: string, fn: (status: string) => void): void {
    this.listeners.set(key, fn);
    const s = this.statuses.get(key);
    if (s !== undefined) fn(s);
  }

  /**
   * On each render, for every key the page shows: `stored` is the host's text. Returns the text the
   * editor shows: the page's draft when it is newer than what is stored (it is sent again), else
   * the stored text, with a conflicting draft moved aside.
   */
  restore(key: string, stored: string): string {
    this.stored.set(key, stored);
    const draft = this.sink.drafts()[key];
    if (!draft) return stored;
    const fate = draftFate(draft, stored);
    if (fate === 'newer') {
      this.changed(key, draft.text);
      return draft.text;
    }
    this.dropDraft(key);
    if (fate === 'conflict') this.putAside(key, draft.text);
    return stored;
  }

  changed(key: string, text: string): void {
    this.sink.setDrafts({ ...this.sink.drafts(), [key]: { text, base: this.stored.get(key) ?? '' } });
    this.latest.set(key, text);
    const tooLong = tooLongMessage(text.length);
    if (tooLong) return this.status(key, tooLong);
    this.status(key, 'Saving…');
    this.sink.save(key, text);
  }

  /** The host stored `text` under `key`: the draft can go unless the learner typed on since. */
  saved(key: string, text: string): void {
    this.stored.set(key, text);
    const drafts = this.sink.drafts();
    const draft = drafts[key];
    if (draft) {
      // A draft typed on since is still newer than what is stored now.
      if (draft.text === text) delete drafts[key];
      else drafts[key] = { text: draft.text, base: text };
      this.sink.setDrafts(drafts);
    }
    const latest = this.latest.get(key);
    // undefined: another page saved this key, and this one shows that text.
    if (latest === undefined || latest === text) this.status(key, text.trim() ? 'Saved' : '');
  }

  /** The host refused `length` characters under `key`; the draft stays. */
  refused(key: string, length: number): void {
    this.status(key, tooLongMessage(length) ?? 'Not saved: the text is too long.');
  }

  /** Text kept aside under `key` by a restore, if any. */
  asideOf(key: string): string | undefined {
    return this.sink.aside()[key];
  }

  /** The learner added the text kept aside to their note, or dismissed it. */
  dropAside(key: string): void {
    const aside = this.sink.aside();
    if (!(key in aside)) return;
    delete aside[key];
    this.sink.setAside(aside);
  }

  private putAside(key: string, text: string): void {
    const aside = this.sink.aside();
    const kept = aside[key];
    // A second conflicting draft joins the first one instead of replacing it.
    aside[key] = kept === undefined ? text : kept.includes(text) ? kept : `${kept}\n\n${text}`;
    this.sink.setAside(aside);
  }

  private dropDraft(key: string): void {
    const drafts = this.sink.drafts();
    delete drafts[key];
    this.sink.setDrafts(drafts);
  }

  private status(key: string, s: string): void {
    this.statuses.set(key, s);
    this.listeners.get(key)?.(s);
  }
}
