// Where each started exercise's tests stand, for the sidebar (through the exercises port): the
// last result of every test, as runs leave them. Kept per test, not per run, so running one test
// from the Testing view moves the count too. A finished run's results go to globalState
// (resultsStore.ts), so a reload, or another window, shows them; they are read through on every
// call. With them go the files they were about, and a result whose files changed since is marked
// stale. Pure apart from reading the exercise folder (no `vscode`).
import type { ExerciseTestState } from '../study';
import type { TestStatus } from './results';
import { ChangeCheck, fingerprint } from './fingerprint';
import { NOT_STARTED_LABEL } from '../util/startedExercises';
import type { ExerciseResultsStore, StoredResult } from './resultsStore';

export class TestStates {
  /** Runs going on in this window: their results so far, not stored until the run ends. */
  private readonly running = new Map<string, StoredResult>();
  /** Results this window could not store (a newer build's value, a failed write): kept for this window. */
  private readonly unsaved = new Map<string, StoredResult>();
  private readonly check = new ChangeCheck();

  /** Without a store the results live in memory, for this window only. */
  constructor(private readonly store?: ExerciseResultsStore, private readonly now = () => new Date().toISOString()) {}

  /** A run of `exercise` in `dir` starts: its results are about the files as they are now. */
  begin(exercise: string, dir: string): void {
    this.running.set(exercise, { dir, at: this.now(), files: fingerprint(dir), tests: {} });
  }

  /** Records one test's result; a skipped test keeps what it had. */
  record(exercise: string, test: string, status: TestStatus): void {
    if (status === 'skipped') return;
    const run = this.running.get(exercise);
    if (run) run.tests[test] = status === 'passed';
  }

  /**
   * The run ended: its results are merged into the exercise's last results (a test it did not
   * run keeps its earlier result) and stored. Never throws: a result that cannot be stored stays
   * in memory, and the returned text says why, for the log.
   */
  async end(exercise: string): Promise<string | undefined> {
    const run = this.running.get(exercise);
    if (!run) return undefined;
    const before = this.last(exercise, run.dir);
    const merged: StoredResult = { ...run, tests: { ...before?.tests, ...run.tests } };
    let why: string | undefined;
    try {
      if (this.store && !(await this.store.set(exercise, merged))) why = 'the stored results are from a newer LLM Study; this run\'s are kept for this window only';
    } catch (e) {
      why = `could not store the results: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (!this.store || why) this.unsaved.set(exercise, merged);
    else this.unsaved.delete(exercise);
    if (this.running.get(exercise) === run) this.running.delete(exercise);
    return why;
  }

  /** Forgets a run going on and this window's unsaved results (the exercise's folder changed or went away). */
  clear(exercise: string): void {
    this.running.delete(exercise);
    this.unsaved.delete(exercise);
  }

  /** Forgets an exercise's results, stored ones too (it was reset to its starting files). */
  async forget(exercise: string): Promise<void> {
    this.clear(exercise);
    await this.store?.set(exercise, null);
  }

  /**
   * `dir`: the exercise's folder, undefined when it is not started. `tests`: the exercise's tests
   * now (a test file edited since may have dropped some).
   */
  state(exercise: string, dir: string | undefined, tests: readonly string[]): ExerciseTestState {
    if (dir === undefined) return { kind: 'not-started' };
    const run = this.running.get(exercise);
    const last = this.last(exercise, dir);
    const results = { ...last?.tests, ...(run?.dir === dir ? run.tests : {}) };
    let passed = 0;
    let failed = 0;
    for (const t of tests) {
      const r = results[t];
      if (r === true) passed++;
      else if (r === false) failed++;
    }
    const total = tests.length;
    const about = run?.dir === dir ? run : last;
    const stale = passed + failed > 0 && about !== undefined && this.check.changedSince(dir, about.files);
    const mark = stale ? { stale } : {};
    if (failed) return { kind: 'failing', failed, total, ...mark };
    if (total && passed === total) return { kind: 'passing', total, ...mark };
    return { kind: 'started', passed, total, ...mark };
  }

  /** The exercise's last finished results in `dir`: stored, or this window's unsaved ones when newer. */
  private last(exercise: string, dir: string): StoredResult | undefined {
    const here = (r: StoredResult | undefined) => (r?.dir === dir ? r : undefined);
    const stored = here(this.store?.get(exercise));
    const mine = here(this.unsaved.get(exercise));
    return mine && (!stored || mine.at >= stored.at) ? mine : stored;
  }
}

export function stateLabel(s: ExerciseTestState): string {
  const since = 'stale' in s && s.stale ? ' (before your last edit)' : '';
  switch (s.kind) {
    case 'not-started': return NOT_STARTED_LABEL;
    case 'started': return s.passed ? `${s.passed} of ${s.total} passed so far${since}` : 'started, tests not run yet';
    case 'failing': return `failing ${s.failed} of ${s.total}${since}`;
    case 'passing': return `${s.total === 1 ? 'passing' : `passing all ${s.total}`}${since}`;
  }
}
