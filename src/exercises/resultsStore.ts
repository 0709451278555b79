// Each started exercise's last test results, kept in globalState ('llmStudy.exercises.results')
// so the sidebar's "failing 2 of 5" survives a window reload. Stored as `{ v, data }` with one
// entry per exercise: the folder it was run in, the files as they were (fingerprint.ts: a result
// about files changed since is stale), and each test's last pass/fail.
//
// Read through Versioned on every call, and each write sets just one exercise's entry in the value
// as stored at that moment, so two windows running different exercises keep both. What does not
// decode cleanly (corrupt, no version, an unreadable entry) is copied to
// `llmStudy.exercises.results.backup` before it is written over. A value from a newer LLM Study
// is never written: test results can be got again by a run, whereas a newer build's fields this
// build does not know would be changed under it; the caller keeps this window's results in memory.
import { UNCHANGED, Versioned, type Storage } from '../state/storage';
import { decodeEntries, encodeEntries, isRecord, type Entries, type EntriesFormat } from '../state/versionedValue';
import type { FileStamp, Fingerprint } from './fingerprint';

export const RESULTS_VERSION = 1;
const KEY = 'llmStudy.exercises.results';

export interface StoredResult {
  /** The exercise folder the tests ran in: results from another exercises root are not these files'. */
  dir: string;
  /** ISO time the run that last changed this entry started. */
  at: string;
  files: Fingerprint;
  /** Test id (as the runner names it) -> passed (true) or failed/errored (false). */
  tests: Record<string, boolean>;
}

function decodeStamp(x: unknown): FileStamp | undefined {
  if (!isRecord(x)) return undefined;
  const { size, mtimeMs, sha256 } = x;
  if (typeof size !== 'number' || !(size >= 0) || typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs)) return undefined;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  return { size, mtimeMs, sha256 };
}

/** One exercise's entry, or undefined when any part of it is unreadable: half a fingerprint would read as fresh. */
export function decodeResult(x: unknown): StoredResult | undefined {
  if (!isRecord(x) || typeof x.dir !== 'string' || !x.dir || typeof x.at !== 'string' || !isRecord(x.files) || !isRecord(x.tests)) return undefined;
  const files: Fingerprint = {};
  for (const [name, s] of Object.entries(x.files)) {
    const stamp = decodeStamp(s);
    if (!stamp) return undefined;
    files[name] = stamp;
  }
  const tests: Record<string, boolean> = {};
  for (const [id, ok] of Object.entries(x.tests)) {
    if (typeof ok !== 'boolean') return undefined;
    tests[id] = ok;
  }
  return { dir: x.dir, at: x.at, files, tests };
}

const FORMAT: EntriesFormat<StoredResult> = { version: RESULTS_VERSION, what: 'exercise test results', entry: decodeResult };

export const decodeResults = (raw: unknown) => decodeEntries(raw, FORMAT);

export class ExerciseResultsStore {
  private readonly value: Versioned<typeof KEY, Entries<StoredResult>>;

  constructor(storage: Storage) {
    this.value = new Versioned(storage, KEY, decodeResults);
  }

  get(id: string): StoredResult | undefined {
    return this.value.read().value.entries[id];
  }

  /**
   * Sets (null: deletes) one exercise's entry. False, with nothing written, when the stored value
   * is from a newer LLM Study (see the top of this file).
   */
  async set(id: string, result: StoredResult | null): Promise<boolean> {
    let written = true;
    await this.value.update((current, raw) => {
      if (current.value.newer) return (written = false), UNCHANGED;
      if (result === null && !(id in current.value.entries) && current.lossless) return UNCHANGED;
      return encodeEntries(raw, current.value, { [id]: result }, RESULTS_VERSION) ?? UNCHANGED;
    });
    return written;
  }
}
