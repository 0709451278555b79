// The training run the editor knows about: at most one at a time, alive whether or not the view
// is open (closing the view must not kill twenty minutes of training). The panel and the progress
// notification both listen to it. No `vscode` here: registration.ts hands it what it needs.
import fs from 'node:fs';
import path from 'node:path';
import type { Preset, RunStatus, TrainEvent } from '../shared/protocols/training';
import { startTraining, type TrainingExit, type TrainingProcess } from './process';
import { appendEvent, readEventLog } from './eventLog';
import { CKPT, EXPORT_FOLDER, EXPORT_PARTIAL, MINE_MARKER, mineArgs, trainArgs } from './runs';

export interface SessionDeps {
  /** The folder of train.py and export.py (the extension's training/). */
  scriptsDir: string;
  threads(): number;
  env(): NodeJS.ProcessEnv;
  log(line: string): void;
}

export type SessionListener = { onStatus(s: RunStatus): void; onEvent(e: TrainEvent): void; onReset(): void };

/**
 * The last lines of stderr say why Python stopped; a line from train.py's own error event is
 * better. `what` names the process for the learner: training, or export.py.
 */
export function failureMessage(exit: TrainingExit, lastError: string | undefined, what = 'training'): string {
  if (lastError) return lastError;
  if (exit.spawnError) return `the Python process could not start: ${exit.spawnError}`;
  const tail = exit.stderrTail.trim().split('\n').slice(-3).join(' ').trim();
  return `${what} stopped with ${exit.signal ?? `exit code ${exit.code}`}${tail ? `: ${tail}` : ''}`;
}

/** The script of "Train with my code" (training/train_mine.py), beside train.py. */
export const MINE_SCRIPT = 'train_mine.py';

const isMine = (runDir: string) => fs.existsSync(path.join(runDir, MINE_MARKER));

/** Why an adopted run offers what it offers: said in the view after a reload. */
function adoptedMessage(mine: boolean, hasCheckpoint: boolean): string | undefined {
  if (!hasCheckpoint) return 'This run was stopped before its first checkpoint: there is nothing to resume or export; Start a new run.';
  return mine ? 'A run of your own loop cannot be resumed; Export works on its last checkpoint.' : undefined;
}

export class TrainingSession {
  private proc: TrainingProcess | undefined;
  private status: RunStatus = { state: 'idle', hasCheckpoint: false };
  /** Every event of the run shown, replayed into a view opened later. */
  private events: TrainEvent[] = [];
  private python: string | undefined;
  private exporting = false;
  private readonly listeners = new Set<SessionListener>();

  constructor(private readonly deps: SessionDeps) {}

  get current(): RunStatus {
    return this.status;
  }

  get history(): readonly TrainEvent[] {
    return this.events;
  }

  get running(): boolean {
    return this.proc !== undefined;
  }

