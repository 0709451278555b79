// The Study sidebar's filters (globalState 'llmStudy.filters') as a versioned value. Pure apart
// from the Storage it is handed. History of the format:
// - unversioned: the bare `{ difficulties, kinds, hideDone }` (builds before issue 12), migrated
// - v1: `{ v: 1, data: { difficulties, kinds, hideDone } }`
// Values that cannot be read are left out (and the value as it was is copied to
// `llmStudy.filters.backup` before it is written over); a newer build's value is changed in place.
import type { Difficulty } from '../shared/curriculum/model';
import { NO_FILTERS, type Filters, type ItemKind } from '../shared/curriculum/treeModel';
import { UNCHANGED, Versioned, type DecodedValue, type Storage } from './storage';
import { copyJson, envelope, isRecord, plural, sameJson } from './versionedValue';

export const FILTERS_VERSION = 1;
const KEY = 'llmStudy.filters';

const DIFFICULTIES = ['easy', 'medium', 'hard'] as const satisfies readonly Difficulty[];
const KINDS = ['video', 'audio', 'article', 'paper', 'course', 'book', 'interactive', 'code', 'exercise'] as const satisfies readonly ItemKind[];
// Fails to compile when a difficulty or kind is added to the model but not here.
const complete: [Exclude<Difficulty, (typeof DIFFICULTIES)[number]>, Exclude<ItemKind, (typeof KINDS)[number]>] extends [never, never] ? true : false = true;
void complete;

interface Decoded {
  filters: Filters;
  /** The stored version, when newer than this build's. */
  newer?: number;
}

/** The known values of a stored list, and how many entries were not. */
function readList<T extends string>(x: unknown, known: readonly T[]): { list: T[]; unknown: number } {
  if (x === undefined) return { list: [], unknown: 0 };
  if (!Array.isArray(x)) return { list: [], unknown: 1 };
  const list = [...new Set(x.filter((e): e is T => known.includes(e as T)))];
  return { list, unknown: x.length - x.filter((e) => known.includes(e as T)).length };
}

export function decodeFilters(raw: unknown): DecodedValue<Decoded> {
  if (raw === undefined || raw === null) return { value: { filters: NO_FILTERS }, problems: [], lossless: true };
  if (!isRecord(raw)) return { value: { filters: NO_FILTERS }, problems: ['stored filters were unreadable (not a record)'], lossless: false };
  const env = envelope(raw);
  const newer = env.v !== undefined && env.v > FILTERS_VERSION ? env.v : undefined;
  if (Number.isNaN(env.v) || !isRecord(env.data)) {
    // A newer shape this build cannot read: show everything, and keep it (nothing is written).
    if (newer) return { value: { filters: NO_FILTERS, newer }, problems: [], lossless: true };
    return { value: { filters: NO_FILTERS }, problems: ['stored filters were unreadable (no readable version and data)'], lossless: false };
  }
  const data = env.data;
  const difficulties = readList(data.difficulties, DIFFICULTIES);
  const kinds = readList(data.kinds, KINDS);
  const hideDone = data.hideDone === true;
  const filters: Filters = { difficulties: difficulties.list, kinds: kinds.list, hideDone };
  if (newer) return { value: { filters, newer }, problems: [], lossless: true };
  const unknown = difficulties.unknown + kinds.unknown + (data.hideDone === undefined || typeof data.hideDone === 'boolean' ? 0 : 1);
  const problems = unknown ? [`${plural(unknown, 'unreadable filter was', 'unreadable filters were')} left out`] : [];
  return { value: { filters }, problems, lossless: env.v === FILTERS_VERSION && !env.odd && sameJson(data, filters) };
}

/** What to store for `f`, given what is stored now; a newer value keeps what this build cannot read. */
function encode(raw: unknown, d: Decoded, f: Filters): { v: number; data: Filters } | undefined {
  if (!d.newer) return { v: FILTERS_VERSION, data: { difficulties: [...f.difficulties], kinds: [...f.kinds], hideDone: f.hideDone } };
  const next = copyJson(raw as { v: number; data: Record<string, unknown> });
  if (!isRecord(next.data)) return undefined;
  // Values only the newer build knows (a new kind, say) stay picked; it reads its own values back.
  const keep = (x: unknown, known: readonly string[]) => (Array.isArray(x) ? x.filter((e) => !known.includes(e as string)) : []);
  next.data.difficulties = [...f.difficulties, ...keep(next.data.difficulties, DIFFICULTIES)];
  next.data.kinds = [...f.kinds, ...keep(next.data.kinds, KINDS)];
  next.data.hideDone = f.hideDone;
  return next as unknown as { v: number; data: Filters };
}

export class FiltersStore {
  private readonly value: Versioned<typeof KEY, Decoded>;

  constructor(storage: Storage) {
    this.value = new Versioned(storage, KEY, decodeFilters);
  }

  read(): Filters {
    return this.value.read().value.filters;
  }

  /** Stores `f`; false, with nothing written, when a newer build's value has a shape this one cannot change. */
  async write(f: Filters): Promise<boolean> {
    let written = true;
    await this.value.update((current, raw) => {
      if (current.lossless && sameJson(current.value.filters, f) && !current.value.newer) return UNCHANGED;
      const next = encode(raw, current.value, f);
      if (!next) written = false;
      return next ?? UNCHANGED;
    });
    return written;
  }
}
