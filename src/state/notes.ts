// The learner's notes (markdown, per lesson and per resource) and self-check answers, stored in
// globalState as `{ v, data }` and synced with Settings Sync. Both go through Versioned
// (storage.ts): every read decodes what is stored now, and every write sets or deletes just its
// own entry in the value as stored at that moment, so two windows (or a note pulled by Settings
// Sync) never drop each other's notes. Decoding never throws; what it could not read is copied to
// `<key>.backup` before the value is written over, and a value from a newer LLM Study is changed
// in place (see versionedValue.ts).
//
// Texts over MAX_NOTE_CHARS (why there is a limit: see protocol.ts) are refused whole on write and
// never shortened on read: a value stored by an older build that cut nothing stays as it is.
import { MAX_NOTE_CHARS, type Answer } from '../shared/protocols/lesson';
import { UNCHANGED, Versioned, type GlobalKeys, type Storage } from './storage';
import { decodeEntries, encodeEntries, isRecord, type Entries, type EntriesFormat } from './versionedValue';

export { MAX_NOTE_CHARS };
export const NOTES_VERSION = 1;
export const SELF_CHECK_VERSION = 1;

const NOTES: EntriesFormat<string> = {
  version: NOTES_VERSION,
  what: 'notes',
  entry: (x) => (typeof x === 'string' && x.length > 0 ? x : undefined),
  isEmpty: (x) => x === '',
  bare: true,
};

export function decodeAnswer(x: unknown): Answer | undefined {
  if (!isRecord(x)) return undefined;
  const a: Answer = { at: typeof x.at === 'string' ? x.at : new Date(0).toISOString() };
  if (typeof x.choice === 'number' && Number.isInteger(x.choice) && x.choice >= 0) a.choice = x.choice;
  if (typeof x.text === 'string') a.text = x.text;
  if (x.revealed === true) a.revealed = true;
  return a.choice !== undefined || a.text !== undefined || a.revealed ? a : undefined;
}

const ANSWERS: EntriesFormat<Answer> = { version: SELF_CHECK_VERSION, what: 'self-check answers', entry: decodeAnswer };

export const decodeNotes = (raw: unknown): Record<string, string> => decodeEntries(raw, NOTES).value.entries;
export const decodeAnswers = (raw: unknown): Record<string, Answer> => decodeEntries(raw, ANSWERS).value.entries;

/** Key of a self-check answer: `<lessonId>/<questionId>`. */
export const answerKey = (lessonId: string, questionId: string) => `${lessonId}/${questionId}`;

/** A question counts as answered once a choice is picked or the model answer was revealed. */
export const isAnswered = (a: Answer | undefined) => a !== undefined && (a.choice !== undefined || a.revealed === true);

type EntriesKey = NoteKey | 'llmStudy.selfCheck';
/** Keys holding texts by id in the notes' format: the learner's notes, and Review's unfinished short answers. */
type NoteKey = 'llmStudy.notes' | 'llmStudy.review.drafts';

/** One stored record of entries, read through and changed one entry at a time. */
class EntriesValue<K extends EntriesKey, E> {
  private readonly value: Versioned<K, Entries<E>>;

  constructor(storage: Storage, key: K, private readonly format: EntriesFormat<E>) {
    this.value = new Versioned(storage, key, (raw) => decodeEntries(raw, format));
  }

  all(): Record<string, E> {
    return this.value.read().value.entries;
  }

  /** Sets (null: deletes) one entry; false, with nothing written, when a newer build's value cannot take it. */
  async change(key: string, entry: E | null): Promise<boolean> {
    let written = true;
    await this.value.update((current, raw) => {
      if (entry === null && !(key in current.value.entries) && current.lossless) return UNCHANGED;
      const next = encodeEntries(raw, current.value, { [key]: entry }, this.format.version);
      if (!next) written = false;
      return (next as GlobalKeys[K] | undefined) ?? UNCHANGED;
    });
    return written;
  }
}

export class NotesStore {
  private readonly value: EntriesValue<NoteKey, string>;
  /** `what`: how problems with the stored value name it. */
  constructor(storage: Storage, key: NoteKey = 'llmStudy.notes', what = NOTES.what) {
    this.value = new EntriesValue(storage, key, { ...NOTES, what });
  }

  all(): Record<string, string> {
    return this.value.all();
  }

  get(key: string): string {
    return this.all()[key] ?? '';
  }

  /**
   * Saves one note; an empty text deletes it. False, with nothing written, when it is too long
   * (or, rarely, when a newer LLM Study stored notes in a shape this one cannot add to).
   */
  set(key: string, text: string): Promise<boolean> {
    if (text.length > MAX_NOTE_CHARS) return Promise.resolve(false);
    return this.value.change(key, text.trim() ? text : null);
  }
}

export class SelfCheckStore {
  private readonly value: EntriesValue<'llmStudy.selfCheck', Answer>;
  constructor(storage: Storage) {
    this.value = new EntriesValue(storage, 'llmStudy.selfCheck', ANSWERS);
  }

  all(): Record<string, Answer> {
    return this.value.all();
  }

  forLesson(lessonId: string): Record<string, Answer> {
    const prefix = `${lessonId}/`;
    return Object.fromEntries(Object.entries(this.all()).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }

  /** False, with nothing written, when the answer's text is too long. */
  set(lessonId: string, questionId: string, answer: Answer): Promise<boolean> {
    if ((answer.text?.length ?? 0) > MAX_NOTE_CHARS) return Promise.resolve(false);
    const a = decodeAnswer(answer);
    // An answer with nothing in it was never stored either; there is nothing to write.
    if (!a) return Promise.resolve(true);
    return this.value.change(answerKey(lessonId, questionId), a);
  }
}

/**
 * The webview sends a note on every input. Each is written at once, and while a write is under way
 * newer texts only replace what waits, so storage sees at most one write at a time per window and
 * always the latest text. No timer: a window reloaded 0.2 s after a key press (the extension host
 * dies with it, and in code-server the webview's own state is saved too late to count on) has its
 * text in globalState already. Text not yet written is kept here and shown by any page opened
 * meanwhile; a closing panel awaits flush().
 */
export class NoteWriter {
  private readonly pending = new Map<string, string>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<NotesStore, 'set'>,
    private readonly saved: (key: string, text: string) => void,
  ) {}

  /** Text not yet written, so a page opened right now shows it. */
  unsaved(): Record<string, string> {
    return Object.fromEntries(this.pending);
  }

  write(key: string, text: string): void {
    this.pending.set(key, text);
    void this.flush();
  }

  /** Resolves once everything handed over so far is written. */
  flush(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.size) {
      const [key, text] = this.pending.entries().next().value as [string, string];
      // Callers refuse over-long text before it gets here; should one slip through, the store
      // refuses it too, and confirming it as saved would be a lie.
      const ok = await this.store.set(key, text);
      if (this.pending.get(key) === text) this.pending.delete(key);
      if (ok) this.saved(key, text);
    }
  }

  dispose(): void {
    void this.flush();
  }
}
