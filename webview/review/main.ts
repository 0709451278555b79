// The review page: one due self-check question at a time, in the lesson page's style. The host
// sends `show` after our `ready` and after each `next`; a choice is graded as it is checked
// (right: good, wrong: again, and "Easy" after a right one), a short answer by the learner once
// the model answer is shown. Which question was up, and whether its answer was shown, live in
// setState, so a hidden or reloaded tab comes back the same; the short answer's text goes to the
// host on every input (`draft`), because code-server may restore a tab without its state.
import 'katex/dist/katex.min.css';
import '../lesson/style.css';
import './review.css';
import { channel } from '../shared/vscodeApi';
import { announce, h } from '../lesson/dom';
import type { GradeName, ReviewQuestion, ReviewUiState, ToHost, ToWebview } from '../../src/shared/protocols/review';
import { inline, paragraphs } from './inline';

const vsc = channel<ToHost, ToWebview, ReviewUiState>();
let state: ReviewUiState = vsc.getState() ?? {};
const setState = (s: ReviewUiState) => {
  state = s;
  vsc.setState(s);
};

const app = document.getElementById('app')!;
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where the outcome of a grade goes, and the buttons that follow it. */
let after: HTMLElement | undefined;
let shownKey: string | undefined;

const summary = (due: number, reviewed: number) => [due ? `${due} due now` : 'nothing due', ...(reviewed ? [`${reviewed} reviewed`] : [])].join(' · ');

function header(due: number, reviewed: number): HTMLElement {
  return h('header', { class: 'page-header' },
    h('p', { class: 'eyebrow', text: 'Review' }),
    h('h1', { text: 'Questions that came back' }),
    h('p', { id: 'summary', class: 'summary-line', text: summary(due, reviewed) }));
}

function grade(q: ReviewQuestion, g: GradeName): void {
  vsc.post({ type: 'grade', key: q.key, grade: g });
  after?.replaceChildren(h('span', { class: 'note-status', text: 'Saving…' }));
}

