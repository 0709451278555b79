import { loadRunner, readSpec } from '../test/support/modelNode';
import { headScores, mean, tokenLosses } from '../webview/playground/analysis';
import { mulberry32 } from '../webview/playground/decoding';
(async () => {
  const spec = readSpec();
  const r = await loadRunner();
  const id = (c: string) => spec.chars.indexOf(c);
  const variants: Record<string, (rng: () => number, L: number) => string> = {
    lower: (rng, L) => Array.from({ length: L }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rng() * 26)]).join(''),
    words: (rng, L) => { let s = ''; while (s.length < L) { const n = 2 + Math.floor(rng() * 6); s += Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rng() * 26)]).join('') + ' '; } return s.slice(0, L); },
    capwords: (rng, L) => { let s = ''; while (s.length < L) { const n = 2 + Math.floor(rng() * 6); const w = Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(rng() * 26)]).join(''); s += w[0].toUpperCase() + w.slice(1) + ' '; } return s.slice(0, L); },
  };
  for (const [name, make] of Object.entries(variants)) {
    for (const L of [32, 63]) {
      const res: string[] = [];
      for (const seed of [1, 2, 3]) {
        const half = make(mulberry32(seed), L);
        const toks = [...half, ...half].map(id);
        const out = await r.forward(toks);
        const s = headScores(out.attn, spec.nLayer, spec.nHead, 2 * L, L);
        const losses = tokenLosses(out.logits, spec.vocabSize, toks);
        const best = s.induction.flatMap((row, l) => row.map((v, h) => [v, l, h])).sort((a, b) => b[0] - a[0])[0];
        res.push(`loss ${mean(losses.slice(0, L - 1)).toFixed(2)}->${mean(losses.slice(L)).toFixed(2)} best L${best[1]}H${best[2]}=${best[0].toFixed(2)}`);
      }
      console.log(name, L, res.join('; '));
    }
  }
})();
