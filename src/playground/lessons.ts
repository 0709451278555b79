// Which lesson each playground view illustrates: the course says so, in a lesson's
// `playgroundViews` (curriculum/course.json), like every other link in the course data, so a
// renamed title or a new lesson that mentions "attention" never moves a link.
import { PLAYGROUND_VIEWS, type Curriculum } from '../shared/curriculum/model';
import type { LessonLink, ViewId } from '../shared/protocols/playground';

/** Every view a lesson can name is a playground view (the compiler checks the list against ViewId). */
const LINKABLE: readonly ViewId[] = PLAYGROUND_VIEWS;

/** The lesson that names this view, the first in course order; undefined for none (and for "Your code"). */
export function lessonFor(curriculum: Pick<Curriculum, 'course'>, view: ViewId): LessonLink | undefined {
  for (const m of curriculum.course.modules) {
    const hit = m.lessons.find((l) => (l.playgroundViews as readonly string[] | undefined)?.includes(view));
    if (hit) return { id: hit.id, title: hit.title };
  }
  return undefined;
}

/** The lesson of every view that has one, for the panel's links. */
export function lessonsForViews(curriculum: Pick<Curriculum, 'course'>): Partial<Record<ViewId, LessonLink>> {
  const out: Partial<Record<ViewId, LessonLink>> = {};
  for (const view of LINKABLE) {
    const l = lessonFor(curriculum, view);
    if (l) out[view] = l;
  }
  return out;
}
