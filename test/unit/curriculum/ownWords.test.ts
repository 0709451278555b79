// The course's prose is ours: no run of 12 or more consecutive words (case-insensitive,
// punctuation stripped) may be shared with the seed reading lists. "Course prose" is every text a
// learner reads: lessons, course.json (module texts, lesson summaries, self-checks), resources.json
// (summaries, takeaways, link labels) and the exercise READMEs. Titles are facts and are
// exempt: `title` fields in the JSON, and the text of links in the lesson markdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CURRICULUM, jsonProse, markdownProse, ngrams, readSeeds, seedsDir, sharedRuns, words } from './seedText';

const N = 12;
const seeds = readSeeds();
const skip = seeds ? false : `seed reading lists not found at ${seedsDir()} (set LLM_STUDY_SEEDS to check them)`;

function seedGrams(): Set<string> {
  return new Set(seeds!.flatMap((s) => ngrams(words(s.text), N)));
}

/** Every piece of our prose in the curriculum, labelled with where it lives. */
function ourTexts(): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [];
  for (const file of ['course.json', 'resources.json']) {
    const p = path.join(CURRICULUM, file);
    if (!fs.existsSync(p)) continue;
    for (const t of jsonProse(JSON.parse(fs.readFileSync(p, 'utf8')))) texts.push({ where: `${file} ${t.where}`, text: t.text });
  }
  const lessons = path.join(CURRICULUM, 'lessons');
  if (fs.existsSync(lessons)) {
    for (const f of fs.readdirSync(lessons).filter((f) => f.endsWith('.md')).sort()) {
      texts.push({ where: `lessons/${f}`, text: markdownProse(fs.readFileSync(path.join(lessons, f), 'utf8')) });
    }
  }
  // Exercise READMEs are course text too (the learner reads them beside the lessons).
  for (const f of exerciseReadmes(path.join(CURRICULUM, 'exercises'))) {
    texts.push({ where: path.relative(CURRICULUM, f), text: markdownProse(fs.readFileSync(f, 'utf8')) });
  }
  return texts;
}

function exerciseReadmes(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'README.md')
    .sort()
    .map((f) => path.join(dir, f));
}

test('words() lower-cases, strips punctuation and repairs mojibake', () => {
  assert.deepEqual(words('Decoderâ€™s  Masked-Attention, (Episode 3)!'), ['decoders', 'masked', 'attention', 'episode', '3']);
  assert.deepEqual(words('Decoder’s masked attention'), ['decoders', 'masked', 'attention']);
});

test('markdownProse drops link titles and URLs but keeps our sentences', () => {
  const prose = markdownProse('Read [The Illustrated Transformer](https://jalammar.github.io/illustrated-transformer/) first, see https://x.example/a.');
  assert.deepEqual(words(prose), ['read', 'first', 'see']);
});

test('a copied run of 12 words is caught, 11 are not', () => {
  const grams = new Set(ngrams(words('one two three four five six seven eight nine ten eleven twelve thirteen'), N));
  assert.equal(sharedRuns('Intro: One, two, three four five six seven eight nine ten eleven twelve.', grams, N).length, 1);
  assert.equal(sharedRuns('one two three four five six seven eight nine ten eleven', grams, N).length, 0);
});

test('jsonProse walks summaries, takeaways and labels but not titles or URLs', () => {
  const texts = jsonProse({ resources: [{ id: 'a', title: 'T', url: 'https://x', summary: 'S', links: [{ label: 'L', url: 'https://y' }] }] });
  assert.deepEqual(texts.map((t) => `${t.where}=${t.text}`), ['resources[0].summary=S', 'resources[0].links[0].label=L']);
});

test(`no run of ${N}+ words from the seed reading lists in the course text`, { skip }, () => {
  const grams = seedGrams();
  const texts = ourTexts();
  assert.ok(texts.length > 0, 'no curriculum text found');
  assert.ok(texts.some((t) => t.where.startsWith('exercises/')), 'no exercise README found: is the walk broken?');
  const copied: string[] = [];
  for (const { where, text } of texts) {
    const runs = sharedRuns(text, grams, N);
    if (runs.length) copied.push(`${where}: "${runs[0]}"${runs.length > 1 ? ` (+${runs.length - 1} more overlapping)` : ''}`);
  }
  assert.deepEqual(copied, [], `text copied from the seed lists (rewrite it in our own words):\n${copied.join('\n')}`);
});
