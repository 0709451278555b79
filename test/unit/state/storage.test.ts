import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BACKUPS, Storage, UNCHANGED, Versioned, type DecodedValue } from '../../../src/state/storage';
import { sharedMemento } from './memento';

type Counts = Record<string, number>;
const decodeCounts = (raw: unknown): DecodedValue<Counts> => {
  const data = (raw as { data?: unknown } | undefined)?.data;
  const ok = raw === undefined || (typeof data === 'object' && data !== null);
  return { value: ok && data ? { ...(data as Counts) } : {}, problems: ok ? [] : ['unreadable'], lossless: ok };
};
// Any key of GlobalKeys does; the helper does not care what it holds.
const KEY = 'llmStudy.exercises';

test('versioned storage with two writers: each change is merged into the value as stored at write time', async () => {
  const { memento, values } = sharedMemento();
  const [a, b] = [new Storage(memento as never), new Storage(memento as never)].map((s) => new Versioned(s, KEY, decodeCounts));
  const bump = (v: Versioned<typeof KEY, Counts>, id: string) =>
    v.update((cur) => ({ v: 1, data: { ...cur.value, [id]: (cur.value[id] ?? 0) + 1 } }));
  await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 ? a : b, `w${i % 4}`)));
  assert.deepEqual(values.get(KEY), { v: 1, data: { w0: 5, w1: 5, w2: 5, w3: 5 } });
  assert.deepEqual(a.read().value, b.read().value, 'both writers read the same value back');
});

test('versioned storage: reads are decoded once per stored value, and again when another writer changes it', async () => {
  const { memento } = sharedMemento();
  let decodes = 0;
  const counting = (raw: unknown) => (decodes++, decodeCounts(raw));
  const a = new Versioned(new Storage(memento as never), KEY, counting);
  const b = new Versioned(new Storage(memento as never), KEY, decodeCounts);
  await b.update(() => ({ v: 1, data: { x: 1 } }));
  for (let i = 0; i < 100; i++) a.read();
  assert.equal(decodes, 1);
  await b.update(() => ({ v: 1, data: { x: 2 } }));
  assert.deepEqual(a.read().value, { x: 2 });
  assert.equal(decodes, 2);
});

test('versioned storage: a value that did not decode cleanly is backed up before it is written over', async () => {
  const { memento, values } = sharedMemento();
  await memento.update(KEY, 'garbage');
  const v = new Versioned(new Storage(memento as never), KEY, decodeCounts);
  await v.update(() => UNCHANGED);
  assert.equal(values.get(`${KEY}.backup`), undefined, 'nothing written, nothing backed up');
  await v.update(() => ({ v: 1, data: { x: 1 } }));
  const backups = values.get(`${KEY}.backup`) as { raw: unknown; reason: string }[];
  assert.deepEqual(backups.map((b) => [b.raw, b.reason]), [['garbage', 'unreadable']]);
  await v.update(() => ({ v: 1, data: { x: 2 } }));
  assert.equal((values.get(`${KEY}.backup`) as unknown[]).length, 1, 'a clean value is written over without a copy');
});

test('versioned storage: forced backups are appended up to MAX_BACKUPS, the same value not twice', async () => {
  const { memento, values } = sharedMemento();
  const s = new Storage(memento as never);
  const v = new Versioned(s, KEY, decodeCounts);
  for (let i = 0; i < MAX_BACKUPS + 3; i++) {
    await v.update(() => ({ v: 1, data: { n: i } }), 'reset');
    await v.update((cur) => ({ v: 1, data: cur.value }), 'reset'); // same value again: no new copy
  }
  const raws = s.backups(KEY).map((b) => (b.raw as { data: { n: number } }).data.n);
  assert.equal(raws.length, MAX_BACKUPS);
  assert.deepEqual(raws, [3, 4, 5, 6, 7], "the newest copies, each value once");
  assert.equal((values.get(KEY) as { data: { n: number } }).data.n, MAX_BACKUPS + 2);
});
