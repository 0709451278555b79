import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Course, Resource } from '../../../src/shared/curriculum/model';
import { findCycle, validateCurriculum } from '../../../src/curriculum/validate';
import { isHttpUrl } from '../../../src/shared/urls';

const r = (id: string, url = `https://example.com/${id}`): Resource => ({
  id, title: id, authors: ['a'], url, kind: 'article', minutes: 5, summary: 'twenty characters at least', takeaway: 'twenty characters at least',
});
const course = (modules: Course['modules']): Course => ({ version: 1, title: 't', modules });
const mod = (id: string, prerequisites: string[], resources: string[], exercises: string[] = []) => ({
  id, title: id, summary: 'summary', why: 'why it matters here', prerequisites,
  lessons: [{ id: `${id}-l`, title: `${id} lesson`, summary: 'summary', resources, exercises }],
});

test('a consistent curriculum has no errors', () => {
  assert.deepEqual(validateCurriculum({ course: course([mod('a', [], ['r1'])]), resources: [r('r1')], exercises: [] }), []);
});

test('each broken rule is reported', () => {
  const errors = validateCurriculum({
    course: course([mod('a', ['b'], ['r1', 'missing'], ['nope']), mod('b', ['a'], ['r1']), mod('r1', [], [])]),
    resources: [r('r1'), r('r2', 'javascript:alert(1)'), r('r3', 'https://example.com/r1')],
    exercises: [],
  }).join('\n');
  assert.match(errors, /unknown resource "missing"/);
  assert.match(errors, /unknown exercise "nope"/);
  assert.match(errors, /duplicate id "r1"/);
  assert.match(errors, /not an http\(s\) URL: javascript:alert\(1\)/);
  assert.match(errors, /share the URL/);
  assert.match(errors, /resource "r2" is not in any lesson/);
  assert.match(errors, /prerequisite cycle: a -> b -> a/);
});

test('findCycle finds longer cycles and ignores DAGs', () => {
  assert.equal(findCycle(course([mod('a', [], []), mod('b', ['a'], []), mod('c', ['a', 'b'], [])])), undefined);
  assert.deepEqual(findCycle(course([mod('a', ['c'], []), mod('b', ['a'], []), mod('c', ['b'], [])])), ['a', 'c', 'b', 'a']);
});

test('only http(s) URLs are links', () => {
  assert.ok(isHttpUrl('https://arxiv.org/abs/1706.03762'));
  assert.ok(!isHttpUrl('file:///etc/passwd'));
  assert.ok(!isHttpUrl('https//broken'));
});

test('a page title used twice is reported: a restored lesson tab finds its page by title', () => {
  const twin = mod('b', [], ['r1']);
  twin.lessons[0].title = 'a lesson';
  const errors = validateCurriculum({ course: course([mod('a', [], ['r1']), twin]), resources: [r('r1')], exercises: [] });
  assert.deepEqual(errors, ['lesson "b-l" has the title of lesson "a-l" ("a lesson"): a page\'s title must be its own']);
});
