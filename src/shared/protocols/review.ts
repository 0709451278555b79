// Messages between the review panel (src/review/, host) and webview/review/main.ts. Imported by
// both sides, so no `vscode` here. The webview says `ready`; the host answers with `show` (the
// question most overdue, or none and when the next falls due), and again after every `next`.
import { fields, type Check, type HostChecks, type ReadyMessage } from './webview';

export const VIEW_TYPE = 'llmStudy.review';

/** One self-check question as the review page shows it. Texts are the course's markdown, rendered by the page. */
export interface ReviewQuestion {
  /** `<lessonId>/<questionId>`: the card's key in the schedule. */
  key: string;
  lessonId: string;
  lessonTitle: string;
  questionId: string;
  prompt: string;
  /** Multiple choice when present; otherwise a short answer the learner grades after the reveal. */
  choices?: string[];
  correct?: number;
  answer: string;
}

/** What the learner said about an answer: wrong, right, or right and easy. */
export const GRADE_NAMES = ['again', 'good', 'easy'] as const;
export type GradeName = (typeof GRADE_NAMES)[number];

export type ToWebview =
  | {
      type: 'show';
      /** Undefined when nothing is due. */
      question?: ReviewQuestion;
      /** How many questions are due now, this one included. */
      due: number;
      /** ISO time the next question falls due, when nothing is due now (absent: none scheduled). */
      nextDue?: string;
      /** Reviews recorded since the panel opened. */
      reviewed: number;
      /** What the learner had typed for this short answer and not graded yet (kept by the host). */
      draft?: string;
    }
  /**
   * The grade is stored; `due` is the ISO time the question comes back, `left` how many are due
   * now without it and `reviewed` the count with it, so the page's summary line is not stale.
   */
  | { type: 'graded'; key: string; grade: GradeName; due: string; left: number; reviewed: number }
  /** Nothing was stored; the page keeps the question and says why. */
  | { type: 'gradeFailed'; key: string; message: string };

export type ToHost =
  | ReadyMessage
  | { type: 'grade'; key: string; grade: GradeName }
  /** The answer just graded `good` was easy: the host grades it again from the card as it was before. */
  | { type: 'easier'; key: string }
  | { type: 'next' }
  | { type: 'openLesson'; lessonId: string }
  /** The short answer's text as it is now, sent on every input; kept by the host until graded. */
  | { type: 'draft'; key: string; text: string };

/** Card keys are `<lessonId>/<questionId>`, both course ids. */
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;
const key: Check = (m) => (typeof m.key === 'string' && KEY.test(m.key) ? undefined : 'key is not a question key');

/** What the host checks before acting on a message; the handlers check what only they know (is it the question shown?). */
export const REVIEW_CHECKS: HostChecks<ToHost> = {
  grade: (m) => key(m) ?? fields({ grade: GRADE_NAMES })(m),
  easier: key,
  next: () => undefined,
  draft: (m) => key(m) ?? fields({ text: 'string' })(m),
  openLesson: (m) => fields({ lessonId: 'string' })(m) ?? (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.lessonId as string) ? undefined : 'lessonId is not a lesson id'),
};

/** UI state kept by the webview with setState: which question it showed, and whether its answer was shown. */
export interface ReviewUiState {
  key?: string;
  revealed?: boolean;
}
