import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnswers, decodeNotes, isAnswered, NotesStore, SelfCheckStore } from '../../../src/state/notes';

function memoryStorage() {
  const values = new Map<string, unknown>();
  return {
    values,
    getRaw: (k: string) => values.get(k),
    set: async (k: string, v: unknown) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5)); // writes complete out of order
      values.set(k, v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
    },
  };
}

test('notes: quick successive saves of different notes all land', async () => {
  const s = memoryStorage();
  const notes = new NotesStore(s as never);
  await Promise.all(Array.from({ length: 20 }, (_, i) => notes.set(`resource/r${i}`, `note ${i}`)));
  assert.equal(Object.keys(notes.all()).length, 20);
  assert.deepEqual(s.values.get('llmStudy.notes'), { v: 1, data: notes.all() });
  await notes.set('resource/r3', '   ');
  assert.equal(notes.get('resource/r3'), '', 'an emptied note is deleted');
});

test('notes: corrupt or foreign stored values decode to what is readable', () => {
  assert.deepEqual(decodeNotes(undefined), {});
  assert.deepEqual(decodeNotes('garbage'), {});
  assert.deepEqual(decodeNotes({ v: 1, data: { 'lesson/a': 'x', 'lesson/b': 42, 'lesson/c': '' } }), { 'lesson/a': 'x' });
  assert.deepEqual(decodeNotes({ 'lesson/a': 'bare record from an early build' }), { 'lesson/a': 'bare record from an early build' });
});

test('self-check answers are kept per lesson and decoded defensively', async () => {
  const s = memoryStorage();
  const store = new SelfCheckStore(s as never);
  await store.set('softmax', 'q1', { choice: 2, at: '2025-01-01T00:00:00Z' });
  await store.set('softmax', 'q2', { text: 'it normalises', revealed: true, at: '2025-01-01T00:00:00Z' });
  await store.set('other', 'q1', { choice: 0, at: '2025-01-01T00:00:00Z' });
  assert.deepEqual(Object.keys(store.forLesson('softmax')).sort(), ['q1', 'q2']);
  assert.equal(store.forLesson('softmax').q1.choice, 2);
  assert.ok(isAnswered(store.forLesson('softmax').q2));
  assert.ok(!isAnswered({ text: 'typed, not revealed', at: '' }));
  assert.deepEqual(decodeAnswers({ v: 1, data: { 'a/q': { choice: -1 }, 'a/r': 'x', 'a/s': { choice: 1 } } }), { 'a/s': { choice: 1, at: new Date(0).toISOString() } });
});
