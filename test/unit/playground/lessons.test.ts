import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lessonFor } from '../../../src/playground/lessons';
import type { Course } from '../../../src/shared/curriculum/model';

const file = path.join(__dirname, '..', '..', '..', 'curriculum', 'course.json');

test('every playground view links to a lesson of the course', { skip: !fs.existsSync(file) && 'no course.json yet' }, () => {
  const course = JSON.parse(fs.readFileSync(file, 'utf8')) as Course;
  for (const view of ['generate', 'attention', 'logit-lens', 'induction'] as const) {
    const l = lessonFor({ course }, view);
    assert.ok(l, `a lesson for ${view}`);
  }
  assert.match(lessonFor({ course }, 'induction')!.title, /induction/i);
  assert.match(lessonFor({ course }, 'attention')!.title, /attention/i);
});

test('no course, no links', () => {
  assert.equal(lessonFor({ course: { version: 1, title: 'x', modules: [] } }, 'attention'), undefined);
});
