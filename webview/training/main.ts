// The training view: choose a preset and data, Start/Stop/Resume/Export/Open in playground, and
// watch the run: train/val loss, then the induction and previous-token scores of every head on
// the same step axis (uPlot, cursors synced), tokens/s, time left and the latest sample.
import 'uplot/dist/uPlot.min.css';
import './training.css';
import uPlot from 'uplot';
import { channel } from '../shared/vscodeApi';
import {
  PRESET_LABELS, decodeToWebview,
  type DataChoice, type Preset, type RunStatus, type StartEvent, type ToHost, type ToWebview, type TrainEvent,
} from '../../src/shared/protocols/training';
import { addStep, bestInduction, curvesFrom, emptyCurves, formatSeconds, type Curves } from './model';

interface UiState { preset?: Preset; data?: string; mine?: boolean }
const vsc = channel<ToHost, ToWebview, UiState>();
const ui: UiState = vsc.getState() ?? {};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const app = document.getElementById('app')!;
const presetSel = el('select', { 'aria-label': 'Preset', 'data-testid': 'preset' });
const dataSel = el('select', { 'aria-label': 'Data', 'data-testid': 'data' });
const pick = el('button', { 'data-testid': 'pick' }, 'Pick a file…');
// "Train with my code": the learner's train-loop solution trains the demo preset (training/train_mine.py).
const mineBox = el('input', { type: 'checkbox', id: 'mine', 'data-testid': 'mine' });
const mineLabel = el('label', { for: 'mine', title: 'Runs train() from your train-loop exercise folder on the demo preset' }, 'Train with my code');
mineLabel.prepend(mineBox);
const startBtn = el('button', { 'data-testid': 'start' }, 'Start');
const stopBtn = el('button', { 'data-testid': 'stop' }, 'Stop');
const resumeBtn = el('button', { 'data-testid': 'resume' }, 'Resume');
const exportBtn = el('button', { 'data-testid': 'export' }, 'Export');
const playBtn = el('button', { 'data-testid': 'open-playground' }, 'Open in playground');
const status = el('p', { class: 'status', role: 'status', 'data-testid': 'status' });
const stats = el('p', { class: 'stats', 'data-testid': 'stats' });
const phase = el('p', { class: 'phase', 'data-testid': 'phase' });
const lossBox = el('div', { class: 'chart', 'data-testid': 'loss-chart' });
const indBox = el('div', { class: 'chart', 'data-testid': 'induction-chart' });
const prevBox = el('div', { class: 'chart', 'data-testid': 'prev-chart' });
const sample = el('pre', { class: 'sample', 'data-testid': 'sample' });
const controls = el('div', { class: 'controls' });
controls.append(presetSel, dataSel, pick, mineLabel, startBtn, stopBtn, resumeBtn, exportBtn, playBtn);
app.append(el('h1', {}, 'Train a Tiny GPT'), controls, status, stats,
  el('h2', {}, 'Loss'), lossBox,
  el('h2', {}, 'Induction score per head'), phase, indBox,
  el('h2', {}, 'Previous-token score per head'), prevBox,
  el('h2', {}, 'Sample'), sample);

let curves: Curves = emptyCurves();
let start: StartEvent | undefined;
let run: RunStatus = { state: 'idle', hasCheckpoint: false };
let charts: uPlot[] = [];
let chartHeads = -1;
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const width = () => Math.max(300, app.clientWidth - 8);

function chart(box: HTMLElement, series: uPlot.Series[], yRange?: [number, number]): uPlot {
  const opts: uPlot.Options = {
    width: width(), height: 200, series: [{ label: 'step' }, ...series],
    cursor: { sync: { key: 'steps' } },
    scales: { x: { time: false }, ...(yRange ? { y: { range: yRange } } : {}) },
    axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } }, { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } }],
  };
  return new uPlot(opts, [[]], box);
}

function buildCharts(): void {
  for (const c of charts) c.destroy();
  chartHeads = curves.heads.length;
  const headSeries = curves.heads.map((h, i): uPlot.Series => ({ label: h, stroke: PALETTE[i % PALETTE.length], spanGaps: true, width: 1.5 }));
  charts = [
    chart(lossBox, [{ label: 'train', stroke: '#4e79a7', width: 1.5 }, { label: 'val', stroke: '#e15759', spanGaps: true, width: 2 }]),
    chart(indBox, headSeries, [0, 1]),
    chart(prevBox, headSeries.map((s) => ({ ...s })), [0, 1]),
  ];
}

function redraw(): void {
  if (chartHeads !== curves.heads.length || !charts.length) buildCharts();
  charts[0].setData([curves.steps, curves.train, curves.val] as uPlot.AlignedData);
  charts[1].setData([curves.steps, ...curves.induction] as uPlot.AlignedData);
  charts[2].setData([curves.steps, ...curves.prevToken] as uPlot.AlignedData);
  const best = bestInduction(curves);
  phase.textContent = best ? `Strongest induction score: ${best.score.toFixed(2)} (step ${best.step}). Induction heads have formed when it rises above 0.5, usually with a bump in the loss.` : '';
  app.dataset.points = String(curves.steps.length);
  app.dataset.bestInduction = best ? best.score.toFixed(3) : '';
}

