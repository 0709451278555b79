// Show My Model: the learner's attention patterns / next-token distribution beside the tiny GPT's.
// Renders once from the host's initial state; "Run again" asks the host for a new comparison.
import './style.css';
import { channel, initialState } from '../shared/vscodeApi';
import type { CompareState, CompareToHost, ModelComparison } from '../../src/exercises/protocol';
import type { Message } from '../../src/webviews/protocol';

const api = channel<CompareToHost, Message, CompareState>();
const state = initialState<CompareState>();
const app = document.getElementById('app')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A [T][T] matrix as a heatmap: one cell per (query, key), darker = more attention. */
function heatmap(m: number[][], tokens: string[], caption: string): HTMLElement {
  const fig = el('figure');
  const n = m.length;
  const cell = Math.max(4, Math.min(12, Math.floor(240 / Math.max(1, n))));
  const c = el('canvas');
  c.width = n * cell;
  c.height = n * cell;
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', `${caption}: ${n} by ${n} attention pattern`);
  const ctx = c.getContext('2d')!;
  const fg = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < (m[i]?.length ?? 0); j++) {
      ctx.globalAlpha = Math.max(0, Math.min(1, m[i][j]));
      ctx.fillStyle = fg;
      ctx.fillRect(j * cell, i * cell, cell, cell);
    }
  }
  c.title = tokens.map((t) => JSON.stringify(t)).join(' ');
  fig.append(c, el('figcaption', caption));
  return fig;
}

function topTable(title: string, top: { token: string; p: number }[] | undefined): HTMLElement {
  const box = el('div');
  box.append(el('h3', title));
  if (!top) return box;
  const t = el('table', undefined, 'top');
  for (const { token, p } of top) {
    const tr = el('tr');
    const bar = el('span', undefined, 'bar');
    bar.style.width = `${Math.round(p * 200)}px`;
    const cellBar = el('td');
    cellBar.append(bar);
    tr.append(el('td', JSON.stringify(token)), el('td', `${(p * 100).toFixed(1)}%`), cellBar);
    t.append(tr);
  }
  box.append(t);
  return box;
}

function render(s: CompareState): void {
  const c: ModelComparison = s.comparison;
  app.replaceChildren();
  app.append(el('h1', `My model vs the tiny GPT: ${s.title}`));
  // 99.97% must not read as 100%: the learner would wonder what is wrong.
  const pct = c.match === 1 ? '100' : Math.min(99.99, c.match * 100).toFixed(c.match > 0.999 ? 2 : 1);
  if (c.error) {
    app.append(el('p', c.error, 'error'));
    if (c.traceback) app.append(el('pre', c.traceback));
  } else {
    const good = c.match === 1;
    app.append(el('p', `${pct}% of values match the model (tolerance ${c.tolerance}, max abs error ${c.maxAbsError.toPrecision(3)})`, `score ${good ? 'good' : 'bad'}`));
  }
  const form = el('form');
  const input = el('textarea');
  input.rows = 2;
  input.value = c.prompt;
  input.setAttribute('aria-label', 'Prompt');
  const again = el('button', 'Run again');
  again.type = 'submit';
  const playground = el('button', 'Open the Playground');
  playground.type = 'button';
  playground.title = 'The real model in the playground: every layer and head, any prompt';
  playground.addEventListener('click', () => api.post({ type: 'openPlayground' }));
  form.append(input, again, playground);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    again.disabled = true;
    again.textContent = 'Running…';
    api.post({ type: 'rerun', prompt: input.value });
  });
  app.append(form);
  if (c.kind === 'logits') {
    const pair = el('div', undefined, 'pair');
    pair.append(topTable('Your next-token distribution', c.topMine), topTable('The model\'s', c.topReference));
    app.append(el('p', `After "${c.prompt.slice(-40)}":`), pair);
    return;
  }
  app.append(el('p', `Layer ${c.layer ?? 0}, ${c.reference?.length ?? 0} heads, ${c.tokens.length} tokens: row = query position, column = key position.`));
  const heads = el('div', undefined, 'heads');
  (c.reference ?? []).forEach((ref, h) => {
    const pair = el('div', undefined, 'pair');
    const mine = c.mine?.[h];
    if (mine) pair.append(heatmap(mine, c.tokens, `head ${h}: yours`));
    pair.append(heatmap(ref, c.tokens, `head ${h}: the model`));
    heads.append(pair);
  });
  app.append(heads);
}

if (state) render(state);
else app.textContent = 'Nothing to show yet.';
