// Self-check questions: multiple choice (pick, check, see why) or short answer (write, then reveal
// our model answer). Every answer is sent to the host, which remembers it and counts the lesson's
// self-check as done once each question has one.
import type { Answer, QuestionView } from '../../src/shared/protocols/lesson';
import { announce, h, html } from './dom';

export interface CheckContext {
  answer(questionId: string): Answer | undefined;
  save(questionId: string, answer: Answer): void;
  /** Typed short answers: kept as drafts and sent on every input. */
  saveText(questionId: string, text: string): void;
  /** Shows "Saving…", "Saved" or "Too long to save…" for a short answer. */
  onTextStatus(questionId: string, show: (status: string) => void): void;
  /** An unsaved answer kept aside at a reload (see aside.ts), shown under its editor. */
  aside(questionId: string, area: HTMLTextAreaElement): HTMLElement | undefined;
}

function feedback(q: QuestionView, choice: number): HTMLElement {
  const right = choice === q.correct;
  return h('div', { class: `feedback ${right ? 'right' : 'wrong'}`, role: 'status' },
    h('strong', { text: right ? 'Correct. ' : q.correct !== undefined ? 'Not quite. ' : 'Answer: ' }),
    html('div', { class: 'explanation' }, q.answer));
}

function multipleChoice(q: QuestionView, n: number, ctx: CheckContext): HTMLElement {
  const name = `q-${q.id}`;
  const given = ctx.answer(q.id);
  const out = h('div', { class: 'feedback-slot' });
  const options = q.choices!.map((c, i) => {
    const input = h('input', { type: 'radio', name, value: String(i), id: `${name}-${i}`, checked: given?.choice === i });
    return h('div', { class: 'choice' }, input, html('label', { for: `${name}-${i}` }, c));
  });
  const check = h('button', { type: 'button', class: 'secondary check', 'aria-label': `Check your answer to question ${n}` }, 'Check');
  const show = (choice: number) => {
    out.replaceChildren(feedback(q, choice));
    announce(choice === q.correct ? 'Correct' : 'Not quite; the explanation is below the question');
  };
  check.addEventListener('click', () => {
    const picked = (document.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value;
    if (picked === undefined) return announce('Pick an answer first');
    const choice = Number(picked);
    ctx.save(q.id, { choice, at: new Date().toISOString() });
    show(choice);
  });
  if (given?.choice !== undefined) out.replaceChildren(feedback(q, given.choice));
  return h('fieldset', { class: 'question mc', 'data-question': q.id },
    html('legend', {}, `<span class="qnum">${n}.</span> ${q.prompt}`),
    ...options, h('div', { class: 'actions' }, check), out);
}

function shortAnswer(q: QuestionView, n: number, ctx: CheckContext): HTMLElement {
  const given = ctx.answer(q.id);
  const areaId = `q-${q.id}-text`;
  const area = h('textarea', { id: areaId, rows: '3', class: 'short-answer', placeholder: 'Your answer, in a sentence or two' });
  area.value = given?.text ?? '';
  area.addEventListener('input', () => ctx.saveText(q.id, area.value));
  const status = h('span', { class: 'note-status', 'aria-live': 'polite' });
  ctx.onTextStatus(q.id, (s) => (status.textContent = s));
  const model = html('div', { class: 'model-answer', role: 'region', 'aria-label': `Model answer to question ${n}` }, `<strong>Our answer:</strong> ${q.answer}`);
  model.hidden = !given?.revealed;
  const reveal = h('button', { type: 'button', class: 'secondary reveal', 'aria-expanded': String(!!given?.revealed), 'aria-label': `Show the model answer to question ${n}` }, given?.revealed ? 'Model answer shown' : 'Show model answer');
  reveal.addEventListener('click', () => {
    model.hidden = false;
    reveal.setAttribute('aria-expanded', 'true');
    reveal.textContent = 'Model answer shown';
    // The text went with its last input (unless too long to save, which its status says).
    ctx.save(q.id, { revealed: true, at: new Date().toISOString() });
    model.focus();
  });
  model.tabIndex = -1;
  return h('fieldset', { class: 'question short', 'data-question': q.id },
    html('legend', {}, `<span class="qnum">${n}.</span> ${q.prompt}`),
    h('label', { for: areaId, class: 'sr-only', text: `Your answer to question ${n}` }),
    area, ctx.aside(q.id, area), h('div', { class: 'actions' }, reveal, status), model);
}

export function selfCheckSection(questions: QuestionView[], ctx: CheckContext): HTMLElement | undefined {
  if (!questions.length) return undefined;
  return h('section', { id: 'self-check', 'aria-labelledby': 'self-check-title' },
    h('h2', { id: 'self-check-title', text: 'Check yourself' }),
    h('p', { class: 'hint', text: 'Answer from memory first; your answers are remembered and count toward your progress.' }),
    ...questions.map((q, i) => (q.choices?.length ? multipleChoice(q, i + 1, ctx) : shortAnswer(q, i + 1, ctx))));
}
