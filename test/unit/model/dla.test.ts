// Direct logit attribution on the interp graph's z and residual stream, with weights read the way
// the webview reads them (from the graph's initializers and weights.npz), against PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { directLogitAttribution, dlaWeights } from '../../../src/shared/model/dla';
import { MODEL_FILES } from '../../../src/shared/model/modelInterface';
import { readInitializer } from '../../../src/shared/onnx/onnxInfo';
import { modelDir } from '../../support/modelNode';
import { loadInterpRunner, readGoldenInterp } from './interpSupport';

test('per-head, per-MLP and embedding attributions match PyTorch within 1e-4 and add up to the logit', { timeout: 60_000 }, async () => {
  const g = readGoldenInterp().dla;
  const runner = await loadInterpRunner();
  const spec = runner.spec;
  const graph = new Uint8Array(fs.readFileSync(path.join(modelDir, MODEL_FILES.interp)));
  const npz = new Uint8Array(fs.readFileSync(path.join(modelDir, MODEL_FILES.weights)));
  const w = dlaWeights(spec, (n) => readInitializer(graph, n, (loc) => (loc === MODEL_FILES.weights ? npz : undefined))?.data);
  assert.ok(typeof w === 'object', String(w));
  const ids = [...g.prompt].map((c) => spec.chars.indexOf(c));
  const run = await runner.forwardInterp(ids);
  const a = directLogitAttribution(spec, w, run, g.pos, g.token);
  const pairs: Array<[string, number, number]> = [
    ['embed', a.embed, g.embed], ['ln_f bias', a.lnBias, g.ln_f_bias],
    ...a.heads.flatMap((row, l) => row.map((v, h) => [`L${l}H${h}`, v, g.heads[l][h]] as [string, number, number])),
    ...a.mlp.map((v, l) => [`mlp ${l}`, v, g.mlp[l]] as [string, number, number]),
    ...a.attnBias.map((v, l) => [`attn bias ${l}`, v, g.attn_bias[l]] as [string, number, number]),
  ];
  for (const [name, got, want] of pairs) assert.ok(Math.abs(got - want) <= 1e-4, `${name}: ${got} vs PyTorch ${want}`);
  const logit = run.logits[g.pos * spec.vocabSize + g.token];
  assert.ok(Math.abs(a.total - logit) <= 1e-4, `the parts add up to ${a.total}, the logit is ${logit}`);
  assert.ok(Math.abs(a.total - g.logit) <= 1e-4);
});
