// The one place that knows what LLM Study keeps in VS Code's storage. Every key is declared in
// `GlobalKeys` with its type, so reading and writing are checked by the compiler.
import * as vscode from 'vscode';
import type { ProgressData, Stored } from './progress';
import type { Filters } from '../curriculum/treeModel';

/** Keys in `context.globalState` (per user, all workspaces). */
export interface GlobalKeys {
  'llmStudy.progress': Stored<ProgressData>;
  'llmStudy.filters': Filters;
  /** Per-feature records other modules own; each decodes its own value defensively. */
  'llmStudy.notes': Stored<Record<string, string>>;
  'llmStudy.selfCheck': Stored<Record<string, unknown>>;
  'llmStudy.exercises': Stored<Record<string, unknown>>;
}

/** Keys that follow the learner across machines with Settings Sync. */
export const SYNCED_KEYS: (keyof GlobalKeys)[] = ['llmStudy.progress', 'llmStudy.notes', 'llmStudy.selfCheck'];

export class Storage {
  constructor(private readonly state: vscode.Memento & { setKeysForSync(keys: readonly string[]): void }) {
    state.setKeysForSync(SYNCED_KEYS);
  }

  /** Raw on purpose: stored values may be corrupt or old, and each owner decodes its own. */
  getRaw<K extends keyof GlobalKeys>(key: K): unknown {
    return this.state.get<unknown>(key);
  }

  async set<K extends keyof GlobalKeys>(key: K, value: GlobalKeys[K] | undefined): Promise<void> {
    await this.state.update(key, value);
  }
}
