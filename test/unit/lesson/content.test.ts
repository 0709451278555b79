// The shipped lessons through the real pipeline: every lesson has its text and questions, every
// formula renders, and every in-editor link points at something that exists (a typo would
// otherwise silently degrade to plain text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadCurriculum } from '../../../src/curriculum/load';
import { buildPage } from '../../../src/lesson/page';
import { isPreset } from '../../../src/shared/protocols/playground';
import type { NavTarget } from '../../../src/shared/protocols/lesson';

const ROOT = path.join(__dirname, '..', '..', '..', 'curriculum');
const c = loadCurriculum(ROOT);
const lessons = c.course.modules.flatMap((m) => m.lessons);
const exists = (t: NavTarget) =>
  t.kind === 'lesson' ? lessons.some((l) => l.id === t.id)
    : t.kind === 'module' ? c.course.modules.some((m) => m.id === t.id)
      : t.kind === 'exercise' ? c.exercises.has(t.id)
        : isPreset(t.id);

test('every lesson has its text, 3–6 self-check questions, working links and formulas', () => {
  let questions = 0;
  for (const l of lessons) {
    const file = path.join(ROOT, l.file ?? `lessons/${l.id}.md`);
    assert.ok(fs.existsSync(file), `${l.id}: ${path.relative(ROOT, file)} exists`);
    const md = fs.readFileSync(file, 'utf8');
    const page = buildPage(c, `lesson:${l.id}`, md, { navExists: exists })!;
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
  console.log(`${lessons.length} lessons, ${questions} self-check questions`);
});
