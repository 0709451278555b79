// What the training page accepts from the host: a lesson's training:<preset> link selects only a
// preset the view has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToWebview } from '../../../src/shared/protocols/training';

test('a preset message names one of the view\'s presets, or is dropped', () => {
  assert.deepEqual(decodeToWebview({ type: 'preset', preset: 'demo' }), { type: 'preset', preset: 'demo' });
  assert.deepEqual(decodeToWebview({ type: 'preset', preset: 'shipped', extra: '<b>' }), { type: 'preset', preset: 'shipped' });
  assert.equal(decodeToWebview({ type: 'preset', preset: 'huge' }), undefined);
  assert.equal(decodeToWebview({ type: 'preset' }), undefined);
});
