// The one place that knows what LLM Study keeps in VS Code's storage. Every key is declared in
// `GlobalKeys` with its type, so reading and writing are checked by the compiler.
//
// Nothing here keeps a copy of a stored value. `globalState.get` in an extension host reflects
// writes made by other windows and by Settings Sync (VS Code pushes shared storage changes to
// every extension host), so reading through on every call is what makes two windows agree, and
// `update` applies a change to the value as it is right before the write instead of writing back
// a snapshot taken earlier. Pure apart from the Memento it is handed: unit tests pass a Map.
import type * as vscode from 'vscode';
import type { ProgressData, Stored } from './progress';
import type { Filters } from '../shared/curriculum/treeModel';
import type { PlaygroundState } from '../shared/protocols/playground';
import type { TextUpdate } from '../shared/protocols/tokenizer';

/** A copy of a stored value kept aside before it was written over. */
export interface Backup {
  at: string;
  reason: string;
  raw: unknown;
}

/** Keys in `context.globalState` (per user, all workspaces). */
export interface GlobalKeys {
  'llmStudy.progress': Stored<ProgressData>;
  'llmStudy.progress.backup': Backup[];
  'llmStudy.filters': Stored<Filters>;
  /** The playground's view and settings (this machine only; decoded with decodePlaygroundState). */
  'llmStudy.playground.state': Stored<PlaygroundState>;
  /** The text the Tokens view shows (this machine only; decoded with decodeTextUpdate). */
  'llmStudy.tokenizer.text': Stored<TextUpdate>;
  'llmStudy.filters.backup': Backup[];
  'llmStudy.notes.backup': Backup[];
  'llmStudy.selfCheck.backup': Backup[];
  'llmStudy.exercises.backup': Backup[];
  /** Per-feature records other modules own; each decodes its own value defensively. */
  'llmStudy.notes': Stored<Record<string, string>>;
  'llmStudy.selfCheck': Stored<Record<string, unknown>>;
  'llmStudy.exercises': Stored<Record<string, unknown>>;
  /** The review schedule (FSRS cards per self-check question); src/review/schedule.ts decodes it. */
  'llmStudy.review': Stored<Record<string, unknown>>;
  'llmStudy.review.backup': Backup[];
  /** Short answers being written in Review, kept until graded (src/review/drafts.ts; this machine only; notes' format). */
  'llmStudy.review.drafts': Stored<Record<string, string>>;
  'llmStudy.review.drafts.backup': Backup[];
  /** Each started exercise's last test results and the files they were about (src/exercises/resultsStore.ts; this machine only). */
  'llmStudy.exercises.results': Stored<Record<string, unknown>>;
  'llmStudy.exercises.results.backup': Backup[];
}

/**
 * Keys in `context.workspaceState` (this workspace only, never synced). Each owner decodes its own
 * value; declared here so that this file still lists everything LLM Study keeps.
 */
export interface WorkspaceKeys {
  /** The files picked for training and the data last trained on (src/training/dataStore.ts). */
  'llmStudy.training.data': unknown;
}

/** Keys that follow the learner across machines with Settings Sync. Backups stay on the machine. */
export const SYNCED_KEYS: (keyof GlobalKeys)[] = ['llmStudy.progress', 'llmStudy.notes', 'llmStudy.selfCheck', 'llmStudy.review'];

/** How many backups of one key are kept; the oldest goes first. */
export const MAX_BACKUPS = 5;

export const backupKey = <K extends keyof GlobalKeys>(key: K) => `${key}.backup` as const;

type Memento = Pick<vscode.Memento, 'get' | 'update'> & { setKeysForSync?(keys: readonly string[]): void };

/**
 * Returned by an `update` change to leave the stored value as it is. From the global symbol
 * registry: each feature bundle (dist/features/*.js) has its own copy of this module, and the
 * Storage on Study (the entry bundle's) must know every copy's value as this one (issue 16).
 */
export const UNCHANGED: unique symbol = Symbol.for('llmStudy.storage.unchanged');

