// Exercises benchmark: time to scaffold an exercise, and the overhead of running its tests the way
// the extension does (runner + process-group spawn + streaming parse) compared with running the
// same tests directly with Python. Run: node --import tsx scripts/bench/exercises.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunnerOutputParser, parseRunOutput } from '../../src/exercises/results';
import { hardTimeoutMs, runProcess, testCommand } from '../../src/exercises/runner';
import { scaffoldExercise } from '../../src/exercises/scaffold';
import { decodeSpec, type ExerciseSpec } from '../../src/exercises/spec';
import type { ExerciseMeta } from '../../src/shared/curriculum/model';

const REPO = path.resolve(__dirname, '..', '..');
const EXERCISES = path.join(REPO, 'curriculum', 'exercises');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function specOf(id: string): ExerciseSpec {
  const meta = JSON.parse(fs.readFileSync(path.join(EXERCISES, id, 'exercise.json'), 'utf8')) as ExerciseMeta;
  const spec = decodeSpec(meta);
  if (typeof spec === 'string') throw new Error(spec);
  return spec;
}

function scaffold(id: string, root: string): string {
  const spec = specOf(id);
  const dir = path.join(root, id);
  scaffoldExercise({ spec, exerciseDir: path.join(EXERCISES, id), runnerPath: path.join(EXERCISES, '_runner', 'llmstudy_test.py'), extensionRoot: REPO }, dir);
  return dir;
}

function timeDirect(dir: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(python, args, { cwd: dir, stdio: 'ignore', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed in ${dir}`);
  return performance.now() - t0;
}

async function timeExtension(dir: string): Promise<number> {
  const t0 = performance.now();
  const cmd = testCommand(dir, { timeoutSeconds: 60 });
  const parser = new RunnerOutputParser();
  const r = await runProcess({ command: python, args: cmd.args, cwd: dir, env: cmd.env, timeoutMs: hardTimeoutMs(60), onStdout: (s) => parser.push(s) }).result;
  parser.end();
  const parsed = parseRunOutput(r.stdout);
  if (!parsed.summary || parsed.summary.failed) throw new Error(`extension-style run failed in ${dir}`);
  return performance.now() - t0;
}

export async function benchExercises(reps = 7): Promise<Record<string, number>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-bench-'));
  const ids = ['attention', 'autograd', 'multi-head-attention'].filter((id) => fs.existsSync(path.join(EXERCISES, id, 'exercise.json')));
  const out: Record<string, number> = {};
  try {
    const scaffoldMs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      scaffold('attention', path.join(root, `s${i}`));
      scaffoldMs.push(performance.now() - t0);
    }
    out.scaffoldAttentionMs = median(scaffoldMs);
    for (const id of ids) {
      const dir = scaffold(id, root);
      const spec = specOf(id);
      fs.copyFileSync(path.join(EXERCISES, id, spec.solution), path.join(dir, spec.stub));
      timeDirect(dir, ['-m', 'unittest', '-q']); // warm the file cache
      const unittest = median(Array.from({ length: reps }, () => timeDirect(dir, ['-m', 'unittest', '-q'])));
      const runner = median(Array.from({ length: reps }, () => timeDirect(dir, ['llmstudy_test.py', '--format', 'json'])));
      const ext: number[] = [];
      for (let i = 0; i < reps; i++) ext.push(await timeExtension(dir));
      out[`${id}.unittestMs`] = unittest;
      out[`${id}.runnerMs`] = runner;
      out[`${id}.extensionMs`] = median(ext);
      out[`${id}.overheadRatio`] = median(ext) / unittest;
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  void benchExercises().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(36)} ${k.endsWith('Ratio') ? v.toFixed(2) : `${v.toFixed(1)} ms`}`);
  });
}
