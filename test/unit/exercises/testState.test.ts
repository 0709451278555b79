// The sidebar's words for a started exercise (src/exercises/testState.ts): kept per test, so a
// partial run moves the count, a skipped test keeps its last result, and a reset forgets. A
// finished run's results are stored (a new TestStates on the same storage is a reloaded window)
// with the files they were about: once those change the result is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stateLabel, TestStates } from '../../../src/exercises/testState';
import { ExerciseResultsStore } from '../../../src/exercises/resultsStore';
import { exerciseRow } from '../../../src/curriculum/exerciseRow';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from '../state/memento';

const tests = ['t.A.a', 't.A.b', 't.A.c'];

/** An exercise folder with its stub and test file, and a way to open windows on one globalState. */
function setup(t: { after(fn: () => void): void }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-states-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, 'attention');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'attention.py'), 'def attention():\n    raise NotImplementedError\n');
  fs.writeFileSync(path.join(dir, 'test_attention.py'), 'def test_a(): pass\n');
  const shared = sharedMemento();
  const open = () => new TestStates(new ExerciseResultsStore(new Storage(shared.memento as never)));
  return { root, dir, shared, open };
}

async function run(s: TestStates, dir: string, results: Record<string, 'passed' | 'failed' | 'error' | 'skipped'>) {
  s.begin('attention', dir);
  for (const [id, status] of Object.entries(results)) s.record('attention', id, status);
  return s.end('attention');
}

test('not started, then started with nothing run', (t) => {
  const { dir, open } = setup(t);
  const s = open();
  assert.equal(stateLabel(s.state('attention', undefined, tests)), 'not started');
  assert.deepEqual(s.state('attention', dir, tests), { kind: 'started', passed: 0, total: 3 });
  assert.equal(stateLabel(s.state('attention', dir, tests)), 'started, tests not run yet');
});

test('failing n of m, then passing once every test passed; a skipped test keeps its last result', async (t) => {
  const { dir, open } = setup(t);
  const s = open();
  await run(s, dir, { 't.A.a': 'passed', 't.A.b': 'failed', 't.A.c': 'error' });
  assert.equal(stateLabel(s.state('attention', dir, tests)), 'failing 2 of 3');
  await run(s, dir, { 't.A.b': 'passed', 't.A.c': 'passed' });
  await run(s, dir, { 't.A.c': 'skipped' });
  assert.deepEqual(s.state('attention', dir, tests), { kind: 'passing', total: 3 });
  assert.equal(stateLabel(s.state('attention', dir, tests)), 'passing all 3');
});

test('a run going on counts as its results come in', (t) => {
  const { dir, open } = setup(t);
  const s = open();
  s.begin('attention', dir);
  s.record('attention', 't.A.a', 'failed');
  assert.equal(stateLabel(s.state('attention', dir, tests)), 'failing 1 of 3');
});

test('one test run from the Testing view counts; results of tests no longer in the file do not', async (t) => {
  const { dir, open } = setup(t);
  const s = open();
  await run(s, dir, { 't.A.a': 'passed', 't.A.gone': 'failed' });
  assert.equal(stateLabel(s.state('attention', dir, tests)), '1 of 3 passed so far');
  s.begin('bpe', dir);
  s.record('bpe', 't.A.b', 'failed');
  await s.end('bpe');
  assert.equal(s.state('attention', dir, tests).kind, 'started', 'another exercise\'s results stay its own');
});

test('a reset forgets the exercise\'s results, stored ones too', async (t) => {
  const { dir, open } = setup(t);
  const s = open();
  await run(s, dir, { 't.A.a': 'failed' });
  await s.forget('attention');
  assert.equal(s.state('attention', dir, tests).kind, 'started');
  assert.equal(open().state('attention', dir, tests).kind, 'started', 'not back after a reload');
});

test('after a reload the last results are still there: "failing 2 of 3" stays "failing 2 of 3"', async (t) => {
  const { dir, open } = setup(t);
  await run(open(), dir, { 't.A.a': 'passed', 't.A.b': 'failed', 't.A.c': 'failed' });
  const reloaded = open();
  assert.deepEqual(reloaded.state('attention', dir, tests), { kind: 'failing', failed: 2, total: 3 });
  assert.equal(stateLabel(reloaded.state('attention', dir, tests)), 'failing 2 of 3');
});

