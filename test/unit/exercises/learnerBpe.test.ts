// The tokenizer view's "Your BPE" row: the driver on the bpe solution gives its tokens for a
// fixed string, the untouched stub and broken code give a `why` (never a throw), and nothing of
// the learner's runs before the folder exists and the workspace is trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { learnerBpe, NOT_STARTED, NOT_TRUSTED, parseBpeOutput, type BpeContext } from '../../../src/exercises/learnerBpe';

const REPO = path.resolve(__dirname, '../../..');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const hasPython = spawnSync(python, ['-c', 'pass'], { stdio: 'ignore' }).status === 0;
const BPE = path.join(REPO, 'curriculum/exercises/bpe');

function folder(bpePy: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-bpe-'));
  if (bpePy !== undefined) fs.writeFileSync(path.join(dir, 'bpe.py'), bpePy);
  return dir;
}

function ctx(dir: string | undefined, over: Partial<BpeContext> = {}): BpeContext {
  return {
    dir, trusted: true, python: async () => ({ path: python }), timeoutSeconds: 20,
    driver: path.join(REPO, 'media/exercises/bpe_tokens.py'),
    trainFile: path.join(REPO, 'curriculum/lessons/byte-pair-encoding.md'),
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-bpe-cache-')),
    ...over,
  };
}

test('the driver line is parsed: tokens, a why, or a clear why for anything malformed', () => {
  assert.deepEqual(parseBpeOutput('noise\nLLMSTUDY_BPE {"ids":[256,3],"pieces":["th","e"],"vocabSize":300}\n'), { ids: [256, 3], pieces: ['th', 'e'], vocabSize: 300 });
  assert.deepEqual(parseBpeOutput('LLMSTUDY_BPE {"why":"encode() failed: x"}'), { why: 'encode() failed: x' });
  assert.match((parseBpeOutput('', 'Traceback\n  File x\nSyntaxError: invalid syntax\n') as { why: string }).why, /SyntaxError: invalid syntax$/);
  assert.match((parseBpeOutput('LLMSTUDY_BPE {oops') as { why: string }).why, /not JSON/);
  assert.match((parseBpeOutput('LLMSTUDY_BPE {"ids":[1,2],"pieces":["a"],"vocabSize":300}') as { why: string }).why, /list of ids/);
  assert.match((parseBpeOutput('LLMSTUDY_BPE {"ids":["1"],"pieces":["a"],"vocabSize":300}') as { why: string }).why, /list of ids/);
});

test('a learner who never started the bpe exercise is told to start it', async () => {
  assert.deepEqual(await learnerBpe(ctx(undefined), 'hi'), { why: NOT_STARTED });
  assert.deepEqual(await learnerBpe(ctx(folder(undefined)), 'hi'), { why: NOT_STARTED });
});

test('restricted mode: the learner\'s code is not run', async () => {
  let asked = false;
  const r = await learnerBpe(ctx(folder('raise SystemExit("ran")'), { trusted: false, python: async () => ((asked = true), { path: python }) }), 'hi');
  assert.deepEqual(r, { why: NOT_TRUSTED });
  assert.equal(asked, false, 'no Python was even looked for');
});

test('no Python: its why is passed on', async () => {
  assert.deepEqual(await learnerBpe(ctx(folder('x = 1'), { python: async () => ({ why: 'no Python found' }) }), 'hi'), { why: 'no Python found' });
});

test('the bpe solution tokenises a fixed string, and the second call reuses the trained merges', { skip: !hasPython && 'no python' }, async () => {
  const c = ctx(folder(fs.readFileSync(path.join(BPE, 'solution/bpe.py'), 'utf8')));
  const lesson = path.join(c.cacheDir!, 'lesson.md');
  fs.copyFileSync(c.trainFile, lesson);
  c.trainFile = lesson;
  const r = await learnerBpe(c, 'the tokens');
  assert.deepEqual(r, { ids: [269, 276, 107, 262, 115], pieces: ['the ', 'to', 'k', 'en', 's'], vocabSize: 300 });
  // Training again would fail without its text: the same answer proves only encode() ran.
  fs.rmSync(lesson);
  assert.deepEqual(await learnerBpe(c, 'the tokens'), r);
});

test('an edited bpe.py is trained again (the cache is keyed by its mtime)', { skip: !hasPython && 'no python' }, async () => {
  const dir = folder(fs.readFileSync(path.join(BPE, 'solution/bpe.py'), 'utf8'));
  const c = ctx(dir);
  await learnerBpe(c, 'the');
  const file = path.join(dir, 'bpe.py');
  fs.appendFileSync(file, '\n\ndef train(text, vocab_size):\n    raise ValueError("edited")\n');
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.deepEqual(await learnerBpe(c, 'the'), { why: 'train() failed: ValueError: edited' });
});

test('the untouched stub gives a clear why, not a crash', { skip: !hasPython && 'no python' }, async () => {
  const r = await learnerBpe(ctx(folder(fs.readFileSync(path.join(BPE, 'bpe.py'), 'utf8'))), 'hi');
  assert.deepEqual(r, { why: 'train() failed: a function in bpe.py is not implemented yet (NotImplementedError)' });
});

test('a bpe.py that does not import, or loops, says so', { skip: !hasPython && 'no python' }, async () => {
  const bad = await learnerBpe(ctx(folder('def train(:\n')), 'hi');
  assert.match((bad as { why: string }).why, /^importing bpe\.py failed: SyntaxError/);
  const loop = await learnerBpe(ctx(folder('def train(t, v):\n    while True: pass\n'), { timeoutSeconds: 1 }), 'hi');
  assert.match((loop as { why: string }).why, /more than 1 s and was stopped/);
});
