// The learner's notes (markdown, per lesson and per resource) and self-check answers, stored in
// globalState as `{ v, data }` and synced with Settings Sync. Decoding never throws: what is
// readable is kept. Stores read through Storage on every call, so two panels (or a test) never
// hold stale copies; writes are queued so quick successive saves cannot overwrite each other.
//
// Texts over MAX_NOTE_CHARS (why there is a limit: see protocol.ts) are refused whole on write and
// never shortened on read: a value stored by an older build that cut nothing stays as it is.
import { MAX_NOTE_CHARS, type Answer } from '../shared/protocols/lesson';
import type { Stored } from './progress';
import type { GlobalKeys, Storage } from './storage';

export { MAX_NOTE_CHARS };
export const NOTES_VERSION = 1;
export const SELF_CHECK_VERSION = 1;

type Store = Pick<Storage, 'getRaw' | 'set'>;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function decodeNotes(raw: unknown): Record<string, string> {
  const data = isRecord(raw) && isRecord(raw.data) ? raw.data : isRecord(raw) && !('v' in raw) ? raw : {};
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0));
}

export function decodeAnswer(x: unknown): Answer | undefined {
  if (!isRecord(x)) return undefined;
  const a: Answer = { at: typeof x.at === 'string' ? x.at : new Date(0).toISOString() };
  if (typeof x.choice === 'number' && Number.isInteger(x.choice) && x.choice >= 0) a.choice = x.choice;
  if (typeof x.text === 'string') a.text = x.text;
  if (x.revealed === true) a.revealed = true;
  return a.choice !== undefined || a.text !== undefined || a.revealed ? a : undefined;
}

export function decodeAnswers(raw: unknown): Record<string, Answer> {
  const data = isRecord(raw) && isRecord(raw.data) ? raw.data : {};
  const out: Record<string, Answer> = {};
  for (const [k, v] of Object.entries(data)) {
    const a = decodeAnswer(v);
    if (a) out[k] = a;
  }
  return out;
}

/** Key of a self-check answer: `<lessonId>/<questionId>`. */
export const answerKey = (lessonId: string, questionId: string) => `${lessonId}/${questionId}`;

/** A question counts as answered once a choice is picked or the model answer was revealed. */
export const isAnswered = (a: Answer | undefined) => a !== undefined && (a.choice !== undefined || a.revealed === true);

class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class NotesStore {
  private readonly queue = new Queue();
  constructor(private readonly storage: Store) {}

  all(): Record<string, string> {
    return decodeNotes(this.storage.getRaw('llmStudy.notes'));
  }

  get(key: string): string {
    return this.all()[key] ?? '';
  }

  /** Saves one note; an empty text deletes it. False, with nothing written, when it is too long. */
  set(key: string, text: string): Promise<boolean> {
    if (text.length > MAX_NOTE_CHARS) return Promise.resolve(false);
    return this.queue.run(async () => {
      const data = this.all();
      if (text.trim()) data[key] = text;
      else delete data[key];
      const value: GlobalKeys['llmStudy.notes'] = { v: NOTES_VERSION, data } satisfies Stored<Record<string, string>>;
      await this.storage.set('llmStudy.notes', value);
      return true;
    });
  }
}

export class SelfCheckStore {
  private readonly queue = new Queue();
  constructor(private readonly storage: Store) {}

  all(): Record<string, Answer> {
    return decodeAnswers(this.storage.getRaw('llmStudy.selfCheck'));
  }

  forLesson(lessonId: string): Record<string, Answer> {
    const prefix = `${lessonId}/`;
    return Object.fromEntries(Object.entries(this.all()).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }

  /** False, with nothing written, when the answer's text is too long. */
  set(lessonId: string, questionId: string, answer: Answer): Promise<boolean> {
    if ((answer.text?.length ?? 0) > MAX_NOTE_CHARS) return Promise.resolve(false);
    return this.queue.run(async () => {
      const data: Record<string, unknown> = this.all();
      const a = decodeAnswer(answer);
      if (a) data[answerKey(lessonId, questionId)] = a;
      await this.storage.set('llmStudy.selfCheck', { v: SELF_CHECK_VERSION, data });
      return true;
    });
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
