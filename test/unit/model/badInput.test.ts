// What a learner (or a broken install) can throw at the model: each gives a clear error or a
// handled result, never a crash or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, loadRunner, makeTensor, modelDir, readGolden, readSpec } from '../../support/modelNode';
import { MODEL_FILES, type VocabJson } from '../../../src/shared/model/modelInterface';
import { argmax, ModelInputError, ModelLoadError, ModelRunner } from '../../../src/shared/model/runner';
import { CharTokenizer } from '../../../src/shared/model/tokenizer';
import { VocabError } from '../../../src/shared/model/vocab';

function copyModel(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-model-'));
  for (const f of [MODEL_FILES.full, MODEL_FILES.kv, MODEL_FILES.weights, MODEL_FILES.vocab]) {
    fs.copyFileSync(path.join(modelDir, f), path.join(dir, f));
  }
  edit(dir);
  return dir;
}

function truncate(file: string, fraction: number): void {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

async function rejectsLoad(dir: string, pattern: RegExp, kind: Function = ModelLoadError): Promise<void> {
  try {
    await assert.rejects(loadRunner(dir), (e: Error) => {
      assert.ok(e instanceof kind, `expected ${kind.name}, got ${e.name}: ${e.message}`);
      assert.match(e.message, pattern);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a truncated model.onnx is refused with a message naming the file', { timeout: 30_000 }, async () => {
  await rejectsLoad(copyModel((d) => truncate(path.join(d, MODEL_FILES.full), 0.5)), /model\.onnx could not be loaded/);
});

test('random bytes in place of the model are refused', { timeout: 30_000 }, async () => {
  await rejectsLoad(copyModel((d) => fs.writeFileSync(path.join(d, MODEL_FILES.full), Buffer.from('not a model at all'))), /model\.onnx could not be loaded/);
});

test('a truncated weights.npz is refused (the graphs read their weights from it)', { timeout: 30_000 }, async () => {
  await rejectsLoad(copyModel((d) => truncate(path.join(d, MODEL_FILES.weights), 0.9)), /could not be loaded/);
});

test('a vocab.json that does not match the model is refused before any text is decoded', { timeout: 30_000 }, async () => {
  const dir = copyModel((d) => {
    const v = JSON.parse(fs.readFileSync(path.join(d, MODEL_FILES.vocab), 'utf8')) as VocabJson;
    v.chars = v.chars.slice(0, -1);
    v.vocab_size = v.chars.length;
    fs.writeFileSync(path.join(d, MODEL_FILES.vocab), JSON.stringify(v));
  });
  await rejectsLoad(dir, /does not match vocab\.json.*knows 65 tokens, vocab\.json lists 64/, VocabError);
});

test('characters outside the vocabulary become a stand-in token and are reported', async () => {
  const runner = await loadRunner();
  const tok = CharTokenizer.fromSpec(runner.spec);
  const { ids, unknown } = tok.encode('café 😀\tok');
  assert.deepEqual(unknown.map((u) => u.char), ['é', '😀', '\t']);
  assert.equal(ids.length, 9, 'one id per character, the emoji included');
  assert.ok(ids.every((i) => i >= 0 && i < runner.spec.vocabSize));
  const out = await runner.generateKv(ids, 5);
  assert.equal(out.length, 5);
  assert.equal(tok.decode([0, 9999]).slice(-1), '\uFFFD', 'an unknown id decodes to the replacement character');
});

test('a prompt longer than the context: one pass is refused with the reason, generation crops', { timeout: 60_000 }, async () => {
  const runner = await loadRunner();
  const long = readGolden().prompts[1].ids;
  const prompt = Array.from({ length: 300 }, (_, i) => long[i % long.length]);
  await assert.rejects(runner.forward(prompt), (e: Error) => e instanceof ModelInputError && /exceed the model's context of 128/.test(e.message));
  await assert.rejects(runner.forwardKv(prompt.slice(0, 100), (await runner.forwardKv(prompt.slice(0, 29))).present), ModelInputError);
  const full = await runner.generateFull(prompt, 40);
  assert.deepEqual(await runner.generateKv(prompt, 40), full);
});

test('an empty prompt or an id outside the vocabulary is refused, not sent to the runtime', async () => {
  const runner = await loadRunner();
  await assert.rejects(runner.forward([]), /prompt is empty/);
  await assert.rejects(runner.generateKv([], 3), /prompt is empty/);
  await assert.rejects(runner.forward([1, 65]), /outside the vocabulary/);
  await assert.rejects(runner.forward([1, -1]), /outside the vocabulary/);
});

// The playground opens only the KV graph up front; its probe used to cut the logits to the
// vocabulary's length before checking them, so a vocab.json one token short passed and every
// token after it would have been decoded as the wrong character.
test('a vocab.json one token short is refused by the KV probe alone, before the full graph opens', { timeout: 30_000 }, async () => {
  const spec = readSpec();
  const short = { ...spec, chars: spec.chars.slice(0, -1), vocabSize: spec.vocabSize - 1 };
  const kv = await createSession(path.join(modelDir, MODEL_FILES.kv));
  let fullOpened = false;
  const full = async () => {
    fullOpened = true;
    return createSession(path.join(modelDir, MODEL_FILES.full));
  };
  await assert.rejects(ModelRunner.open(short, full, kv, makeTensor), (e: Error) => e instanceof VocabError && /knows 65 tokens, vocab\.json lists 64/.test(e.message));
  assert.equal(fullOpened, false, 'refused by the generation graph, as the playground opens it');
});

test('the playground path (full graph opened lazily, KV cache kept between calls) writes the golden greedy text', { timeout: 60_000 }, async () => {
  const spec = readSpec();
  const golden = readGolden();
  const kv = await createSession(path.join(modelDir, MODEL_FILES.kv));
  const runner = await ModelRunner.open(spec, () => createSession(path.join(modelDir, MODEL_FILES.full)), kv, makeTensor);
  assert.equal(runner.hasAttention, false, 'the full graph is not opened for generation');
  for (const p of golden.prompts) {
    // As the generate view does it: one call per token, the cache carried over, Continue after a pause.
    runner.resetCache();
    const seq = [...p.ids];
    for (let i = 0; i < golden.greedy_tokens; i++) seq.push(argmax((await runner.nextLogits(seq)).slice()));
    assert.deepEqual(seq.slice(p.ids.length), p.greedy_ids, JSON.stringify(p.prompt));
  }
  await runner.ready();
  assert.equal(runner.hasAttention && runner.hasResidual, true, 'a view opens the full graph on demand');
});
