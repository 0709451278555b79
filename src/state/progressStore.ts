// Progress with change events, persisted through Storage. Decoding is in progress.ts (pure).
//
// The store keeps no copy of the progress: every read decodes what globalState holds now (cached
// while that is the same object), and every write applies just its change (these ids, lastOpened)
// to the value as stored at that moment. So a tick made in another window, pulled by Settings
// Sync or recorded by a passing exercise elsewhere is never written over with an old snapshot.
// No `vscode` import at runtime, so unit tests run it against an in-memory Memento.
import type * as vscode from 'vscode';
import { decodeProgress, encodeChange, type Decoded, type ProgressChange } from './progress';
import { backupKey, UNCHANGED, Versioned, type DecodedValue, type Storage } from './storage';

const KEY = 'llmStudy.progress';
export const PROGRESS_BACKUP_KEY = backupKey(KEY);

type Listener = (ids: string[]) => unknown;

interface WriteOptions {
  /** Works the change out from the value as stored at write time. */
  fromCurrent?: (d: Decoded) => ProgressChange;
  /** Copy the stored value aside first, even a clean one. */
  backupReason?: string;
  /** Repairing at startup: the startup message already says so. */
  quiet?: boolean;
}

function decode(raw: unknown): DecodedValue<Decoded> {
  const d = decodeProgress(raw);
  return { value: d, problems: d.problems, lossless: d.lossless };
}

export interface ProgressStoreOptions {
  /** Told about problems met after startup (a value pulled by sync that could not be read, say). */
  report?: (text: string) => void;
}

export class ProgressStore implements vscode.Disposable {
  private readonly value: Versioned<typeof KEY, Decoded>;
  private readonly listeners = new Set<Listener>();
  /** The ticked ids listeners were last told about; a refresh fires whatever differs from it. */
  private seen: Set<string>;
  /** Problems met when the store was created, for the message shown at startup. */
  readonly problems: string[];

  constructor(storage: Storage, private readonly options: ProgressStoreOptions = {}) {
    this.value = new Versioned(storage, KEY, decode);
    const first = this.value.read().value;
    this.seen = new Set(Object.keys(first.progress.done));
    this.problems = [...first.problems];
    if (!first.lossless) {
      // Rewrite now in the current format (a copy of the original goes to the backup key first),
      // so the copy exists by the time the learner reads the message naming it. An old format
      // read without loss is migrated silently; only problems are worth a message.
      if (this.problems.length && !first.newer) this.problems.push(`the value as it was is kept in ${PROGRESS_BACKUP_KEY}`);
      void this.write({}, { quiet: true });
    }
  }

  /** Fires with the item ids whose state changed (empty array: everything may have). */
  readonly onDidChange: vscode.Event<string[]> = (listener, thisArgs?, disposables?) => {
    const l: Listener = (ids) => listener.call(thisArgs, ids);
    this.listeners.add(l);
    const d = { dispose: () => void this.listeners.delete(l) };
    disposables?.push(d);
    return d;
  };

  private get current(): Decoded {
    return this.value.read().value;
  }

  isDone = (id: string): boolean => id in this.current.progress.done;

  get lastOpened(): string | undefined {
    return this.current.progress.lastOpened;
  }

  doneIds(): string[] {
    return Object.keys(this.current.progress.done);
  }

  async setDone(ids: string[], done: boolean): Promise<void> {
    if (!ids.some((id) => this.isDone(id) !== done)) return;
    const now = new Date().toISOString();
    // Decided again against the stored value at write time: a tick made meanwhile in another
    // window keeps its own time.
    await this.write({}, { fromCurrent: (d) => ({ done: Object.fromEntries(ids.filter((id) => (id in d.progress.done) !== done).map((id) => [id, done ? now : null])) }) });
  }

  async setLastOpened(id: string): Promise<void> {
    if (this.lastOpened === id) return;
    await this.write({ lastOpened: id });
  }

  /**
   * Clears progress as stored at this moment (which may include ticks another window made after
   * the learner confirmed), after copying it to the backup key so a reset can be undone by hand.
   */
  async reset(): Promise<void> {
    await this.write({ reset: true }, { backupReason: 'reset progress' });
  }

  /**
   * Re-reads the stored value and tells listeners what differs from what they last saw. VS Code
   * has no change event for globalState, so the extension calls this when the window gains focus.
   */
  refresh(): void {
    const now = new Set(this.doneIds());
    const ids = [...now].filter((id) => !this.seen.has(id)).concat([...this.seen].filter((id) => !now.has(id)));
    this.seen = now;
    if (ids.length) for (const l of [...this.listeners]) l(ids);
  }

  private async write(change: ProgressChange, opts: WriteOptions = {}): Promise<void> {
    let refused: Decoded | undefined;
    let repaired: Decoded | undefined;
    await this.value.update((current, raw) => {
      const d = current.value;
      const c = opts.fromCurrent ? { ...change, ...opts.fromCurrent(d) } : change;
      const empty = !c.reset && c.lastOpened === undefined && Object.keys(c.done ?? {}).length === 0;
      if (empty && d.lossless) return UNCHANGED;
      const next = encodeChange(raw, d, c);
      if (next === undefined) refused = d;
      else if (!d.lossless) repaired = d;
      return next ?? UNCHANGED;
    }, opts.backupReason);
    if (refused) {
      this.options.report?.(
        `LLM Study could not save your progress: it was stored by a newer version (v${refused.newer}) in a shape this one cannot update. Update LLM Study to keep ticking items off.`,
      );
    } else if (repaired?.problems.length && !opts.quiet) {
      this.options.report?.(`LLM Study recovered your progress: ${[...repaired.problems, `the value as it was is kept in ${PROGRESS_BACKUP_KEY}`].join('; ')}.`);
    }
    this.refresh();
  }

  dispose(): void {
    this.listeners.clear();
  }
}
