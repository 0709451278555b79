// Build step (called by esbuild.mjs): every lesson page and module overview of the curriculum,
// rendered and sanitised now (markdown, KaTeX, highlight.js: src/lesson/page.ts), written as one
// JSON file per page under dist/lessons/ (src/lesson/pageAsset.ts). The extension host then reads
// HTML and ships none of the rendering libraries.
//   node --import tsx scripts/renderLessons.ts [curriculumDir] [outDir]
import fs from 'node:fs';
import path from 'node:path';
import { loadCurriculum } from '../src/curriculum/load';
import { buildPage } from '../src/lesson/page';
import { lessonFile, navExistsIn, PAGE_ASSET_VERSION, pageAssetName, type PageAsset } from '../src/lesson/pageAsset';
import type { PageKey } from '../src/shared/protocols/lesson';

export interface RenderResult {
  pages: number;
  bytes: number;
  ms: number;
}

function readText(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // not written yet: the page falls back to the module's "why" and the summary
  }
}

export function renderLessons(curriculumRoot: string, outDir: string): RenderResult {
  const t0 = performance.now();
  // A course that does not load fails the build, with the loader's reason.
  const c = loadCurriculum(curriculumRoot);
  const opts = { navExists: navExistsIn(c) };
  const keys: PageKey[] = c.course.modules.flatMap((m) => [`module:${m.id}` as PageKey, ...m.lessons.map((l) => `lesson:${l.id}` as PageKey)]);
  fs.mkdirSync(outDir, { recursive: true });
  const written = new Set<string>();
  let bytes = 0;
  for (const key of keys) {
    const name = pageAssetName(key);
    if (!name) throw new Error(`renderLessons: ${key} is not a valid page id`);
    const lesson = key.startsWith('lesson:') ? c.course.modules.flatMap((m) => m.lessons).find((l) => `lesson:${l.id}` === key) : undefined;
    const page = buildPage(c, key, lesson ? readText(lessonFile(curriculumRoot, lesson)) : undefined, opts);
    if (!page) throw new Error(`renderLessons: ${key} has no page`);
    const json = JSON.stringify({ v: PAGE_ASSET_VERSION, page } satisfies PageAsset);
    const file = path.join(outDir, name);
    // Unchanged pages keep their file (and mtime), so a watch rebuild touches only what changed.
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== json) fs.writeFileSync(file, json);
    written.add(name);
    bytes += Buffer.byteLength(json);
  }
  // Pages of lessons that left the course go too: the host must not find a stale one.
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.json') && !written.has(f)) fs.rmSync(path.join(outDir, f));
  return { pages: keys.length, bytes, ms: performance.now() - t0 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const repo = path.resolve(__dirname, '..');
  const r = renderLessons(process.argv[2] ?? path.join(repo, 'curriculum'), process.argv[3] ?? path.join(repo, 'dist', 'lessons'));
  console.log(`rendered ${r.pages} lesson pages (${(r.bytes / 1024).toFixed(0)} KB) in ${r.ms.toFixed(0)} ms`);
}
