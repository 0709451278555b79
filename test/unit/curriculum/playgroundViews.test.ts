import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { playgroundViewProblems } from '../../../scripts/validateCurriculum';
import type { Course, Lesson } from '../../../src/shared/curriculum/model';

const schemaFile = path.join(__dirname, '..', '..', '..', 'curriculum', 'schema', 'course.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { properties: { modules: { items: { properties: { lessons: { items: { properties: Record<string, { items: { enum: string[] } }> } } } } } } };
const lesson = (id: string, views: Lesson['playgroundViews']): Lesson => ({ id, title: id, summary: 'a lesson here', resources: [], exercises: [], playgroundViews: views });
const courseOf = (...lessons: Lesson[]): Course => ({
  version: 1, title: 'x',
  modules: [{ id: 'm', title: 'M', summary: 'a module', why: 'because it matters a lot', prerequisites: [], lessons }],
});

test('check:curriculum refuses a playground view named by two lessons, and names both', () => {
  assert.deepEqual(playgroundViewProblems(courseOf(lesson('a', ['attention']), lesson('b', ['generate'])), schema), []);
  const errors = playgroundViewProblems(courseOf(lesson('a', ['attention']), lesson('b', ['steer', 'attention'])), schema);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /lesson "b": the playground view "attention" is already the lesson "a"'s/);
});

test('check:curriculum says when the schema\'s list of views is not the playground\'s', () => {
  const stale = structuredClone(schema);
  stale.properties.modules.items.properties.lessons.items.properties.playgroundViews.items.enum = ['generate', 'attention'];
  assert.match(playgroundViewProblems(courseOf(), stale).join('\n'), /playgroundViews lists generate, attention, but the playground's views are/);
  assert.deepEqual(playgroundViewProblems(courseOf(), schema), [], 'the shipped schema lists them all');
});