  listen(l: SessionListener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  /**
   * Points the session at an existing run folder after a reload: its curves come back from the
   * run's event log, and Resume and Export work on its checkpoint.
   */
  adopt(runDir: string): void {
    if (this.proc) return;
    this.events = readEventLog(runDir);
    for (const l of this.listeners) {
      l.onReset();
      for (const e of this.events) l.onEvent(e);
    }
    const hasCheckpoint = fs.existsSync(path.join(runDir, CKPT));
    const mine = isMine(runDir);
    const done = hasCheckpoint && this.events.some((e) => e.kind === 'done');
    this.setStatus({ state: done ? 'done' : 'stopped', runDir, hasCheckpoint, exported: this.exportedModel(runDir), mine: mine || undefined, message: done ? undefined : adoptedMessage(mine, hasCheckpoint) });
  }

  start(python: string, preset: Preset, data: string, runDir: string): void {
    this.launch(python, runDir, trainArgs({ preset, data, out: runDir, resume: false, threads: this.deps.threads() }));
  }

  /** "Train with my code": train_mine.py runs the learner's train() from `exerciseDir` on the demo preset. */
  startMine(python: string, exerciseDir: string, data: string, runDir: string): void {
    this.launch(python, runDir, mineArgs({ exerciseDir, data, out: runDir, threads: this.deps.threads() }), MINE_SCRIPT);
  }

  resume(python: string): void {
    const runDir = this.status.runDir;
    // Their train() makes its own optimizer and batches, so there is no state to go on from.
    if (this.status.mine) throw new Error('a run of your own train() cannot be resumed: start it again (Export works on its last checkpoint)');
    if (!runDir || !fs.existsSync(path.join(runDir, CKPT))) throw new Error('there is no checkpoint to resume from yet');
    this.launch(python, runDir, trainArgs({ preset: 'demo', data: '', out: runDir, resume: true, threads: this.deps.threads() }));
  }

  stop(): void {
    this.proc?.stop();
  }

  /**
   * Runs export.py on the run's checkpoint; resolves with the model.onnx path. It writes into
   * <run>/export.partial, which becomes <run>/export only once export.py has finished: a failed
   * export leaves no folder the playground could open. A failure is said in the view's status (its
   * "Exporting…" ends) and thrown, with export.py's own last words.
   */
  async export(python: string): Promise<string> {
    const runDir = this.status.runDir;
    if (this.proc) throw new Error('stop the run first: export reads the checkpoint the run is still writing');
    if (this.exporting) throw new Error('an export of this run is already going');
    if (!runDir || !fs.existsSync(path.join(runDir, CKPT))) throw new Error('there is no checkpoint to export yet');
    const out = path.join(runDir, EXPORT_FOLDER);
    const partial = path.join(runDir, EXPORT_PARTIAL);
    this.exporting = true;
    try {
      fs.rmSync(partial, { recursive: true, force: true }); // an earlier export that died half-way
      const p = startTraining({
        python, script: path.join(this.deps.scriptsDir, 'export.py'), args: ['--ckpt', path.join(runDir, CKPT), '--out', partial],
        cwd: runDir, env: this.deps.env(), onEvent: () => {}, onOther: (l) => this.deps.log(`export: ${l}`),
      });
      const exit = await p.exit;
      if (exit.code !== 0) {
        fs.rmSync(partial, { recursive: true, force: true });
        throw new Error(failureMessage(exit, undefined, 'export.py'));
      }
      fs.rmSync(out, { recursive: true, force: true });
      fs.renameSync(partial, out);
    } catch (e) {
      const cause = e instanceof Error ? e.message : String(e);
      this.deps.log(`export failed: ${cause}`);
      this.setStatus({ ...this.status, exported: this.exportedModel(runDir), message: `Export failed: ${cause}` });
      throw e;
    } finally {
      this.exporting = false;
    }
    const model = path.join(out, 'model.onnx');
    this.setStatus({ ...this.status, exported: model, message: `Exported to ${out}` });
    return model;
  }

  private exportedModel(runDir: string): string | undefined {
    const model = path.join(runDir, EXPORT_FOLDER, 'model.onnx');
    return fs.existsSync(model) ? model : undefined;
  }

  private launch(python: string, runDir: string, args: string[], script = 'train.py'): void {
    if (this.proc) throw new Error('a training run is already going; stop it first');
    fs.mkdirSync(runDir, { recursive: true });
    this.python = python;
    this.events = [];
    for (const l of this.listeners) l.onReset();
    let lastError: string | undefined;
    const mine = script === MINE_SCRIPT || undefined;
    this.deps.log(`training: ${python} ${script} ${args.join(' ')}`);
    const proc = startTraining({
      python, script: path.join(this.deps.scriptsDir, script), args, cwd: runDir, env: this.deps.env(),
      onEvent: (e) => {
        if (e.kind === 'error') lastError = e.message;
        this.record(runDir, e);
        if (e.kind === 'ckpt' && !this.status.hasCheckpoint) this.setStatus({ ...this.status, hasCheckpoint: true });
        this.events.push(e);
        for (const l of this.listeners) l.onEvent(e);
      },
      onOther: (l) => this.deps.log(`training: ${l}`),
    });
    this.proc = proc;
    this.setStatus({ state: 'running', runDir, hasCheckpoint: fs.existsSync(path.join(runDir, CKPT)), mine });
    void proc.exit.then((exit) => {
      this.proc = undefined;
      removeIfEmpty(runDir);
      const hasCheckpoint = fs.existsSync(path.join(runDir, CKPT));
      const stopped = mine ? 'A run of your own loop cannot be resumed; Export works on its last checkpoint.' : 'Resume goes on from the last checkpoint.';
      if (exit.stopped) this.setStatus({ state: 'stopped', runDir, hasCheckpoint, message: stopped, mine });
      else if (exit.code === 0) this.setStatus({ state: 'done', runDir, hasCheckpoint, message: 'Training finished.', mine });
      else {
        const message = failureMessage(exit, lastError);
        this.deps.log(`training failed: ${message}`);
        this.setStatus({ state: 'failed', runDir, hasCheckpoint, message, mine });
      }
    });
  }

  /** Into the run's event log; a log that cannot be written costs the curves after a reload, not the run. */
  private record(runDir: string, e: TrainEvent): void {
    try {
      appendEvent(runDir, e);
    } catch (err) {
      this.deps.log(`training: could not write the event log in ${runDir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The Python of the last run, for Export after a Stop. */
  get lastPython(): string | undefined {
    return this.python;
  }

  private setStatus(s: RunStatus): void {
    this.status = s;
    for (const l of this.listeners) l.onStatus(s);
  }
}

/** A run that wrote nothing (Python never started) leaves no folder to be taken for a run after a reload. */
function removeIfEmpty(runDir: string): void {
  try {
    if (fs.readdirSync(runDir).length === 0) fs.rmdirSync(runDir);
  } catch {
    // gone already, or not ours to judge
  }
}
