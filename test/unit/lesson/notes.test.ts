import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnswers, decodeNotes, isAnswered, NotesStore, NoteWriter, SelfCheckStore } from '../../../src/state/notes';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from '../state/memento';

// One window's Storage over an in-memory globalState whose writes complete out of order.
function memoryStorage() {
  const { values, memento } = sharedMemento();
  return Object.assign(new Storage(memento), { values });
}

test('notes: quick successive saves of different notes all land', async () => {
  const s = memoryStorage();
  const notes = new NotesStore(s);
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
  const store = new SelfCheckStore(s);
  await store.set('softmax', 'q1', { choice: 2, at: '2025-01-01T00:00:00Z' });
  await store.set('softmax', 'q2', { text: 'it normalises', revealed: true, at: '2025-01-01T00:00:00Z' });
  await store.set('other', 'q1', { choice: 0, at: '2025-01-01T00:00:00Z' });
  assert.deepEqual(Object.keys(store.forLesson('softmax')).sort(), ['q1', 'q2']);
  assert.equal(store.forLesson('softmax').q1.choice, 2);
  assert.ok(isAnswered(store.forLesson('softmax').q2));
  assert.ok(!isAnswered({ text: 'typed, not revealed', at: '' }));
  assert.deepEqual(decodeAnswers({ v: 1, data: { 'a/q': { choice: -1 }, 'a/r': 'x', 'a/s': { choice: 1 } } }), { 'a/s': { choice: 1, at: new Date(0).toISOString() } });
});

// Issue 11, case 3: a note (or a short answer) over the limit is refused whole, before anything
// is cut, and what is already stored is never shortened, neither on read nor when another is written.
test('long notes cut (issue 11 case 3): a 250,000-character note is refused and the stored note stays as it was', async () => {
  const s = memoryStorage();
  const notes = new NotesStore(s);
  await notes.set('lesson/a', 'what fitted');
  const long = 'x'.repeat(250_000);
  const result = await notes.set('lesson/a', long);
  const stored = notes.get('lesson/a');
  assert.ok(stored === 'what fitted', `nothing cut is stored in place of the note (stored: ${stored.length} characters)`);
  assert.equal(result, false, 'the caller learns the note was not saved');
  assert.equal(await notes.set('lesson/a', 'y'.repeat(200_000)), true, 'exactly the limit is saved');
  assert.equal(notes.get('lesson/a').length, 200_000);
});

test('long notes cut (issue 11 case 3): over-long values already stored are never shortened on read or by another write', async () => {
  const s = memoryStorage();
  const long = 'z'.repeat(250_000);
  s.values.set('llmStudy.notes', { v: 1, data: { 'lesson/old': long } });
  s.values.set('llmStudy.selfCheck', { v: 1, data: { 'old/q1': { text: long, revealed: true, at: '2025-01-01T00:00:00Z' } } });
  const notes = new NotesStore(s);
  const answers = new SelfCheckStore(s);
  assert.equal(notes.get('lesson/old').length, 250_000);
  assert.equal(answers.forLesson('old').q1.text?.length, 250_000, 'a stored short answer is read whole');
  await notes.set('lesson/new', 'another note');
  await answers.set('old', 'q2', { choice: 1, at: '2025-01-01T00:00:00Z' });
  assert.equal(notes.get('lesson/old').length, 250_000, 'writing another note keeps the old one whole');
  assert.equal(answers.forLesson('old').q1.text?.length, 250_000, 'writing another answer keeps the old one whole');
});

test('long notes cut (issue 11 case 3): an over-long short answer is refused and the stored answer stays', async () => {
  const s = memoryStorage();
  const answers = new SelfCheckStore(s);
  await answers.set('l', 'q', { text: 'short', at: '2025-01-01T00:00:00Z' });
  const result = await answers.set('l', 'q', { text: 'x'.repeat(250_000), revealed: true, at: '2025-01-01T00:00:00Z' });
  const stored = answers.forLesson('l').q.text ?? '';
  assert.ok(stored === 'short', `the stored answer stays (stored: ${stored.length} characters)`);
  assert.equal(result, false);
});

test('typing lost on reload (issue 11 case 4): NoteWriter writes each note at once, newest text last, and never confirms a refused one', async () => {
  const s = memoryStorage();
  const confirmed: string[] = [];
  const writer = new NoteWriter(new NotesStore(s), (key, text) => confirmed.push(`${key}=${text.length}`));
  writer.write('lesson/a', 'typ');
  writer.write('lesson/a', 'typed'); // while the first write is under way
  writer.write('lesson/b', 'x'.repeat(200_001));
  assert.equal(writer.unsaved()['lesson/a'], 'typed', 'a page opened meanwhile shows the newest text');
  await writer.flush();
  assert.equal(new NotesStore(s).get('lesson/a'), 'typed', 'the newest text is what stays');
  assert.ok(!confirmed.includes('lesson/b=200001'), 'only what was stored is confirmed');
  assert.deepEqual(writer.unsaved(), {});
  // No timer: the write has started before anything else runs (a reload 0.2 s later finds it done).
  let started = false;
  const eager = new NoteWriter({ set: async () => ((started = true), true) }, () => undefined);
  eager.write('lesson/c', 'now');
  assert.ok(started, 'the write starts in the same turn as the message');
});

