import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lessonFor, lessonsForViews } from '../../../src/playground/lessons';
import type { Course, Lesson } from '../../../src/shared/curriculum/model';

const file = path.join(__dirname, '..', '..', '..', 'curriculum', 'course.json');

const lesson = (id: string, title: string, extra: Partial<Lesson> = {}): Lesson => ({ id, title, summary: 'a lesson here', resources: [], exercises: [], ...extra });
const courseOf = (...lessons: Lesson[]): Course => ({
  version: 1, title: 'x',
  modules: [{ id: 'm', title: 'M', summary: 'a module', why: 'because it matters a lot', prerequisites: [], lessons }],
});

test('every playground view links to a lesson of the course (the panel sends them all)', { skip: !fs.existsSync(file) && 'no course.json yet' }, () => {
  const course = JSON.parse(fs.readFileSync(file, 'utf8')) as Course;
  const links = lessonsForViews({ course });
  for (const view of ['generate', 'attention', 'logit-lens', 'induction', 'ablate', 'patch', 'dla', 'steer'] as const) {
    assert.ok(links[view], `a lesson for ${view}`);
  }
  assert.equal(links.steer?.id, 'intervening');
  assert.equal(links.attention?.id, 'self-attention');
  assert.equal(links.induction?.id, 'induction-circuits');
  assert.equal(links.mine, undefined, 'Your code links to the exercise, not a lesson');
});

test('the link is the lesson\'s playgroundViews field, not words in its title', () => {
  const course = courseOf(
    lesson('attention-basics', 'Attention, first look'),
    lesson('weights', 'What the weights say', { playgroundViews: ['attention', 'induction'] }),
  );
  assert.deepEqual(lessonFor({ course }, 'attention'), { id: 'weights', title: 'What the weights say' });
  assert.deepEqual(lessonsForViews({ course }), {
    attention: { id: 'weights', title: 'What the weights say' },
    induction: { id: 'weights', title: 'What the weights say' },
  });
  assert.equal(lessonFor({ course }, 'mine'), undefined);
});

test('no course, no links', () => {
  assert.equal(lessonFor({ course: { version: 1, title: 'x', modules: [] } }, 'attention'), undefined);
  assert.deepEqual(lessonsForViews({ course: courseOf(lesson('sampling', 'Sampling and temperature')) }), {}, 'a title alone links nothing');
});
