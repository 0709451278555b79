import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  reviewDueWait, cardsFromAnswers, courseQuestions, decodeCard, decodeSchedule, dueQuestions, lessonRating, mergeCards, nextDue, reviewCard, type StoredCard,
} from '../../../src/review/schedule';
import { REVIEW_BACKUP_KEY, ScheduleStore } from '../../../src/review/store';
import type { Answer } from '../../../src/shared/protocols/lesson';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from '../state/memento';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

// Two lessons, three questions: two multiple choice, one short answer.
const COURSE = {
  course: {
    version: 1 as const, title: 't', modules: [{
      id: 'm', title: 'M', summary: '', why: '', prerequisites: [],
      lessons: [
        { id: 'l1', title: 'Lesson one', summary: '', resources: [], exercises: [], selfCheck: [
          { id: 'q1', prompt: 'p1', choices: ['a', 'b'], correct: 1, answer: 'b' },
          { id: 'q2', prompt: 'p2', answer: 'free text' },
        ] },
        { id: 'l2', title: 'Lesson two', summary: '', resources: [], exercises: [], selfCheck: [
          { id: 'q3', prompt: 'p3', choices: ['x', 'y', 'z'], correct: 0, answer: 'x' },
        ] },
      ],
    }],
  },
};
const QUESTIONS = courseQuestions(COURSE);

function windows(answers: Record<string, Answer> = {}) {
  const { values, memento } = sharedMemento();
  const reports: string[] = [];
  const open = () => new ScheduleStore(new Storage(memento), { report: (t) => reports.push(t), answers: () => answers, questions: () => QUESTIONS });
  return { values, reports, a: open(), b: open(), open };
}

test('every self-check question of the course is a review question, keyed lesson/question', () => {
  assert.deepEqual(QUESTIONS.map((q) => [q.key, q.lessonTitle]), [['l1/q1', 'Lesson one'], ['l1/q2', 'Lesson one'], ['l2/q3', 'Lesson two']]);
});

test('due: a right answer comes back later than a wrong one, and only once its time has come', () => {
  const wrong = reviewCard(undefined, 'again', T0);
  const right = reviewCard(undefined, 'good', T0);
  assert.ok(Date.parse(wrong.due) < Date.parse(right.due), `again ${wrong.due} before good ${right.due}`);
  const cards = { 'l1/q1': right, 'l2/q3': wrong };
  assert.deepEqual(dueQuestions(cards, QUESTIONS, T0).map((q) => q.key), [], 'nothing is due at the moment of answering');
  assert.deepEqual(dueQuestions(cards, QUESTIONS, min(2)).map((q) => q.key), ['l2/q3'], 'the wrong one after its minute');
  assert.deepEqual(dueQuestions(cards, QUESTIONS, days(1)).map((q) => q.key), ['l2/q3', 'l1/q1'], 'both a day later, most overdue first');
  assert.equal(nextDue(cards, QUESTIONS, T0)?.toISOString(), wrong.due);
  assert.equal(nextDue(cards, QUESTIONS, days(1)), undefined, 'nothing left to fall due');
  // A question that left the course is never shown, though its card stays stored.
  assert.deepEqual(dueQuestions({ 'gone/q': wrong }, QUESTIONS, days(1)), []);
});

test('due: each good review pushes the next one further out (FSRS)', () => {
  let card = reviewCard(undefined, 'good', T0);
  let gap = 0;
  for (let i = 0; i < 4; i++) {
    const at = new Date(card.due);
    const next = reviewCard(card, 'good', at);
    const g = Date.parse(next.due) - at.getTime();
    assert.ok(g > gap, `review ${i + 2}: gap ${g} ms after ${gap}`);
    gap = g;
    card = next;
  }
  assert.ok(gap > 3 * 86_400_000, 'days apart by the fifth review');
});

test('lesson answers: a choice is graded by the course; a short answer is scheduled once, on its reveal', () => {
  const [q1, q2] = QUESTIONS;
  assert.equal(lessonRating(q1, { choice: 1, at: '' }, false), 'good');
  assert.equal(lessonRating(q1, { choice: 0, at: '' }, true), 'again');
  assert.equal(lessonRating(q2, { text: 'typing', at: '' }, false), undefined);
  assert.equal(lessonRating(q2, { text: 'typing', revealed: true, at: '' }, false), 'hard');
  assert.equal(lessonRating(q2, { text: 'typing more after the reveal', revealed: true, at: '' }, true), undefined);
});

test('merge: two windows\' schedules keep every card, each as reviewed last', () => {
  const a = { 'l1/q1': reviewCard(undefined, 'good', T0), 'l1/q2': reviewCard(undefined, 'again', min(5)) };
  const b = { 'l1/q2': reviewCard(undefined, 'good', T0), 'l2/q3': reviewCard(undefined, 'again', T0) };
  const merged = mergeCards(a, b);
  assert.deepEqual(Object.keys(merged).sort(), ['l1/q1', 'l1/q2', 'l2/q3']);
  assert.equal(merged['l1/q2'], a['l1/q2'], 'the later review of l1/q2 (window a, 5 minutes on) wins');
  assert.deepEqual(mergeCards(b, a), merged, 'the same whichever side it starts from');
});

test('store: two windows answering different questions do not lose each other\'s cards', async () => {
  const { a, b, values } = windows();
  await Promise.all([a.record('l1/q1', 'good', T0), b.record('l2/q3', 'again', T0), a.record('l1/q2', 'hard', T0)]);
  assert.deepEqual(Object.keys(b.cards()).sort(), ['l1/q1', 'l1/q2', 'l2/q3']);
  assert.deepEqual((values.get('llmStudy.review') as { v: number }).v, 1);
  // The second review of a card builds on the first, whichever window made it.
  await b.record('l1/q1', 'good', days(1));
  assert.equal(a.cards()['l1/q1'].reps, 2);
});