// Issue 12: stored state read through and versioned. Two windows are two Storage objects over one
// shared globalState (test/unit/state/memento.ts), the way VS Code's extension hosts see it.
function windows() {
  const shared = sharedMemento();
  const open = () => new Storage(shared.memento);
  return { ...shared, a: open(), b: open(), open };
}

test("two windows each save a different lesson's note: both survive", async () => {
  const { a, b, open } = windows();
  await Promise.all([new NotesStore(a).set('lesson/one', 'from window A'), new NotesStore(b).set('lesson/two', 'from window B')]);
  const reloaded = new NotesStore(open());
  assert.equal(reloaded.get('lesson/one'), 'from window A');
  assert.equal(reloaded.get('lesson/two'), 'from window B');
});

test("two windows each answer a different lesson's question: both answers survive", async () => {
  const { a, b, open } = windows();
  const at = '2025-01-01T00:00:00.000Z';
  await Promise.all([new SelfCheckStore(a).set('one', 'q1', { choice: 1, at }), new SelfCheckStore(b).set('two', 'q1', { choice: 2, at })]);
  const reloaded = new SelfCheckStore(open());
  assert.equal(reloaded.forLesson('one').q1?.choice, 1);
  assert.equal(reloaded.forLesson('two').q1?.choice, 2);
});

test("a newer version's notes value keeps its unknown fields after a save", async () => {
  const { a, values } = windows();
  const newer = { v: 7, data: { 'lesson/a': 'kept', 'lesson/rich': { blocks: ['a newer shape'] } }, synced: 'elsewhere' };
  values.set('llmStudy.notes', structuredClone(newer));
  const notes = new NotesStore(a);
  assert.equal(notes.get('lesson/a'), 'kept', 'what this version understands is read');
  assert.equal(await notes.set('lesson/b', 'mine'), true);
  assert.deepEqual(values.get('llmStudy.notes'), { ...newer, data: { ...newer.data, 'lesson/b': 'mine' } }, 'changed in place: version, other fields and entries as they were');
  await notes.set('lesson/a', '');
  assert.ok(!('lesson/a' in (values.get('llmStudy.notes') as { data: object }).data), 'an emptied note is deleted in place too');
});

test("a newer version's self-check value keeps its unknown fields after an answer", async () => {
  const { a, values } = windows();
  const newer = { v: 3, data: { 'l/q0': { choice: 0, at: 'x', confidence: 0.9 }, 'l/graph': { kind: 'drawing' } } };
  values.set('llmStudy.selfCheck', structuredClone(newer));
  await new SelfCheckStore(a).set('l', 'q1', { choice: 1, at: '2025-01-01T00:00:00.000Z' });
  assert.deepEqual(values.get('llmStudy.selfCheck'), { v: 3, data: { ...newer.data, 'l/q1': { at: '2025-01-01T00:00:00.000Z', choice: 1 } } });
});

test('corrupt notes are backed up to llmStudy.notes.backup before they are written over', async () => {
  const { a, values } = windows();
  const corrupt = { v: 1, data: { 'lesson/a': 'readable', 'lesson/b': 42 } };
  values.set('llmStudy.notes', structuredClone(corrupt));
  const notes = new NotesStore(a);
  await notes.set('lesson/c', 'new');
  const backups = (values.get('llmStudy.notes.backup') ?? []) as { raw: unknown; reason: string }[];
  assert.deepEqual(backups.map((b) => b.raw), [corrupt], 'the value as it was is kept aside');
  assert.match(backups[0]?.reason ?? '', /unreadable/);
  assert.deepEqual(notes.all(), { 'lesson/a': 'readable', 'lesson/c': 'new' });
  await notes.set('lesson/d', 'clean now');
  assert.equal((values.get('llmStudy.notes.backup') as unknown[]).length, 1, 'a clean value is written over without another copy');
});

test('corrupt self-check answers are backed up to llmStudy.selfCheck.backup before they are written over', async () => {
  const { a, values } = windows();
  values.set('llmStudy.selfCheck', 'garbage');
  await new SelfCheckStore(a).set('l', 'q', { choice: 0, at: '2025-01-01T00:00:00.000Z' });
  assert.deepEqual(((values.get('llmStudy.selfCheck.backup') ?? []) as { raw: unknown }[]).map((b) => b.raw), ['garbage']);
});

test('notes from an early build (a bare record) are migrated, not reset', async () => {
  const { a, values } = windows();
  values.set('llmStudy.notes', { 'lesson/a': 'bare record from an early build' });
  await new NotesStore(a).set('lesson/b', 'new');
  assert.deepEqual(values.get('llmStudy.notes'), { v: 1, data: { 'lesson/a': 'bare record from an early build', 'lesson/b': 'new' } });
});
