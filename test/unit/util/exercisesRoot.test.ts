import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveRootSetting, rootChoices } from '../../../src/util/exercisesRoot';
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

test('the first exercise offers folders of their own, never the open project itself (a review found exercises, training runs and .vscode/settings.json written into the learner\'s project)', () => {
  const withWs = rootChoices({ home: '/home/ada', workspace: '/home/ada/my-project' });
  const resolved = withWs.filter((c) => c.setting).map((c) => resolveRootSetting(c.setting!, { home: '/home/ada', workspace: '/home/ada/my-project' }));
  assert.deepEqual(resolved, [{ root: '/home/ada/llm-study-exercises' }, { root: '/home/ada/my-project/llm-study-exercises' }]);
  assert.ok(withWs.at(-1)!.setting === undefined && /Choose a folder/.test(withWs.at(-1)!.label), 'the last choice picks any folder');
  // The home choice is stored with ${userHome}: it still means the learner's home on another machine (Settings Sync).
  assert.equal(withWs[0].setting, '${userHome}/llm-study-exercises');
  const noWs = rootChoices({ home: '/home/ada' });
  assert.deepEqual(noWs.map((c) => c.setting), ['${userHome}/llm-study-exercises', undefined], 'no open folder: home or pick');
});
