// What the curriculum tree shows, computed without `vscode`: filtering, progress counts and the
// "continue where I left off" order. tree.ts only turns these nodes into TreeItems.
import type { Curriculum, Difficulty, ExerciseMeta, Lesson, Module, Resource, ResourceKind } from './model';

export type ItemKind = ResourceKind | 'exercise';

export interface Filters {
  difficulties: Difficulty[];
  kinds: ItemKind[];
  hideDone: boolean;
}

export const NO_FILTERS: Filters = { difficulties: [], kinds: [], hideDone: false };

export type Node =
  | { type: 'module'; id: string; module: Module; index: number }
  | { type: 'lesson'; id: string; lesson: Lesson; module: Module }
  | { type: 'resource'; id: string; resource: Resource; lesson: Lesson; module: Module }
  | { type: 'exercise'; id: string; exercise: ExerciseMeta; lesson: Lesson; module: Module };

export type IsDone = (itemId: string) => boolean;

export function isFiltered(f: Filters): boolean {
  return f.difficulties.length > 0 || f.kinds.length > 0 || f.hideDone;
}

/** Unique item ids (resources then exercises) of a lesson, in course order. */
export function lessonItems(lesson: Lesson): string[] {
  return [...new Set([...lesson.resources, ...lesson.exercises])];
}

export function moduleItems(module: Module): string[] {
  return [...new Set(module.lessons.flatMap(lessonItems))];
}

export function courseItems(c: Curriculum): string[] {
  return [...new Set(c.course.modules.flatMap(moduleItems))];
}

export interface Count {
  done: number;
  total: number;
}

export function count(items: string[], isDone: IsDone): Count {
  return { done: items.filter(isDone).length, total: items.length };
}

export function totalMinutes(items: string[], c: Curriculum): number {
  return items.reduce((sum, id) => sum + (c.resources.get(id)?.minutes ?? c.exercises.get(id)?.minutes ?? 0), 0);
}

export function formatMinutes(min: number): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = Math.round(min % 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function passes(f: Filters, kind: ItemKind, difficulty: Difficulty | undefined, done: boolean): boolean {
  if (f.hideDone && done) return false;
  if (f.kinds.length && !f.kinds.includes(kind)) return false;
  if (f.difficulties.length && (!difficulty || !f.difficulties.includes(difficulty))) return false;
  return true;
}

export function lessonChildren(c: Curriculum, module: Module, lesson: Lesson, f: Filters, isDone: IsDone): Node[] {
  const nodes: Node[] = [];
  for (const id of lesson.resources) {
    const resource = c.resources.get(id);
    if (resource && passes(f, resource.kind, resource.difficulty, isDone(id))) {
      nodes.push({ type: 'resource', id: `${lesson.id}/${id}`, resource, lesson, module });
    }
  }
  for (const id of lesson.exercises) {
    const exercise = c.exercises.get(id);
    if (exercise && passes(f, 'exercise', exercise.difficulty, isDone(id))) {
      nodes.push({ type: 'exercise', id: `${lesson.id}/${id}`, exercise, lesson, module });
    }
  }
  return nodes;
}

export function moduleChildren(c: Curriculum, module: Module, f: Filters, isDone: IsDone): Node[] {
  return module.lessons
    .filter((lesson) => !isFiltered(f) || lessonChildren(c, module, lesson, f, isDone).length > 0)
    .map((lesson) => ({ type: 'lesson', id: lesson.id, lesson, module }));
}

export function rootNodes(c: Curriculum, f: Filters, isDone: IsDone): Node[] {
  return c.course.modules
    .map((module, index): Node => ({ type: 'module', id: module.id, module, index }))
    .filter((n) => n.type !== 'module' || !isFiltered(f) || moduleChildren(c, n.module, f, isDone).length > 0);
}

export interface Position {
  module: Module;
  lesson: Lesson;
  itemId: string;
}

/** Every (module, lesson, item) in course order; an item in two lessons appears at its first. */
export function coursePositions(c: Curriculum): Position[] {
  const seen = new Set<string>();
  const out: Position[] = [];
  for (const module of c.course.modules) {
    for (const lesson of module.lessons) {
      for (const itemId of lessonItems(lesson)) {
        if (seen.has(itemId)) continue;
        seen.add(itemId);
        out.push({ module, lesson, itemId });
      }
    }
  }
  return out;
}

/** Where `lastOpened` sits in course order: an item id, or a page key (`lesson:<id>`, `module:<id>`) for a lesson read. */
function positionOf(all: Position[], lastOpened: string | undefined): number {
  if (!lastOpened) return -1;
  const [kind, id] = [lastOpened.slice(0, lastOpened.indexOf(':')), lastOpened.slice(lastOpened.indexOf(':') + 1)];
  if (kind === 'lesson') return all.findIndex((p) => p.lesson.id === id);
  if (kind === 'module') return all.findIndex((p) => p.module.id === id);
  return all.findIndex((p) => p.itemId === lastOpened);
}

/**
 * The next unfinished item: from the one last opened (or the start of the lesson last read)
 * onwards, so a learner who skipped ahead keeps going there, wrapping to the start for anything
 * left behind.
 */
export function nextUnfinished(c: Curriculum, isDone: IsDone, lastOpened?: string, f: Filters = NO_FILTERS): Position | undefined {
  const all = coursePositions(c);
  const start = Math.max(0, positionOf(all, lastOpened));
  const ordered = [...all.slice(start), ...all.slice(0, start)];
  return ordered.find((p) => !isDone(p.itemId) && shown(c, f, p.itemId));
}

/** Whether the sidebar shows this item under these filters (done-ness aside: the caller asks for unfinished ones). */
function shown(c: Curriculum, f: Filters, itemId: string): boolean {
  const resource = c.resources.get(itemId);
  if (resource) return passes(f, resource.kind, resource.difficulty, false);
  const exercise = c.exercises.get(itemId);
  return !!exercise && passes(f, 'exercise', exercise.difficulty, false);
}
