// What the exercises feature remembers per learner (globalState 'llmStudy.exercises'): how many
// hints of each exercise they have seen. Pure; decoding never throws, like progress.ts.

export const EXERCISE_STATE_VERSION = 1;

export interface ExerciseState {
  /** Exercise id -> number of hints shown so far. */
  hints: Record<string, number>;
}

export function decodeExerciseState(raw: unknown): ExerciseState {
  const state: ExerciseState = { hints: {} };
  if (typeof raw !== 'object' || raw === null) return state;
  const data = (raw as { data?: unknown }).data;
  const hints = typeof data === 'object' && data !== null ? (data as { hints?: unknown }).hints : undefined;
  if (typeof hints !== 'object' || hints === null) return state;
  for (const [id, n] of Object.entries(hints)) {
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) state.hints[id] = n;
  }
  return state;
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
