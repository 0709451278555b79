// The interpretability views link to the lesson on intervening (src/playground/lessons.ts), and
// that lesson links back into each of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lessonFor } from '../../../src/playground/lessons';
import type { Course } from '../../../src/shared/curriculum/model';

const root = path.join(__dirname, '..', '..', '..', 'curriculum');
const course = JSON.parse(fs.readFileSync(path.join(root, 'course.json'), 'utf8')) as Course;

test('the Ablate, Patching, Attribution and Steer views link to the lesson on intervening, which links to each', () => {
  const md = fs.readFileSync(path.join(root, 'lessons', 'intervening.md'), 'utf8');
  for (const view of ['ablate', 'patch', 'dla', 'steer'] as const) {
    assert.equal(lessonFor({ course }, view)?.id, 'intervening', view);
    assert.match(md, new RegExp(`\\]\\(playground:${view}\\)`), `the lesson links to playground:${view}`);
  }
});
