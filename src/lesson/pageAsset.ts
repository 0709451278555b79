// Lesson pages are rendered once, when the extension is built (scripts/renderLessons.ts), into
// one JSON file per page under dist/lessons/: lesson files never change after we ship them, so
// the host reads HTML that was rendered and sanitised at build time and carries no markdown,
// KaTeX or highlighting code (issue 16). This file is what both sides agree on: where a page's
// file is, what it holds, and the check the host runs on it. Pure (no `vscode`), and light: the
// panel imports it at activation.
import path from 'node:path';
import type { Curriculum, Lesson } from '../shared/curriculum/model';
import type { LessonPage, NavTarget, PageKey } from '../shared/protocols/lesson';
import { isPreset } from '../shared/protocols/playground';
import { PRESETS as TRAINING_PRESETS } from '../shared/protocols/training';
import { locate } from './locate';

/** Folder of the rendered pages, relative to the extension root. */
export const PAGES_DIR = path.join('dist', 'lessons');
/** Bumped when the file's shape changes; a file of another version is refused, not misread. */
export const PAGE_ASSET_VERSION = 1;

export interface PageAsset {
  v: typeof PAGE_ASSET_VERSION;
  page: LessonPage;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `lesson:self-attention` -> `lesson-self-attention.json`; undefined for a key no page can have. */
export function pageAssetName(key: PageKey): string | undefined {
  const [kind, id] = key.split(':');
  if ((kind !== 'lesson' && kind !== 'module') || !id || !ID.test(id)) return undefined;
  return `${kind}-${id}.json`;
}

/** The markdown file of a lesson, or undefined when its path would leave the curriculum folder. */
export function lessonFile(curriculumRoot: string, lesson: Pick<Lesson, 'id' | 'file'>): string | undefined {
  const root = path.resolve(curriculumRoot);
  const file = path.resolve(root, lesson.file ?? `lessons/${lesson.id}.md`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/** Whether an in-editor link's target is in the course (every command is registered at activation). */
export function navExistsIn(c: Pick<Curriculum, 'course' | 'exercises'>): (t: NavTarget) => boolean {
  return (t) => {
    switch (t.kind) {
      case 'lesson':
      case 'module':
        return !!locate(c, `${t.kind}:${t.id}`);
      case 'exercise':
        return c.exercises.has(t.id);
      case 'playground':
        return isPreset(t.id);
      case 'training':
        return (TRAINING_PRESETS as readonly string[]).includes(t.id);
    }
  };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The page in a rendered file, or why it cannot be used. The file comes from our own build, so
 * this guards against a stale or damaged build (another page's file, an older format), not an
 * attacker: the HTML in it was sanitised when it was rendered.
 */
export function decodePageAsset(raw: unknown, key: PageKey): { page: LessonPage } | { error: string } {
  if (!isObj(raw) || raw.v !== PAGE_ASSET_VERSION) return { error: `not a version ${PAGE_ASSET_VERSION} page file` };
  const p = raw.page;
  if (!isObj(p) || p.key !== key) return { error: `it holds ${isObj(p) ? String(p.key) : 'no page'}, not ${key}` };
  if (typeof p.title !== 'string' || typeof p.html !== 'string' || typeof p.hasText !== 'boolean' ||
    !Array.isArray(p.resources) || !Array.isArray(p.exercises) || !Array.isArray(p.questions)) {
    return { error: 'the page is missing its title, text or lists' };
  }
  return { page: p as unknown as LessonPage };
}
