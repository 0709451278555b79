// The Start Exercise picker lists exercises in the order the course meets them (course.json,
// module by module, lesson by lesson), not by id: a new learner saw "attention" first and the
// course's first exercise, autograd, second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadCurriculum } from '../../../src/curriculum/load';
import { inCourseOrder } from '../../../src/exercises/courseOrder';
import type { Course, Lesson } from '../../../src/shared/curriculum/model';

const REPO = path.resolve(__dirname, '../../..');

const lesson = (id: string, exercises: string[]): Lesson => ({ id, title: id, summary: '', resources: [], exercises });
const course = (...modules: Lesson[][]): Course => ({
  version: 1,
  title: 'c',
  modules: modules.map((lessons, i) => ({ id: `m${i}`, title: `m${i}`, summary: '', why: '', prerequisites: [], lessons })),
});
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

test('the shipped course: autograd first, then each exercise at the first lesson that names it', () => {
  const c = loadCurriculum(path.join(REPO, 'curriculum'));
  const shipped = [...c.exercises.values()];
  const ordered = ids(inCourseOrder(c.course, shipped));
  assert.equal(ordered[0], 'autograd');
  const firstSeen = [...new Set(c.course.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises)))];
  assert.deepEqual(ordered.slice(0, firstSeen.length), firstSeen.filter((id) => c.exercises.has(id)));
  assert.deepEqual([...ordered].sort(), ids(shipped).sort(), 'every exercise offered once');
  // The order a folder listing gives (what the picker showed before) is not the course's.
  assert.ok(ordered.indexOf('bigram') < ordered.indexOf('attention'));
});

test('module by module, lesson by lesson; an exercise named twice sits at its first lesson', () => {
  const c = course([lesson('a', ['z']), lesson('b', ['y', 'z'])], [lesson('c', ['x', 'y'])]);
  assert.deepEqual(ids(inCourseOrder(c, [{ id: 'x' }, { id: 'y' }, { id: 'z' }])), ['z', 'y', 'x']);
});

test('exercises no lesson names come last, in the order given; ids the course names but nobody offers are ignored', () => {
  const c = course([lesson('a', ['gone', 'b'])]);
  assert.deepEqual(ids(inCourseOrder(c, [{ id: 'q' }, { id: 'b' }, { id: 'p' }])), ['b', 'q', 'p']);
});

test('a course that failed to load (no modules) keeps the order given', () => {
  const items = [{ id: 'b' }, { id: 'a' }];
  const out = inCourseOrder(course(), items);
  assert.deepEqual(ids(out), ['b', 'a']);
  assert.notEqual(out, items, 'a copy: the caller\'s list is not sorted in place');
});
