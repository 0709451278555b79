// Notes go to the host as the learner types (coalesced over a few keystrokes; the host batches the
// storage writes), are flushed when the page hides or unloads, and stay as drafts in the webview
// state until the host confirms, so neither closing the panel nor a reload loses a word.
export interface NoteSink {
  save(key: string, text: string): void;
  drafts(): Record<string, string>;
  setDrafts(d: Record<string, string>): void;
}

const DEBOUNCE_MS = 120;

export class NoteSaver {
  private timers = new Map<string, number>();
  private pending = new Map<string, string>();
  private readonly listeners = new Map<string, (status: string) => void>();

  constructor(private readonly sink: NoteSink) {
    const flush = () => this.flushAll();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  }

  onStatus(key: string, fn: (status: string) => void): void {
    this.listeners.set(key, fn);
  }

  changed(key: string, text: string): void {
    this.sink.setDrafts({ ...this.sink.drafts(), [key]: text });
    this.pending.set(key, text);
    this.listeners.get(key)?.('Saving…');
    clearTimeout(this.timers.get(key));
    this.timers.set(key, window.setTimeout(() => this.flush(key), DEBOUNCE_MS));
  }

  flush(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const text = this.pending.get(key);
    if (text === undefined) return;
    this.pending.delete(key);
    this.sink.save(key, text);
  }

  flushAll(): void {
    for (const key of [...this.pending.keys()]) this.flush(key);
  }

  /** The host stored `text` under `key`: the draft can go unless the learner typed on since. */
  saved(key: string, text: string): void {
    const drafts = this.sink.drafts();
    if (drafts[key] === text) {
      delete drafts[key];
      this.sink.setDrafts(drafts);
    }
    if (!this.pending.has(key)) this.listeners.get(key)?.(text.trim() ? 'Saved' : '');
  }
}
