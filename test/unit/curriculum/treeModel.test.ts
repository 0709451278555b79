import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Curriculum, Resource } from '../../../src/shared/curriculum/model';
import { count, courseItems, formatMinutes, lessonChildren, nextUnfinished, NO_FILTERS, rootNodes } from '../../../src/shared/curriculum/treeModel';

const res = (id: string, extra: Partial<Resource> = {}): Resource => ({
  id, title: id, authors: ['a'], url: `https://example.com/${id}`, kind: 'video', minutes: 10,
  summary: 'a summary of twenty+ chars', takeaway: 'a takeaway of twenty+ chars', ...extra,
});

function fixture(): Curriculum {
  const resources = [res('r1', { difficulty: 'easy' }), res('r2', { kind: 'paper', difficulty: 'hard' }), res('r3')];
  return {
    course: {
      version: 1, title: 't',
      modules: [
        { id: 'm1', title: 'M1', summary: 's', why: 'w', prerequisites: [], lessons: [
          { id: 'l1', title: 'L1', summary: 's', resources: ['r1', 'r2'], exercises: ['e1'] },
        ] },
        { id: 'm2', title: 'M2', summary: 's', why: 'w', prerequisites: ['m1'], lessons: [
          { id: 'l2', title: 'L2', summary: 's', resources: ['r3', 'r1'], exercises: [] },
        ] },
      ],
    },
    resources: new Map(resources.map((r) => [r.id, r])),
    exercises: new Map([['e1', { id: 'e1', title: 'E1', summary: 'exercise one', difficulty: 'medium' as const, minutes: 30 }]]),
  };
}

test('course items are unique across lessons', () => {
  assert.deepEqual(courseItems(fixture()), ['r1', 'r2', 'e1', 'r3']);
});

test('counts use the done predicate', () => {
  const done = new Set(['r1', 'e1']);
  assert.deepEqual(count(courseItems(fixture()), (id) => done.has(id)), { done: 2, total: 4 });
});

test('filters hide items, and modules left empty by them', () => {
  const c = fixture();
  const none = () => false;
  const onlyPapers = { ...NO_FILTERS, kinds: ['paper' as const] };
  assert.deepEqual(rootNodes(c, onlyPapers, none).map((n) => n.id), ['m1']);
  const m1 = c.course.modules[0];
  assert.deepEqual(lessonChildren(c, m1, m1.lessons[0], onlyPapers, none).map((n) => n.id), ['l1/r2']);
  const easy = { ...NO_FILTERS, difficulties: ['easy' as const] };
  assert.deepEqual(lessonChildren(c, m1, m1.lessons[0], easy, none).map((n) => n.id), ['l1/r1']);
  const hideDone = { ...NO_FILTERS, hideDone: true };
  assert.deepEqual(lessonChildren(c, m1, m1.lessons[0], hideDone, (id) => id !== 'r2').map((n) => n.id), ['l1/r2']);
});

test('continue picks the next unfinished item after the last opened, then wraps', () => {
  const c = fixture();
  const done = new Set(['r1']);
  assert.equal(nextUnfinished(c, (id) => done.has(id))?.itemId, 'r2');
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'e1')?.itemId, 'e1');
  done.add('r3');
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'r3')?.itemId, 'r2');
  for (const id of courseItems(c)) done.add(id);
  assert.equal(nextUnfinished(c, (id) => done.has(id)), undefined);
});

test('minutes read like a person would say them', () => {
  assert.equal(formatMinutes(45), '45 min');
  assert.equal(formatMinutes(120), '2 h');
  assert.equal(formatMinutes(95), '1 h 35 min');
});

test('continue goes on from the lesson last read (it ignored lessons and started at the course\'s first item)', () => {
  const c = fixture();
  const done = new Set<string>();
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'lesson:l2')?.itemId, 'r3', 'the first unfinished item of the lesson read');
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'module:m2')?.itemId, 'r3', 'a module overview read: its first lesson');
  done.add('r3');
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'lesson:l2')?.itemId, 'r1', 'nothing left from there on: wraps to the start');
  assert.equal(nextUnfinished(c, (id) => done.has(id), 'lesson:gone')?.itemId, 'r1', 'a lesson no longer in the course starts at the beginning');
});

test('continue under filters goes to the next unfinished item the filters show (a review: Continue with "easy" on cleared it and opened a medium exercise)', () => {
  const c = fixture();
  const none = () => false;
  const easy = { ...NO_FILTERS, difficulties: ['easy' as const] };
  const next = nextUnfinished(c, none, 'r2', easy);
  assert.ok(next, 'an easy item is left');
  const r = c.resources.get(next.itemId);
  assert.equal(r?.difficulty ?? c.exercises.get(next.itemId)?.difficulty, 'easy');
  const papers = { ...NO_FILTERS, kinds: ['paper' as const] };
  assert.equal(nextUnfinished(c, none, undefined, papers)?.itemId, 'r2');
  assert.equal(nextUnfinished(c, (id) => id === 'r2', undefined, papers), undefined, 'none left under the filters: the caller clears them');
});
