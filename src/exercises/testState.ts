// Where each started exercise's tests stand, for the sidebar (through the exercises port): the
// last result of every test, as runs leave them. Kept per test, not per run, so running one test
// from the Testing view moves the count too. Pure (no `vscode`); in memory, for this window.
import type { ExerciseTestState } from '../study';
import type { TestStatus } from './results';

export class TestStates {
  /** Exercise id -> test id -> passed (true) or failed/errored (false). */
  private readonly last = new Map<string, Map<string, boolean>>();

  /** Records one test's result; a skipped test keeps what it had. */
  record(exercise: string, test: string, status: TestStatus): void {
    if (status === 'skipped') return;
    let m = this.last.get(exercise);
    if (!m) this.last.set(exercise, (m = new Map()));
    m.set(test, status === 'passed');
  }

  /** Forgets an exercise's results (it was reset to its starting files). */
  clear(exercise: string): void {
    this.last.delete(exercise);
  }

  /** `tests`: the exercise's tests now (a test file edited since may have dropped some). */
  state(exercise: string, started: boolean, tests: readonly string[]): ExerciseTestState {
    if (!started) return { kind: 'not-started' };
    const m = this.last.get(exercise);
    let passed = 0;
    let failed = 0;
    for (const t of tests) {
      const r = m?.get(t);
      if (r === true) passed++;
      else if (r === false) failed++;
    }
    const total = tests.length;
    if (failed) return { kind: 'failing', failed, total };
    if (total && passed === total) return { kind: 'passing', total };
    return { kind: 'started', passed, total };
  }
}

export function stateLabel(s: ExerciseTestState): string {
  switch (s.kind) {
    case 'not-started': return 'not started';
    case 'started': return s.passed ? `${s.passed} of ${s.total} passed so far` : 'started, tests not run yet';
    case 'failing': return `failing ${s.failed} of ${s.total}`;
    case 'passing': return s.total === 1 ? 'passing' : `passing all ${s.total}`;
  }
}
