// The shipped model with its intervention graph in onnxruntime-node, for the interp tests and bench.
import fs from 'node:fs';
import path from 'node:path';
import { MODEL_FILES, type GoldenInterpJson } from '../../../src/shared/model/modelInterface';
import { ModelRunner } from '../../../src/shared/model/runner';
import { createSession, makeTensor, modelDir, readSpec } from '../../support/modelNode';

export function readGoldenInterp(dir = modelDir): GoldenInterpJson {
  return JSON.parse(fs.readFileSync(path.join(dir, MODEL_FILES.goldenInterp), 'utf8')) as GoldenInterpJson;
}

/** model.onnx for plain passes and model_interp.onnx opened lazily, as the playground does. */
export async function loadInterpRunner(dir = modelDir, threads = 1): Promise<ModelRunner> {
  const full = await createSession(path.join(dir, MODEL_FILES.full), threads);
  const runner = await ModelRunner.open(readSpec(dir), full, undefined, makeTensor, () => createSession(path.join(dir, MODEL_FILES.interp), threads));
  await runner.ready();
  return runner;
}
