// Where runs live and how train.py is called: pure, so the unit tests pin the rules that keep a
// learner's runs safe (a new run never lands in an old run's folder; nothing is written inside
// the extension).
import fs from 'node:fs';
import path from 'node:path';
import type { Preset } from '../shared/protocols/training';
import { resolveRootSetting } from '../util/exercisesRoot';

export const RUNS_FOLDER = 'training-runs';
export const CKPT = 'ckpt.pt';
export const EXPORT_FOLDER = 'export';
/** Where an export is written before it becomes EXPORT_FOLDER whole: a failed export never counts. */
export const EXPORT_PARTIAL = 'export.partial';
/** The run's events as the view drew them (eventLog.ts). */
export const EVENT_LOG = 'events.jsonl';
/** train_mine.py writes it into a run of the learner's own loop (training/train_mine.py MARKER). */
export const MINE_MARKER = 'my-code.json';
/** The exercise whose solution "Train with my code" runs, and the file it imports. */
export const MINE_EXERCISE = 'train-loop';
export const MINE_MODULE = 'train_loop.py';

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** A fresh folder name for a run: `<preset>-<data>-<time>`, with a counter when that is taken. */
export function newRunDir(runsRoot: string, preset: Preset, dataPath: string, now: Date, exists: (p: string) => boolean = fs.existsSync): string {
  const data = path.basename(dataPath).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40) || 'data';
  const base = path.join(runsRoot, `${preset}-${data}-${stamp(now)}`);
  // Two starts within a second must not share a folder: the second would overwrite the first's checkpoint.
  let dir = base;
  for (let i = 2; exists(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/** True when `p` is `parent` or inside it (after resolving `..`). */
export function isInside(p: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface TrainArgs {
  preset: Preset;
  data: string;
  out: string;
  resume: boolean;
  threads: number;
}

/** The command line after `train.py`. A resume takes its settings from the checkpoint, so it passes no data or preset. */
export function trainArgs(a: TrainArgs): string[] {
  const common = ['--out', a.out, '--live', '--threads', String(a.threads)];
  return a.resume ? [...common, '--resume'] : ['--preset', a.preset, '--data', a.data, ...common];
}

/** The command line after `train_mine.py`: the learner's loop always trains the demo preset. */
export function mineArgs(a: { exerciseDir: string; data: string; out: string; threads: number }): string[] {
  return ['--exercise-dir', a.exerciseDir, '--preset', 'demo', '--data', a.data, '--out', a.out, '--live', '--threads', String(a.threads)];
}

/** Why the learner's loop cannot run yet (no exercise folder, no train_loop.py in it), or undefined when it can. */
export function mineProblem(folder: string | undefined, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  if (!folder) return `Train with my code runs your solution of the ${MINE_EXERCISE} exercise, which you have not started: start it (LLM Study: Start Exercise) and make its tests pass.`;
  if (!exists(path.join(folder, MINE_MODULE))) return `Train with my code needs ${path.join(folder, MINE_MODULE)}, which is not there: reset the ${MINE_EXERCISE} exercise or put your solution back.`;
  return undefined;
}

/**
 * The latest run under the runs root, for the view after a reload: a folder with a checkpoint or
 * an event log (a run stopped before its first checkpoint counts: it is the one the learner last
 * saw, not an older one), newest by its last write.
 */
export function latestRun(runsRoot: string): string | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(runsRoot, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const lastWrite = (dir: string) => Math.max(-1, ...[CKPT, EVENT_LOG].map((f) => {
    try {
      return fs.statSync(path.join(dir, f)).mtimeMs;
    } catch {
      return -1;
    }
  }));
  const runs = entries
    .filter((e) => e.isDirectory())
    .map((e) => ({ dir: path.join(runsRoot, e.name), t: lastWrite(path.join(runsRoot, e.name)) }))
    .filter((r) => r.t >= 0);
  runs.sort((a, b) => b.t - a.t);
  return runs[0]?.dir;
}

/**
 * The exercises root exactly as the exercises feature reads it (src/util/exercisesRoot.ts), so runs
 * sit beside the learner's exercises. Undefined when it cannot be resolved (a relative path or
 * ${workspaceFolder} with no folder open): training then falls back to the workspace folder.
 */
export function expandRoot(setting: string, home: string, workspace: string | undefined): string | undefined {
  const resolved = resolveRootSetting(setting, { home, workspace });
  return 'root' in resolved ? resolved.root : undefined;
}
