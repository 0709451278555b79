// Learner progress as a typed, versioned value. Pure: decoding never throws, so a corrupt or
// older stored value is recovered from (what can be salvaged is kept) and the problem reported.

export const PROGRESS_VERSION = 2;

export interface ProgressData {
  /** Item id (resource or exercise) -> ISO time it was ticked off. */
  done: Record<string, string>;
  /** The item the learner last opened, for "Continue where I left off". */
  lastOpened?: string;
}

export interface Stored<T> {
  v: number;
  data: T;
}

export interface Decoded {
  progress: ProgressData;
  /** Human-readable problems met while decoding; empty when the value was clean. */
  problems: string[];
  /** True when the value should be written back (migrated or repaired). */
  changed: boolean;
}

export function emptyProgress(): ProgressData {
  return { done: {} };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function cleanDone(raw: unknown, problems: string[]): Record<string, string> {
  const done: Record<string, string> = {};
  if (!isRecord(raw)) {
    problems.push('the list of finished items was unreadable and was cleared');
    return done;
  }
  let dropped = 0;
  for (const [id, at] of Object.entries(raw)) {
    if (typeof id === 'string' && id.length > 0 && (typeof at === 'string' || at === true)) {
      done[id] = typeof at === 'string' ? at : new Date(0).toISOString();
    } else dropped++;
  }
  if (dropped) problems.push(`${dropped} unreadable progress entr${dropped === 1 ? 'y was' : 'ies were'} dropped`);
  return done;
}

/**
 * Decodes whatever is stored. History of the format:
 * - v1: `{ v: 1, data: { completed: string[] } }` (first preview)
 * - v2: `{ v: 2, data: { done: { id: isoTime }, lastOpened? } }`
 */
export function decodeProgress(raw: unknown): Decoded {
  if (raw === undefined || raw === null) return { progress: emptyProgress(), problems: [], changed: false };
  const problems: string[] = [];
  if (!isRecord(raw) || typeof raw.v !== 'number' || !isRecord(raw.data)) {
    // A bare array of ids is the oldest shape we could plausibly meet; salvage it.
    if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) {
      const done = Object.fromEntries(raw.map((id) => [id, new Date(0).toISOString()]));
      return { progress: { done }, problems: [], changed: true };
    }
    return { progress: emptyProgress(), problems: ['stored progress was corrupt and was reset'], changed: true };
  }
  if (raw.v > PROGRESS_VERSION) {
    problems.push(`stored progress is from a newer LLM Study (v${raw.v}); reading what this version understands`);
  }
  if (raw.v === 1) {
    const completed = Array.isArray(raw.data.completed) ? raw.data.completed.filter((x): x is string => typeof x === 'string') : [];
    const done = Object.fromEntries(completed.map((id) => [id, new Date(0).toISOString()]));
    return { progress: { done }, problems, changed: true };
  }
  const done = cleanDone(raw.data.done, problems);
  const lastOpened = typeof raw.data.lastOpened === 'string' ? raw.data.lastOpened : undefined;
  return { progress: { done, lastOpened }, problems, changed: problems.length > 0 && raw.v <= PROGRESS_VERSION };
}

export function encodeProgress(p: ProgressData): Stored<ProgressData> {
  return { v: PROGRESS_VERSION, data: p };
}
