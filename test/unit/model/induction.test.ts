// The playground's induction demo must find something: the shipped model has to copy. Scored with
// the demo's own code (webview/playground/analysis.ts) on the demo's own input (a random run of 32
// characters, twice). A model trained on the text alone scored 0.02 here and did not copy at all;
// training/data.py repeat_rows is what teaches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRunner, readSpec } from '../../support/modelNode';
import { headScores, mean, repeatedSequence, tokenLosses } from '../../../webview/playground/analysis';

test('the shipped model has an induction head: on a repeated random run it copies the second copy', async () => {
  const spec = readSpec();
  const runner = await loadRunner();
  const avoid = spec.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
  const L = 32;
  for (const seed of [1, 2, 3]) {
    const tokens = repeatedSequence(spec.vocabSize, L, seed, avoid);
    const out = await runner.forward(tokens);
    assert.ok(out.attn, 'model.onnx exports attention');
    const scores = headScores(out.attn, spec.nLayer, spec.nHead, 2 * L, L);
    const best = Math.max(...scores.induction.flat());
    const losses = tokenLosses(out.logits, spec.vocabSize, tokens);
    const first = mean(losses.slice(0, L - 1));
    const second = mean(losses.slice(L));
    assert.ok(best > 0.5, `seed ${seed}: strongest induction score ${best.toFixed(2)}`);
    assert.ok(second < 1 && first > 3, `seed ${seed}: loss ${first.toFixed(2)} on the first copy, ${second.toFixed(2)} on the second`);
    assert.ok(Math.max(...scores.previousToken.flat()) > 0.4, 'a previous-token head feeds it');
  }
});
