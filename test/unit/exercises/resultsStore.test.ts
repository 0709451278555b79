// Exercise test results kept across reloads (issue 17, src/exercises/resultsStore.ts): what is
// stored decodes defensively (a corrupt, unversioned or old value is copied aside before it is
// written over; a newer build's value is never written), and two windows writing results of
// different exercises keep both. Two windows are two Storage objects over one globalState.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExerciseResultsStore, RESULTS_VERSION, type StoredResult } from '../../../src/exercises/resultsStore';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from '../state/memento';

const KEY = 'llmStudy.exercises.results';
const stamp = { size: 12, mtimeMs: 1765000000000, sha256: 'a'.repeat(64) };
const result = (tests: Record<string, boolean>, dir = '/ex/attention'): StoredResult => ({ dir, at: '2026-12-06T21:00:00.000Z', files: { 'attention.py': stamp }, tests });

function windows() {
  const shared = sharedMemento();
  const open = () => new ExerciseResultsStore(new Storage(shared.memento as never));
  return { ...shared, a: open(), b: open(), open };
}

const backups = (values: Map<string, unknown>) => (values.get(`${KEY}.backup`) ?? []) as { raw: unknown; reason: string }[];

test('a stored result reads back in a new window (a reload), as { v, data }', async () => {
  const { a, open, values } = windows();
  await a.set('attention', result({ 't.A.a': true, 't.A.b': false }));
  assert.deepEqual(values.get(KEY), { v: RESULTS_VERSION, data: { attention: result({ 't.A.a': true, 't.A.b': false }) } });
  assert.deepEqual(open().get('attention')?.tests, { 't.A.a': true, 't.A.b': false });
});

for (const [what, raw] of [
  ['not a record', 'failing 2 of 5'],
  ['an array', [1, 2]],
  ['no version', { attention: result({ 't.A.a': true }) }],
  ['an unreadable version', { v: 'one', data: {} }],
] as const) {
  test(`a stored value that is ${what} reads as no results and is copied aside, as it was, before the first write`, async () => {
    const { a, values } = windows();
    values.set(KEY, structuredClone(raw));
    assert.equal(a.get('attention'), undefined);
    await a.set('bpe', result({ 't.B.a': true }, '/ex/bpe'));
    assert.deepEqual(backups(values).map((b) => b.raw), [raw], 'kept aside whole');
    assert.ok(backups(values)[0].reason, 'with why');
    assert.deepEqual(values.get(KEY), { v: RESULTS_VERSION, data: { bpe: result({ 't.B.a': true }, '/ex/bpe') } });
    await a.set('bpe', result({ 't.B.a': false }, '/ex/bpe'));
    assert.equal(backups(values).length, 1, 'a clean value is not copied again');
  });
}

test('a value of an older version is read as far as it can be, copied aside, and its entries kept in the rewrite', async () => {
  const { a, values } = windows();
  const old = { v: 0, data: { attention: result({ 't.A.a': true }) } };
  values.set(KEY, structuredClone(old));
  assert.deepEqual(a.get('attention')?.tests, { 't.A.a': true });
  await a.set('bpe', result({ 't.B.a': true }, '/ex/bpe'));
  assert.deepEqual(backups(values).map((b) => b.raw), [old]);
  assert.deepEqual(values.get(KEY), { v: RESULTS_VERSION, data: { attention: result({ 't.A.a': true }), bpe: result({ 't.B.a': true }, '/ex/bpe') } });
});

test('an unreadable entry (half a fingerprint would read as fresh) is left out, the others are read, and the value is copied aside', async () => {
  const { a, values } = windows();
  const raw = {
    v: 1,
    data: {
      attention: result({ 't.A.a': true }),
      bpe: { ...result({}, '/ex/bpe'), files: { 'bpe.py': { size: 3, mtimeMs: 1, sha256: 'not a hash' } } },
      mlp: { ...result({}, '/ex/mlp'), tests: { 't.M.a': 'passed' } },
    },
  };
  values.set(KEY, structuredClone(raw));
  assert.deepEqual(a.get('attention')?.tests, { 't.A.a': true });
  assert.equal(a.get('bpe'), undefined);
  assert.equal(a.get('mlp'), undefined);
  await a.set('attention', result({ 't.A.a': false }));
  assert.deepEqual(backups(values).map((b) => b.raw), [raw]);
  assert.match(backups(values)[0].reason, /2 unreadable entries/);
});

test('a value from a newer LLM Study is read as far as it can be and never written', async () => {
  const { a, values } = windows();
  const newer = { v: RESULTS_VERSION + 1, data: { attention: result({ 't.A.a': true }), future: { runs: [1, 2] } } };
  values.set(KEY, structuredClone(newer));
  assert.deepEqual(a.get('attention')?.tests, { 't.A.a': true });
  assert.equal(await a.set('attention', result({ 't.A.a': false })), false, 'refused, so the caller keeps it in memory');
  assert.equal(await a.set('attention', null), false);
  assert.deepEqual(values.get(KEY), newer, 'untouched');
  assert.deepEqual(backups(values), []);
});

test('two windows storing results of different exercises at once keep both', async () => {
  const { a, b, open } = windows();
  await Promise.all([
    a.set('attention', result({ 't.A.a': false })),
    b.set('bpe', result({ 't.B.a': true }, '/ex/bpe')),
    a.set('mlp', result({ 't.M.a': true }, '/ex/mlp')),
  ]);
  const reloaded = open();
  assert.deepEqual(reloaded.get('attention')?.tests, { 't.A.a': false });
  assert.deepEqual(reloaded.get('bpe')?.tests, { 't.B.a': true });
  assert.deepEqual(reloaded.get('mlp')?.tests, { 't.M.a': true });
});

test('a window reads through: a result another window stored is seen without reopening', async () => {
  const { a, b } = windows();
  assert.equal(a.get('attention'), undefined);
  await b.set('attention', result({ 't.A.a': true }));
  assert.deepEqual(a.get('attention')?.tests, { 't.A.a': true });
  await b.set('attention', null);
  assert.equal(a.get('attention'), undefined, 'and a forgotten one is gone there too');
});
