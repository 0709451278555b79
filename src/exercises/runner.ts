// Runs an exercise's tests in a child Python and kills the whole process tree when it runs too
// long. Pure Node (no `vscode`). The child gets its own process group (detached), so a learner's
// code that spawns processes cannot outlive the run: we signal the group, not just the child.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { RUNNER_FILE } from './spec';

export interface ProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
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

export function killTree(pid: number): void {
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export function runProcess(o: ProcessOptions): RunningProcess {
  const t0 = performance.now();
  const child = spawn(o.command, o.args, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let cancelled = false;
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    o.onStdout?.(s);
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    o.onStderr?.(s);
  });
  const stop = () => child.pid !== undefined && killTree(child.pid);
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, o.timeoutMs);
  const result = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (e) => (spawnError = e.message));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, cancelled, ms: performance.now() - t0, spawnError });
    });
    child.on('exit', () => {
      // Children the learner's code started would keep the pipes open (and `close` from firing):
      // the run is over, so the group goes too.
      stop();
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

/** The command line for `llmstudy_test.py` in an exercise folder. */
export function testCommand(dir: string, o: { ids?: string[]; timeoutSeconds: number; list?: boolean; env?: NodeJS.ProcessEnv }): TestCommand {
  const args = ['-X', 'utf8', path.join(dir, RUNNER_FILE), '--format', 'json'];
  if (o.list) args.push('--list');
  else args.push('--timeout', String(o.timeoutSeconds));
  args.push(...(o.ids ?? []));
  // No .pyc files in the learner's folder; unbuffered so each result shows as soon as it is printed.
  const env = { ...(o.env ?? process.env), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' };
  return { args, env };
}
