// Progress with change events, persisted through Storage. Decoding is in progress.ts (pure).
import * as vscode from 'vscode';
import { decodeProgress, emptyProgress, encodeProgress, type ProgressData } from './progress';
import type { Storage } from './storage';

const KEY = 'llmStudy.progress';

export class ProgressStore implements vscode.Disposable {
  private data: ProgressData;
  private readonly changed = new vscode.EventEmitter<string[]>();
  /** Fires with the item ids whose state changed (empty array: everything may have). */
  readonly onDidChange = this.changed.event;
  readonly problems: string[];

  constructor(private readonly storage: Storage) {
    const decoded = decodeProgress(storage.getRaw(KEY));
    this.data = decoded.progress;
    this.problems = decoded.problems;
    if (decoded.changed) void this.save();
  }

  isDone = (id: string): boolean => id in this.data.done;

  get lastOpened(): string | undefined {
    return this.data.lastOpened;
  }

  doneIds(): string[] {
    return Object.keys(this.data.done);
  }

  async setDone(ids: string[], done: boolean): Promise<void> {
    const changed = ids.filter((id) => this.isDone(id) !== done);
    if (!changed.length) return;
    const now = new Date().toISOString();
    for (const id of changed) {
      if (done) this.data.done[id] = now;
      else delete this.data.done[id];
    }
    await this.save();
    this.changed.fire(changed);
  }

  async setLastOpened(id: string): Promise<void> {
    if (this.data.lastOpened === id) return;
    this.data.lastOpened = id;
    await this.save();
  }

  async reset(): Promise<void> {
    this.data = emptyProgress();
    await this.save();
    this.changed.fire([]);
  }

  private save(): Promise<void> {
    return this.storage.set(KEY, encodeProgress(this.data));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
