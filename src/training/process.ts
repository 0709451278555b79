// One training run as a Python process: train.py --live in the learner's folder, its stdout read
// line by line into typed events, Stop killing the whole process tree. No `vscode` here, so the
// unit tests drive it with a fake train.py.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseTrainLine, type TrainEvent } from '../shared/protocols/training';
import { killTree as killProcessTree } from '../util/processTree';

/** Every process the run starts inherits this variable, so Stop finds them even when reparented. */
const RUN_ID_VAR = 'LLMSTUDY_TRAIN_RUN_ID';
/** Kept from stderr for the failure message: Python's last lines say what went wrong. */
const STDERR_KEEP = 4000;

export interface TrainingExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Stop was asked for: the exit is the learner's, not a failure. */
  stopped: boolean;
  stderrTail: string;
  spawnError?: string;
}

export interface TrainingProcess {
  readonly pid: number | undefined;
  stop(): void;
  readonly exit: Promise<TrainingExit>;
}

export interface TrainingOptions {
  python: string;
  script: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onEvent(e: TrainEvent): void;
  /** Lines that are not events (a warning torch prints), for the log. */
  onOther?(line: string): void;
}

/**
 * Splits a stream into lines: a chunk may end in the middle of an event line (a 64 KB pipe
 * buffer holds part of a long sample), and that half must wait for the rest, never be parsed alone.
 */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.onLine(p.replace(/\r$/, ''));
  }
  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}

export function startTraining(o: TrainingOptions): TrainingProcess {
  const runId = randomUUID();
  const child = spawn(o.python, ['-u', o.script, ...o.args], {
    cwd: o.cwd,
    env: { ...(o.env ?? process.env), [RUN_ID_VAR]: runId, PYTHONUNBUFFERED: '1' },
    // Its own process group, so Stop can kill the group in one call.
    detached: process.platform !== 'win32',
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopped = false;
  let stderrTail = '';
  const lines = new LineSplitter((line) => {
    const e = parseTrainLine(line);
    if (e) o.onEvent(e);
    else if (line.trim()) o.onOther?.(line);
  });
  child.stdout.setEncoding('utf8').on('data', (s: string) => lines.push(s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderrTail = (stderrTail + s).slice(-STDERR_KEEP);
  });
  const exit = new Promise<TrainingExit>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (e) => {
      spawnError = e.message;
      if (child.pid === undefined) resolve({ code: null, signal: null, stopped, stderrTail, spawnError });
    });
    child.on('close', (code, signal) => {
      lines.end();
      // Torch's worker threads are threads, but a learner's data loader could fork: nothing of
      // the run may outlive it.
      if (child.pid !== undefined) killTree(child.pid, runId);
      resolve({ code, signal, stopped, stderrTail, spawnError });
    });
  });
  return {
    pid: child.pid,
    exit,
    stop: () => {
      stopped = true;
      if (child.pid !== undefined) killTree(child.pid, runId);
    },
  };
}

/** Kills `pid`, its process group, its descendants and everything carrying the run's id. */
export function killTree(pid: number, runId: string): void {
  killProcessTree(pid, `${RUN_ID_VAR}=${runId}`);
}
