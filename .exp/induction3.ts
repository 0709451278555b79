import { loadRunner, readSpec } from '../test/support/modelNode';
import { headScores, mean, tokenLosses } from '../webview/playground/analysis';
import fs from 'node:fs';
(async () => {
  const spec = readSpec();
  const r = await loadRunner();
  const text = fs.readFileSync('../shared/data/tinyshakespeare.txt', 'utf8');
  const id = (c: string) => spec.chars.indexOf(c);
  for (const L of [32, 60]) for (const off of [1000, 50000, 400000, 1000000]) {
    const half = text.slice(off, off + L);
    const toks = [...half, ...half].map(id);
    const out = await r.forward(toks);
    const s = headScores(out.attn, spec.nLayer, spec.nHead, 2 * L, L);
    const losses = tokenLosses(out.logits, spec.vocabSize, toks);
    const best = s.induction.flatMap((row, l) => row.map((v, h) => [v, l, h])).sort((a, b) => b[0] - a[0])[0];
    console.log(L, off, `loss ${mean(losses.slice(0, L - 1)).toFixed(2)}->${mean(losses.slice(L)).toFixed(2)} best L${best[1]}H${best[2]}=${best[0].toFixed(2)}`, s.induction.map((r) => r.map((v) => v.toFixed(2)).join(' ')).join(' | '));
  }
})();