test('two windows: each sees the other\'s results, and a partial run in one keeps the other\'s for the tests it did not run', async (t) => {
  const { dir, open } = setup(t);
  const a = open();
  const b = open();
  await run(a, dir, { 't.A.a': 'failed', 't.A.b': 'failed', 't.A.c': 'failed' });
  assert.equal(stateLabel(b.state('attention', dir, tests)), 'failing 3 of 3', 'read through, not a copy from when B opened');
  await run(b, dir, { 't.A.a': 'passed' });
  assert.equal(stateLabel(a.state('attention', dir, tests)), 'failing 2 of 3');
});

test('results from another exercises root are not this folder\'s', async (t) => {
  const { root, dir, open } = setup(t);
  const s = open();
  await run(s, dir, { 't.A.a': 'failed' });
  const other = path.join(root, 'elsewhere');
  fs.mkdirSync(other);
  assert.equal(s.state('attention', other, tests).kind, 'started');
});

test('stale once the learner\'s file changed since the run; a save that changed nothing (only the mtime) is not', async (t) => {
  const { dir, open } = setup(t);
  const stub = path.join(dir, 'attention.py');
  await run(open(), dir, { 't.A.a': 'failed', 't.A.b': 'failed', 't.A.c': 'failed' });
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(stub, later, later);
  const s = open();
  assert.deepEqual(s.state('attention', dir, tests), { kind: 'failing', failed: 3, total: 3 }, 'same content, new mtime: still current');
  fs.writeFileSync(stub, 'def attention():\n    return 1\n');
  const stale = s.state('attention', dir, tests);
  assert.deepEqual(stale, { kind: 'failing', failed: 3, total: 3, stale: true });
  assert.equal(stateLabel(stale), 'failing 3 of 3 (before your last edit)');
  assert.deepEqual(exerciseRow({ status: 'ready', difficulty: 'medium', minutes: 45 }, { state: stale, label: stateLabel(stale) }),
    { description: 'failing 3 of 3 (before your last edit) · medium · 45 min', icon: 'error' }, 'shown without the failing colour');
  await run(s, dir, { 't.A.a': 'passed', 't.A.b': 'passed', 't.A.c': 'passed' });
  assert.deepEqual(open().state('attention', dir, tests), { kind: 'passing', total: 3 }, 'a new run is about the files as they are now');
});

test('stale when a Python file was added or removed in the folder, not when another kind of file was', async (t) => {
  const { dir, open } = setup(t);
  const s = open();
  const stale = () => {
    const st = s.state('attention', dir, tests);
    return st.kind !== 'not-started' && st.stale === true;
  };
  await run(s, dir, { 't.A.a': 'passed' });
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'a learner\'s notes');
  assert.equal(stale(), false, 'not Python: the tests do not read it');
  fs.writeFileSync(path.join(dir, 'helpers.py'), 'X = 1\n');
  assert.equal(stateLabel(s.state('attention', dir, tests)), '1 of 3 passed so far (before your last edit)');
  fs.rmSync(path.join(dir, 'helpers.py'));
  assert.equal(stale(), false, 'back as it was');
  fs.rmSync(path.join(dir, 'test_attention.py'));
  assert.equal(stale(), true);
});

test('a run whose results cannot be stored (a newer build\'s value) keeps them for this window and says why', async (t) => {
  const { dir, shared, open } = setup(t);
  const newer = { v: 99, data: {} };
  shared.values.set('llmStudy.exercises.results', newer);
  const s = open();
  const why = await run(s, dir, { 't.A.a': 'failed' });
  assert.match(why ?? '', /newer LLM Study/);
  assert.equal(stateLabel(s.state('attention', dir, tests)), 'failing 1 of 3');
  assert.deepEqual(shared.values.get('llmStudy.exercises.results'), newer, 'never written');
});
