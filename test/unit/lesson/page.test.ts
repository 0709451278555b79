import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Curriculum, Resource } from '../../../src/shared/curriculum/model';
import { buildPage, youtubeEmbed } from '../../../src/lesson/page';
import { notesMarkdown } from '../../../src/lesson/notesExport';
import { parseKatexStyle } from '../../../src/shared/katexStyle';
import { isPageKey, lessonExtraCsp, parseNavHref } from '../../../src/shared/protocols/lesson';
import { navExistsIn } from '../../../src/lesson/pageAsset';

const res = (id: string, extra: Partial<Resource> = {}): Resource => ({
  id, title: `Title ${id}`, authors: ['A', 'B'], url: `https://example.com/${id}`, kind: 'article', minutes: 90, summary: `About ${id}.`, takeaway: `Take ${id}.`, ...extra,
});

const curriculum: Curriculum = {
  course: {
    version: 1, title: 'T',
    modules: [
      { id: 'm1', title: 'Maths', summary: 'Maths you need.', why: 'Because **models** are maths.', prerequisites: [], lessons: [
        { id: 'l1', title: 'Lesson one', summary: 'The first lesson.', resources: ['r1', 'v1', 'missing'], exercises: ['e1'],
          selfCheck: [{ id: 'q1', prompt: 'What is $e^0$?', choices: ['0', '1'], correct: 1, answer: 'Anything to the power zero is one.' }, { id: 'q2', prompt: 'Why?', answer: 'Because.' }] },
        { id: 'l2', title: 'Lesson two', summary: 'The second lesson.', resources: ['r1'], exercises: [] },
      ] },
      { id: 'm2', title: 'GPT', summary: 'The model.', why: 'The point of it all.', prerequisites: ['m1'], lessons: [
        { id: 'l3', title: 'Lesson three', summary: 'The third lesson.', resources: [], exercises: [] },
      ] },
    ],
  },
  resources: new Map([['r1', res('r1', { difficulty: 'hard', long: true })], ['v1', res('v1', { kind: 'video', url: 'https://www.youtube.com/watch?v=kCc8FmEb1nY&list=PLAqhIrjkxbuWI23v9cThsA9GvCAUhRvKZ', poorAudio: true })]]),
  exercises: new Map([['e1', { id: 'e1', title: 'Build', summary: 'Do it.', difficulty: 'medium', minutes: 45 }]]),
};

test('a lesson page has its text, cards in order, exercises, questions and neighbours', () => {
  const p = buildPage(curriculum, 'lesson:l1', 'Read about [two](lesson:l2) and [gone](lesson:nope).', { navExists: (t) => t.id !== 'nope' })!;
  assert.equal(p.title, 'Lesson one');
  assert.equal(p.eyebrow, 'Module 1 · Maths');
  assert.ok(p.hasText);
  assert.match(p.html, /data-nav="lesson:l2"/);
  assert.match(p.html, /<span class="nav-missing"[^>]*>gone<\/span>/);
  assert.deepEqual(p.resources.map((r) => r.id), ['r1', 'v1'], 'unknown resource ids are skipped');
  assert.deepEqual({ d: p.resources[0].difficulty, long: p.resources[0].long, time: p.resources[0].time }, { d: 'hard', long: true, time: '1 h 30 min' });
  assert.equal(p.resources[1].embed, 'https://www.youtube-nocookie.com/embed/kCc8FmEb1nY?list=PLAqhIrjkxbuWI23v9cThsA9GvCAUhRvKZ');
  assert.equal(p.resources[1].poorAudio, true);
  assert.equal(p.exercises[0].title, 'Build');
  assert.match(p.questions[0].prompt, /class="katex"/);
  assert.equal(p.questions[0].correct, 1);
  assert.equal(p.prev, undefined);
  assert.deepEqual(p.next, { key: 'lesson:l2', title: 'Lesson two' });
});

test('a lesson without its text falls back to the summary and the module\'s why', () => {
  for (const text of [undefined, '   \n']) {
    const p = buildPage(curriculum, 'lesson:l2', text, {})!;
    assert.equal(p.hasText, false);
    assert.match(p.html, /The second lesson\./);
    assert.match(p.html, /Because <strong>models<\/strong> are maths\./);
    assert.deepEqual(p.prev, { key: 'lesson:l1', title: 'Lesson one' });
    assert.deepEqual(p.next, { key: 'lesson:l3', title: 'Lesson three' }, 'next crosses into the next module');
  }
});

