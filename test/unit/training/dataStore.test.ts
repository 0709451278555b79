// The training view's data choice after a window reload: files picked with "Pick a file…" and the
// data last used are kept in workspaceState as a versioned value, read back by a new store (the new
// extension host), and nothing unreadable or newer is taken for a choice or written over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DATA_KEY, DATA_VERSION, MAX_PICKED, pickedChoices, pickedId, TrainingDataStore } from '../../../src/training/dataStore';

/** workspaceState as a Map: what one window wrote, the next one reads. */
function memento(init: Record<string, unknown> = {}) {
  const m = new Map<string, unknown>(Object.entries(init));
  return {
    map: m,
    get: <T>(k: string) => m.get(k) as T,
    update: async (k: string, v: unknown) => void m.set(k, v),
  };
}

test('a picked file is listed and chosen again by the next window', async () => {
  const state = memento();
  await new TrainingDataStore(state).pick('/home/a/poems.txt');
  const after = new TrainingDataStore(state).read();
  assert.deepEqual(after, { picked: ['/home/a/poems.txt'], selected: 'file:/home/a/poems.txt' });
  assert.deepEqual(state.map.get(DATA_KEY), { v: DATA_VERSION, data: after });
  assert.deepEqual(pickedChoices(after.picked, () => true, path.basename), [{ id: pickedId('/home/a/poems.txt'), label: 'poems.txt', path: '/home/a/poems.txt' }]);
});

test('the data a run started on is remembered; a file picked twice is listed once; the list stays short', async () => {
  const state = memento();
  const s = new TrainingDataStore(state);
  await s.pick('/a.txt');
  await s.pick('/b.txt');
  await s.pick('/a.txt');
  await s.select('shakespeare');
  assert.deepEqual(s.read(), { picked: ['/b.txt', '/a.txt'], selected: 'shakespeare' });
  for (let i = 0; i < MAX_PICKED + 3; i++) await s.pick(`/f${i}.txt`);
  assert.equal(s.read().picked.length, MAX_PICKED);
  assert.equal(s.read().picked.at(-1), `/f${MAX_PICKED + 2}.txt`);
});

test('a file that is gone is not offered', () => {
  assert.deepEqual(pickedChoices(['/gone.txt', '/here.txt'], (p) => p === '/here.txt', path.basename).map((c) => c.path), ['/here.txt']);
});

test('unreadable values are no choice, and a newer build\'s value is read but never written over', async () => {
  for (const raw of [undefined, null, 'x', [], { picked: ['/a'] }, { v: 'one', data: {} }, { v: 1, data: { picked: 'a', selected: 3 } }]) {
    assert.deepEqual(new TrainingDataStore(memento({ [DATA_KEY]: raw })).read(), { picked: [] }, JSON.stringify(raw));
  }
  assert.deepEqual(new TrainingDataStore(memento({ [DATA_KEY]: { v: 1, data: { picked: ['/a', 7, '/a', ''] } } })).read(), { picked: ['/a'] });
  const newer = { v: DATA_VERSION + 1, data: { picked: ['/a'], selected: 'file:/a', extra: true } };
  const state = memento({ [DATA_KEY]: newer });
  const s = new TrainingDataStore(state);
  assert.deepEqual(s.read(), { picked: ['/a'], selected: 'file:/a' });
  assert.equal(await s.pick('/b'), false);
  assert.equal(state.map.get(DATA_KEY), newer);
});
