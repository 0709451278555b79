import { test } from 'node:test';
import assert from 'node:assert/strict';
import { revivedPanel } from '../../../src/playground/revive';

test('a revived playground requests no view: a stale saved view cannot override the kept settings', () => {
  // VS Code saved the panel while it showed Ablate; the learner then moved to Steer (kept by the host).
  assert.deepEqual(revivedPanel({ view: 'ablate' }), { preset: 'generate', source: undefined });
  assert.equal(revivedPanel({ view: 'steer', prompt: 'x' }).preset, 'generate');
});

test('a revived playground keeps the model it ran, and bad saved state falls back to the shipped one', () => {
  assert.equal(revivedPanel({ view: 'attention', source: 'file:///home/me/model.onnx' }).source, 'file:///home/me/model.onnx');
  for (const bad of [undefined, null, 42, 'steer', { source: 7 }]) assert.equal(revivedPanel(bad).source, undefined);
});

test('a playground restored without any saved state runs the model the host kept from the last playground', () => {
  const mine = 'file:///home/me/model.onnx';
  assert.equal(revivedPanel(undefined, mine).source, mine, 'VS Code lost the page state: the learner\'s own model, not the shipped one');
  assert.equal(revivedPanel(null, mine).source, mine);
  assert.equal(revivedPanel({ view: 'generate' }, mine).source, undefined, 'a saved state on the shipped model wins over the kept one');
  assert.equal(revivedPanel(undefined, undefined).source, undefined);
});
