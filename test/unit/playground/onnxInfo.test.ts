import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { halfToFloat, OnnxFormatError, playgroundCompatibility, readInitializer, readOnnxInfo } from '../../../src/shared/onnx/onnxInfo';

const fixture = (n: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, 'fixtures', n)));
const shipped = path.join(__dirname, '..', '..', '..', 'media', 'model', 'model.onnx');

test('reads inputs, outputs, operators, parameters and opset of a small model', () => {
  const info = readOnnxInfo(fixture('tiny.onnx'));
  assert.equal(info.irVersion, 8);
  assert.deepEqual(info.opsets, [{ domain: 'ai.onnx', version: 17 }]);
  assert.equal(info.producer, 'llm-study-test');
  assert.deepEqual(info.inputs, [{ name: 'idx', elemType: 'int64', shape: [1, 'T'] }]);
  assert.deepEqual(info.outputs, [{ name: 'logits', elemType: 'float32', shape: [1, 'T', 5] }]);
  assert.deepEqual(info.ops, { Cast: 1, Transpose: 1, Gather: 1, Add: 1, MatMul: 1 });
  assert.equal(info.parameterCount, 18);
  assert.deepEqual(info.initializers.map((i) => [i.name, i.elemType, i.dims]), [['wte', 'float16', [5, 3]], ['bias', 'float32', [3]]]);
  assert.equal(playgroundCompatibility(info).ok, true);
});

test('reads float16 and float32 initializers as float32', () => {
  const buf = fixture('tiny.onnx');
  assert.deepEqual([...readInitializer(buf, 'wte')!.data], Array.from({ length: 15 }, (_, i) => i));
  assert.deepEqual([...readInitializer(buf, 'bias')!.data], [1, 1, 1]);
  assert.equal(readInitializer(buf, 'nope'), undefined);
  assert.deepEqual([...halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]))].map((x) => +x.toPrecision(4)), [1, -2, 0.3333, 5.96e-8]);
});

test('a model without the interface is inspected, with the reason it cannot run', () => {
  const info = readOnnxInfo(fixture('relu.onnx'));
  const c = playgroundCompatibility(info);
  assert.equal(c.ok, false);
  assert.match(c.reason!, /no input named "idx"/);
});

test('corrupt, truncated and empty files give a clear error, never a hang', () => {
  const buf = fixture('tiny.onnx');
  assert.throws(() => readOnnxInfo(new Uint8Array()), /empty/);
  assert.throws(() => readOnnxInfo(buf.subarray(0, buf.length - 40)), OnnxFormatError);
  assert.throws(() => readOnnxInfo(new TextEncoder().encode('this is not a model at all, just text\n'.repeat(20))), OnnxFormatError);
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let n = 0; n < 50; n++) {
    const junk = Uint8Array.from({ length: 300 }, () => Math.floor(rnd() * 256));
    assert.throws(() => readOnnxInfo(junk), OnnxFormatError);
  }
});

test('the shipped model has the playground interface', { skip: !fs.existsSync(shipped) && 'media/model/model.onnx not built yet' }, () => {
  const info = readOnnxInfo(new Uint8Array(fs.readFileSync(shipped)));
  const c = playgroundCompatibility(info);
  assert.ok(c.ok, c.reason);
  assert.ok(c.attention && c.residual);
  assert.ok(info.parameterCount > 100_000);
});

test('external data: weights are counted, their file is named, and read from it', () => {
  const buf = fixture('tiny_ext.onnx');
  const info = readOnnxInfo(buf);
  assert.equal(info.parameterCount, 18);
  assert.deepEqual(info.externalFiles, ['tiny_ext.weights']);
  assert.equal(playgroundCompatibility(info).ok, true);
  const weights = fixture('tiny_ext.weights');
  assert.deepEqual([...readInitializer(buf, 'wte', (loc) => (loc === 'tiny_ext.weights' ? weights : undefined))!.data], Array.from({ length: 15 }, (_, i) => i));
  assert.equal(readInitializer(buf, 'wte'), undefined, 'no file, no values');
});
