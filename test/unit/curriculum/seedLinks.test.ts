// Every link in the seed reading lists must be in the course: as a resource's url or in one of
// its `links`, and that resource must be used by some lesson. Links that the lists show cut short
// ("https://christophm.github.io/interpre...", copied from a YouTube description) count as covered
// when a course URL starts with the visible part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Course, ResourceFile } from '../../../src/shared/curriculum/model';
import { CURRICULUM, extractLinks, readSeeds, seedsDir } from './seedText';

const seeds = readSeeds();
const skip = seeds ? false : `seed reading lists not found at ${seedsDir()} (set LLM_STUDY_SEEDS to check them)`;

test('extractLinks finds links in markdown, bare and in lists, and trims punctuation', () => {
  const links = extractLinks('See [a](https://a.example/x?y=1&z=2), https://b.example/. And <https://c.example/p>\n* https://d.example/lon...');
  assert.deepEqual(links, [
    { url: 'https://a.example/x?y=1&z=2', truncated: false },
    { url: 'https://b.example/', truncated: false },
    { url: 'https://c.example/p', truncated: false },
    { url: 'https://d.example/lon', truncated: true },
  ]);
});

test('every link in the seed reading lists is in the course', { skip }, () => {
  const course: Course = JSON.parse(fs.readFileSync(path.join(CURRICULUM, 'course.json'), 'utf8'));
  const { resources }: ResourceFile = JSON.parse(fs.readFileSync(path.join(CURRICULUM, 'resources.json'), 'utf8'));
  const used = new Set(course.modules.flatMap((m) => m.lessons.flatMap((l) => l.resources)));
  const owner = new Map<string, string>(); // url -> resource id
  for (const r of resources) {
    for (const u of [r.url, ...(r.links ?? []).map((l) => l.url)]) if (!owner.has(u)) owner.set(u, r.id);
  }
  const missing: string[] = [];
  const unused: string[] = [];
  let total = 0;
  for (const seed of seeds!) {
    for (const link of extractLinks(seed.text)) {
      total++;
      const id = owner.get(link.url)
        ?? (link.truncated ? [...owner].find(([u]) => u.startsWith(link.url))?.[1] : undefined);
      if (!id) missing.push(`${seed.name}: ${link.url}`);
      else if (!used.has(id)) unused.push(`${seed.name}: ${link.url} (resource "${id}" is in no lesson)`);
    }
  }
  assert.ok(total > 0, 'no links found in the seed files: is the extraction broken?');
  assert.deepEqual(missing, [], `${missing.length} seed link(s) missing from curriculum/resources.json`);
  assert.deepEqual(unused, [], `${unused.length} seed link(s) belong to resources no lesson uses`);
});