test('store: "easy" after "good" regrades from the card as it was, unless another review came first', async () => {
  const { a, b } = windows();
  const first = (await a.record('l1/q1', 'good', T0))!;
  const easy = (await a.regrade('l1/q1', first, 'easy', T0))!;
  assert.equal(a.cards()['l1/q1'].reps, 1, 'one review, not two');
  assert.ok(Date.parse(easy.due) > Date.parse(first.after.due), 'easy comes back later than good');
  const again = (await a.record('l2/q3', 'good', T0))!;
  await b.record('l2/q3', 'again', min(1));
  assert.equal(await a.regrade('l2/q3', again, 'easy', min(1)), undefined);
  assert.equal(a.cards()['l2/q3'].lapses + a.cards()['l2/q3'].reps, 2, 'the other window\'s later review stays');
});

test('store: a corrupt schedule is reported, kept aside and rebuilt from what is readable and the answers', async () => {
  const good = reviewCard(undefined, 'good', T0);
  const corrupt = { v: 1, data: { 'l1/q1': good, 'l2/q3': { due: 'never', reps: -1 } } };
  const answers = { 'l2/q3': { choice: 0, at: T0.toISOString() }, 'l1/q2': { text: 'x', revealed: true, at: T0.toISOString() } };
  const { values, reports, open } = windows(answers);
  values.set('llmStudy.review', structuredClone(corrupt));
  const store = open();
  await store.rebuild();
  assert.deepEqual((values.get(REVIEW_BACKUP_KEY) as { raw: unknown }[]).map((b) => b.raw), [corrupt], 'the value as it was is kept aside');
  assert.equal(reports.length, 1);
  assert.match(reports[0], /rebuilt your review schedule.*unreadable.*llmStudy\.review\.backup/);
  assert.deepEqual(store.cards(), { 'l1/q1': good, ...cardsFromAnswers(answers, QUESTIONS) }, 'readable card kept, lost ones rebuilt from answers');
  assert.equal(store.cards()['l2/q3'].reps, 1);
  // Not a record at all: the same.
  values.set('llmStudy.review', 'garbage');
  await open().rebuild();
  assert.deepEqual(Object.keys(decodeSchedule(values.get('llmStudy.review')).value.entries).sort(), ['l1/q2', 'l2/q3']);
  assert.equal(reports.length, 2);
  // A clean value is neither copied again nor reported.
  await open().rebuild();
  assert.equal(reports.length, 2);
  assert.equal((values.get(REVIEW_BACKUP_KEY) as unknown[]).length, 2);
});

test('store: a newer version\'s schedule is changed in place, never written over', async () => {
  const newer = { v: 2, data: { 'l1/q1': { ...reviewCard(undefined, 'good', T0), retrievability: 0.8 }, 'l9/q9': { kind: 'image-occlusion' } }, extra: 'kept' };
  const { values, reports, a } = windows();
  values.set('llmStudy.review', structuredClone(newer));
  const r = await a.record('l2/q3', 'good', T0);
  assert.ok(r);
  const stored = values.get('llmStudy.review') as typeof newer & { data: Record<string, unknown> };
  assert.equal(stored.v, 2);
  assert.equal(stored.extra, 'kept');
  assert.deepEqual(stored.data['l1/q1'], newer.data['l1/q1']);
  assert.deepEqual(stored.data['l9/q9'], newer.data['l9/q9']);
  assert.deepEqual(stored.data['l2/q3'], r.after);
  assert.equal(values.get(REVIEW_BACKUP_KEY), undefined);
  // A newer value whose data this build cannot add to is left alone, and the learner told.
  values.set('llmStudy.review', { v: 3, data: ['a list'] });
  assert.equal(await a.record('l2/q3', 'good', days(1)), undefined);
  assert.deepEqual(values.get('llmStudy.review'), { v: 3, data: ['a list'] });
  assert.match(reports.join('\n'), /newer version \(v3\)/);
});

test('cards decode defensively', () => {
  const c: StoredCard = reviewCard(undefined, 'good', T0);
  assert.deepEqual(decodeCard(c), c);
  assert.deepEqual(decodeCard(JSON.parse(JSON.stringify(c))), c);
  for (const bad of [null, 'x', { ...c, due: 'soon' }, { ...c, state: 7 }, { ...c, reps: 1.5 }, { ...c, stability: -1 }, { ...c, last_review: 3 }]) {
    assert.equal(decodeCard(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(decodeSchedule(undefined).value.entries, {});
  assert.equal(decodeSchedule(undefined).lossless, true);
});

test('store: startup leaves a newer build\'s unreadable-shaped value alone, without a message', async () => {
  const { values, reports, open } = windows({ 'l2/q3': { choice: 0, at: T0.toISOString() } });
  values.set('llmStudy.review', { v: 3, data: ['a list'] });
  await open().rebuild();
  assert.deepEqual(values.get('llmStudy.review'), { v: 3, data: ['a list'] });
  assert.deepEqual(reports, []);
});

test('the status bar counts again just after the next question falls due, not up to 3 minutes later (a review: "1 due now" in the panel, no count in the status bar)', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  assert.equal(reviewDueWait(new Date('2026-12-07T12:01:00Z'), now), 60_500, 'a question due in a minute: a minute and a half-second');
  assert.equal(reviewDueWait(new Date('2026-12-07T12:00:00.100Z'), now), 1_000, 'never a busy loop');
  assert.equal(reviewDueWait(new Date('2026-12-09T12:00:00Z'), now), 180_000, 'far away: still every 3 minutes (the clock may jump)');
  assert.equal(reviewDueWait(undefined, now), 180_000);
});
