// The review schedule, pure: one FSRS card (ts-fsrs) per self-check question, keyed
// `<lessonId>/<questionId>` like the self-check answers, stored in llmStudy.review as
// `{ v: 1, data: { <key>: card } }` with dates as ISO strings. No `vscode` here, so unit tests
// reach all of it; the store (store.ts) reads and writes it through Versioned.
//
// Format history: v1 (this one) is the first.
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import type { Curriculum } from '../shared/curriculum/model';
import type { Answer } from '../shared/protocols/lesson';
import type { ReviewQuestion } from '../shared/protocols/review';
import type { DecodedValue } from '../state/storage';
import { decodeEntries, isRecord, type Entries, type EntriesFormat } from '../state/versionedValue';

export const SCHEDULE_VERSION = 1;

/** ts-fsrs's Card as stored: dates as ISO strings, nothing else. */
export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
  last_review?: string;
}

export type Schedule = Entries<StoredCard>;

/** Defaults: retention 0.9, learning steps 1 min and 10 min, no fuzz (so the same answers give the same days everywhere). */
const scheduler = fsrs({ enable_fuzz: false });

const isDate = (x: unknown): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x));
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** One stored card, or undefined when any field is missing or out of range. */
export function decodeCard(x: unknown): StoredCard | undefined {
  if (!isRecord(x)) return undefined;
  const { due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review } = x;
  if (!isDate(due) || !isCount(stability) || !isCount(difficulty) || !isCount(elapsed_days) || !isCount(scheduled_days)) return undefined;
  if (!isCount(learning_steps) || !Number.isInteger(reps) || !isCount(reps) || !Number.isInteger(lapses) || !isCount(lapses)) return undefined;
  if (!(state === 0 || state === 1 || state === 2 || state === 3)) return undefined;
  if (last_review !== undefined && !isDate(last_review)) return undefined;
  const card: StoredCard = { due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state };
  if (last_review !== undefined) card.last_review = last_review;
  return card;
}

const FORMAT: EntriesFormat<StoredCard> = { version: SCHEDULE_VERSION, what: 'review schedule', entry: decodeCard };

export function decodeSchedule(raw: unknown): DecodedValue<Schedule> {
  return decodeEntries(raw, FORMAT);
}

function toCard(s: StoredCard): Card {
  return { ...s, due: new Date(s.due), last_review: s.last_review ? new Date(s.last_review) : undefined } as Card;
}

function fromCard(c: Card): StoredCard {
  const s: StoredCard = {
    due: c.due.toISOString(), stability: c.stability, difficulty: c.difficulty, elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days, learning_steps: c.learning_steps, reps: c.reps, lapses: c.lapses, state: c.state,
  };
  if (c.last_review) s.last_review = c.last_review.toISOString();
  return s;
}

export type RatingName = 'again' | 'hard' | 'good' | 'easy';
const GRADES: Record<RatingName, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** The card after one review at `now` (a card never reviewed starts empty). */
export function reviewCard(card: StoredCard | undefined, rating: RatingName, now: Date): StoredCard {
  const c = card ? toCard(card) : createEmptyCard(now);
  // A clock behind the last review (another machine's, or a test clock set back) must not make
  // FSRS count negative days: the review happens at the last one's time at the earliest.
  const at = c.last_review && c.last_review > now ? c.last_review : now;
  return fromCard(scheduler.next(c, at, GRADES[rating]).card);
}

const reviewedAt = (c: StoredCard | undefined) => (c?.last_review ? Date.parse(c.last_review) : -Infinity);

/** Of two versions of one card, the one reviewed last (on a tie, the one with more reviews). */
export function laterCard(a: StoredCard | undefined, b: StoredCard | undefined): StoredCard | undefined {
  if (!a || !b) return a ?? b;
  const ta = reviewedAt(a);
  const tb = reviewedAt(b);
  if (ta !== tb) return ta > tb ? a : b;
  return b.reps > a.reps ? b : a;
}

