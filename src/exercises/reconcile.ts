// From the runner's events to what each test item shows. Pure (no `vscode`), so the rules are unit
// tested: `ResultRouter` follows a run as it streams (which item started, which result lands on
// which items), and `reconcile` settles the end (tests that never reported, the counts, whether
// the exercise is done, the one message for the notification). The test controller only applies
// what these return to a TestRun.
import { resultTargets } from './discover';
import { allPassed, countResults, RunCollector, whyUnfinished, type ParsedRun, type ProcessEnd, type RunnerEvent, type TestResult } from './results';

export type ItemUpdate =
  | { kind: 'started'; id: string }
  | { kind: 'result'; id: string; result: TestResult }
  /** A line for the run's log; `id` when it belongs to one test. */
  | { kind: 'log'; text: string; id?: string }
  /** A line the learner's code printed outside the runner's own lines. */
  | { kind: 'learner'; line: string };

/** Follows a run's events for the tests `known` (ids without the exercise prefix). */
export class ResultRouter {
  private readonly reported = new Set<string>();
  private readonly collector = new RunCollector();

  constructor(private readonly known: readonly string[]) {}

  push(events: readonly RunnerEvent[]): ItemUpdate[] {
    this.collector.add(events);
    const out: ItemUpdate[] = [];
    for (const e of events) {
      if (e.kind === 'begin') {
        if (this.known.includes(e.id)) out.push({ kind: 'started', id: e.id });
      } else if (e.kind === 'result') {
        // The first result for a test wins: a module's import failure lands on every test in it,
        // and a later result for one of them must not overwrite what the learner already saw.
        for (const id of resultTargets(e.result.id, this.known)) {
          if (this.reported.has(id)) continue;
          this.reported.add(id);
          out.push({ kind: 'result', id, result: e.result });
        }
        out.push({ kind: 'log', text: humanLine(e.result), id: this.known.includes(e.result.id) ? e.result.id : undefined });
      } else if (e.kind === 'abort') {
        out.push({ kind: 'log', text: `${e.abort.message}\n` });
      } else if (e.kind === 'summary') {
        out.push({ kind: 'log', text: `${e.summary.passed} passed, ${e.summary.failed} failed\n` });
      } else if (e.kind === 'other') {
        out.push({ kind: 'learner', line: e.line });
      }
    }
    return out;
  }

  reportedIds(): ReadonlySet<string> {
    return this.reported;
  }

  parsed(): ParsedRun {
    return this.collector.result();
  }
}

/** What a test that never reported shows: skipped (we stopped the run) or errored with why. */
export type Missing =
  | { id: string; status: 'skipped' }
  | { id: string; status: 'errored'; message: string; file?: string; line?: number };

export interface Reconciled {
  missing: Missing[];
  passed: number;
  failed: number;
  skipped: number;
  /** Every test of the exercise ran and passed: the exercise is done. */
  allPassed: boolean;
  timedOut: boolean;
  /** The first failure's message, for the notification. */
  firstFailure?: string;
}

export interface ReconcileInput {
  /** The tests this run was for. */
  known: readonly string[];
  reported: ReadonlySet<string>;
  parsed: ParsedRun;
  end: ProcessEnd;
  /** The run was for the whole exercise (not a few of its tests), so passing it means done. */
  whole: boolean;
  timeoutSeconds: number;
}

export function reconcile(o: ReconcileInput): Reconciled {
  const { parsed, end, timeoutSeconds } = o;
  // The runner's own watchdog reports a timed-out test with where it was; this is the fallback
  // when even the watchdog could not run (the process was stuck outside Python, or killed).
  const timedOut = !!end.timedOut || parsed.results.some((x) => /^timed out after/.test(x.message)) || /^timed out after/.test(parsed.aborted?.message ?? '');
  // A run that ended early says how (exit code, signal, last output, the runner's own reason),
  // never a bare "0 passed, 0 failed".
  const why = whyUnfinished(parsed, end);
  const missing: Missing[] = [];
  for (const id of o.known) {
    if (o.reported.has(id)) continue;
    if (end.cancelled) missing.push({ id, status: 'skipped' });
    else if (end.timedOut && id === parsed.unfinished?.id) {
      missing.push({ id, status: 'errored', message: `Timed out after ${timeoutSeconds} s while running "${parsed.unfinished.name}": the run and every process it started were stopped. Is there a loop that never ends?` });
    } else if (end.timedOut) missing.push({ id, status: 'skipped' });
    else {
      const m: Missing = { id, status: 'errored', message: `This test did not report a result: ${why ?? `the run ended (exit ${end.code ?? end.signal}) before this test reported`}` };
      if (parsed.aborted?.file) {
        m.file = parsed.aborted.file;
        m.line = parsed.aborted.line ?? 1;
      }
      missing.push(m);
    }
  }
  const counts = countResults(parsed.results);
  if (why && !end.cancelled) counts.failed = Math.max(counts.failed, missing.length, 1);
  if (end.timedOut && !counts.failed) counts.failed = 1;
  return {
    missing,
    ...counts,
    allPassed: o.whole && !end.cancelled && !end.timedOut && allPassed(parsed),
    timedOut,
    firstFailure: (parsed.aborted ? why : undefined)
      ?? parsed.results.find((x) => x.status === 'failed' || x.status === 'error')?.message
      ?? why
      ?? (end.timedOut ? `timed out after ${timeoutSeconds} s${parsed.unfinished ? ` in "${parsed.unfinished.name}"` : ''}` : undefined),
  };
}

/** One result as a line of the run's log. */
export function humanLine(r: TestResult): string {
  const mark = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP' }[r.status];
  const body = r.status === 'passed' ? '' : r.message.split('\n').map((l) => `      ${l}\n`).join('');
  return `${mark.padEnd(5)} ${r.name}\n${body}`;
}
