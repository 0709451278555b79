// Parses what curriculum/exercises/_runner/llmstudy_test.py prints. Pure (no `vscode`): the
// TestController, the check:exercises script and unit tests share it. The runner's output is
// untrusted text (a learner's print() lands in it, a killed run stops mid-line), so nothing here
// throws: what cannot be read is kept in `problems` or `otherLines`.

export const RESULT_PREFIX = 'LLMSTUDY_RESULT ';
export const BEGIN_PREFIX = 'LLMSTUDY_BEGIN ';
export const TEST_PREFIX = 'LLMSTUDY_TEST ';

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestResult {
  /** unittest id: `test_attention.TestAttention.test_matches_formula`. */
  id: string;
  /** What the test checks, in words (its docstring). */
  name: string;
  status: TestStatus;
  /** A teacher's message; empty when passed. */
  message: string;
  expected?: string;
  actual?: string;
  /** Relative to the exercise folder: the learner's file where it failed, else the test file. */
  file?: string;
  /** 1-based. */
  line?: number;
  durationMs: number;
  /** What the test printed (the learner's print() calls). */
  output?: string;
  traceback?: string;
}

export interface TestListing {
  id: string;
  name: string;
  file?: string;
  line?: number;
}

export interface RunSummary {
  passed: number;
  /** Failed and errored tests together, as the closing line counts them. */
  failed: number;
  skipped: number;
}

export type RunnerEvent =
  | { kind: 'begin'; id: string; name: string }
  | { kind: 'result'; result: TestResult }
  | { kind: 'test'; test: TestListing }
  | { kind: 'summary'; summary: RunSummary }
  | { kind: 'listed'; count: number }
  | { kind: 'other'; line: string }
  | { kind: 'problem'; line: string; reason: string };

export interface ParsedRun {
  results: TestResult[];
  /** Absent when the closing line never came: the run crashed or was killed. */
  summary?: RunSummary;
  /** A test that began and never reported: where a killed or crashed run was. */
  unfinished?: { id: string; name: string };
  /** Lines that are not the runner's (a learner's print outside a test, a Python crash). */
  otherLines: string[];
  /** Runner lines that could not be read, with why. */
  problems: string[];
}

const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
const LISTED = /^(\d+) tests$/;
const STATUSES: readonly string[] = ['passed', 'failed', 'error', 'skipped'];

function record(json: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : 'not a JSON object';
  } catch {
    return 'not valid JSON (cut off?)';
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

function toResult(r: Record<string, unknown>): TestResult | string {
  const id = str(r.id);
  const status = str(r.status);
  if (!id) return 'no "id"';
  if (!status || !STATUSES.includes(status)) return `unknown status ${JSON.stringify(r.status)}`;
  const result: TestResult = {
    id,
    name: str(r.name) ?? id,
    status: status as TestStatus,
    message: str(r.message) ?? '',
    durationMs: typeof r.duration_ms === 'number' && r.duration_ms >= 0 ? r.duration_ms : 0,
  };
  for (const key of ['expected', 'actual', 'file', 'output', 'traceback'] as const) {
    const v = str(r[key]);
    if (v !== undefined) result[key] = v;
  }
  const line = int(r.line);
  if (line !== undefined && result.file !== undefined) result.line = line;
  return result;
}

/** One line of runner output (without its newline) as an event. */
export function parseLine(raw: string): RunnerEvent {
  const line = raw.replace(/\r$/, '');
  // A learner's print(..., end='') can put text before our prefix on the same line.
  for (const [prefix, kind] of [[RESULT_PREFIX, 'result'], [BEGIN_PREFIX, 'begin'], [TEST_PREFIX, 'test']] as const) {
    const at = line.indexOf(prefix);
    if (at < 0) continue;
    const r = record(line.slice(at + prefix.length));
    if (typeof r === 'string') return { kind: 'problem', line, reason: r };
    if (kind === 'result') {
      const result = toResult(r);
      return typeof result === 'string' ? { kind: 'problem', line, reason: result } : { kind, result };
    }
    const id = str(r.id);
    if (!id) return { kind: 'problem', line, reason: 'no "id"' };
    if (kind === 'begin') return { kind, id, name: str(r.name) ?? id };
    const test: TestListing = { id, name: str(r.name) ?? id };
    const file = str(r.file);
    const ln = int(r.line);
    if (file !== undefined) {
      test.file = file;
      if (ln !== undefined) test.line = ln;
    }
    return { kind, test };
  }
  const m = SUMMARY.exec(line.trim());
  if (m) return { kind: 'summary', summary: { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } };
  const l = LISTED.exec(line.trim());
  if (l) return { kind: 'listed', count: Number(l[1]) };
  return { kind: 'other', line };
}

/**
 * Feeds chunks of stdout as they arrive and hands back complete lines' events, so a TestRun can
 * show each result while the run goes on. `end()` flushes a last line without a newline.
 */
export class RunnerOutputParser {
  private pending = '';

  push(chunk: string): RunnerEvent[] {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '').map(parseLine);
  }

  end(): RunnerEvent[] {
    const rest = this.pending;
    this.pending = '';
    return rest.trim() === '' ? [] : [parseLine(rest)];
  }
}

export function parseEvents(stdout: string): RunnerEvent[] {
  const p = new RunnerOutputParser();
  return [...p.push(stdout), ...p.end()];
}

/** A whole run's stdout. */
export function parseRunOutput(stdout: string): ParsedRun {
  const run: ParsedRun = { results: [], otherLines: [], problems: [] };
  let open: { id: string; name: string } | undefined;
  for (const e of parseEvents(stdout)) {
    switch (e.kind) {
      case 'begin':
        open = { id: e.id, name: e.name };
        break;
      case 'result':
        run.results.push(e.result);
        if (open?.id === e.result.id) open = undefined;
        break;
      case 'summary':
        run.summary = e.summary;
        break;
      case 'problem':
        run.problems.push(`${e.reason}: ${e.line.slice(0, 200)}`);
        break;
      case 'other':
        run.otherLines.push(e.line);
        break;
      case 'test':
      case 'listed':
        break;
    }
  }
  if (open) run.unfinished = open;
  return run;
}

/** `llmstudy_test.py --list` output: the tests an exercise has, for the Testing view. */
export function parseListOutput(stdout: string): { tests: TestListing[]; complete: boolean; problems: string[] } {
  const tests: TestListing[] = [];
  const problems: string[] = [];
  let complete = false;
  for (const e of parseEvents(stdout)) {
    if (e.kind === 'test') tests.push(e.test);
    else if (e.kind === 'listed') complete = e.count === tests.length;
    else if (e.kind === 'problem') problems.push(`${e.reason}: ${e.line.slice(0, 200)}`);
  }
  return { tests, complete, problems };
}

/** Counts from the results themselves, for when the closing line is missing. */
export function countResults(results: readonly TestResult[]): RunSummary {
  const s: RunSummary = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    if (r.status === 'passed') s.passed++;
    else if (r.status === 'skipped') s.skipped++;
    else s.failed++;
  }
  return s;
}

/** True only for a run that finished and in which every test that ran passed. */
export function allPassed(run: ParsedRun): boolean {
  return run.summary !== undefined && run.summary.failed === 0 && run.summary.passed > 0 && run.problems.length === 0;
}
