// Proof that the exercise tests test: for every exercise, scaffold it into a temp folder the way
// the extension does (stub, tests, runner, provided files, data), then run its tests three ways.
// The stub must fail, the reference solution must pass, and every mutant (a plausible wrong
// answer) must fail. Besides the mutants declared in exercise.json, fairness.py generates one
// "ignores X" mutant per parameter of every function the learner writes (a solution that never
// reads X must fail a test; exemptions in exercise.json's fairness.exempt, with a reason) and a
// float32 variant (the solution with its float inputs cast to float32 must pass, unless
// fairness.float64 says why precision is the lesson). Usage: node --import tsx scripts/checkExercises.ts [--verbose] [id ...]
// $LLM_STUDY_DATA: where names.txt is (else ../shared/data); $LLM_STUDY_MODEL_DIR: another model
// folder to check gpt-forward and induction-heads against (else media/model).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRunOutput, type ParsedRun } from '../src/exercises/results';
import { applyMutant, MutantError, type Mutant } from '../src/exercises/mutants';
import { copyRunner } from '../src/exercises/scaffold';

const repo = path.resolve(__dirname, '..');
const exercisesDir = path.join(repo, 'curriculum', 'exercises');
const runnerDir = path.join(exercisesDir, '_runner');
const fairnessTool = path.join(exercisesDir, '_runner', 'fairness.py');
const python = process.env.LLM_STUDY_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
// The runner stops itself first (and says where it was); the kill is for a runner that cannot.
const RUNNER_TIMEOUT_S = 100;
const KILL_AFTER_MS = 130_000;
const PARALLEL = 2;

interface DataFile {
  file: string;
  source?: string;
  copyFrom?: string;
}
interface Exercise {
  id: string;
  status?: string;
  files: {
    stub: string;
    tests: string[];
    readme?: string;
    solution: string;
    provided?: string[];
  };
  mutants?: Mutant[];
  data?: DataFile[];
  fairness?: { exempt?: { parameter: string; why: string }[]; float64?: string };
}

/** What fairness.py makes of a stub and its solution. */
interface Generated {
  functions: { name: string; params: string[] }[];
  ignores: { function: string; parameter: string; replacement: string; text: string }[];
  float32: string;
}

interface Variant {
  label: string;
  kind: 'stub' | 'solution' | 'declared' | 'ignores' | 'float32';
  /** function.parameter, for an ignores mutant. */
  parameter?: string;
  /** The text that takes the stub's place. */
  text: string;
  expect: 'fail' | 'pass';
}

interface Outcome {
  variant: Variant;
  run: ParsedRun;
  code: number | null;
  timedOut: boolean;
  stderr: string;
}

/** A file of an exercise, as text. */
function read(id: string, file: string): string {
  return fs.readFileSync(path.join(exercisesDir, id, file), 'utf8');
}

function readExercise(id: string): Exercise {
  return JSON.parse(fs.readFileSync(path.join(exercisesDir, id, 'exercise.json'), 'utf8')) as Exercise;
}

/** names.txt and the like: $LLM_STUDY_DATA (folder or file), else the shared data folder beside the repo. */
function findData(file: string): string | undefined {
  const env = process.env.LLM_STUDY_DATA;
  const candidates = [
    ...(env ? [fs.existsSync(env) && fs.statSync(env).isFile() ? env : path.join(env, file)] : []),
    path.join(repo, '..', 'shared', 'data', file),
  ];
  return candidates.find((c) => fs.existsSync(c));
}

/** Where a copyFrom file comes from: the repo, unless $LLM_STUDY_MODEL_DIR points at another model to check against. */
function copySource(d: DataFile): string | undefined {
  if (!d.copyFrom) return undefined;
  const override = process.env.LLM_STUDY_MODEL_DIR;
  if (override && d.copyFrom.startsWith('media/model/')) return path.join(override, path.basename(d.copyFrom));
  return path.join(repo, d.copyFrom);
}

/** What is wrong with the exercise folder itself, before running anything. */
function layoutProblems(id: string, ex: Exercise): string[] {
  const dir = path.join(exercisesDir, id);
  const problems: string[] = [];
  const f = ex.files;
  const listed = [f.stub, ...f.tests, f.solution, ...(f.readme ? [f.readme] : []), ...(f.provided ?? [])];
  for (const file of listed) if (!fs.existsSync(path.join(dir, file))) problems.push(`missing ${file}`);
  if (path.basename(f.solution) !== f.stub) problems.push(`solution ${f.solution} must be named like the stub ${f.stub}`);
  if (fs.existsSync(path.join(dir, f.solution))) {
    const solution = fs.readFileSync(path.join(dir, f.solution), 'utf8');
    for (const m of ex.mutants ?? []) {
      try {
        applyMutant(solution, m);
      } catch (e) {
        problems.push(e instanceof MutantError ? e.message : String(e));
      }
    }
  }
  for (const d of ex.data ?? []) {
    const from = copySource(d);
    if (from && !fs.existsSync(from)) problems.push(`data ${d.file}: ${path.relative(repo, from)} does not exist`);
  }
  return problems;
}

