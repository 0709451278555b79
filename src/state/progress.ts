// Learner progress as a typed, versioned value. Pure: decoding never throws, and reads whatever
// shape a tick was ever stored in. What it cannot read is reported (and, by the store, copied
// aside before anything is written over it); a value from a newer LLM Study is changed in place.

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
  /**
   * True when a write through `encodeChange` keeps everything the raw value held: a clean v2
   * value, or a newer one (changed in place). Otherwise the raw value is copied aside first.
   */
  lossless: boolean;
  /** The stored version, when it is newer than this build's: writes must keep what it holds. */
  newer?: number;
}

/** One change to progress, applied to the value as stored at the moment of writing. */
export interface ProgressChange {
  /** Ids to tick (with their time) or untick (null). */
  done?: Record<string, string | null>;
  lastOpened?: string;
  /** Untick everything and forget lastOpened. */
  reset?: boolean;
}

export function emptyProgress(): ProgressData {
  return { done: {} };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const EPOCH = new Date(0).toISOString();

/** A tick's time as ISO, from any shape one was stored in; undefined when not a tick at all. */
function readTime(at: unknown): string | undefined {
  if (at === true) return EPOCH;
  if (typeof at === 'string') return at.length > 0 ? at : undefined;
  if (typeof at === 'number' && Number.isFinite(at) && at >= 0) {
    // Below 1e11 it cannot be milliseconds of any date we met (that is 1973): it is seconds.
    const d = new Date(at < 1e11 ? at * 1000 : at);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (isRecord(at)) return readTime(at.at);
  return undefined;
}

/** Reads `done` and reports whether it was already a clean v2 record of ISO strings. */
function readDone(raw: unknown, problems: string[]): { done: Record<string, string>; clean: boolean } {
  const done: Record<string, string> = {};
  if (Array.isArray(raw)) {
    let dropped = 0;
    for (const id of raw) {
      if (typeof id === 'string' && id.length > 0) done[id] = EPOCH;
      else dropped++;
    }
    if (dropped) problems.push(`${dropped} unreadable progress entr${dropped === 1 ? 'y was' : 'ies were'} left out`);
    return { done, clean: false };
  }
  if (!isRecord(raw)) {
    if (raw !== undefined) problems.push('the list of finished items was unreadable');
    return { done, clean: raw === undefined };
  }
  let dropped = 0;
  let clean = true;
  for (const [id, at] of Object.entries(raw)) {
    if (at === false || at === null) {
      clean = false; // explicitly not done: nothing to keep, but the value differs from v2
      continue;
    }
    const time = id.length > 0 ? readTime(at) : undefined;
    if (time === undefined) dropped++;
    else {
      done[id] = time;
      if (time !== at) clean = false;
    }
  }
  if (dropped) problems.push(`${dropped} unreadable progress entr${dropped === 1 ? 'y was' : 'ies were'} left out`);
  return { done, clean: clean && dropped === 0 };
}

/**
 * Decodes whatever is stored. History of the format:
 * - bare array of ids (earliest builds)
 * - v1: `{ v: 1, data: { completed: string[] } }` (first preview)
 * - v2: `{ v: 2, data: { done: { id: isoTime }, lastOpened? } }`
 * Also read, because hand edits, sync tools and early builds produced them: the v2 data record
 * without its `{ v, data }` wrapper, `v` as a string, `done` as an array of ids, and tick times
 * as epoch milliseconds or seconds, `{ at }` objects or `true`.
 */
export function decodeProgress(raw: unknown): Decoded {
  if (raw === undefined || raw === null) return { progress: emptyProgress(), problems: [], lossless: true };
  const problems: string[] = [];
  if (Array.isArray(raw)) {
    const { done } = readDone(raw, problems);
    return { progress: { done }, problems, lossless: false };
  }
  if (!isRecord(raw)) {
    return { progress: emptyProgress(), problems: ['stored progress was corrupt (not a progress value)'], lossless: false };
  }
  const wrapped = 'v' in raw || 'data' in raw;
  const v = !wrapped ? PROGRESS_VERSION : typeof raw.v === 'number' ? raw.v : typeof raw.v === 'string' && /^\d+$/.test(raw.v) ? Number(raw.v) : NaN;
  const data = wrapped ? raw.data : raw;
  if (!isRecord(data) || Number.isNaN(v)) {
    return { progress: emptyProgress(), problems: ['stored progress was corrupt (no readable version and data)'], lossless: false };
  }
  if (v === 1 || (!wrapped && Array.isArray(data.completed) && !('done' in data))) {
    const { done } = readDone(Array.isArray(data.completed) ? data.completed : [], problems);
    return { progress: { done }, problems, lossless: false };
  }
  const newer = v > PROGRESS_VERSION ? v : undefined;
  if (newer) problems.push(`stored progress is from a newer LLM Study (v${v}); reading what this version understands, and saving ticks without touching the rest`);
  const { done, clean } = readDone(data.done, problems);
  const lastOpened = typeof data.lastOpened === 'string' ? data.lastOpened : undefined;
  if (data.lastOpened !== undefined && lastOpened === undefined) problems.push('the last opened item was unreadable');
  const known = new Set(['done', 'lastOpened']);
  const extra = Object.keys(data).some((k) => !known.has(k)) || Object.keys(raw).some((k) => k !== 'v' && k !== 'data');
  const lossless = newer !== undefined || (wrapped && raw.v === PROGRESS_VERSION && clean && !extra && (data.lastOpened === undefined || lastOpened !== undefined));
  return { progress: { done, lastOpened }, problems, lossless, newer };
}

export function encodeProgress(p: ProgressData): Stored<ProgressData> {
  return { v: PROGRESS_VERSION, data: p };
}

/** `current` with `change` applied, as a new object. */
export function applyChange(current: ProgressData, change: ProgressChange): ProgressData {
  const done = change.reset ? {} : { ...current.done };
  for (const [id, at] of Object.entries(change.done ?? {})) {
    if (at === null) delete done[id];
    else done[id] = at;
  }
  const lastOpened = change.lastOpened ?? (change.reset ? undefined : current.lastOpened);
  return lastOpened === undefined ? { done } : { done, lastOpened };
}

/**
 * The value to store after `change`, given what is stored now, or undefined when it cannot be
 * saved without losing something.
 *
 * A value from a newer LLM Study is changed in place: only `data.done[id]` and `data.lastOpened`
 * are touched, and `v`, every other field and every entry we did not change stay exactly as they
 * were. We prefer this to refusing the write because refusing loses the tick (it is gone on the
 * next reload, which is the very bug this guards against), while the newer build reads its own
 * fields back intact and our plain ISO times are a shape it already had to read when it migrated
 * from v2. The one case we refuse is a newer `data.done` that is not a record: there is no way to
 * add an id to it that we know the newer build would read.
 */
export function encodeChange(raw: unknown, decoded: Decoded, change: ProgressChange): Stored<ProgressData> | undefined {
  if (!decoded.newer) return encodeProgress(applyChange(decoded.progress, change));
  const copy = JSON.parse(JSON.stringify(raw)) as { data: Record<string, unknown> };
  const done = change.reset ? {} : copy.data.done ?? {};
  if (!isRecord(done)) return undefined;
  for (const [id, at] of Object.entries(change.done ?? {})) {
    if (at === null) delete done[id];
    else done[id] = at;
  }
  copy.data.done = done;
  if (change.lastOpened !== undefined) copy.data.lastOpened = change.lastOpened;
  else if (change.reset) delete copy.data.lastOpened;
  return copy as unknown as Stored<ProgressData>;
}
