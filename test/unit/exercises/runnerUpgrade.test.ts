// The runner is llmstudy_test.py plus its package llmstudy_runner/ (issue 12). Folders started
// before the split hold llmstudy_test.py alone: opening them again must bring the package without
// touching the learner's files, and anything of the learner's in the package's place is backed up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRunOutput } from '../../../src/exercises/results';
import { runnerFiles, scaffoldExercise, type ScaffoldSource } from '../../../src/exercises/scaffold';
import { decodeSpec, RUNNER_FILE, RUNNER_MARK, RUNNER_PACKAGE, type ExerciseSpec } from '../../../src/exercises/spec';
import type { ExerciseMeta } from '../../../src/shared/curriculum/model';

const REPO = path.resolve(__dirname, '../../..');
const RUNNER_DIR = path.join(REPO, 'curriculum/exercises/_runner');
const python = process.env.LLM_STUDY_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

function attention(): ScaffoldSource {
  const meta = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum/exercises/attention/exercise.json'), 'utf8')) as ExerciseMeta;
  return {
    spec: decodeSpec(meta) as ExerciseSpec,
    exerciseDir: path.join(REPO, 'curriculum/exercises/attention'),
    runnerPath: path.join(RUNNER_DIR, RUNNER_FILE),
    extensionRoot: REPO,
  };
}

/** A folder as the runner before the split left it: the learner's work and llmstudy_test.py alone. */
function oldFolder(): { root: string; dir: string; mine: Record<string, string> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-upgrade-'));
  const dir = path.join(root, 'attention');
  fs.mkdirSync(dir);
  const mine: Record<string, string> = {
    'attention.py': '# my attention, half done\ndef softmax(x):\n    raise NotImplementedError\n',
    'test_attention.py': fs.readFileSync(path.join(REPO, 'curriculum/exercises/attention/test_attention.py'), 'utf8') + '\n# my note\n',
    'README.md': '# my own notes\n',
    'scratch.py': 'print("trying things")\n',
  };
  for (const [name, text] of Object.entries(mine)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, RUNNER_FILE), '"""LLM Study test runner and test helpers (the single-file version)."""\n');
  return { root, dir, mine };
}

function assertUntouched(dir: string, mine: Record<string, string>): void {
  for (const [name, text] of Object.entries(mine)) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), text, `${name} is the learner's, unchanged`);
}

test('runnerFiles: every module of the package, then llmstudy_test.py; each starts with the mark that says it is ours', () => {
  const files = runnerFiles(RUNNER_DIR);
  assert.equal(files.at(-1), RUNNER_FILE, 'the entry file is copied last');
  const modules = fs.readdirSync(path.join(RUNNER_DIR, RUNNER_PACKAGE)).filter((n) => n.endsWith('.py'));
  assert.ok(modules.length >= 5 && modules.includes('__init__.py'), modules.join(', '));
  assert.deepEqual(files.slice(0, -1).sort(), modules.map((n) => `${RUNNER_PACKAGE}/${n}`).sort());
  for (const rel of files) assert.ok(fs.readFileSync(path.join(RUNNER_DIR, rel), 'utf8').startsWith(RUNNER_MARK), `${rel} starts with the mark`);
});

test('a folder from before the split (llmstudy_test.py alone) gets the package, its learner files untouched and no backup', { skip: !hasNumpy }, () => {
  const { root, dir, mine } = oldFolder();
  const r = scaffoldExercise(attention(), dir);
  assert.equal(r.created, false);
  for (const rel of runnerFiles(RUNNER_DIR)) {
    assert.ok(fs.readFileSync(path.join(dir, rel)).equals(fs.readFileSync(path.join(RUNNER_DIR, rel))), `${rel} is the current runner's`);
    assert.ok(r.written.includes(rel), `${rel} reported as written`);
  }
  assertUntouched(dir, mine);
  assert.equal(r.backup, undefined);
  assert.deepEqual(r.warnings, []);
  assert.ok(!fs.existsSync(path.join(root, '.llm-study-backups')), 'nothing of the learner\'s was in the way');
  // And the upgraded folder runs: the learner's edited test file through the new runner.
  const run = spawnSync(python, [RUNNER_FILE, '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const parsed = parseRunOutput(run.stdout);
  assert.equal(parsed.aborted, undefined, run.stdout + run.stderr);
  assert.ok(parsed.results.length > 3, run.stdout + run.stderr);
  assert.ok(parsed.results.some((t) => t.status !== 'passed'), 'the half-done stub fails');
  assertUntouched(dir, mine);
});

test('a learner\'s file named like the package is backed up, then the package takes its place, with a warning', () => {
  const { root, dir, mine } = oldFolder();
  fs.writeFileSync(path.join(dir, RUNNER_PACKAGE), 'my notes about the runner\n');
  const r = scaffoldExercise(attention(), dir);
  assert.ok(r.backup && r.backup.startsWith(path.join(root, '.llm-study-backups', 'attention-')), String(r.backup));
  assert.equal(fs.readFileSync(path.join(r.backup, RUNNER_PACKAGE), 'utf8'), 'my notes about the runner\n');
  assert.ok(fs.statSync(path.join(dir, RUNNER_PACKAGE)).isDirectory());
  assert.ok(fs.existsSync(path.join(dir, RUNNER_PACKAGE, '__init__.py')));
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], new RegExp(`Your ${RUNNER_PACKAGE} stood where LLM Study's test runner goes.*a copy is in .*attention-`));
  assertUntouched(dir, mine);
});

test('in a folder of the learner\'s by the package\'s name, a file we did not write is backed up before ours replaces it; their other files stay', () => {
  const { dir, mine } = oldFolder();
  fs.mkdirSync(path.join(dir, RUNNER_PACKAGE));
  fs.writeFileSync(path.join(dir, RUNNER_PACKAGE, 'report.py'), '# my report\n');
  fs.writeFileSync(path.join(dir, RUNNER_PACKAGE, 'mine.py'), '# mine\n');
  const r = scaffoldExercise(attention(), dir);
  assert.ok(r.backup);
  assert.equal(fs.readFileSync(path.join(r.backup, RUNNER_PACKAGE, 'report.py'), 'utf8'), '# my report\n');
  assert.ok(!fs.existsSync(path.join(r.backup, RUNNER_PACKAGE, 'mine.py')), 'only what was in the way is in the backup');
  assert.ok(fs.readFileSync(path.join(dir, RUNNER_PACKAGE, 'report.py'), 'utf8').startsWith(RUNNER_MARK));
  assert.equal(fs.readFileSync(path.join(dir, RUNNER_PACKAGE, 'mine.py'), 'utf8'), '# mine\n');
  assertUntouched(dir, mine);
});

test('an older version of our own runner files is replaced without a backup', () => {
  const { root, dir } = oldFolder();
  scaffoldExercise(attention(), dir);
  fs.writeFileSync(path.join(dir, RUNNER_PACKAGE, 'cli.py'), `${RUNNER_MARK}an older version\n`);
  const r = scaffoldExercise(attention(), dir);
  assert.deepEqual(r.written, [`${RUNNER_PACKAGE}/cli.py`]);
  assert.equal(r.backup, undefined);
  assert.ok(!fs.existsSync(path.join(root, '.llm-study-backups')));
});
