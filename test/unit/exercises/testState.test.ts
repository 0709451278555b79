// The sidebar's words for a started exercise (src/exercises/testState.ts): kept per test, so a
// partial run moves the count, a skipped test keeps its last result, and a reset forgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stateLabel, TestStates } from '../../../src/exercises/testState';

const tests = ['t.A.a', 't.A.b', 't.A.c'];

test('not started, then started with nothing run', () => {
  const s = new TestStates();
  assert.equal(stateLabel(s.state('attention', false, tests)), 'not started');
  assert.deepEqual(s.state('attention', true, tests), { kind: 'started', passed: 0, total: 3 });
  assert.equal(stateLabel(s.state('attention', true, tests)), 'started, tests not run yet');
});

test('failing n of m, then passing once every test passed; a skipped test keeps its last result', () => {
  const s = new TestStates();
  s.record('attention', 't.A.a', 'passed');
  s.record('attention', 't.A.b', 'failed');
  s.record('attention', 't.A.c', 'error');
  assert.equal(stateLabel(s.state('attention', true, tests)), 'failing 2 of 3');
  s.record('attention', 't.A.b', 'passed');
  s.record('attention', 't.A.c', 'passed');
  s.record('attention', 't.A.c', 'skipped');
  assert.deepEqual(s.state('attention', true, tests), { kind: 'passing', total: 3 });
  assert.equal(stateLabel(s.state('attention', true, tests)), 'passing all 3');
});

test('one test run from the Testing view counts; results of tests no longer in the file do not', () => {
  const s = new TestStates();
  s.record('attention', 't.A.a', 'passed');
  s.record('attention', 't.A.gone', 'failed');
  assert.equal(stateLabel(s.state('attention', true, tests)), '1 of 3 passed so far');
  s.record('bpe', 't.A.b', 'failed');
  assert.equal(s.state('attention', true, tests).kind, 'started', 'another exercise\'s results stay its own');
});

test('a reset forgets the exercise\'s results', () => {
  const s = new TestStates();
  s.record('attention', 't.A.a', 'failed');
  s.clear('attention');
  assert.equal(s.state('attention', true, tests).kind, 'started');
});
