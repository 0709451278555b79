// How an exercise's row in the sidebar reads: what it is, or, once started, where its tests stand
// ("failing 2 of 5"), so the learner sees at a glance which exercise needs them. Pure: the tree
// turns the icon name into a ThemeIcon.
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
  if (kind === 'passing') return { description, icon: 'pass', color: 'testing.iconPassed' };
  if (kind === 'failing') return { description, icon: 'error', color: 'testing.iconFailed' };
  return { description, icon: 'beaker' };
}
