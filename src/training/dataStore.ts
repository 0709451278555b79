// The data files the learner picked with "Pick a file…" and the data they last chose, kept in the
// workspace's state (workspaceState 'llmStudy.training.data'; the runs live in the workspace's
// exercises root too), so a window reload offers the picked file again instead of "Pick a text
// file first". Pure apart from the Memento it is handed: unit tests pass a Map.
// History of the format:
// - v1: `{ v: 1, data: { picked: string[] (absolute paths, oldest first), selected?: string (a DataChoice id) } }`
// Decoding never throws: what cannot be read is left out. A value from a newer build is read as far
// as this one understands it and never written over (the picked files can be picked again; a newer
// build's fields cannot be got back).
import type * as vscode from 'vscode';
import type { DataChoice } from '../shared/protocols/training';
import type { WorkspaceKeys } from '../state/storage';
import { envelope, isRecord } from '../state/versionedValue';

export const DATA_KEY = 'llmStudy.training.data' satisfies keyof WorkspaceKeys;
export const DATA_VERSION = 1;
/** Kept picks: enough for a learner's few texts, never a list that grows for ever. */
export const MAX_PICKED = 10;

export interface TrainingData {
  picked: string[];
  selected?: string;
}

interface Decoded extends TrainingData {
  /** The stored version, when newer than this build's. */
  newer?: number;
}

type Memento = Pick<vscode.Memento, 'get' | 'update'>;

/** The DataChoice id of a picked file. */
export const pickedId = (file: string) => `file:${file}`;

export function decodeTrainingData(raw: unknown): Decoded {
  if (!isRecord(raw)) return { picked: [] };
  const env = envelope(raw);
  if (env.v === undefined || Number.isNaN(env.v) || !isRecord(env.data)) return { picked: [] };
  const d = env.data;
  const picked = Array.isArray(d.picked) ? [...new Set(d.picked.filter((p): p is string => typeof p === 'string' && p.length > 0))] : [];
  const selected = typeof d.selected === 'string' && d.selected ? d.selected : undefined;
  return { picked, ...(selected ? { selected } : {}), ...(env.v > DATA_VERSION ? { newer: env.v } : {}) };
}

/** The picked files that are still there, as the view lists them. */
export function pickedChoices(picked: readonly string[], exists: (p: string) => boolean, basename: (p: string) => string): DataChoice[] {
  return picked.filter(exists).map((p) => ({ id: pickedId(p), label: basename(p), path: p }));
}

export class TrainingDataStore {
  constructor(private readonly state: Memento) {}

  read(): TrainingData {
    const { picked, selected } = decodeTrainingData(this.state.get<unknown>(DATA_KEY));
    return selected ? { picked, selected } : { picked };
  }

  /** A file the learner picked: listed from now on, and the one chosen. */
  pick(file: string): Promise<boolean> {
    return this.change((d) => ({ picked: [...d.picked.filter((p) => p !== file), file].slice(-MAX_PICKED), selected: pickedId(file) }));
  }

  /** The data a run was started on: chosen again when the view next opens fresh. */
  select(id: string): Promise<boolean> {
    return this.change((d) => ({ picked: d.picked, selected: id }));
  }

  /** False, with nothing written, when the stored value is a newer build's. */
  private async change(f: (d: TrainingData) => TrainingData): Promise<boolean> {
    const now = decodeTrainingData(this.state.get<unknown>(DATA_KEY));
    if (now.newer) return false;
    await this.state.update(DATA_KEY, { v: DATA_VERSION, data: f(now) });
    return true;
  }
}
