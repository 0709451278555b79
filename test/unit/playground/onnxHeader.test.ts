// The .onnx editor reads a model's structure without reading its weights (issue 16): the skeleton
// it builds gives readOnnxInfo exactly what the whole file gives, from a few KB of a 40 MB file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OnnxFormatError, readOnnxInfo } from '../../../src/shared/onnx/onnxInfo';
import { readOnnxSkeleton } from '../../../src/playground/onnxHeader';

const FIXTURES = path.join(__dirname, 'fixtures');
const MODEL = path.join(__dirname, '..', '..', '..', 'media', 'model');

// A tiny protobuf writer for a hand-made model (field numbers from onnx.proto).
const varint = (n: number): number[] => (n < 0x80 ? [n] : [(n % 128) | 0x80, ...varint(Math.floor(n / 128))]);
const field = (no: number, payload: Uint8Array | string): Buffer => {
  const p = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  return Buffer.concat([Buffer.from([...varint(no * 8 + 2), ...varint(p.length)]), p]);
};
const num = (no: number, v: number) => Buffer.from([...varint(no * 8), ...varint(v)]);
const msg = (...parts: Buffer[]) => Buffer.concat(parts);

/** MatMul(x, w) with a 32 MB initializer w, and a Constant node holding an 8 MB tensor. */
function bigModel(): Buffer {
  const w = msg(num(1, 1024), num(1, 8192), num(2, 1), field(8, 'w'), field(9, new Uint8Array(1024 * 8192 * 4)));
  const constTensor = msg(num(1, 2 * 1024 * 1024), num(2, 1), field(9, new Uint8Array(8 * 1024 * 1024)));
  const constant = msg(field(2, 'c'), field(4, 'Constant'), field(5, msg(field(1, 'value'), field(5, constTensor), num(20, 4))));
  const matmul = msg(field(1, 'x'), field(1, 'w'), field(2, 'y'), field(4, 'MatMul'), field(7, ''));
  const tensorType = (dims: number[]) => field(2, field(1, msg(num(1, 1), field(2, msg(...dims.map((d) => field(1, num(1, d))))))));
  const graph = msg(field(1, constant), field(1, matmul), field(2, 'big'), field(5, w),
    field(11, msg(field(1, 'x'), tensorType([1, 1024]))), field(12, msg(field(1, 'y'), tensorType([1, 8192]))), field(10, 'a doc string'));
  return msg(num(1, 8), field(2, 'hand'), field(8, msg(field(1, ''), num(2, 17))), field(7, graph), field(14, msg(field(1, 'k'), field(2, 'v'))));
}

function tmpFile(name: string, bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-onnx-')), name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('a 40 MB model: the skeleton gives the same info as the whole file, from a few KB', async () => {
  const bytes = bigModel();
  const file = tmpFile('big.onnx', bytes);
  const s = await readOnnxSkeleton(file);
  assert.equal(s.size, bytes.length);
  assert.ok(s.bytesRead < 256 * 1024, `read ${s.bytesRead} of ${bytes.length} bytes`);
  assert.ok(s.bytes.length < 1024, `skeleton of ${s.bytes.length} bytes`);
  const info = readOnnxInfo(s.bytes);
  assert.deepEqual(info, readOnnxInfo(bytes));
  assert.equal(info.parameterCount, 1024 * 8192);
  assert.deepEqual(info.ops, { Constant: 1, MatMul: 1 });
  assert.deepEqual(info.inputs, [{ name: 'x', elemType: 'float32', shape: [1, 1024] }]);
  fs.rmSync(path.dirname(file), { recursive: true });
});

test('the shipped models and the fixtures read the same through the skeleton', async () => {
  const files = [...['tiny.onnx', 'tiny_ext.onnx', 'relu.onnx'].map((f) => path.join(FIXTURES, f)),
    ...fs.readdirSync(MODEL).filter((f) => f.endsWith('.onnx')).map((f) => path.join(MODEL, f))];
  for (const f of files) assert.deepEqual(readOnnxInfo((await readOnnxSkeleton(f)).bytes), readOnnxInfo(fs.readFileSync(f)), f);
});

test('a truncated model, a text file and an empty file are refused with a reason', async () => {
  const truncated = tmpFile('cut.onnx', bigModel().subarray(0, 5000));
  await assert.rejects(readOnnxSkeleton(truncated), (e) => e instanceof OnnxFormatError && /truncated or corrupt/.test(e.message));
  const text = tmpFile('text.onnx', Buffer.from('not a model'));
  await assert.rejects(readOnnxSkeleton(text), OnnxFormatError);
  const empty = tmpFile('empty.onnx', new Uint8Array());
  assert.throws(() => readOnnxInfo(new Uint8Array()), /empty/);
  assert.equal((await readOnnxSkeleton(empty)).bytes.length, 0);
});
