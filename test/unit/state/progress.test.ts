import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProgress, encodeProgress, PROGRESS_VERSION } from '../../../src/state/progress';

test('a fresh install has empty progress and nothing to report', () => {
  const d = decodeProgress(undefined);
  assert.deepEqual(d.progress.done, {});
  assert.deepEqual(d.problems, []);
  assert.equal(d.changed, false);
});

test('encode then decode round-trips', () => {
  const p = { done: { 'a': '2026-01-01T00:00:00.000Z' }, lastOpened: 'a' };
  const d = decodeProgress(JSON.parse(JSON.stringify(encodeProgress(p))));
  assert.deepEqual(d.progress, p);
  assert.equal(d.changed, false);
  assert.equal(encodeProgress(p).v, PROGRESS_VERSION);
});

test('v1 values are migrated, keeping every completed id', () => {
  const d = decodeProgress({ v: 1, data: { completed: ['x', 'y', 3] } });
  assert.deepEqual(Object.keys(d.progress.done).sort(), ['x', 'y']);
  assert.equal(d.changed, true);
});

test('a corrupt value is reset and reported, never thrown', () => {
  for (const raw of ['garbage', 42, { v: 'two' }, { v: 2, data: null }]) {
    const d = decodeProgress(raw);
    assert.deepEqual(d.progress.done, {});
    assert.equal(d.problems.length, 1, `problem reported for ${JSON.stringify(raw)}`);
    assert.equal(d.changed, true);
  }
});

test('partly corrupt entries are dropped, the rest kept', () => {
  const d = decodeProgress({ v: 2, data: { done: { good: '2026-01-01T00:00:00.000Z', bad: 17, ok: true }, lastOpened: 5 } });
  assert.deepEqual(Object.keys(d.progress.done).sort(), ['good', 'ok']);
  assert.equal(d.progress.lastOpened, undefined);
  assert.match(d.problems[0], /1 unreadable progress entry/);
});

test('a value from a newer version is read as far as possible and not overwritten', () => {
  const d = decodeProgress({ v: 99, data: { done: { a: '2026-01-01T00:00:00.000Z' } } });
  assert.deepEqual(Object.keys(d.progress.done), ['a']);
  assert.match(d.problems[0], /newer/);
  assert.equal(d.changed, false);
});
