// Review of 2026-12: the logit lens said "after block 1 … after block 4" where Steer's menu said
// "1: after block 0 … 4: after block 3" for the same residual streams; the weights are h.0 … h.3
// and the heads L0H0 … L3H3. Every view now numbers blocks from 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lensRowLabel, steerLayerLabel, streamPlace } from '../../../webview/playground/views/layers';

const nLayer = 4;
const streams = Array.from({ length: nLayer + 1 }, (_, i) => i);

test('the logit lens rows are the embedding, then after block 0 to after the last block', () => {
  assert.deepEqual(streams.map(lensRowLabel), ['embedding', 'after block 0', 'after block 1', 'after block 2', 'after block 3']);
});

test('Steer\'s layer menu names the same stream the same way as the logit lens row', () => {
  assert.deepEqual(streams.map(steerLayerLabel), ['0: after the embeddings', '1: after block 0', '2: after block 1', '3: after block 2', '4: after block 3']);
  for (const i of streams.slice(1)) assert.equal(steerLayerLabel(i), `${i}: ${lensRowLabel(i)}`);
});

test('no label names a block the model does not have', () => {
  for (const i of streams) assert.doesNotMatch(streamPlace(i), new RegExp(`block ${nLayer}`));
});
