// The sidebar's exercise row (issue 17): not started / failing n of m / passing, with the Testing
// view's colours, and planned exercises unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exerciseRow } from '../../../src/curriculum/exerciseRow';
import { stateLabel } from '../../../src/exercises/testState';
import type { ExerciseTestState } from '../../../src/study';

const e = { status: 'ready' as const, difficulty: 'medium' as const, minutes: 45 };
const at = (state: ExerciseTestState) => ({ state, label: stateLabel(state) });

test('a row says where a started exercise\'s tests stand', () => {
  assert.deepEqual(exerciseRow(e), { description: 'exercise · medium · 45 min', icon: 'beaker' });
  assert.deepEqual(exerciseRow(e, at({ kind: 'not-started' })), { description: 'exercise · medium · 45 min', icon: 'beaker' });
  assert.deepEqual(exerciseRow(e, at({ kind: 'started', passed: 0, total: 8 })), { description: 'started, tests not run yet · medium · 45 min', icon: 'beaker' });
  assert.deepEqual(exerciseRow(e, at({ kind: 'failing', failed: 2, total: 5 })), { description: 'failing 2 of 5 · medium · 45 min', icon: 'error', color: 'testing.iconFailed' });
  assert.deepEqual(exerciseRow(e, at({ kind: 'passing', total: 5 })), { description: 'passing all 5 · medium · 45 min', icon: 'pass', color: 'testing.iconPassed' });
});

test('a planned exercise is "coming soon" whatever state is passed', () => {
  assert.deepEqual(exerciseRow({ ...e, status: 'planned' }, at({ kind: 'passing', total: 1 })), { description: 'coming soon · medium · 45 min', icon: 'circle-slash' });
});
