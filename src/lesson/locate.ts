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

