// The build step that renders the shipped lesson pages (scripts/renderLessons.ts -> dist/lessons):
// hostile markdown anywhere the course puts text (a lesson file, a module's summary and "why", a
// lesson summary, self-check prompts, choices and answers) comes out inert in the files the host
// reads, and the files are what the host's check accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderLessons } from '../../../scripts/renderLessons';
import { decodePageAsset, lessonFile, pageAssetName, PAGE_ASSET_VERSION } from '../../../src/lesson/pageAsset';
import type { LessonPage, PageKey } from '../../../src/shared/protocols/lesson';
import { assertInert, assertSafe, HOSTILE } from './hostile';

const ALL = HOSTILE.join('\n\n');

function fixture(): { root: string; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-prerender-'));
  const root = path.join(dir, 'curriculum');
  fs.mkdirSync(path.join(root, 'lessons'), { recursive: true });
  fs.writeFileSync(path.join(root, 'lessons', 'hostile.md'), `# Hostile\n\n${ALL}\n`);
  fs.writeFileSync(path.join(dir, 'outside.md'), 'text from outside the curriculum folder');
  const questions = HOSTILE.map((line, i) => ({ id: `q${i}`, prompt: line.split('\n')[0], choices: [line.split('\n')[0], 'b'], correct: 1, answer: line }));
  const course = {
    version: 1, title: 'Fixture',
    modules: [{
      id: 'm1', title: 'Module <b onclick=x>', summary: HOSTILE[2], why: ALL, prerequisites: [],
      lessons: [
        { id: 'hostile', title: 'Hostile', summary: HOSTILE[0], resources: ['r1'], exercises: [], selfCheck: questions },
        // Not written yet: the page falls back to the (hostile) summary and the module's "why".
        { id: 'unwritten', title: 'Unwritten', summary: HOSTILE[6], resources: [], exercises: [] },
        // A file path that climbs out of the curriculum is never read.
        { id: 'escape', title: 'Escape', summary: 'escape', file: '../outside.md', resources: [], exercises: [] },
      ],
    }],
  };
  const resources = { version: 1, resources: [{ id: 'r1', title: 'R', authors: ['A'], url: 'https://example.com/r', kind: 'article', minutes: 5, summary: 's', takeaway: 't' }] };
  fs.writeFileSync(path.join(root, 'course.json'), JSON.stringify(course));
  fs.writeFileSync(path.join(root, 'resources.json'), JSON.stringify(resources));
  return { root, out: path.join(dir, 'out') };
}

function read(out: string, key: PageKey): LessonPage {
  const r = decodePageAsset(JSON.parse(fs.readFileSync(path.join(out, pageAssetName(key)!), 'utf8')), key);
  assert.ok('page' in r, `${key}: ${'error' in r ? r.error : ''}`);
  return r.page;
}

test('the build step renders hostile course text inert, in every field the page shows as HTML', () => {
  const { root, out } = fixture();
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'lesson-gone.json'), '{}'); // a page of a lesson that left the course
  const r = renderLessons(root, out);
  assert.equal(r.pages, 4, 'one module overview and three lessons');
  assert.deepEqual(fs.readdirSync(out).sort(), ['lesson-escape.json', 'lesson-hostile.json', 'lesson-unwritten.json', 'module-m1.json'], 'the stale page is removed');

  const hostile = read(out, 'lesson:hostile');
  assert.equal(hostile.hasText, true);
  assertSafe(hostile.html);
  assert.equal(hostile.questions.length, HOSTILE.length);
  for (const q of hostile.questions) {
    assertInert(q.prompt);
    for (const ch of q.choices ?? []) assertInert(ch);
    assertInert(q.answer);
  }
  const unwritten = read(out, 'lesson:unwritten');
  assert.equal(unwritten.hasText, false);
  assertInert(unwritten.html);
  assert.match(unwritten.html, /fine link/, 'the module\'s "why" is in the fallback text');
  const overview = read(out, 'module:m1');
  assertInert(overview.html);
  assert.match(overview.html, /data-nav="lesson:hostile"/, 'the overview links its lessons');
  const escape = read(out, 'lesson:escape');
  assert.equal(escape.hasText, false);
  assert.doesNotMatch(escape.html, /outside the curriculum/);
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

test('a course that does not load fails the build step with the reason', () => {
  const { root, out } = fixture();
  fs.writeFileSync(path.join(root, 'course.json'), '{ not json');
  assert.throws(() => renderLessons(root, out), /course\.json is not valid JSON/);
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

test('the host refuses a page file of another page, another version or without its text', () => {
  const page = { key: 'lesson:a', title: 'A', eyebrow: '', html: '<p>a</p>', hasText: true, resources: [], exercises: [], questions: [] };
  assert.ok('page' in decodePageAsset({ v: PAGE_ASSET_VERSION, page }, 'lesson:a'));
  assert.match((decodePageAsset({ v: PAGE_ASSET_VERSION, page }, 'lesson:b') as { error: string }).error, /holds lesson:a, not lesson:b/);
  assert.ok('error' in decodePageAsset({ v: 99, page }, 'lesson:a'));
  assert.ok('error' in decodePageAsset({ v: PAGE_ASSET_VERSION, page: { ...page, html: undefined } }, 'lesson:a'));
  assert.ok('error' in decodePageAsset(null, 'lesson:a'));
});

test('page file names only for ids the schema allows; lesson files stay inside the curriculum', () => {
  assert.equal(pageAssetName('lesson:self-attention'), 'lesson-self-attention.json');
  assert.equal(pageAssetName('module:m1'), 'module-m1.json');
  assert.equal(pageAssetName('lesson:../../x' as PageKey), undefined);
  assert.equal(pageAssetName('lesson:' as PageKey), undefined);
  assert.equal(lessonFile('/c', { id: 'a' }), path.resolve('/c/lessons/a.md'));
  assert.equal(lessonFile('/c', { id: 'a', file: '../x.md' }), undefined);
});
