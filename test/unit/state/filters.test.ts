// Issue 12: the sidebar's filters stored as a versioned value, migrated from the old bare one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FiltersStore } from '../../../src/state/filters';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from './memento';

const KEY = 'llmStudy.filters';

function open() {
  const shared = sharedMemento();
  return { ...shared, store: () => new FiltersStore(new Storage(shared.memento as never)) };
}

test('unversioned filters are migrated, not reset', async () => {
  const { values, store } = open();
  values.set(KEY, { difficulties: ['hard'], kinds: ['paper', 'exercise'], hideDone: true });
  const filters = store();
  assert.deepEqual(filters.read(), { difficulties: ['hard'], kinds: ['paper', 'exercise'], hideDone: true }, 'read as they were');
  await filters.write({ ...filters.read(), hideDone: false });
  assert.deepEqual(values.get(KEY), { v: 1, data: { difficulties: ['hard'], kinds: ['paper', 'exercise'], hideDone: false } }, 'stored versioned, the rest kept');
  assert.deepEqual(store().read(), { difficulties: ['hard'], kinds: ['paper', 'exercise'], hideDone: false });
});

test('corrupt filters are backed up to llmStudy.filters.backup before they are written over, readable parts kept', async () => {
  const { values, store } = open();
  const corrupt = { v: 1, data: { difficulties: ['hard', 'impossible', 3], kinds: 'paper', hideDone: true } };
  values.set(KEY, structuredClone(corrupt));
  const filters = store();
  assert.deepEqual(filters.read(), { difficulties: ['hard'], kinds: [], hideDone: true });
  await filters.write({ difficulties: ['easy'], kinds: [], hideDone: true });
  const backups = (values.get(`${KEY}.backup`) ?? []) as { raw: unknown }[];
  assert.deepEqual(backups.map((b) => b.raw), [corrupt]);
});

test("a newer version's filters keep their unknown fields after a change", async () => {
  const { values, store } = open();
  const newer = { v: 2, data: { difficulties: ['easy'], kinds: [], hideDone: false, tags: ['attention'] } };
  values.set(KEY, structuredClone(newer));
  const filters = store();
  await filters.write({ ...filters.read(), hideDone: true });
  assert.deepEqual(values.get(KEY), { v: 2, data: { ...newer.data, hideDone: true } });
});
