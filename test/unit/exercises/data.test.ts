// Data an exercise reads (names.txt) when the network is not there: the download fails with a
// reason and leaves nothing half-written; the bigram tests skip with how to get the file, and run
// on a local copy named by LLM_STUDY_DATA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adoptLocalData, downloadData, scaffoldExercise, type Fetcher } from '../../../src/exercises/scaffold';
import { decodeSpec, type ExerciseSpec } from '../../../src/exercises/spec';
import { parseRunOutput } from '../../../src/exercises/results';
import type { ExerciseMeta } from '../../../src/shared/curriculum/model';

const REPO = path.resolve(__dirname, '../../..');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const SHARED_NAMES = path.resolve(REPO, '../shared/data/names.txt');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-data-'));
const file = { file: 'names.txt', description: 'names', source: 'https://example.org/names.txt' };
const bytes = (s: string) => ({ ok: true, status: 200, arrayBuffer: async () => new TextEncoder().encode(s).buffer as ArrayBuffer });

test('download: offline, a server error, a wrong checksum and no answer each say why and write nothing', async () => {
  const dir = tmp();
  const offline: Fetcher = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(downloadData(file, dir, offline), /fetch failed/);
  await assert.rejects(downloadData(file, dir, async () => ({ ...bytes(''), ok: false, status: 404 })), /the server answered 404/);
  const sha256 = createHash('sha256').update('emma\n').digest('hex');
  await assert.rejects(downloadData({ ...file, sha256 }, dir, async () => bytes('not names\n')), /checksum does not match/);
  const hang: Fetcher = (_url, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  await assert.rejects(downloadData(file, dir, hang, 50), /no answer within 0 s/);
  assert.deepEqual(fs.readdirSync(dir), [], 'no partial or temporary file is left');

  await downloadData({ ...file, sha256 }, dir, async () => bytes('emma\n'));
  assert.equal(fs.readFileSync(path.join(dir, 'names.txt'), 'utf8'), 'emma\n');
});

test('a copy picked by hand is checked against the known checksum before it is used', () => {
  const dir = tmp();
  const picked = path.join(tmp(), 'mine.txt');
  fs.writeFileSync(picked, 'olivia\n');
  const sha256 = createHash('sha256').update('emma\n').digest('hex');
  assert.throws(() => adoptLocalData({ ...file, sha256 }, picked, dir), /mine\.txt is not the expected names\.txt/);
  assert.equal(fs.existsSync(path.join(dir, 'names.txt')), false);
  adoptLocalData(file, picked, dir);
  assert.equal(fs.readFileSync(path.join(dir, 'names.txt'), 'utf8'), 'olivia\n');
});

function bigram(localData?: string): string {
  const meta = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum/exercises/bigram/exercise.json'), 'utf8')) as ExerciseMeta;
  const spec = decodeSpec(meta) as ExerciseSpec;
  const dir = path.join(tmp(), 'bigram');
  const r = scaffoldExercise({ spec, exerciseDir: path.join(REPO, 'curriculum/exercises/bigram'), runnerPath: path.join(REPO, 'curriculum/exercises/_runner/llmstudy_test.py'), extensionRoot: REPO, localData }, dir);
  assert.equal(r.created, true);
  // The reference solution in place of the stub: what is left to see is only the data file.
  fs.copyFileSync(path.join(REPO, 'curriculum/exercises/bigram/solution/bigram.py'), path.join(dir, 'bigram.py'));
  return dir;
}

function runTests(dir: string, localData?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.LLM_STUDY_DATA;
  if (localData) env.LLM_STUDY_DATA = localData;
  const r = spawnSync(python, ['llmstudy_test.py', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env });
  return parseRunOutput(r.stdout);
}

test('bigram offline: the test that reads names.txt skips and says how to get it; the rest run', { skip: !hasNumpy && 'no numpy' }, () => {
  const dir = bigram();
  assert.equal(fs.existsSync(path.join(dir, 'names.txt')), false);
  const r = runTests(dir);
  const skipped = r.results.filter((t) => t.status === 'skipped');
  assert.equal(skipped.length, 1, JSON.stringify(r.results.map((t) => [t.id, t.status])));
  assert.match(skipped[0].message ?? '', /names\.txt is missing: download it from https:\/\/raw\.githubusercontent\.com\/karpathy\/makemore.*LLM_STUDY_DATA/);
  assert.ok(r.results.filter((t) => t.status === 'passed').length >= 3, 'the other tests do not need the file');
  assert.equal(r.results.filter((t) => t.status === 'failed').length, 0);
});

test('bigram with LLM_STUDY_DATA: a local copy is used, by the scaffold and by the tests', { skip: (!hasNumpy && 'no numpy') || (!fs.existsSync(SHARED_NAMES) && 'no local names.txt') }, () => {
  const copied = bigram(SHARED_NAMES);
  assert.ok(fs.existsSync(path.join(copied, 'names.txt')), 'scaffold copies the local file instead of downloading');
  const dir = bigram();
  const r = runTests(dir, SHARED_NAMES);
  assert.equal(r.results.filter((t) => t.status !== 'passed').length, 0, JSON.stringify(r.results.filter((t) => t.status !== 'passed')));
});
