// The order a learner meets the exercises: module by module, lesson by lesson, as course.json lists
// them. A picker in that order offers the course's first exercise first, not whichever id sorts
// first. Pure (no `vscode`), so the unit tests reach it.
import type { Course } from '../shared/curriculum/model';

/**
 * `items` sorted by the first lesson that names each one; those no lesson names keep their order
 * and come last (an exercise folder the course does not link yet is still offered).
 */
export function inCourseOrder<T extends { id: string }>(course: Course, items: readonly T[]): T[] {
  const rank = new Map<string, number>();
  for (const m of course.modules) {
    for (const l of m.lessons) {
      for (const id of l.exercises) if (!rank.has(id)) rank.set(id, rank.size);
    }
  }
  const at = (x: T) => rank.get(x.id) ?? Number.MAX_SAFE_INTEGER;
  // Array.prototype.sort is stable: ties (the unlinked ones) stay as they came.
  return [...items].sort((a, b) => at(a) - at(b));
}
