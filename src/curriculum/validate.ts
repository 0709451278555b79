// Checks the schema cannot express: ids unique across the course, references resolve,
// prerequisites acyclic, links well-formed. Pure, so build scripts and tests share it.
import type { Course, ExerciseMeta, Resource } from '../shared/curriculum/model';
import { isHttpUrl } from '../shared/urls';

export interface CurriculumInput {
  course: Course;
  resources: Resource[];
  exercises: ExerciseMeta[];
}

export function validateCurriculum({ course, resources, exercises }: CurriculumInput): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, what: string) => {
    const prev = seen.get(id);
    if (prev) errors.push(`duplicate id "${id}" (${what} and ${prev})`);
    else seen.set(id, what);
  };

  const resourceIds = new Set<string>();
  const urls = new Map<string, string>();
  for (const r of resources) {
    claim(r.id, `resource`);
    resourceIds.add(r.id);
    for (const url of [r.url, ...(r.links ?? []).map((l) => l.url)]) {
      if (!isHttpUrl(url)) errors.push(`resource "${r.id}": not an http(s) URL: ${url}`);
    }
    const dup = urls.get(r.url);
    if (dup) errors.push(`resources "${dup}" and "${r.id}" share the URL ${r.url}: merge them`);
    urls.set(r.url, r.id);
  }
  const exerciseIds = new Set<string>();
  for (const e of exercises) {
    claim(e.id, 'exercise');
    exerciseIds.add(e.id);
  }

  // A lesson tab restored without its page's saved state finds its page by title (src/lesson/locate.ts).
  const titles = new Map<string, string>();
  for (const [what, title] of course.modules.flatMap((m) => [[`module "${m.id}"`, m.title], ...m.lessons.map((l) => [`lesson "${l.id}"`, l.title])])) {
    const prev = titles.get(title);
    if (prev) errors.push(`${what} has the title of ${prev} ("${title}"): a page's title must be its own`);
    else titles.set(title, what);
  }

  const moduleIds = new Set(course.modules.map((m) => m.id));
  const usedResources = new Set<string>();
  for (const m of course.modules) {
    claim(m.id, 'module');
    for (const p of m.prerequisites) {
      if (!moduleIds.has(p)) errors.push(`module "${m.id}": unknown prerequisite "${p}"`);
    }
    for (const l of m.lessons) {
      claim(l.id, `lesson in ${m.id}`);
      for (const r of l.resources) {
        if (!resourceIds.has(r)) errors.push(`lesson "${l.id}": unknown resource "${r}"`);
        usedResources.add(r);
      }
      for (const e of l.exercises) {
        if (!exerciseIds.has(e)) errors.push(`lesson "${l.id}": unknown exercise "${e}"`);
      }
      const qids = new Set<string>();
      for (const q of l.selfCheck ?? []) {
        if (qids.has(q.id)) errors.push(`lesson "${l.id}": duplicate question "${q.id}"`);
        qids.add(q.id);
        if (q.choices && (q.correct === undefined || q.correct < 0 || q.correct >= q.choices.length)) {
          errors.push(`lesson "${l.id}" question "${q.id}": "correct" must index into choices`);
        }
      }
    }
  }
  for (const r of resources) {
    if (!usedResources.has(r.id)) errors.push(`resource "${r.id}" is not in any lesson`);
  }
  const cycle = findCycle(course);
  if (cycle) errors.push(`prerequisite cycle: ${cycle.join(' -> ')}`);
  return errors;
}

/** Depth-first search over module prerequisites; returns one cycle if any. */
export function findCycle(course: Course): string[] | undefined {
  const deps = new Map(course.modules.map((m) => [m.id, m.prerequisites]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const c = visit(id);
    if (c) return c;
  }
  return undefined;
}
