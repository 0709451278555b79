import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProgress, encodeChange, encodeProgress, PROGRESS_VERSION } from '../../../src/state/progress';

test('a fresh install has empty progress and nothing to report', () => {
  const d = decodeProgress(undefined);
  assert.deepEqual(d.progress.done, {});
  assert.deepEqual(d.problems, []);
  assert.equal(d.lossless, true);
});

test('encode then decode round-trips', () => {
  const p = { done: { 'a': '2026-01-01T00:00:00.000Z' }, lastOpened: 'a' };
  const d = decodeProgress(JSON.parse(JSON.stringify(encodeProgress(p))));
  assert.deepEqual(d.progress, p);
  assert.equal(d.lossless, true);
  assert.equal(encodeProgress(p).v, PROGRESS_VERSION);
});

test('v1 values and bare arrays are migrated, keeping every completed id', () => {
  const d = decodeProgress({ v: 1, data: { completed: ['x', 'y', 3] } });
  assert.deepEqual(Object.keys(d.progress.done).sort(), ['x', 'y']);
  assert.equal(d.lossless, false, 'the id 3 was left out: keep a copy before rewriting');
  assert.deepEqual(Object.keys(decodeProgress(['p', 'q']).progress.done), ['p', 'q']);
  assert.equal(decodeProgress({ v: 1, data: { completed: ['x'] } }).lossless, false, 'migrated: rewritten in v2');
});

test('a corrupt value decodes to empty progress and is reported, never thrown', () => {
  for (const raw of ['garbage', 42, { v: 'two' }, { v: 2, data: null }]) {
    const d = decodeProgress(raw);
    assert.deepEqual(d.progress.done, {});
    assert.equal(d.problems.length, 1, `problem reported for ${JSON.stringify(raw)}`);
    assert.match(d.problems[0], /corrupt/);
    assert.equal(d.lossless, false);
  }
});

test('partly corrupt entries are left out, the rest kept', () => {
  const d = decodeProgress({ v: 2, data: { done: { good: '2026-01-01T00:00:00.000Z', bad: [17], ok: true, no: false }, lastOpened: 5 } });
  assert.deepEqual(Object.keys(d.progress.done).sort(), ['good', 'ok']);
  assert.equal(d.progress.lastOpened, undefined);
  assert.match(d.problems[0], /1 unreadable progress entry/);
  assert.equal(d.lossless, false);
});

test('readable progress thrown away: every shape a tick was stored in is decoded', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const cases: [unknown, Record<string, string>][] = [
    [{ done: { x: at }, lastOpened: 'x' }, { x: at }],
    [{ v: '2', data: { done: { x: at } } }, { x: at }],
    [{ v: 2, data: { done: ['x', 'y'] } }, { x: new Date(0).toISOString(), y: new Date(0).toISOString() }],
    [{ v: 2, data: { done: { x: Date.parse(at) } } }, { x: at }],
    [{ v: 2, data: { done: { x: Date.parse(at) / 1000 } } }, { x: at }],
    [{ v: 2, data: { done: { x: { at } } } }, { x: at }],
    [{ v: 2, data: { done: { x: { at: Date.parse(at) } } } }, { x: at }],
    [{ v: 2, data: { done: { x: true } } }, { x: new Date(0).toISOString() }],
  ];
  for (const [raw, done] of cases) {
    const d = decodeProgress(raw);
    assert.deepEqual(d.progress.done, done, JSON.stringify(raw));
    assert.deepEqual(d.problems, [], `nothing reported as lost for ${JSON.stringify(raw)}`);
    assert.equal(d.lossless, false, `${JSON.stringify(raw)} is not v2 as stored: it is backed up before a rewrite`);
  }
  assert.equal(decodeProgress({ done: { x: at }, lastOpened: 'x' }).progress.lastOpened, 'x');
});

test('readable progress thrown away: a value from a newer version is read as far as possible and changed only in place', () => {
  const raw = { v: 99, data: { done: { a: '2026-01-01T00:00:00.000Z', c: { at: 1, how: 'quiz' } }, streak: 3 }, extra: [1] };
  const d = decodeProgress(raw);
  assert.deepEqual(Object.keys(d.progress.done), ['a', 'c']);
  assert.match(d.problems[0], /newer/);
  assert.equal(d.newer, 99);
  const next = encodeChange(raw, d, { done: { b: '2026-02-01T00:00:00.000Z', a: null } }) as unknown as typeof raw;
  assert.deepEqual(next, { v: 99, data: { done: { c: { at: 1, how: 'quiz' }, b: '2026-02-01T00:00:00.000Z' }, streak: 3 }, extra: [1] });
  assert.deepEqual(raw.data.done.a, '2026-01-01T00:00:00.000Z', 'the stored object itself is not mutated');
  const reset = encodeChange(raw, d, { reset: true }) as unknown as typeof raw;
  assert.deepEqual(reset, { v: 99, data: { done: {}, streak: 3 }, extra: [1] });
  const odd = { v: 99, data: { done: 'a,b' } };
  assert.equal(encodeChange(odd, decodeProgress(odd), { done: { x: 'now' } }), undefined, 'refused: no way to add to it safely');
});
