// Two windows of one learner: two Storage/ProgressStore pairs over one shared globalState.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressStore } from '../../../src/state/progressStore';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from './memento';

const KEY = 'llmStudy.progress';
const BACKUP = 'llmStudy.progress.backup';

function windows(n: number) {
  const shared = sharedMemento();
  const open = () => new ProgressStore(new Storage(shared.memento as never));
  return { ...shared, open, stores: Array.from({ length: n }, open) };
}

test('ticks across windows: a tick in each of two windows survives a reload of both', async () => {
  const { open, stores: [a, b] } = windows(2);
  await a.setDone(['resource-1'], true);
  await b.setDone(['resource-2'], true);
  for (const reloaded of [open(), open()]) {
    assert.ok(reloaded.isDone('resource-1'), 'the tick made in window A is kept');
    assert.ok(reloaded.isDone('resource-2'), 'the tick made in window B is kept');
  }
  assert.ok(a.isDone('resource-2') && b.isDone('resource-1'), 'both open windows read the other one\'s tick');
});

test('ticks across windows: progress pulled by Settings Sync is not written over by the next tick', async () => {
  const { memento, open, stores: [a] } = windows(1);
  // Settings Sync writes straight into globalState, behind the store's back.
  await memento.update(KEY, { v: 2, data: { done: { 'synced-item': '2026-01-01T00:00:00.000Z' }, lastOpened: 'synced-item' } });
  await a.setDone(['local-item'], true);
  const reloaded = open();
  assert.deepEqual(reloaded.doneIds().sort(), ['local-item', 'synced-item']);
  assert.equal(reloaded.lastOpened, 'synced-item');
});

test('ticks across windows: an exercise passing in another window is kept when this one unticks something else', async () => {
  const { open, stores: [a, b] } = windows(2);
  await a.setDone(['resource-1', 'resource-2'], true);
  void b.isDone('resource-1'); // window B has read progress before the exercise passes in A
  await a.setDone(['exercise-softmax'], true);
  await b.setDone(['resource-2'], false);
  await b.setLastOpened('resource-1');
  assert.deepEqual(open().doneIds().sort(), ['exercise-softmax', 'resource-1']);
});

test('ticks across windows: ticks made at the same moment in two windows all land', async () => {
  const { open, stores: [a, b] } = windows(2);
  await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).setDone([`item-${i}`], true)));
  assert.equal(open().doneIds().length, 10);
});

test('ticks across windows: Reset Progress clears what is stored, keeps a backup, and the other window does not bring ticks back', async () => {
  const { values, open, stores: [a, b] } = windows(2);
  await a.setDone(['resource-1'], true);
  await b.setDone(['resource-2'], true);
  await a.reset();
  await b.setDone(['resource-3'], true);
  assert.deepEqual(open().doneIds(), ['resource-3']);
  const backups = values.get(BACKUP) as { reason: string; raw: { data: { done: object } } }[];
  assert.equal(backups.length, 1);
  assert.match(backups[0].reason, /reset/);
  assert.deepEqual(Object.keys(backups[0].raw.data.done).sort(), ['resource-1', 'resource-2'], 'the reset can be undone from the backup');
});

test('ticks across windows: a window that gains focus tells the tree which ids another window changed', async () => {
  const { stores: [a, b] } = windows(2);
  await a.setDone(['resource-1'], true);
  b.refresh();
  const heard: string[][] = [];
  b.onDidChange((ids) => heard.push(ids));
  await a.setDone(['resource-2'], true);
  await a.setDone(['resource-1'], false);
  b.refresh(); // what study.ts does on vscode.window.onDidChangeWindowState({ focused: true })
  assert.deepEqual(heard.map((ids) => [...ids].sort()), [['resource-1', 'resource-2']]);
  b.refresh();
  assert.equal(heard.length, 1, 'nothing changed since: no event');
});

