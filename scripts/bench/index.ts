// `npm run bench`: every benchmark, side by side in one run, with ratios. Not a test: numbers move
// with the machine and its load. The last line is `BENCH {json}` for tools.
import { benchNode, benchTorch } from './model';
import { benchWebview } from './webview';
import { benchExercises } from './exercises';
import { benchInterp } from './interp';
import { benchProduct, printProduct } from './product';
import { benchGenerate, printGenerate } from './generate';
import { benchTraining, printTraining } from './training';

const r = (x: number | undefined) => (x === undefined ? undefined : Math.round(x));

async function main() {
  const tokens = 200;
  const torch = benchTorch({ tokens });
  // Best of 5: the first webview runs execute wasm still in V8's baseline tier (reported apart as _cold).
  const node = await benchNode({ tokens, repeat: 5 });
  const web = await benchWebview({ tokens, repeat: 5 }).catch((e) => (console.error(`webview bench failed: ${e}`), undefined));
  const ex = await benchExercises(5).catch((e) => (console.error(`exercise bench failed: ${e}`), undefined));
  const interp = await benchInterp().catch((e) => (console.error(`interp bench failed: ${e}`), undefined));
  // train.py side by side with and without the view's --live reader, the demo preset, torch.compile.
  const train = await benchTraining().catch((e) => (console.error(`training bench failed: ${e}`), undefined));
  // The playground's Generate inside code-server (on the current dist/, before product.ts rebuilds it).
  const gen = await benchGenerate({ tokens }).catch((e) => (console.error(`generate bench failed: ${e}`), undefined));
  // Last: it rebuilds dist/ for the production package (and puts the development build back).
  const product = await benchProduct().catch((e) => (console.error(`product bench failed: ${e}`), undefined));
  const tps: Record<string, number | undefined> = {
    torch: r(torch?.torch), node_full: r(node.node_full), node_kv: r(node.node_kv),
    web_wasm_full: r(web?.tokens_per_s.web_wasm_full), web_wasm_kv_cold: r(web?.tokens_per_s.web_wasm_kv_cold), web_wasm_kv: r(web?.tokens_per_s.web_wasm_kv),
  };
  const base = tps.torch ?? tps.node_full!;
  console.log(`\nGreedy generation, ${tokens} tokens, one thread each`);
  console.log('runtime          tokens/s   vs first row');
  for (const [k, v] of Object.entries(tps)) if (v) console.log(`${k.padEnd(16)} ${String(v).padStart(8)}   ${(v / base).toFixed(2)}x`);
  if (tps.web_wasm_kv && tps.node_kv) console.log(`web_wasm_kv / node_kv = ${(tps.web_wasm_kv / tps.node_kv).toFixed(2)} (target >= 0.8)`);
  if (tps.node_kv && tps.node_full) console.log(`node_kv / node_full = ${(tps.node_kv / tps.node_full).toFixed(1)}x`);
  if (web) console.log(`webview: first token ${web.first_token_ms} ms, memory ${web.webview_mb} MB, backend ${web.backend}`);
  if (ex) {
    console.log('\nExercises (ms; extension path vs plain python -m unittest)');
    for (const [k, v] of Object.entries(ex)) console.log(`${k.padEnd(40)} ${typeof v === 'number' ? v.toFixed(2) : v}`);
  }
  if (interp) {
    const ms = (x: number | undefined) => x?.toFixed(0) ?? '-';
    console.log(`\nPatching sweeps on a ${interp.tokens}-token prompt, ms (webview: ${interp.runtime}; target <= 1000 each)`);
    console.log(`head sweep     webview ${ms(interp.head_patch_sweep_ms)}, node ${ms(interp.node_head_patch_sweep_ms)}, torch ${ms(interp.torch_head_patch_sweep_ms)}`);
    console.log(`residual sweep webview ${ms(interp.resid_patch_sweep_ms)}, node ${ms(interp.node_resid_patch_sweep_ms)}, torch ${ms(interp.torch_resid_patch_sweep_ms)}`);
  }
  if (train) printTraining(train);
  if (product) printProduct(product);
  if (gen) printGenerate(gen, tps.node_kv);
  // product.ts's keys and the playground's side by side under `product`.
  const genKeys = gen && {
    first_generate_tokens_per_s: gen.first_generate_tokens_per_s, later_generate_tokens_per_s: gen.later_generate_tokens_per_s,
    open_to_first_token_ms: gen.open_to_first_token_ms, ready_ms: gen.ready_ms,
  };
  const out = { tokens_per_s: tps, tokens, first_token_ms: web?.first_token_ms, webview_mb: web?.webview_mb, exercises: ex, interp, train, product: product || genKeys ? { ...product, ...genKeys } : undefined };
  console.log(`BENCH ${JSON.stringify(out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