/** Lays the exercise out as the learner would get it, with `text` in place of the stub. */
function scaffold(id: string, ex: Exercise, text: string, missing: Set<string>): string {
  const src = path.join(exercisesDir, id);
  const dst = fs.mkdtempSync(path.join(os.tmpdir(), `llmstudy-${id}-`));
  for (const file of [...ex.files.tests, ...(ex.files.readme ? [ex.files.readme] : []), ...(ex.files.provided ?? [])]) {
    fs.copyFileSync(path.join(src, file), path.join(dst, path.basename(file)));
  }
  fs.writeFileSync(path.join(dst, ex.files.stub), text);
  copyRunner(runnerDir, dst);
  for (const d of ex.data ?? []) {
    const from = copySource(d) ?? findData(d.file);
    if (from && fs.existsSync(from)) fs.copyFileSync(from, path.join(dst, d.file));
    else missing.add(d.file);
  }
  return dst;
}

function generate(id: string, ex: Exercise): Generated {
  const r = spawnSync(python, [fairnessTool, path.join(exercisesDir, id, ex.files.stub), path.join(exercisesDir, id, ex.files.solution)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`fairness.py failed on ${id}: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout) as Generated;
}

function runTests(dir: string): Promise<Omit<Outcome, 'variant'>> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
    delete env.LLM_STUDY_DATA;
    delete env.LLM_STUDY_MODEL_DIR;
    const child = spawn(python, ['llmstudy_test.py', '--format', 'json', '--timeout', String(RUNNER_TIMEOUT_S)], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    const done = (code: number | null) => {
      clearTimeout(timer);
      resolve({ run: parseRunOutput(stdout), code, timedOut, stderr });
    };
    child.on('error', (e) => {
      stderr += String(e);
      done(null);
    });
    child.on('close', done);
  });
}

/** Runs jobs with at most `limit` at a time, keeping results in order. */
function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let next = 0;
  const results: Promise<T>[] = [];
  const slots: (() => void)[] = [];
  let running = 0;
  const release = () => {
    running--;
    slots.shift()?.();
  };
  for (const job of jobs) {
    const index = next++;
    results[index] = new Promise<void>((go) => (running < limit ? (running++, go()) : slots.push(() => (running++, go())))).then(
      () => job().finally(release),
    );
  }
  return results;
}

function judge(o: Outcome): string | undefined {
  const { run, variant } = o;
  const s = run.summary;
  if (o.timedOut) return `${variant.label}: killed after ${KILL_AFTER_MS / 1000} s`;
  if (variant.expect === 'pass') {
    if (!s) return `${variant.label}: no closing line (exit ${o.code}) ${o.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    if (s.failed > 0) {
      const bad = run.results.find((r) => r.status === 'failed' || r.status === 'error');
      return `${variant.label}: ${s.failed} test(s) fail${bad ? `, e.g. "${bad.name}": ${bad.message}` : ''}`;
    }
    if (s.passed === 0) return `${variant.label}: no test passed`;
    if (o.code !== 0) return `${variant.label}: exit code ${o.code} although all passed`;
    return undefined;
  }
  const failed = s ? s.failed : run.results.filter((r) => r.status === 'failed' || r.status === 'error').length;
  if (failed === 0) {
    if (variant.kind === 'ignores') return `${variant.label}: passes every test (${s?.passed ?? 0} passed); no test notices that ${variant.parameter} is ignored`;
    return `${variant.label}: passes every test (${s?.passed ?? 0} passed); the tests miss this mistake`;
  }
  if (o.code === 0) return `${variant.label}: tests fail but the exit code is 0`;
  return undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const only = args.filter((a) => !a.startsWith('--'));
  const ids = fs
    .readdirSync(exercisesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(exercisesDir, d.name, 'exercise.json')))
    .map((d) => d.name)
    .filter((id) => only.length === 0 || only.includes(id))
    .sort();
  const t0 = Date.now();
  const cleanup: string[] = [];

  const plans = ids.map((id) => {
    const ex = readExercise(id);
    const problems = ex.status === 'planned' ? [] : layoutProblems(id, ex);
    const checked = ex.status !== 'planned' && problems.length === 0;
    const generated = checked ? generate(id, ex) : undefined;
    const exempt = new Map((ex.fairness?.exempt ?? []).map((e) => [e.parameter, e.why]));
    for (const name of exempt.keys()) {
      if (generated && !generated.ignores.some((g) => `${g.function}.${g.parameter}` === name)) {
        problems.push(`fairness.exempt names ${name}, which is not a parameter of a function the learner writes`);
      }
    }
    const variants: Variant[] = !checked
      ? []
      : [
          { label: 'stub', kind: 'stub', text: read(id, ex.files.stub), expect: 'fail' },
          { label: 'solution', kind: 'solution', text: read(id, ex.files.solution), expect: 'pass' },
          ...(ex.mutants ?? []).map(
            (m): Variant => ({ label: `mutant ${m.id}`, kind: 'declared', text: applyMutant(read(id, ex.files.solution), m), expect: 'fail' }),
          ),
          ...(generated?.ignores ?? [])
            .filter((g) => !exempt.has(`${g.function}.${g.parameter}`))
            .map(
              (g): Variant => ({
                label: `mutant ignores ${g.function}.${g.parameter} (as ${g.replacement})`,
                kind: 'ignores',
                parameter: `${g.function}.${g.parameter}`,
                text: g.text,
                expect: 'fail',
              }),
            ),
          ...(generated && !ex.fairness?.float64
            ? [{ label: 'solution with float32 inputs', kind: 'float32', text: generated.float32, expect: 'pass' } satisfies Variant]
            : []),
        ];
    const missing = new Set<string>();
    const jobs = variants.map((v) => async (): Promise<Outcome> => {
      const dir = scaffold(id, ex, v.text, missing);
      cleanup.push(dir);
      return { variant: v, ...(await runTests(dir)) };
    });
    return { id, ex, problems, variants, missing, jobs, generated, exempt };
  });
  const all = pool(plans.flatMap((p) => p.jobs), PARALLEL);

  let passed = 0;
  let failed = 0;
  let at = 0;
  for (const p of plans) {
    const outcomes = await Promise.all(all.slice(at, at + p.jobs.length));
    at += p.jobs.length;
    if (p.ex.status === 'planned') {
      console.log(`- ${p.id}: planned, not checked`);
      continue;
    }
    const problems = [...p.problems, ...outcomes.map(judge).filter((x): x is string => x !== undefined)];
    const stub = outcomes.find((o) => o.variant.label === 'stub');
    const sol = outcomes.find((o) => o.variant.label === 'solution');
    const mutants = outcomes.filter((o) => o.variant.kind === 'declared' || o.variant.kind === 'ignores');
    const caught = (o: Outcome) => judge(o) === undefined;
    const total = sol?.run.summary ? sol.run.summary.passed + sol.run.summary.failed + sol.run.summary.skipped : 0;
    const ms = outcomes.reduce((n, o) => n + o.run.results.reduce((m, r) => m + r.durationMs, 0), 0);
    // The solution's own run is what a learner waits for on every save: keep it under ~3 s.
    const solMs = sol ? sol.run.results.reduce((m, r) => m + r.durationMs, 0) : 0;
    const skipped = sol?.run.summary?.skipped ?? 0;
    const note = skipped ? `; ${skipped} skipped${p.missing.size ? ` (${[...p.missing].join(', ')} not found: set LLM_STUDY_DATA)` : ''}` : '';
    if (problems.length === 0) {
      passed++;
      console.log(
        `✓ ${p.id}: stub fails ${stub?.run.summary?.failed}/${total}, solution passes ${sol?.run.summary?.passed}/${total}, ` +
          `${mutants.length}/${mutants.length} mutants caught (${Math.round(ms)} ms in tests, the solution's ${Math.round(solMs)} ms)${note}`,
      );
    } else {
      failed++;
      console.log(`✗ ${p.id}`);
      for (const problem of problems) console.log(`    ${problem}`);
    }
    // What the tests were proven against: each parameter of each learner function (✓ its
    // ignores-mutant fails, ✗ it passes, ~ exempt), then the declared mutants caught.
    const byParam = new Map(outcomes.filter((o) => o.variant.kind === 'ignores').map((o) => [o.variant.parameter, caught(o)]));
    const params = (p.generated?.functions ?? []).map(
      (f) => `${f.name}(${f.params.map((x) => `${x} ${p.exempt.has(`${f.name}.${x}`) ? '~' : byParam.get(`${f.name}.${x}`) ? '✓' : '✗'}`).join(', ')})`,
    );
    if (params.length) console.log(`    parameters: ${params.join(' ')}`);
    const declared = outcomes.filter((o) => o.variant.kind === 'declared');
    if (declared.length) console.log(`    declared mutants caught: ${declared.filter(caught).map((o) => o.variant.label.replace('mutant ', '')).join(', ') || 'none'}`);
    const f32 = outcomes.find((o) => o.variant.kind === 'float32');
    if (f32 || p.ex.fairness?.float64) console.log(`    float32 inputs: ${f32 ? (caught(f32) ? 'pass' : 'FAIL') : `not required (${p.ex.fairness?.float64})`}`);
    if (verbose) {
      for (const o of outcomes) {
        for (const r of o.run.results.filter((r) => r.status !== 'passed')) console.log(`      [${o.variant.label}] ${r.status} ${r.id}: ${r.message}`);
      }
    }
  }
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  console.log(`(${python}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