test('a tick here fires onDidChange once with the ticked id', async () => {
  const { stores: [a] } = windows(1);
  const heard: string[][] = [];
  a.onDidChange((ids) => heard.push(ids));
  await a.setDone(['resource-1'], true);
  await a.setDone(['resource-1'], true);
  assert.deepEqual(heard, [['resource-1']]);
});

test('readable progress thrown away: an unreadable value is copied to the backup key before it is written over', async () => {
  const { values, memento } = windows(0);
  await memento.update(KEY, '{not json');
  const store = new ProgressStore(new Storage(memento as never));
  assert.match(store.problems.join('; '), new RegExp(BACKUP.replace(/\./g, '\\.')), 'the message names the backup key');
  await store.setDone(['resource-1'], true);
  const backups = values.get(BACKUP) as { raw: unknown; reason: string; at: string }[];
  assert.equal(backups.length, 1);
  assert.equal(backups[0].raw, '{not json');
  assert.ok(backups[0].reason && backups[0].at);
  assert.deepEqual(store.doneIds(), ['resource-1']);
});

test('readable progress thrown away: shapes from early builds are read, not reset, and the original is backed up', async () => {
  const raws = [
    { done: { x: '2026-01-01T00:00:00.000Z' } },
    { v: '2', data: { done: { x: '2026-01-01T00:00:00.000Z' } } },
    { v: 2, data: { done: ['x'] } },
    { v: 2, data: { done: { x: 1767225600000 } } },
    { v: 2, data: { done: { x: 1767225600 } } },
    { v: 2, data: { done: { x: { at: '2026-01-01T00:00:00.000Z' } } } },
    { v: 2, data: { done: { x: true } } },
  ];
  for (const raw of raws) {
    const { values, memento } = windows(0);
    await memento.update(KEY, raw);
    const store = new ProgressStore(new Storage(memento as never));
    assert.deepEqual(store.doneIds(), ['x'], `read ${JSON.stringify(raw)}`);
    await store.setDone(['y'], true);
    assert.deepEqual(store.doneIds().sort(), ['x', 'y'], `kept after a tick: ${JSON.stringify(raw)}`);
    assert.deepEqual((values.get(BACKUP) as { raw: unknown }[])?.[0]?.raw, raw, `original kept: ${JSON.stringify(raw)}`);
  }
});

test('readable progress thrown away: a value from a newer version keeps its version and every field after a tick', async () => {
  const { values, memento } = windows(0);
  const newer = { v: 99, data: { done: { a: { at: '2026-01-01T00:00:00.000Z', by: 'review' } }, streak: 7 }, extra: { theme: 'dark' } };
  await memento.update(KEY, newer);
  const store = new ProgressStore(new Storage(memento as never));
  assert.ok(store.isDone('a'));
  await store.setDone(['b'], true);
  await store.setLastOpened('b');
  const stored = values.get(KEY) as { v: number; data: { done: Record<string, unknown>; streak: number; lastOpened: string }; extra: unknown };
  assert.equal(stored.v, 99);
  assert.equal(stored.data.streak, 7);
  assert.deepEqual(stored.extra, { theme: 'dark' });
  assert.deepEqual(stored.data.done.a, newer.data.done.a, 'an entry in the newer shape is left as it was');
  assert.equal(typeof stored.data.done.b, 'string');
  assert.equal(stored.data.lastOpened, 'b');
  await store.setDone(['a'], false);
  assert.deepEqual(Object.keys((values.get(KEY) as typeof stored).data.done), ['b']);
  assert.equal((values.get(KEY) as typeof stored).data.streak, 7);
});

test('readable progress thrown away: backups are appended, never overwritten, and bounded', async () => {
  const { values, memento } = windows(0);
  for (let i = 0; i < 8; i++) {
    await memento.update(KEY, `junk ${i}`);
    const store = new ProgressStore(new Storage(memento as never));
    await store.setDone([`r${i}`], true);
  }
  const backups = values.get(BACKUP) as { raw: unknown }[];
  assert.deepEqual(backups.map((b) => b.raw), ['junk 3', 'junk 4', 'junk 5', 'junk 6', 'junk 7']);
});
