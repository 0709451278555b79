// The curves as uPlot wants them: one x array (steps) and one y array per series, null where a
// series has no value at that step (val loss every eval, head scores every heads interval).
// Pure, so the unit tests build it from events without a DOM.
import type { HeadScores, StepEvent, TrainEvent } from '../../src/shared/protocols/training';

export interface Curves {
  steps: number[];
  train: (number | null)[];
  val: (number | null)[];
  /** One series per head, "L0H1", in layer then head order. */
  heads: string[];
  induction: (number | null)[][];
  prevToken: (number | null)[][];
}

export function emptyCurves(): Curves {
  return { steps: [], train: [], val: [], heads: [], induction: [], prevToken: [] };
}

const headNames = (h: HeadScores) => h.induction.flatMap((row, l) => row.map((_, i) => `L${l}H${i}`));

/** Adds one step event; an event for a step already drawn replaces it (a resume replays history). */
export function addStep(c: Curves, e: StepEvent): void {
  if (e.heads && !c.heads.length) {
    c.heads = headNames(e.heads);
    c.induction = c.heads.map(() => c.steps.map(() => null));
    c.prevToken = c.heads.map(() => c.steps.map(() => null));
  }
  let i = c.steps.length;
  while (i > 0 && c.steps[i - 1] >= e.step) i--;
  if (i < c.steps.length) truncate(c, i); // a step again means the curve from there is redrawn
  c.steps.push(e.step);
  c.train.push(e.train_loss);
  c.val.push(e.val_loss ?? null);
  const ind = e.heads?.induction.flat();
  const prev = e.heads?.prev_token.flat();
  c.heads.forEach((_, k) => {
    c.induction[k].push(ind?.[k] ?? null);
    c.prevToken[k].push(prev?.[k] ?? null);
  });
}

function truncate(c: Curves, n: number): void {
  c.steps.length = n;
  c.train.length = n;
  c.val.length = n;
  for (const s of [...c.induction, ...c.prevToken]) s.length = n;
}

export function curvesFrom(events: readonly TrainEvent[]): Curves {
  const c = emptyCurves();
  for (const e of events) if (e.kind === 'step') addStep(c, e);
  return c;
}

/** The strongest induction score so far and the step it was reached, for the phase-change line. */
export function bestInduction(c: Curves): { score: number; step: number } | undefined {
  let best: { score: number; step: number } | undefined;
  c.induction.forEach((s) => s.forEach((v, i) => {
    if (v !== null && (!best || v > best.score)) best = { score: v, step: c.steps[i] };
  }));
  return best;
}

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