test('a module page lists its lessons and prerequisites; unknown keys give nothing', () => {
  const p = buildPage(curriculum, 'module:m2', undefined, { navExists: () => true })!;
  assert.equal(p.title, 'GPT');
  assert.match(p.html, /data-nav="lesson:l3"/);
  assert.match(p.html, /Do first:.*data-nav="module:m1"/s);
  assert.equal(buildPage(curriculum, 'lesson:nope', 'x', {}), undefined);
});

test('youtube links become privacy-enhanced embeds; anything else does not', () => {
  assert.equal(youtubeEmbed('https://youtu.be/VMj-3S1tku0'), 'https://www.youtube-nocookie.com/embed/VMj-3S1tku0');
  assert.equal(youtubeEmbed('https://www.youtube.com/playlist?list=PLAqhIrjkxbuWI23v9cThsA9GvCAUhRvKZ'), 'https://www.youtube-nocookie.com/embed/videoseries?list=PLAqhIrjkxbuWI23v9cThsA9GvCAUhRvKZ');
  assert.equal(youtubeEmbed('https://www.youtube.com/watch?v=bad"><script>'), undefined);
  assert.equal(youtubeEmbed('https://vimeo.com/123'), undefined);
  assert.equal(youtubeEmbed('javascript:alert(1)'), undefined);
});

test('export: notes in course order with resource links, orphans kept, empty notes skipped', () => {
  const { text, count } = notesMarkdown(curriculum, {
    'lesson/l1': 'My lesson note',
    'resource/v1': 'Video note',
    'resource/r1': 'Shared resource note',
    'lesson/l3': '  ',
    'resource/gone': 'From an old course',
  }, new Date('2025-03-04T00:00:00Z'));
  assert.equal(count, 4);
  assert.match(text, /^# My LLM Study notes\n\n_Exported 2025-03-04/);
  const order = ['## 1. Maths', '### Lesson one', 'My lesson note', '#### Title r1 — <https://example.com/r1>', 'Shared resource note', '#### Title v1', 'Video note', '## Other notes', '### resource/gone'];
  let at = -1;
  for (const s of order) {
    const i = text.indexOf(s);
    assert.ok(i > at, `${s} in order`);
    at = i;
  }
  assert.equal(text.split('Shared resource note').length, 2, 'a resource in two lessons is exported once');
  assert.match(notesMarkdown(curriculum, {}).text, /not written any notes yet/);
});

test('KaTeX styles: only layout lengths and plain colours pass', () => {
  assert.deepEqual(parseKatexStyle('height:1.2em;vertical-align:-0.345em;margin-right:0.05em;'), [['height', '1.2em'], ['vertical-align', '-0.345em'], ['margin-right', '0.05em']]);
  assert.deepEqual(parseKatexStyle('background:url(https://evil);color:#cc0000;width:expression(alert(1));top:-2.55em'), [['color', '#cc0000'], ['top', '-2.55em']]);
});

test('nav hrefs and page keys parse strictly', () => {
  assert.deepEqual(parseNavHref('exercise:multi-head-attention'), { kind: 'exercise', id: 'multi-head-attention' });
  assert.equal(parseNavHref('javascript:alert(1)'), undefined);
  assert.equal(parseNavHref('lesson:../etc'), undefined);
  assert.deepEqual(parseNavHref('training:demo'), { kind: 'training', id: 'demo' });
  assert.ok(isPageKey('module:gpt'));
  assert.ok(!isPageKey('lesson:'));
});

test('the embed origin is allowed in the CSP only while the setting is on', () => {
  assert.deepEqual(lessonExtraCsp(false), []);
  assert.deepEqual(lessonExtraCsp(true), ['frame-src https://www.youtube-nocookie.com']);
});

test('a training link exists for the view\'s presets only', () => {
  const exists = navExistsIn({ course: { version: 1, title: 't', modules: [] }, exercises: new Map() });
  assert.equal(exists({ kind: 'training', id: 'demo' }), true);
  assert.equal(exists({ kind: 'training', id: 'shipped' }), true);
  assert.equal(exists({ kind: 'training', id: 'huge' }), false);
});