function multipleChoice(q: ReviewQuestion): HTMLElement {
  const name = `q-${q.questionId}`;
  const options = q.choices!.map((c, i) => {
    const input = h('input', { type: 'radio', name, value: String(i), id: `${name}-${i}` });
    return h('div', { class: 'choice' }, input, h('label', { for: `${name}-${i}` }, ...inline(c)));
  });
  const out = h('div', { class: 'feedback-slot' });
  const check = h('button', { type: 'button', class: 'check' }, 'Check');
  check.addEventListener('click', () => {
    const picked = (document.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value;
    if (picked === undefined) return announce('Pick an answer first');
    const right = Number(picked) === q.correct;
    check.disabled = true;
    for (const o of document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) o.disabled = true;
    const explanation = paragraphs(q.answer);
    explanation.className = 'explanation';
    out.replaceChildren(h('div', { class: `feedback ${right ? 'right' : 'wrong'}`, role: 'status' },
      h('strong', { text: right ? 'Correct. ' : 'Not quite. ' }), explanation));
    announce(right ? 'Correct' : 'Not quite; the explanation is below the question');
    grade(q, right ? 'good' : 'again');
  });
  return h('fieldset', { class: 'question mc', 'data-question': q.key },
    h('legend', {}, ...inline(q.prompt)), ...options, h('div', { class: 'actions' }, check), out);
}

function shortAnswer(q: ReviewQuestion, draft: string): HTMLElement {
  const areaId = `q-${q.questionId}-text`;
  const area = h('textarea', { id: areaId, rows: '3', class: 'short-answer', placeholder: 'Think it through, or jot it here (kept until you grade it)' }) as HTMLTextAreaElement;
  area.value = draft;
  // Every input goes to the host, which keeps it until the grade: a reload mid-answer keeps the text.
  area.addEventListener('input', () => vsc.post({ type: 'draft', key: q.key, text: area.value }));
  const model = h('div', { class: 'model-answer', role: 'region', 'aria-label': 'Model answer' }, h('strong', { text: 'Our answer: ' }), paragraphs(q.answer));
  const grades = h('div', { class: 'actions grades' },
    ...([['again', 'I missed it'], ['good', 'I got it'], ['easy', 'Easy']] as const).map(([g, label]) => {
      const b = h('button', { type: 'button', class: `secondary grade-${g}`, 'data-grade': g }, label);
      b.addEventListener('click', () => {
        for (const x of grades.querySelectorAll('button')) x.disabled = true;
        grade(q, g);
      });
      return b;
    }));
  const reveal = h('button', { type: 'button', class: 'reveal' }, 'Show answer');
  const showModel = () => {
    model.hidden = false;
    grades.hidden = false;
    reveal.hidden = true;
    setState({ ...state, key: q.key, revealed: true });
  };
  model.hidden = true;
  grades.hidden = true;
  reveal.addEventListener('click', () => {
    showModel();
    (grades.querySelector('button') as HTMLButtonElement).focus();
  });
  if (state.key === q.key && state.revealed) showModel();
  return h('fieldset', { class: 'question short', 'data-question': q.key },
    h('legend', {}, ...inline(q.prompt)),
    h('label', { for: areaId, class: 'sr-only', text: 'Your answer' }),
    area, h('div', { class: 'actions' }, reveal), model,
    grades);
}

function showQuestion(q: ReviewQuestion, draft: string): HTMLElement {
  const lesson = h('a', { href: '#', class: 'nav-link', 'data-lesson': q.lessonId, text: q.lessonTitle });
  lesson.addEventListener('click', (e) => {
    e.preventDefault();
    vsc.post({ type: 'openLesson', lessonId: q.lessonId });
  });
  after = h('div', { class: 'after', 'aria-live': 'polite' });
  return h('section', { id: 'review-card', 'aria-label': 'Question to review' },
    h('p', { class: 'from' }, 'From ', lesson),
    q.choices?.length ? multipleChoice(q) : shortAnswer(q, draft), after);
}

function nothingDue(nextDue: string | undefined, reviewed: number): HTMLElement {
  const text = nextDue
    ? `Nothing due. Next at ${when(nextDue)}.`
    : 'Nothing scheduled yet: answer the self-check questions in the lessons, and each comes back here when it is due.';
  return h('section', { id: 'nothing-due', role: 'status' },
    h('p', { class: 'nothing', text }),
    ...(reviewed ? [h('p', { class: 'hint', text: `You reviewed ${reviewed} question${reviewed === 1 ? '' : 's'} here.` })] : []));
}

function graded(m: Extract<ToWebview, { type: 'graded' }>): void {
  if (!after || m.key !== shownKey) return;
  const line = document.getElementById('summary');
  if (line) line.textContent = summary(m.left, m.reviewed);
  // The last one due: the button shows when the next one falls due, not a question that is not there.
  const next = h('button', { type: 'button', class: 'next' }, m.left ? 'Next question' : 'Done for now');
  next.addEventListener('click', () => vsc.post({ type: 'next' }));
  const buttons: HTMLElement[] = [];
  if (m.grade === 'good') {
    const easy = h('button', { type: 'button', class: 'secondary easy', title: 'It came easily: see it again later than planned' }, 'That was easy');
    easy.addEventListener('click', () => {
      easy.disabled = true;
      vsc.post({ type: 'easier', key: m.key });
    });
    buttons.push(easy);
  }
  after.replaceChildren(
    h('p', { class: 'graded-status', 'data-grade': m.grade, text: `Saved${m.grade === 'easy' ? ' as easy' : ''}. It comes back ${when(m.due)}.` }),
    h('div', { class: 'actions' }, next, ...buttons));
  next.focus();
}

vsc.onMessage((m) => {
  switch (m.type) {
    case 'show': {
      shownKey = m.question?.key;
      if (state.key !== shownKey) setState({ key: shownKey });
      after = undefined;
      app.replaceChildren(header(m.due, m.reviewed), m.question ? showQuestion(m.question, m.draft ?? '') : nothingDue(m.nextDue, m.reviewed));
      app.dataset.state = m.question ? 'question' : 'empty';
      document.body.dataset.rendered = 'true';
      break;
    }
    case 'graded':
      graded(m);
      break;
    case 'gradeFailed':
      if (m.key === shownKey) after?.replaceChildren(h('p', { class: 'grade-failed', role: 'alert', text: m.message }));
      break;
  }
});

vsc.post({ type: 'ready' });
