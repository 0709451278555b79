// Which page a lesson tab shows when VS Code restores it without the state its page saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Course } from '../../../src/shared/curriculum/model';
import { keyForTitle, locate } from '../../../src/lesson/locate';

const lesson = (id: string, title: string) => ({ id, title, summary: 's', resources: [], exercises: [] });
const course: Course = {
  version: 1, title: 'T',
  modules: [
    { id: 'm1', title: 'Maths', summary: 's', why: 'w', prerequisites: [], lessons: [lesson('l1', 'Vectors'), lesson('l2', 'Maths')] },
    { id: 'm2', title: 'GPT', summary: 's', why: 'w', prerequisites: [], lessons: [lesson('l3', 'Attention')] },
  ],
};

test('a restored tab finds its page by title: lessons first, then module overviews', () => {
  assert.equal(keyForTitle({ course }, 'Attention'), 'lesson:l3');
  assert.equal(keyForTitle({ course }, 'GPT'), 'module:m2');
  assert.equal(keyForTitle({ course }, 'Maths'), 'lesson:l2', 'a lesson titled like a module is the lesson');
  assert.equal(keyForTitle({ course }, 'Maths', (k) => k === 'lesson:l2'), 'module:m1', 'the lesson is open already: the module overview');
  assert.equal(keyForTitle({ course }, 'Gone'), undefined);
  assert.equal(locate({ course }, keyForTitle({ course }, 'Vectors')!)?.lesson?.id, 'l1');
});
