// Loads an exported model folder in onnxruntime-node and compares it with its own golden.json:
// the end of the training smoke test (scripts/test.d/40-model-smoke.sh).
import { loadRunner, readGolden } from './modelNode';

async function main(dir: string): Promise<void> {
  const runner = await loadRunner(dir);
  const golden = readGolden(dir);
  const V = runner.spec.vocabSize;
  let worst = 0;
  for (const p of golden.prompts) {
    const { logits } = await runner.forward(p.ids);
    p.logits.forEach((row, t) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - logits[t * V + v])))));
    const full = await runner.generateFull(p.ids, golden.greedy_tokens);
    const kv = await runner.generateKv(p.ids, golden.greedy_tokens);
    if (full.join() !== p.greedy_ids.join()) throw new Error(`greedy text differs from PyTorch for ${JSON.stringify(p.prompt)}`);
    if (kv.join() !== full.join()) throw new Error(`KV-cache text differs for ${JSON.stringify(p.prompt)}`);
  }
  if (worst > 1e-3) throw new Error(`logits differ from PyTorch by ${worst}`);
  console.log(`[model-smoke] onnxruntime-node loads ${dir}: logits within ${worst.toExponential(1)} of PyTorch, greedy and KV text identical`);
}

main(process.argv[2] ?? '').catch((e: Error) => {
  console.error(`[model-smoke] FAILED: ${e.message}`);
  process.exit(1);
});
