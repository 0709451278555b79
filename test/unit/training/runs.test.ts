import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isInside, latestRun, newRunDir, trainArgs } from '../../../src/training/runs';

test('a new run never lands in an earlier run\'s folder, even when started within the same second', () => {
  const now = new Date('2026-12-03T19:00:00Z');
  const taken = new Set<string>();
  const a = newRunDir('/r', 'demo', '/d/names.txt', now, (p) => taken.has(p));
  taken.add(a);
  const b = newRunDir('/r', 'demo', '/d/names.txt', now, (p) => taken.has(p));
  assert.equal(a, '/r/demo-names-20261203-190000');
  assert.notEqual(a, b);
  assert.equal(b, `${a}-2`);
});

test('run folder names keep only safe characters of the data file name', () => {
  const d = newRunDir('/r', 'shipped', '/x/my poem (v2).txt', new Date('2026-01-02T03:04:05Z'), () => false);
  assert.equal(path.basename(d), 'shipped-my_poem_v2_-20260102-030405');
});

test('isInside catches .. and the folder itself', () => {
  assert.ok(isInside('/ext/training-runs', '/ext'));
  assert.ok(isInside('/ext', '/ext'));
  assert.ok(!isInside('/ext/../elsewhere', '/ext'));
  assert.ok(!isInside('/extension-two', '/ext'));
});

test('resume passes no data or preset: the checkpoint holds them', () => {
  assert.deepEqual(trainArgs({ preset: 'demo', data: '/d.txt', out: '/o', resume: true, threads: 1 }), ['--out', '/o', '--live', '--threads', '1', '--resume']);
  assert.deepEqual(trainArgs({ preset: 'demo', data: '/d.txt', out: '/o', resume: false, threads: 2 }),
    ['--preset', 'demo', '--data', '/d.txt', '--out', '/o', '--live', '--threads', '2']);
});

test('latestRun picks the newest folder with a checkpoint', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-'));
  assert.equal(latestRun(path.join(root, 'missing')), undefined);
  for (const [name, t] of [['a', 1000], ['b', 3000], ['c', 0]] as const) {
    fs.mkdirSync(path.join(root, name));
    if (t) {
      fs.writeFileSync(path.join(root, name, 'ckpt.pt'), 'x');
      fs.utimesSync(path.join(root, name, 'ckpt.pt'), t, t);
    }
  }
  assert.equal(latestRun(root), path.join(root, 'b'));
});

test('the runs root expands the exercises root setting the way the exercises do', async () => {
  const { expandRoot } = await import('../../../src/training/runs');
  assert.equal(expandRoot('${workspaceFolder}/exercises', '/home/a', '/w'), '/w/exercises');
  assert.equal(expandRoot('~/study', '/home/a', undefined), '/home/a/study');
  assert.equal(expandRoot('rel', '/home/a', '/w'), '/w/rel');
  assert.equal(expandRoot('rel', '/home/a', undefined), undefined);
  assert.equal(expandRoot('${workspaceFolder}/x', '/home/a', undefined), undefined);
});
