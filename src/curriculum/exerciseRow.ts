// How an exercise's row in the sidebar reads: what it is, or, once started, where its tests stand
// ("failing 2 of 5"; "(before your last edit)" once the files changed since), so the learner sees
// at a glance which exercise needs them. Pure: the tree turns the icon name into a ThemeIcon.
import type { ExerciseMeta } from '../shared/curriculum/model';
import type { ExerciseTestState } from '../study';
import { formatMinutes } from '../shared/curriculum/treeModel';

export interface ExerciseRow {
  description: string;
  /** A codicon id, and the theme colour it is drawn in (the Testing view's, for a result). */
  icon: string;
  color?: 'testing.iconPassed' | 'testing.iconFailed';
}

export function exerciseRow(e: Pick<ExerciseMeta, 'status' | 'difficulty' | 'minutes'>, test?: { state: ExerciseTestState; label: string }): ExerciseRow {
  const tail = [e.difficulty, formatMinutes(e.minutes)];
  if (e.status === 'planned') return { description: ['coming soon', ...tail].join(' · '), icon: 'circle-slash' };
  const kind = test?.state.kind ?? 'not-started';
  const what = kind === 'not-started' ? 'exercise' : test!.label;
  const description = [what, ...tail].join(' · ');
  // A result about files changed since is shown, but without its colour: it may no longer hold.
  const stale = test !== undefined && test.state.kind !== 'not-started' && test.state.stale === true;
  if (kind === 'passing') return { description, icon: 'pass', ...(stale ? {} : { color: 'testing.iconPassed' as const }) };
  if (kind === 'failing') return { description, icon: 'error', ...(stale ? {} : { color: 'testing.iconFailed' as const }) };
  return { description, icon: 'beaker' };
}
