// Issue 12: exercise state (hints seen) versioned, merged per exercise, backed up before a corrupt
// value is written over. Two windows are two Storage objects over one shared globalState.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExerciseStateStore } from '../../../src/exercises/state';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from './memento';

const KEY = 'llmStudy.exercises';

function windows() {
  const shared = sharedMemento();
  const open = () => new ExerciseStateStore(new Storage(shared.memento as never));
  return { ...shared, a: open(), b: open(), open };
}

test('corrupt exercise state is backed up to llmStudy.exercises.backup before it is written over', async () => {
  const { a, values } = windows();
  const corrupt = { v: 1, data: { hints: { attention: 2, softmax: 'two' } } };
  values.set(KEY, structuredClone(corrupt));
  assert.equal(a.hintsSeen('attention'), 2, 'what is readable is read');
  await a.recordHint('mlp', 1);
  const backups = (values.get(`${KEY}.backup`) ?? []) as { raw: unknown; reason: string }[];
  assert.deepEqual(backups.map((b) => b.raw), [corrupt], 'the value as it was is kept aside');
  assert.match(backups[0]?.reason ?? '', /unreadable/);
  assert.deepEqual(values.get(KEY), { v: 1, data: { hints: { attention: 2, mlp: 1 } } });
});

test('two windows each see a hint of a different exercise: both counts survive', async () => {
  const { a, b, open } = windows();
  await Promise.all([a.recordHint('attention', 1), b.recordHint('softmax', 2)]);
  const reloaded = open();
  assert.equal(reloaded.hintsSeen('attention'), 1);
  assert.equal(reloaded.hintsSeen('softmax'), 2);
});

test('a hint count never goes down when another window has shown more meanwhile', async () => {
  const { a, b } = windows();
  await b.recordHint('attention', 3);
  await a.recordHint('attention', 1); // window A decided on hint 1 before it saw B's
  assert.equal(a.hintsSeen('attention'), 3);
});

test("a newer version's exercise state keeps its unknown fields after a hint", async () => {
  const { a, values } = windows();
  const newer = { v: 4, data: { hints: { attention: 1, future: { shown: [0, 2] } }, streaks: { days: 3 } } };
  values.set(KEY, structuredClone(newer));
  assert.equal(a.hintsSeen('attention'), 1);
  assert.equal(await a.recordHint('softmax', 1), true);
  assert.deepEqual(values.get(KEY), { v: 4, data: { hints: { ...newer.data.hints, softmax: 1 }, streaks: { days: 3 } } });
  assert.equal(values.get(`${KEY}.backup`), undefined, 'changed in place, nothing to back up');
});
