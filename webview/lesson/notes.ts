// What the learner writes (notes, and short answers to the self-check) is kept in the webview
// state on every input, before anything else, so a reload restores it even if the host never heard
// of it, and it is sent to the host at once (the host batches the storage writes). Nothing waits
// in the page, so closing the tab right after a keystroke has nothing left to flush; the host
// writes what it has when the panel closes. A draft stays until the host confirms that exact text.
//
// Text over MAX_NOTE_CHARS is not sent: the page says so and keeps it whole (see protocol.ts).
import { tooLongMessage } from '../../src/shared/protocols/lesson';

export interface NoteSink {
  save(key: string, text: string): void;
  drafts(): Record<string, string>;
  setDrafts(d: Record<string, string>): void;
}

export class NoteSaver {
  /** The text last typed under each key, so a confirmation of any other text is not "Saved". */
  private readonly latest = new Map<string, string>();
  private readonly statuses = new Map<string, string>();
  private readonly listeners = new Map<string, (status: string) => void>();

  constructor(private readonly sink: NoteSink) {}

  /** Shows the key's status, including one set before its editor existed (a restored draft). */
  onStatus(key: string, fn: (status: string) => void): void {
    this.listeners.set(key, fn);
    const s = this.statuses.get(key);
    if (s !== undefined) fn(s);
  }

  changed(key: string, text: string): void {
    this.sink.setDrafts({ ...this.sink.drafts(), [key]: text });
    this.latest.set(key, text);
    const tooLong = tooLongMessage(text.length);
    if (tooLong) return this.status(key, tooLong);
    this.status(key, 'Saving…');
    this.sink.save(key, text);
  }

  /** The host stored `text` under `key`: the draft can go unless the learner typed on since. */
  saved(key: string, text: string): void {
    const drafts = this.sink.drafts();
    if (drafts[key] === text) {
      delete drafts[key];
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

  private status(key: string, s: string): void {
    this.statuses.set(key, s);
    this.listeners.get(key)?.(s);
  }
}
