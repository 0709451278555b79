// The shipped lessons through the build step that renders them (scripts/renderLessons.ts, as
// esbuild.mjs runs it): every lesson has its text and questions, every formula renders, and every
// in-editor link points at something that exists (a typo would otherwise silently degrade to
// plain text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCurriculum } from '../../../src/curriculum/load';
import { decodePageAsset, pageAssetName } from '../../../src/lesson/pageAsset';
import { renderLessons } from '../../../scripts/renderLessons';
import type { LessonPage, PageKey } from '../../../src/shared/protocols/lesson';

const ROOT = path.join(__dirname, '..', '..', '..', 'curriculum');
const c = loadCurriculum(ROOT);
const lessons = c.course.modules.flatMap((m) => m.lessons);
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-lessons-'));
const rendered = renderLessons(ROOT, OUT);
const pageOf = (key: PageKey): LessonPage => {
  const r = decodePageAsset(JSON.parse(fs.readFileSync(path.join(OUT, pageAssetName(key)!), 'utf8')), key);
  assert.ok('page' in r, `${key}: ${'error' in r ? r.error : ''}`);
  return r.page;
};

test('every lesson has its text, 3–6 self-check questions, working links and formulas', () => {
  let questions = 0;
  for (const l of lessons) {
    const file = path.join(ROOT, l.file ?? `lessons/${l.id}.md`);
    assert.ok(fs.existsSync(file), `${l.id}: ${path.relative(ROOT, file)} exists`);
    const page = pageOf(`lesson:${l.id}`);
    assert.ok(page.hasText, `${l.id} has text`);
    const words = page.html.replace(/<annotation[\s\S]*?<\/annotation>|<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length;
    assert.ok(words >= 150, `${l.id}: ${words} words is too thin for a lesson`);
    assert.doesNotMatch(page.html, /nav-missing/, `${l.id}: a lesson:/module:/exercise:/playground: link points nowhere`);
    assert.doesNotMatch(page.html, /katex-error/, `${l.id}: a formula does not parse`);
    const qs = l.selfCheck ?? [];
    assert.ok(qs.length >= 3 && qs.length <= 6, `${l.id}: ${qs.length} self-check questions (want 3–6)`);
    for (const q of qs) {
      if (q.choices) assert.ok(Number.isInteger(q.correct) && q.correct! >= 0 && q.correct! < q.choices.length, `${l.id}/${q.id}: correct is a choice index`);
      assert.ok(new Set(qs.map((x) => x.id)).size === qs.length, `${l.id}: question ids are unique`);
    }
    questions += qs.length;
  }
  for (const m of c.course.modules) assert.doesNotMatch(pageOf(`module:${m.id}`).html, /nav-missing/, `module ${m.id}: an overview link points nowhere`);
  assert.equal(rendered.pages, lessons.length + c.course.modules.length, 'one page per lesson and module, nothing else');
  console.log(`${lessons.length} lessons, ${questions} self-check questions; ${rendered.pages} pages, ${(rendered.bytes / 1024).toFixed(0)} KB, rendered in ${rendered.ms.toFixed(0)} ms`);
  fs.rmSync(OUT, { recursive: true, force: true });
});
