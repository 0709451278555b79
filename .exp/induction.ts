import { loadRunner, readSpec } from '../test/support/modelNode';
import { headScores, mean, repeatedSequence, tokenLosses } from '../webview/playground/analysis';
(async () => {
  const spec = readSpec(process.argv[2]);
  const dir = process.argv[2]; const r = await loadRunner(dir);
  const avoid = spec.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
  for (const seed of [1, 2, 3]) {
    const L = 32;
    const toks = repeatedSequence(spec.vocabSize, L, seed, avoid);
    const out = await r.forward(toks);
    const s = headScores(out.attn, spec.nLayer, spec.nHead, 2 * L, L);
    const losses = tokenLosses(out.logits, spec.vocabSize, toks);
    const best = s.induction.flatMap((row, l) => row.map((v, h) => [v, l, h])).sort((a, b) => b[0] - a[0])[0];
    console.log(`seed ${seed}: loss first copy ${mean(losses.slice(0, L - 1)).toFixed(2)}, second ${mean(losses.slice(L)).toFixed(2)}; best induction head L${best[1]}H${best[2]} ${best[0].toFixed(2)}; prev-token max ${Math.max(...s.previousToken.flat()).toFixed(2)}`);
    console.log('  induction', s.induction.map((r) => r.map((v) => v.toFixed(2)).join(' ')).join(' | '));
  }
})();