/** Two windows' (or machines') schedules as one: every card of either, each as last reviewed. */
export function mergeCards(a: Record<string, StoredCard>, b: Record<string, StoredCard>): Record<string, StoredCard> {
  const out: Record<string, StoredCard> = { ...a };
  for (const [k, card] of Object.entries(b)) out[k] = laterCard(a[k], card)!;
  return out;
}

export const cardKey = (lessonId: string, questionId: string) => `${lessonId}/${questionId}`;

/** Every self-check question of the course, in course order, as the review page shows it. */
export function courseQuestions(c: Pick<Curriculum, 'course'>): ReviewQuestion[] {
  return c.course.modules.flatMap((m) =>
    m.lessons.flatMap((l) =>
      (l.selfCheck ?? []).map((q): ReviewQuestion => ({
        key: cardKey(l.id, q.id), lessonId: l.id, lessonTitle: l.title, questionId: q.id,
        prompt: q.prompt, choices: q.choices, correct: q.correct, answer: q.answer,
      })),
    ),
  );
}

/** The questions due at `now` (cards of questions no longer in the course are skipped), most overdue first. */
export function dueQuestions(cards: Record<string, StoredCard>, questions: ReviewQuestion[], now: Date): ReviewQuestion[] {
  const t = now.getTime();
  return questions
    .filter((q) => cards[q.key] && Date.parse(cards[q.key].due) <= t)
    .sort((a, b) => Date.parse(cards[a.key].due) - Date.parse(cards[b.key].due));
}

/** When the next question falls due after `now`, or undefined when none is scheduled. */
export function nextDue(cards: Record<string, StoredCard>, questions: ReviewQuestion[], now: Date): Date | undefined {
  const t = now.getTime();
  let best: number | undefined;
  for (const q of questions) {
    const d = cards[q.key] ? Date.parse(cards[q.key].due) : NaN;
    if (d > t && (best === undefined || d < best)) best = d;
  }
  return best === undefined ? undefined : new Date(best);
}

/**
 * The longest the status bar waits before looking again. Questions fall due with no event to tell
 * us, so it wakes just after the next one is due, and at least this often for a clock that jumped
 * (a laptop asleep, answers from another window).
 */
const STATUS_EVERY_MS = 3 * 60_000;

/** How long the status bar waits before it counts again: until just after `next` falls due, within [1 s, STATUS_EVERY_MS]. */
export function reviewDueWait(next: Date | undefined, now: Date): number {
  if (!next) return STATUS_EVERY_MS;
  return Math.min(STATUS_EVERY_MS, Math.max(1_000, next.getTime() - now.getTime() + 500));
}

/**
 * What a lesson's self-check answer does to the schedule: a picked choice is a review (right:
 * good, wrong: again); a short answer's revealed model answer puts a question not yet scheduled
 * in as `hard` (nobody graded it, so it comes back soon, to be graded in Review); anything else
 * (typing in a short answer) is no review.
 */
export function lessonRating(q: Pick<ReviewQuestion, 'choices' | 'correct'>, answer: Answer, scheduled: boolean): RatingName | undefined {
  if (q.choices?.length) return answer.choice === undefined ? undefined : answer.choice === q.correct ? 'good' : 'again';
  return answer.revealed && !scheduled ? 'hard' : undefined;
}

/**
 * Cards rebuilt from the stored self-check answers, for a schedule that was lost or unreadable:
 * each answered question gets the card its last answer would have made, reviewed at that answer's time.
 */
export function cardsFromAnswers(answers: Record<string, Answer>, questions: ReviewQuestion[]): Record<string, StoredCard> {
  const out: Record<string, StoredCard> = {};
  for (const q of questions) {
    const a = answers[q.key];
    const rating = a && lessonRating(q, a, false);
    const at = a ? new Date(a.at) : undefined;
    if (rating && at && !Number.isNaN(at.getTime())) out[q.key] = reviewCard(undefined, rating, at);
  }
  return out;
}
