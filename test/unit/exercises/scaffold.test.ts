// Scaffolding must never lose a learner's work: existing files are kept, reset backs up first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupExercise, BACKUP_DIR, ensureNoInlineCompletions, resetExercise, RootError, scaffoldExercise, stamp, UNSAVED_DIR, type ScaffoldSource } from '../../../src/exercises/scaffold';
import { decodeSpec, type ExerciseSpec } from '../../../src/exercises/spec';
import type { ExerciseMeta } from '../../../src/shared/curriculum/model';

const REPO = path.resolve(__dirname, '../../..');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-scaffold-'));
}

function attention(): ScaffoldSource {
  const meta = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum/exercises/attention/exercise.json'), 'utf8')) as ExerciseMeta;
  const spec = decodeSpec(meta) as ExerciseSpec;
  assert.equal(typeof spec, 'object');
  return {
    spec,
    exerciseDir: path.join(REPO, 'curriculum/exercises/attention'),
    runnerPath: path.join(REPO, 'curriculum/exercises/_runner/llmstudy_test.py'),
    extensionRoot: REPO,
  };
}

test('scaffold writes the learner files and the runner, and a second start keeps the learner\'s edits', () => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  const first = scaffoldExercise(src, dir);
  assert.equal(first.created, true);
  for (const f of ['README.md', 'attention.py', 'test_attention.py', 'llmstudy_test.py']) assert.ok(fs.existsSync(path.join(dir, f)), f);
  assert.ok(!fs.existsSync(path.join(dir, 'solution')), 'the solution is not copied');
  fs.writeFileSync(path.join(dir, 'attention.py'), '# my work\n');
  const again = scaffoldExercise(src, dir);
  assert.equal(again.created, false);
  assert.ok(again.kept.includes('attention.py'));
  assert.equal(fs.readFileSync(path.join(dir, 'attention.py'), 'utf8'), '# my work\n');
});

test('reset backs up the learner\'s files (without caches) before restoring the originals', () => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  fs.writeFileSync(path.join(dir, 'attention.py'), '# my work\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  fs.mkdirSync(path.join(dir, '__pycache__'));
  fs.writeFileSync(path.join(dir, '__pycache__', 'x.pyc'), '');
  const now = new Date('2025-01-31T12:00:05Z');
  const { backup } = resetExercise(src, root, now);
  assert.equal(backup, path.join(root, BACKUP_DIR, `attention-${stamp(now)}`));
  assert.equal(fs.readFileSync(path.join(backup!, 'attention.py'), 'utf8'), '# my work\n');
  assert.ok(fs.existsSync(path.join(backup!, 'notes.txt')));
  assert.ok(!fs.existsSync(path.join(backup!, '__pycache__')));
  assert.equal(fs.readFileSync(path.join(dir, 'attention.py'), 'utf8'), fs.readFileSync(path.join(src.exerciseDir, 'attention.py'), 'utf8'));
  assert.ok(fs.existsSync(path.join(dir, 'notes.txt')), 'extra files stay');
  // Two resets in the same second get two backups.
  const second = backupExercise(root, src.spec, now);
  assert.notEqual(second, backup);
});

test('data files: copied from a local copy when there is one, else listed for download; never overwritten', () => {
  const root = tmp();
  const src = attention();
  const data = { file: 'names.txt', description: 'names', source: 'https://example.org/names.txt' };
  const spec = { ...src.spec, data: [data] };
  const local = tmp();
  fs.writeFileSync(path.join(local, 'names.txt'), 'emma\n');
  const withLocal = scaffoldExercise({ ...src, spec, localData: local }, path.join(root, 'a'));
  assert.ok(withLocal.written.includes('names.txt'));
  const offline = scaffoldExercise({ ...src, spec }, path.join(root, 'b'));
  assert.deepEqual(offline.toDownload.map((d) => d.file), ['names.txt']);
  const model = scaffoldExercise({ ...src, spec: { ...spec, data: [{ file: 'weights.npz', description: 'w', copyFrom: 'no/such/file' }] } }, path.join(root, 'c'));
  assert.deepEqual(model.missing.map((d) => d.file), ['weights.npz']);
});

test('inline completions are turned off only where the learner has not decided', () => {
  const root = tmp();
  assert.equal(ensureNoInlineCompletions(root), 'written');
  const file = path.join(root, '.vscode', 'settings.json');
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { 'editor.inlineSuggest.enabled': false, 'github.copilot.enable': { '*': false } });
  fs.writeFileSync(file, JSON.stringify({ 'editor.inlineSuggest.enabled': true }));
  assert.equal(ensureNoInlineCompletions(root), 'written');
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8'))['editor.inlineSuggest.enabled'], true, 'the learner\'s choice stays');
  assert.equal(ensureNoInlineCompletions(root), 'kept');
  fs.writeFileSync(file, '{ // a comment\n}');
  assert.equal(ensureNoInlineCompletions(root), 'unreadable');
});

