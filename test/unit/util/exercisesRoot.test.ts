import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveRootSetting } from '../../../src/util/exercisesRoot';
import { expandRoot } from '../../../src/training/runs';

const ws = path.resolve('/work/space');
const where = { home: '/home/me', workspace: ws };

test('the exercises root setting: home, ${userHome}, ${workspaceFolder} and relative paths', () => {
  assert.deepEqual(resolveRootSetting('~/ex', where), { root: path.resolve('/home/me/ex') });
  assert.deepEqual(resolveRootSetting('${userHome}/ex', where), { root: path.resolve('/home/me/ex') });
  assert.deepEqual(resolveRootSetting('${workspaceFolder}/ex', where), { root: path.join(ws, 'ex') });
  assert.deepEqual(resolveRootSetting('./a/../b', where), { root: path.join(ws, 'b') });
  assert.deepEqual(resolveRootSetting('/abs/ex', { home: '/home/me' }), { root: path.resolve('/abs/ex') });
  assert.deepEqual(resolveRootSetting('~other/ex', where), { root: path.join(ws, '~other/ex') }, 'only a bare ~ is home');
});

test('with no folder open, a relative root or ${workspaceFolder} is refused with why', () => {
  const rel = resolveRootSetting('exercises', { home: '/home/me' });
  assert.ok('why' in rel && /relative path "exercises".*no folder is open/.test(rel.why));
  const wf = resolveRootSetting('${workspaceFolder}/ex', { home: '/home/me' });
  assert.ok('why' in wf && /\$\{workspaceFolder\}.*no folder is open/.test(wf.why));
});

test('training puts its runs under the very root the exercises feature resolves', () => {
  for (const setting of ['~/ex', '${userHome}/e', '${workspaceFolder}/x', 'rel/dir', '/abs', 'exercises']) {
    for (const workspace of [ws, undefined]) {
      const r = resolveRootSetting(setting, { home: '/home/me', workspace });
      assert.equal(expandRoot(setting, '/home/me', workspace), 'root' in r ? r.root : undefined, `${setting} in ${workspace}`);
    }
  }
});
