// Which lesson each playground view illustrates. The course is data written by others, so match by
// words in lesson ids and titles rather than hard-coding ids that may change.
import type { Curriculum } from '../shared/curriculum/model';
import type { LessonLink, ViewId } from '../shared/protocols/playground';

const WORDS: Record<ViewId, RegExp[]> = {
  generate: [/sampl/i, /decod/i, /temperature/i, /generat/i],
  attention: [/attention/i, /self-attention/i],
  'logit-lens': [/logit.?lens/i, /residual/i, /circuits?-framework/i, /interpretab/i],
  induction: [/induction/i, /in-context/i, /circuit/i, /interpretab/i],
  ablate: [/interven/i, /ablat/i, /circuit/i, /interpretab/i],
  patch: [/patching/i, /interven/i, /circuit/i, /interpretab/i],
  dla: [/attribution/i, /interven/i, /circuit/i, /interpretab/i],
  steer: [/steer/i, /interven/i, /circuit/i, /interpretab/i],
  mine: [], // links to the learner's exercise instead
};

export function lessonFor(curriculum: Pick<Curriculum, 'course'>, view: ViewId): LessonLink | undefined {
  const lessons = curriculum.course.modules.flatMap((m) => m.lessons);
  for (const word of WORDS[view]) {
    const hit = lessons.find((l) => word.test(l.id) || word.test(l.title));
    if (hit) return { id: hit.id, title: hit.title };
  }
  return undefined;
}

/** The lesson of every view that has one, for the panel's links (a new view needs only its WORDS). */
export function lessonsForViews(curriculum: Pick<Curriculum, 'course'>): Partial<Record<ViewId, LessonLink>> {
  const out: Partial<Record<ViewId, LessonLink>> = {};
  for (const view of Object.keys(WORDS) as ViewId[]) {
    const l = lessonFor(curriculum, view);
    if (l) out[view] = l;
  }
  return out;
}