test('exercise specs are decoded defensively', () => {
  const base = { id: 'x', title: 'X', summary: 'something', difficulty: 'easy', minutes: 1 } as ExerciseMeta;
  assert.match(String(decodeSpec({ ...base, status: 'planned' })), /not written yet/);
  assert.match(String(decodeSpec(base)), /no files/);
  assert.match(String(decodeSpec({ ...base, files: { stub: '../evil.py', tests: ['test_x.py'], solution: 'solution/x.py' } })), /bad stub/);
  assert.match(String(decodeSpec({ ...base, files: { stub: 'x.py', tests: ['test_x.py'], solution: 'solution/x.py' }, data: [{ file: '../x', description: 'd' }] })), /bad data/);
});

test('reset ignores unsaved edits: the editor\'s unsaved text is backed up too, clearly named', () => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  fs.writeFileSync(path.join(dir, 'attention.py'), '# saved work\n');
  const unsaved = new Map([['attention.py', '# typed but never saved\n']]);
  const { backup } = resetExercise(src, root, new Date('2025-01-31T12:00:05Z'), unsaved);
  assert.ok(backup);
  assert.equal(fs.readFileSync(path.join(backup, 'attention.py'), 'utf8'), '# saved work\n', 'the file on disk');
  assert.equal(fs.readFileSync(path.join(backup, UNSAVED_DIR, 'attention.py'), 'utf8'), '# typed but never saved\n', 'the editor\'s text');
  assert.match(UNSAVED_DIR, /unsaved/);
});

test('reset ignores unsaved edits: an unsaved path outside the exercise is refused, not written', () => {
  const root = tmp();
  const src = attention();
  scaffoldExercise(src, path.join(root, 'attention'));
  const { backup } = resetExercise(src, root, new Date(), new Map([['../../evil.py', 'x']]));
  assert.ok(backup);
  assert.ok(!fs.existsSync(path.join(root, '..', 'evil.py')));
  assert.ok(!fs.existsSync(path.join(backup, UNSAVED_DIR)));
});

/** Makes every write in `fs` fail the way a read-only mount does (as root, chmod cannot). */
function readOnlyFs(t: { mock: { method: (o: object, name: string, impl: (...a: unknown[]) => unknown) => unknown } }, under: string): void {
  const fail = (p: unknown) => {
    if (String(p).startsWith(under)) throw Object.assign(new Error(`EROFS: read-only file system, open '${p}'`), { code: 'EROFS' });
  };
  for (const name of ['mkdirSync', 'copyFileSync', 'writeFileSync', 'cpSync', 'renameSync']) {
    const real = (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name].bind(fs);
    t.mock.method(fs, name, (...a: unknown[]) => {
      fail(name === 'copyFileSync' || name === 'cpSync' || name === 'renameSync' ? a[1] : a[0]);
      return real(...a);
    });
  }
}

test('read-only exercises root: an exercise already started there opens without writing', (t) => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  readOnlyFs(t, root);
  const again = scaffoldExercise(src, dir);
  assert.equal(again.created, false);
  assert.deepEqual(again.written, []);
  assert.ok(again.kept.includes('llmstudy_test.py'), 'the same runner is not copied again');
});

test('read-only exercises root: an outdated runner that cannot be replaced still opens, with a warning', (t) => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  fs.writeFileSync(path.join(dir, 'llmstudy_test.py'), '# an older runner\n');
  readOnlyFs(t, root);
  const again = scaffoldExercise(src, dir);
  assert.deepEqual(again.written, []);
  assert.equal(again.warnings.length, 1);
  assert.match(again.warnings[0], /llmstudy_test\.py.*could not be updated.*read-only/);
});

test('read-only exercises root: a folder from before the split keeps its single-file runner when the package cannot be added', (t) => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  fs.rmSync(path.join(dir, 'llmstudy_runner'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'llmstudy_test.py'), '# the single-file runner\n');
  readOnlyFs(t, root);
  const again = scaffoldExercise(src, dir);
  assert.deepEqual(again.written, []);
  assert.equal(again.warnings.length, 1);
  assert.match(again.warnings[0], /llmstudy_runner\/__init__\.py could not be updated \(the folder is read-only\); the tests run with the copy already there/);
  assert.equal(fs.readFileSync(path.join(dir, 'llmstudy_test.py'), 'utf8'), '# the single-file runner\n', 'not a new entry file without its package');
});

test('read-only exercises root: starting a new exercise says the folder is read-only, not ENOENT', (t) => {
  const root = tmp();
  readOnlyFs(t, root);
  assert.throws(() => scaffoldExercise(attention(), path.join(root, 'attention')), (e: unknown) => {
    assert.ok(e instanceof RootError, String(e));
    assert.match(e.message, new RegExp(`The exercises folder ${root.replace(/[/\\]/g, '.')} is read-only: choose another`));
    assert.doesNotMatch(e.message, /ENOENT|EROFS/);
    return true;
  });
});

test('a newer runner replaces an older one in a writable folder', () => {
  const root = tmp();
  const src = attention();
  const dir = path.join(root, 'attention');
  scaffoldExercise(src, dir);
  fs.writeFileSync(path.join(dir, 'llmstudy_test.py'), '# an older runner\n');
  const again = scaffoldExercise(src, dir);
  assert.ok(again.written.includes('llmstudy_test.py'));
  assert.equal(fs.readFileSync(path.join(dir, 'llmstudy_test.py'), 'utf8'), fs.readFileSync(src.runnerPath, 'utf8'));
});
