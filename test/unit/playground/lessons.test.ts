import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lessonFor, lessonsForViews } from '../../../src/playground/lessons';
import type { Course } from '../../../src/shared/curriculum/model';

const file = path.join(__dirname, '..', '..', '..', 'curriculum', 'course.json');

test('every playground view links to a lesson of the course (the panel sends them all)', { skip: !fs.existsSync(file) && 'no course.json yet' }, () => {
  const course = JSON.parse(fs.readFileSync(file, 'utf8')) as Course;
  const links = lessonsForViews({ course });
  for (const view of ['generate', 'attention', 'logit-lens', 'induction', 'ablate', 'patch', 'dla', 'steer'] as const) {
    assert.ok(links[view], `a lesson for ${view}`);
  }
  assert.equal(links.steer?.id, 'intervening');
  assert.equal(links.mine, undefined, 'Your code links to the exercise, not a lesson');
  assert.match(lessonFor({ course }, 'induction')!.title, /induction/i);
  assert.match(lessonFor({ course }, 'attention')!.title, /attention/i);
});

test('no course, no links', () => {
  assert.equal(lessonFor({ course: { version: 1, title: 'x', modules: [] } }, 'attention'), undefined);
});