export class Storage {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly state: Memento) {
    state.setKeysForSync?.(SYNCED_KEYS);
  }

  /** Raw on purpose: stored values may be corrupt or old, and each owner decodes its own. */
  getRaw<K extends keyof GlobalKeys>(key: K): unknown {
    return this.state.get<unknown>(key);
  }

  /** Writes a value whole. For values another window may also write, use `update`. */
  set<K extends keyof GlobalKeys>(key: K, value: GlobalKeys[K] | undefined): Promise<void> {
    return this.queue(() => this.state.update(key, value));
  }

  /**
   * Reads the stored value right before writing and stores what `change` makes of it. Updates
   * from this window run one at a time, so quick successive changes cannot overwrite each other.
   * When `backupReason` names a reason for the value about to be written over, a copy of it is
   * appended to `<key>.backup` first (never replacing earlier copies, only dropping the oldest
   * past MAX_BACKUPS; a value equal to the newest backup is not copied twice).
   */
  update<K extends keyof GlobalKeys>(
    key: K,
    change: (raw: unknown) => GlobalKeys[K] | undefined | typeof UNCHANGED,
    backupReason?: (raw: unknown) => string | undefined,
  ): Promise<void> {
    return this.queue(async () => {
      let raw = this.state.get<unknown>(key);
      let next = change(raw);
      if (next === UNCHANGED) return;
      const reason = raw === undefined ? undefined : backupReason?.(raw);
      if (reason) {
        await this.appendBackup(key, raw, reason);
        // Another window may have written while the backup was saved: apply the change to that.
        const now = this.state.get<unknown>(key);
        if (now !== raw) {
          raw = now;
          next = change(raw);
          if (next === UNCHANGED) return;
        }
      }
      await this.state.update(key, next);
    });
  }

  /** The copies kept of a key's earlier values, oldest first. */
  backups<K extends keyof GlobalKeys>(key: K): Backup[] {
    const list = this.state.get<unknown>(backupKey(key));
    return Array.isArray(list) ? (list as Backup[]) : [];
  }

  private async appendBackup(key: keyof GlobalKeys, raw: unknown, reason: string): Promise<void> {
    const copy: unknown = JSON.parse(JSON.stringify(raw));
    const list = this.backups(key);
    const last = list[list.length - 1];
    if (last && JSON.stringify(last.raw) === JSON.stringify(copy)) return;
    await this.state.update(backupKey(key), [...list, { at: new Date().toISOString(), reason, raw: copy }].slice(-MAX_BACKUPS));
  }

  private queue<T>(fn: () => Thenable<T> | T): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** What a value's owner makes of what is stored. */
export interface DecodedValue<T> {
  value: T;
  problems: string[];
  /** True when storing `value` in the current format would keep everything the raw value held. */
  lossless: boolean;
}

/**
 * One stored, versioned value: decoded on every read (cached while the stored value is the same
 * object) and changed by merging into what is stored at the moment of the write. Before a value
 * that did not decode losslessly is written over, a copy goes to `<key>.backup`.
 */
export class Versioned<K extends keyof GlobalKeys, T> {
  private cache?: { raw: unknown; decoded: DecodedValue<T> };

  constructor(
    readonly storage: Storage,
    readonly key: K,
    private readonly decode: (raw: unknown) => DecodedValue<T>,
  ) {}

  read(): DecodedValue<T> {
    return this.decoded(this.storage.getRaw(this.key));
  }

  /**
   * `change` gets the value as stored now (decoded, and raw) and returns what to store, or
   * UNCHANGED. `backupReason` forces a backup even of a clean value (a reset, say).
   */
  update(change: (current: DecodedValue<T>, raw: unknown) => GlobalKeys[K] | undefined | typeof UNCHANGED, backupReason?: string): Promise<void> {
    return this.storage.update(
      this.key,
      (raw) => change(this.decoded(raw), raw),
      (raw) => {
        if (backupReason) return backupReason;
        const d = this.decoded(raw);
        return d.lossless ? undefined : d.problems.join('; ') || 'rewritten in the current format';
      },
    );
  }

  private decoded(raw: unknown): DecodedValue<T> {
    if (!this.cache || this.cache.raw !== raw) this.cache = { raw, decoded: this.decode(raw) };
    return this.cache.decoded;
  }
}
