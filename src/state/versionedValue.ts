// Reading and changing `{ v, data }` values the way progress.ts does, for the stores that keep a
// record of entries (notes, self-check answers) or a few fields (filters, exercise state). Pure.
//
// The rules, the same for every value: decoding never throws and keeps whatever it can read; a
// value is `lossless` only when writing it back in this build's format keeps everything it held
// (otherwise Versioned copies it to `<key>.backup` first); a value from a newer LLM Study is read
// as far as this build understands it and changed in place (only the fields this build sets are
// touched), because refusing the write loses the learner's change and a newer build reads its own
// fields back intact.
import type { DecodedValue } from './storage';

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `{ v, data }` as stored, with the version read leniently (a digit string counts). */
export interface Envelope {
  /** NaN when the version is unreadable; undefined for a value without the `{ v, data }` wrapper. */
  v?: number;
  data: unknown;
  /** True when the wrapper has fields besides `v` and `data`, or `v` was not a plain number. */
  odd: boolean;
}

export function envelope(raw: Record<string, unknown>): Envelope {
  if (!('v' in raw) && !('data' in raw)) return { data: raw, odd: false };
  const v = typeof raw.v === 'number' && Number.isInteger(raw.v) ? raw.v : typeof raw.v === 'string' && /^\d+$/.test(raw.v) ? Number(raw.v) : NaN;
  return { v, data: raw.data, odd: typeof raw.v !== 'number' || Object.keys(raw).some((k) => k !== 'v' && k !== 'data') };
}

/** Equal as JSON, whatever the key order: what a round trip through storage keeps. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return a === b;
}

/** A deep copy of a stored value, to change in place without touching what Memento handed us. */
export const copyJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A record of entries (key -> entry) as read from a stored value. */
export interface Entries<E> {
  entries: Record<string, E>;
  /** The stored version, when newer than this build's: writes change that value in place. */
  newer?: number;
  /** A newer value whose `data` is not a record: nothing can be added to it that it would read. */
  unwritable?: boolean;
}

export interface EntriesFormat<E> {
  version: number;
  /** What the value holds, for problem messages ("notes", "self-check answers"). */
  what: string;
  /** One entry, or undefined when it is unreadable (or, with `isEmpty`, nothing at all). */
  entry(x: unknown): E | undefined;
  /** Entries that stand for nothing (an empty note): dropped without counting as unreadable. */
  isEmpty?(x: unknown): boolean;
  /** Early builds stored the bare record without `{ v, data }`: read it as the current version. */
  bare?: boolean;
}

export function decodeEntries<E>(raw: unknown, f: EntriesFormat<E>): DecodedValue<Entries<E>> {
  const empty = (problems: string[]): DecodedValue<Entries<E>> => ({ value: { entries: {} }, problems, lossless: problems.length === 0 });
  if (raw === undefined || raw === null) return empty([]);
  if (!isRecord(raw)) return empty([`stored ${f.what} were unreadable (not a record)`]);
  const env = envelope(raw);
  if (env.v === undefined && !f.bare) return empty([`stored ${f.what} were unreadable (no version)`]);
  const newer = env.v !== undefined && env.v > f.version ? env.v : undefined;
  if (newer && !isRecord(env.data)) {
    return { value: { entries: {}, newer, unwritable: true }, problems: [`stored ${f.what} are from a newer LLM Study (v${newer}) in a shape this version cannot read`], lossless: true };
  }
  if (Number.isNaN(env.v) || !isRecord(env.data)) return empty([`stored ${f.what} were unreadable (no readable version and data)`]);
  const entries: Record<string, E> = {};
  let unreadable = 0;
  let exact = true;
  for (const [k, x] of Object.entries(env.data)) {
    const e = f.entry(x);
    if (e !== undefined) {
      entries[k] = e;
      if (!sameJson(e, x)) exact = false;
    } else {
      exact = false;
      if (!f.isEmpty?.(x)) unreadable++;
    }
  }
  const problems = unreadable ? [`${plural(unreadable, `unreadable entry was`, `unreadable entries were`)} left out of the stored ${f.what}`] : [];
  if (newer) return { value: { entries, newer }, problems, lossless: true };
  return { value: { entries }, problems, lossless: exact && env.v === f.version && !env.odd };
}

/**
 * The value to store after setting (or, with null, deleting) some entries, given what is stored
 * now; undefined when it cannot be written without losing something (see `Entries.unwritable`).
 */
export function encodeEntries<E>(raw: unknown, decoded: Entries<E>, changes: Record<string, E | null>, version: number): { v: number; data: Record<string, unknown> } | undefined {
  const next = decoded.newer ? copyJson(raw as { v: number; data: unknown }) : { v: version, data: { ...decoded.entries } as unknown };
  if (!isRecord(next.data)) return undefined;
  for (const [k, e] of Object.entries(changes)) {
    if (e === null) delete next.data[k];
    else next.data[k] = e;
  }
  return next as { v: number; data: Record<string, unknown> };
}
