// The shipped tiny GPT in onnxruntime-node, for the model tests and the benchmark.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODEL_DIR, MODEL_FILES, type GoldenJson, type ModelSpec } from '../../src/shared/model/modelInterface';
import { ModelRunner, openSession, type MakeTensor } from '../../src/shared/model/runner';
import { loadVocab } from '../../src/shared/model/vocab';

export const repoRoot = path.resolve(__dirname, '../..');
export const modelDir = path.join(repoRoot, MODEL_DIR);

export const makeTensor: MakeTensor = (type, data, dims) => new ort.Tensor(type, data, dims);

export function readSpec(dir = modelDir): ModelSpec {
  return loadVocab(fs.readFileSync(path.join(dir, MODEL_FILES.vocab), 'utf8'));
}

export function readGolden(dir = modelDir): GoldenJson {
  return JSON.parse(fs.readFileSync(path.join(dir, MODEL_FILES.golden), 'utf8')) as GoldenJson;
}

export async function createSession(file: string, threads = 1): Promise<ort.InferenceSession> {
  // From a path, so onnxruntime finds weights.npz (the graphs' external data) beside the graph.
  return openSession(path.basename(file), () =>
    ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }),
  );
}

/** Loads both graphs, then checks with a one-token probe that the model and vocab.json agree. */
export async function loadRunner(dir = modelDir, threads = 1): Promise<ModelRunner> {
  const spec = readSpec(dir);
  const full = await createSession(path.join(dir, MODEL_FILES.full), threads);
  const kv = await createSession(path.join(dir, MODEL_FILES.kv), threads);
  // The probes the playground runs: the KV graph on open, then the full graph.
  const runner = await ModelRunner.open(spec, full, kv, makeTensor);
  await runner.ready();
  return runner;
}