function onEvent(e: TrainEvent): void {
  if (e.kind === 'start') start = e;
  else if (e.kind === 'step') {
    addStep(curves, e);
    if (!e.replay) {
      const total = start?.steps;
      stats.textContent = `step ${e.step}${total ? ` of ${total}` : ''} · ${e.tokens_per_s.toLocaleString()} tokens/s · time left ${formatSeconds(e.eta_s)}`
        + (e.val_loss != null ? ` · val loss ${e.val_loss.toFixed(3)}` : '');
    }
    if (e.sample !== undefined) sample.textContent = `step ${e.step}:\n${e.sample}`;
    redraw();
  } else if (e.kind === 'error') {
    status.textContent = e.message;
  }
}

function showStatus(s: RunStatus): void {
  run = s;
  const running = s.state === 'running';
  const where = s.runDir ? ` Run folder: ${s.runDir}.` : '';
  status.textContent = `${{ idle: 'Not started.', checking: 'Checking Python…', running: s.mine ? 'Training with your train_loop.py…' : 'Training…', stopped: 'Stopped.', done: 'Done.', failed: 'Failed.' }[s.state]}${s.message && s.message !== 'Training finished.' ? ` ${s.message}` : ''}${where}`;
  app.dataset.state = s.state;
  startBtn.disabled = running;
  stopBtn.disabled = !running;
  // A run of the learner's own loop has no optimizer state to go on from (train_mine.py).
  resumeBtn.disabled = running || !s.hasCheckpoint || s.state === 'done' || s.mine === true;
  resumeBtn.title = s.mine ? 'A run of your own train() cannot be resumed; start it again' : '';
  app.dataset.mine = s.mine ? 'true' : 'false';
  exportBtn.disabled = running || !s.hasCheckpoint;
  exportBtn.title = running ? 'Wait for the run to end, or stop it' : s.hasCheckpoint ? 'Write the model as .onnx files the playground opens' : 'Nothing to export yet: start a run first';
  playBtn.disabled = running || !s.exported;
  // A disabled button says what it waits for (a finished run was seen greyed out with no reason).
  playBtn.title = s.exported ?? (running ? 'Wait for the run to end, then export it' : s.hasCheckpoint ? 'Export the model first (the Export button), then open it here' : 'Train a model first (Start), then export it');
}

function fillData(data: DataChoice[], selected?: string): void {
  dataSel.replaceChildren(...data.map((d) => {
    const o = el('option', { value: d.id, title: d.path }, d.label);
    return o;
  }));
  const want = selected ?? ui.data;
  if (want && data.some((d) => d.id === want)) dataSel.value = want;
  startBtn.title = data.length ? '' : 'Pick a text file first';
}

vsc.onMessage((raw) => {
  const m = decodeToWebview(raw);
  if (!m) return;
  if (m.type === 'init') {
    presetSel.replaceChildren(...m.presets.map((p) => el('option', { value: p }, PRESET_LABELS[p])));
    if (ui.preset) presetSel.value = ui.preset;
    mineBox.checked = ui.mine === true;
    mineChanged();
    fillData(m.data);
    curves = curvesFrom(m.events);
    start = m.events.find((e): e is StartEvent => e.kind === 'start');
    showStatus(m.status);
    redraw();
  } else if (m.type === 'preset') {
    presetSel.value = m.preset;
    remember();
  } else if (m.type === 'data') {
    fillData(m.data, m.selected);
    // Kept with the page's state, so a reload selects the file just picked, not the one before.
    if (m.selected) remember();
  }
  else if (m.type === 'status') showStatus(m.status);
  else if (m.type === 'reset') {
    curves = emptyCurves();
    start = undefined;
    sample.textContent = '';
    redraw();
  } else onEvent(m.event);
});

const remember = () => vsc.setState({ preset: presetSel.value as Preset, data: dataSel.value, mine: mineBox.checked });
/** The learner's loop always trains the demo preset: the preset list says so while the box is ticked. */
function mineChanged(): void {
  if (mineBox.checked) presetSel.value = 'demo';
  presetSel.disabled = mineBox.checked;
}
mineBox.addEventListener('change', () => {
  mineChanged();
  remember();
});
presetSel.addEventListener('change', remember);
dataSel.addEventListener('change', remember);
pick.addEventListener('click', () => vsc.post({ type: 'pickData' }));
startBtn.addEventListener('click', () => {
  if (!dataSel.value) return void (status.textContent = 'Pick a text file to train on first.');
  remember();
  vsc.post({ type: 'start', preset: presetSel.value as Preset, data: dataSel.value, ...(mineBox.checked ? { mine: true } : {}) });
});
stopBtn.addEventListener('click', () => vsc.post({ type: 'stop' }));
resumeBtn.addEventListener('click', () => vsc.post({ type: 'resume' }));
exportBtn.addEventListener('click', () => {
  exportBtn.disabled = true;
  status.textContent = 'Exporting…';
  vsc.post({ type: 'export' });
});
playBtn.addEventListener('click', () => vsc.post({ type: 'openPlayground' }));
window.addEventListener('resize', () => charts.forEach((c) => c.setSize({ width: width(), height: 200 })));
showStatus(run);
vsc.post({ type: 'ready' });
