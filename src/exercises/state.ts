// What the exercises feature remembers per learner (globalState 'llmStudy.exercises'): how many
// hints of each exercise they have seen. Decoding is pure and never throws, like progress.ts; the
// store goes through Versioned, so each write changes one exercise's count in the value as stored
// at that moment (a hint seen in another window is not written over), a value that did not decode
// cleanly is copied to `llmStudy.exercises.backup` first, and a newer build's value is changed in
// place.
import { UNCHANGED, Versioned, type DecodedValue, type Storage } from '../state/storage';
import { copyJson, envelope, isRecord, plural, sameJson } from '../state/versionedValue';

export const EXERCISE_STATE_VERSION = 1;
const KEY = 'llmStudy.exercises';

export interface ExerciseState {
  /** Exercise id -> number of hints shown so far. */
  hints: Record<string, number>;
}

interface Decoded {
  state: ExerciseState;
  /** The stored version, when newer than this build's. */
  newer?: number;
  /** A newer value whose hints this build could not add to. */
  unwritable?: boolean;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function decode(raw: unknown): DecodedValue<Decoded> {
  const empty = (problem?: string): DecodedValue<Decoded> => ({ value: { state: { hints: {} } }, problems: problem ? [problem] : [], lossless: !problem });
  if (raw === undefined || raw === null) return empty();
  if (!isRecord(raw)) return empty('stored exercise state was unreadable (not a record)');
  const env = envelope(raw);
  const newer = env.v !== undefined && env.v > EXERCISE_STATE_VERSION ? env.v : undefined;
  const data = env.data;
  if (env.v === undefined || Number.isNaN(env.v) || !isRecord(data)) {
    if (newer) return { value: { state: { hints: {} }, newer, unwritable: true }, problems: [], lossless: true };
    return empty('stored exercise state was unreadable (no readable version and data)');
  }
  const hints: Record<string, number> = {};
  const rawHints = data.hints ?? {};
  let unreadable = isRecord(rawHints) ? 0 : 1;
  for (const [id, n] of Object.entries(isRecord(rawHints) ? rawHints : {})) {
    if (isCount(n)) hints[id] = n;
    else unreadable++;
  }
  const problems = unreadable ? [`${plural(unreadable, 'unreadable hint count was', 'unreadable hint counts were')} left out of the stored exercise state`] : [];
  if (newer) return { value: { state: { hints }, newer, unwritable: !isRecord(rawHints) }, problems, lossless: true };
  const exact = !env.odd && env.v === EXERCISE_STATE_VERSION && sameJson(data, { hints: data.hints === undefined ? undefined : hints });
  return { value: { state: { hints } }, problems, lossless: exact };
}

export function encodeExerciseState(s: ExerciseState): { v: number; data: Record<string, unknown> } {
  return { v: EXERCISE_STATE_VERSION, data: { hints: s.hints } };
}

/** The next hint to show (0-based) and the new count; `undefined` when all have been shown. */
export function nextHint(s: ExerciseState, id: string, total: number): { index: number; state: ExerciseState } | undefined {
  const shown = Math.min(s.hints[id] ?? 0, total);
  if (shown >= total) return undefined;
  return { index: shown, state: { hints: { ...s.hints, [id]: shown + 1 } } };
}

export class ExerciseStateStore {
  private readonly value: Versioned<typeof KEY, Decoded>;

  constructor(storage: Storage) {
    this.value = new Versioned(storage, KEY, decode);
  }

  state(): ExerciseState {
    return this.value.read().value.state;
  }

  hintsSeen(id: string): number {
    return this.state().hints[id] ?? 0;
  }

  /**
   * Records that `shown` hints of `id` have been seen. The count only grows: another window that
   * showed more meanwhile keeps its count. False, with nothing written, when a newer build's value
   * has no hints record this build could add to.
   */
  async recordHint(id: string, shown: number): Promise<boolean> {
    let written = true;
    await this.value.update((current, raw) => {
      const d = current.value;
      if ((d.state.hints[id] ?? 0) >= shown && current.lossless) return UNCHANGED;
      if (d.unwritable) return (written = false), UNCHANGED;
      if (!d.newer) return encodeExerciseState({ hints: { ...d.state.hints, [id]: Math.max(shown, d.state.hints[id] ?? 0) } });
      const next = copyJson(raw as { v: number; data: Record<string, unknown> });
      const hints = (next.data.hints ??= {}) as Record<string, unknown>;
      hints[id] = Math.max(shown, isCount(hints[id]) ? hints[id] : 0);
      return next;
    });
    return written;
  }
}
