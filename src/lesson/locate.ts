// Finds the module (and lesson) of a page key. Kept apart from page.ts so the panel can answer
// "does this lesson exist?" without loading the markdown pipeline (KaTeX, sanitize-html) at activation.
import type { Curriculum, Lesson, Module } from '../shared/curriculum/model';
import type { PageKey } from '../shared/protocols/lesson';

export interface Located {
  module: Module;
  moduleIndex: number;
  lesson?: Lesson;
}

export function locate(c: Pick<Curriculum, 'course'>, key: PageKey): Located | undefined {
  const [kind, id] = key.split(':') as ['lesson' | 'module', string];
  for (const [moduleIndex, module] of c.course.modules.entries()) {
    if (kind === 'module' && module.id === id) return { module, moduleIndex };
    const lesson = kind === 'lesson' ? module.lessons.find((l) => l.id === id) : undefined;
    if (lesson) return { module, moduleIndex, lesson };
  }
  return undefined;
}


/**
 * The page a panel titled `title` shows: lessons first, then module overviews, in course order,
 * skipping keys for which `taken` is true (a page open already). VS Code restores a panel's title
 * even when it lost the state the page saved (code-server, after a reload), so this is how such a
 * panel finds its page again; a title no page has gives undefined.
 */
export function keyForTitle(c: Pick<Curriculum, 'course'>, title: string, taken: (key: PageKey) => boolean = () => false): PageKey | undefined {
  const lessons = c.course.modules.flatMap((m) => m.lessons.filter((l) => l.title === title).map((l): PageKey => `lesson:${l.id}`));
  const modules = c.course.modules.filter((m) => m.title === title).map((m): PageKey => `module:${m.id}`);
  return [...lessons, ...modules].find((k) => !taken(k));
}
