// Runs an exercise's tests in a child Python and kills the whole process tree when it runs too
// long. Pure Node (no `vscode`). The child gets its own process group (detached), so a learner's
// code that spawns processes cannot outlive the run: we signal the group, not just the child.
// A process in its own session (start_new_session=True) escapes the group, so every run also
// carries an id in its environment that its descendants inherit; on Linux we find those by /proc.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { RUNNER_FILE } from './spec';
import { killTree as killProcessTree } from '../util/processTree';

export interface ProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Keep at most this many characters of stdout and of stderr (half from the start, half from the end). */
  keepBytes?: number;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Characters of stdout and stderr left out of `stdout`/`stderr` by `keepBytes`. */
  stdoutDropped: number;
  stderrDropped: number;
  /** True when we killed it for running past `timeoutMs`. */
  timedOut: boolean;
  cancelled: boolean;
  ms: number;
  /** Set when the process could not start at all (ENOENT...). */
  spawnError?: string;
}

export interface RunningProcess {
  result: Promise<ProcessResult>;
  cancel(): void;
  pid?: number;
}

/** Inherited by everything a run starts, so leftovers can be found after the runner is gone. */
export const RUN_ID_VAR = 'LLMSTUDY_RUN_ID';
/** How long after the runner exits we still read what its pipes hold before we stop waiting. */
const CLOSE_GRACE_MS = 500;

export function formatBytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} KB`;
  return `${n} B`;
}

/**
 * The first `headMax` and last `tailMax` characters of a stream, and how many fell in between:
 * a learner's print loop can write gigabytes, and neither memory nor the log should keep them.
 */
export class HeadTail {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  dropped = 0;

  constructor(private readonly headMax: number, private readonly tailMax: number) {}

  /** Adds a chunk; returns the part that went into the head (to show at once). */
  push(s: string): string {
    const room = this.headMax - this.head.length;
    const now = room > 0 ? s.slice(0, room) : '';
    this.head += now;
    const rest = now.length < s.length ? s.slice(now.length) : '';
    if (rest) {
      this.tail.push(rest);
      this.tailLength += rest.length;
      while (this.tailLength - this.tail[0].length >= this.tailMax) {
        this.dropped += this.tail[0].length;
        this.tailLength -= this.tail.shift()!.length;
      }
      if (this.tailLength > this.tailMax) {
        const cut = this.tailLength - this.tailMax;
        this.tail[0] = this.tail[0].slice(cut);
        this.tailLength -= cut;
        this.dropped += cut;
      }
    }
    return now;
  }

  tailText(): string {
    return this.tail.join('');
  }

  /** Everything kept, with a line saying how much was left out. */
  text(): string {
    const note = this.dropped ? `${this.head.endsWith('\n') ? '' : '\n'}[... ${formatBytes(this.dropped)} of output dropped ...]\n` : '';
    return this.head + note + this.tailText();
  }
}

/** Kills `pid`, its group and descendants and, with `runId`, everything that run started. */
export function killTree(pid: number, runId?: string): void {
  killProcessTree(pid, runId ? `${RUN_ID_VAR}=${runId}` : undefined);
}

export function runProcess(o: ProcessOptions): RunningProcess {
  const t0 = performance.now();
  const runId = randomUUID();
  const child = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: { ...(o.env ?? process.env), [RUN_ID_VAR]: runId },
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = o.keepBytes ?? Infinity;
  const stdout = new HeadTail(keep / 2, keep / 2);
  const stderr = new HeadTail(keep / 2, keep / 2);
  let timedOut = false;
  let cancelled = false;
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout.push(s);
    o.onStdout?.(s);
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr.push(s);
    o.onStderr?.(s);
  });
  const stop = () => child.pid !== undefined && killTree(child.pid, runId);
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, o.timeoutMs);
  const result = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let grace: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({
        code, signal, stdout: stdout.text(), stderr: stderr.text(), stdoutDropped: stdout.dropped, stderrDropped: stderr.dropped,
        timedOut, cancelled, ms: performance.now() - t0, spawnError,
      });
    };
    child.on('error', (e) => {
      spawnError = e.message;
      if (child.pid === undefined) setImmediate(() => finish(null, null));
    });
    child.on('close', (code, signal) => finish(exit?.code ?? code, exit?.signal ?? signal));
    child.on('exit', (code, signal) => {
      // The runner is done, so it cannot time out any more; what it started goes with it. A
      // leftover we could not find would keep the pipes open (and `close` from firing), so after a
      // short grace for the last output we stop waiting for them.
      exit = { code, signal };
      clearTimeout(timer);
      stop();
      grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, CLOSE_GRACE_MS);
    });
  });
  return {
    result,
    pid: child.pid,
    cancel: () => {
      cancelled = true;
      stop();
    },
  };
}

/** How long the runner's own watchdog gets before we kill the tree: it says where the code was looping. */
export function hardTimeoutMs(timeoutSeconds: number): number {
  // Python and numpy take ~0.3 s to start (seconds on a loaded machine) before the watchdog runs.
  return Math.round(timeoutSeconds * 1000 + Math.max(2000, Math.min(5000, timeoutSeconds * 100)));
}

export interface TestCommand {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The command line for `llmstudy_test.py` in an exercise folder. `tests` are the exercise's own
 * test files (exercise.json): a learner's scratch test.py beside them is then not run.
 */
export function testCommand(dir: string, o: { ids?: string[]; tests?: string[]; timeoutSeconds: number; env?: NodeJS.ProcessEnv }): TestCommand {
  const args = ['-X', 'utf8', path.join(dir, RUNNER_FILE), '--format', 'json'];
  args.push('--timeout', String(o.timeoutSeconds));
  if (o.tests?.length) args.push('--files', ...o.tests);
  // `--` ends --files, so an id is never read as a file name.
  if (o.ids?.length) args.push('--', ...o.ids);
  // No .pyc files in the learner's folder; unbuffered so each result shows as soon as it is printed.
  const env = { ...(o.env ?? process.env), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
  return { args, env };
}
