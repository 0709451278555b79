// Parses what curriculum/exercises/_runner/llmstudy_test.py prints. Pure (no `vscode`): the
// TestController, the check:exercises script and unit tests share it. The runner's output is
// untrusted text (a learner's print() lands in it, a killed run stops mid-line), so nothing here
// throws: what cannot be read is kept in `problems` or `otherLines`.

export const RESULT_PREFIX = 'LLMSTUDY_RESULT ';
export const BEGIN_PREFIX = 'LLMSTUDY_BEGIN ';
export const TEST_PREFIX = 'LLMSTUDY_TEST ';
export const ABORT_PREFIX = 'LLMSTUDY_ABORT ';
/** Longer lines (a learner printing megabytes without a newline) are cut to this. */
export const MAX_LINE = 1024 * 1024;
/** Other lines kept from the start and from the end of a run, for saying what it printed last. */
const OTHER_LINES_KEPT = 100;

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

/** Why the runner could not run the tests at all (a file that shadows numpy, a loop while loading). */
export interface RunAbort {
  message: string;
  file?: string;
  line?: number;
}

export type RunnerEvent =
  | { kind: 'begin'; id: string; name: string }
  | { kind: 'result'; result: TestResult }
  | { kind: 'test'; test: TestListing }
  | { kind: 'summary'; summary: RunSummary }
  | { kind: 'listed'; count: number }
  | { kind: 'abort'; abort: RunAbort }
  | { kind: 'other'; line: string }
  | { kind: 'problem'; line: string; reason: string };

export interface ParsedRun {
  results: TestResult[];
  /** Absent when the closing line never came: the run crashed or was killed. */
  summary?: RunSummary;
  /** A test that began and never reported: where a killed or crashed run was. */
  unfinished?: { id: string; name: string };
  /** Set when the runner said it could not run the tests. */
  aborted?: RunAbort;
  /** Lines that are not the runner's (a learner's print outside a test, a Python crash): the first and last 100. */
  otherLines: string[];
  /** How many other lines fell between those kept. */
  otherDropped: number;
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
  for (const [prefix, kind] of [[RESULT_PREFIX, 'result'], [BEGIN_PREFIX, 'begin'], [TEST_PREFIX, 'test'], [ABORT_PREFIX, 'abort']] as const) {
    const at = line.indexOf(prefix);
    if (at < 0) continue;
    const r = record(line.slice(at + prefix.length));
    if (typeof r === 'string') return { kind: 'problem', line, reason: r };
    if (kind === 'result') {
      const result = toResult(r);
      return typeof result === 'string' ? { kind: 'problem', line, reason: result } : { kind, result };
    }
    if (kind === 'abort') {
      const abort: RunAbort = { message: str(r.message) ?? 'the runner stopped without saying why' };
      const file = str(r.file);
      const ln = int(r.line);
      if (file !== undefined) abort.file = file;
      if (file !== undefined && ln !== undefined) abort.line = ln;
      return { kind, abort };
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
    // Only the new chunk is searched for a newline: re-splitting what is pending made one long
    // line cost quadratic time (20 MB: seconds).
    const nl = chunk.indexOf('\n');
    if (nl < 0) {
      this.keep(chunk);
      return [];
    }
    this.keep(chunk.slice(0, nl));
    const lines = [this.pending, ...chunk.slice(nl + 1).split('\n')];
    this.pending = '';
    this.keep(lines.pop() ?? '');
    return lines.filter((l) => l.trim() !== '').map((l) => parseLine(l.length > MAX_LINE ? l.slice(0, MAX_LINE) : l));
  }

  end(): RunnerEvent[] {
    const rest = this.pending;
    this.pending = '';
    return rest.trim() === '' ? [] : [parseLine(rest)];
  }

  private keep(s: string): void {
    if (this.pending.length < MAX_LINE) this.pending += s.length > MAX_LINE ? s.slice(0, MAX_LINE) : s;
  }
}

export function parseEvents(stdout: string): RunnerEvent[] {
  const p = new RunnerOutputParser();
  return [...p.push(stdout), ...p.end()];
}

/**
 * Builds a ParsedRun from events as they stream in, so a caller need not keep the whole stdout
 * (which a learner's print loop can make huge) to read the run at the end.
 */
export class RunCollector {
  private readonly run: ParsedRun = { results: [], otherLines: [], otherDropped: 0, problems: [] };
  private readonly lastLines: string[] = [];
  private open: { id: string; name: string } | undefined;

  add(events: readonly RunnerEvent[]): void {
    for (const e of events) {
      switch (e.kind) {
        case 'begin':
          this.open = { id: e.id, name: e.name };
          break;
        case 'result':
          this.run.results.push(e.result);
          if (this.open?.id === e.result.id) this.open = undefined;
          break;
        case 'summary':
          this.run.summary = e.summary;
          break;
        case 'abort':
          this.run.aborted = e.abort;
          break;
        case 'problem':
          this.run.problems.push(`${e.reason}: ${e.line.slice(0, 200)}`);
          break;
        case 'other':
          if (this.run.otherLines.length < OTHER_LINES_KEPT) this.run.otherLines.push(e.line);
          else if (this.lastLines.push(e.line.slice(0, 2000)) > OTHER_LINES_KEPT) {
            this.lastLines.shift();
            this.run.otherDropped++;
          }
          break;
        case 'test':
        case 'listed':
          break;
      }
    }
  }

  result(): ParsedRun {
    const run: ParsedRun = { ...this.run, otherLines: [...this.run.otherLines, ...this.lastLines] };
    if (this.open) run.unfinished = this.open;
    return run;
  }
}

/** A whole run's stdout. */
export function parseRunOutput(stdout: string): ParsedRun {
  const c = new RunCollector();
  c.add(parseEvents(stdout));
  return c.result();
}

/** How a process ended, as far as `whyUnfinished` needs it. */
export interface ProcessEnd {
  code: number | null;
  signal: string | null;
  stderr: string;
  spawnError?: string;
  timedOut?: boolean;
  cancelled?: boolean;
}

/**
 * Why a run ended without its closing line, in words a learner can act on: the runner's own
 * reason, the exit code or signal, and the last lines it printed. Undefined when the run
 * finished, or ended because we stopped it (a time-out or Cancel say so themselves).
 */
export function whyUnfinished(run: ParsedRun, end: ProcessEnd): string | undefined {
  if (run.aborted) return run.aborted.message;
  if (end.spawnError) return `Python could not start: ${end.spawnError}`;
  if (run.summary || end.timedOut || end.cancelled) return undefined;
  const during = run.unfinished ? ` while running "${run.unfinished.name}"` : ' before any test reported';
  let head: string;
  if (end.signal === 'SIGKILL') {
    head = `The test run was killed (SIGKILL)${during}. The usual reason is running out of memory: the system kills the process using the most.`;
  } else if (end.signal) {
    head = `The test run was stopped by ${end.signal}${during}.`;
  } else {
    head = `The test run stopped with exit code ${end.code ?? '?'}${during}: something ended Python early (os._exit, a crash in a library).`;
  }
  const last = [...end.stderr.split('\n'), ...run.otherLines].map((l) => l.trimEnd()).filter((l) => l.trim() !== '').slice(-5);
  return last.length ? `${head} Last output:\n${last.join('\n')}` : head;
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
  return !run.aborted && run.summary !== undefined && run.summary.failed === 0 && run.summary.passed > 0 && run.problems.length === 0;
}
