// Logit lens: apply the final layer norm and the unembedding to the residual stream after each
// block, and read what the model "would say" if it stopped there.
import { lensLogits, topPredictions, type LensWeights } from '../analysis';
import { tokenLabel, type ModelMeta } from '../vocab';
import { tokenStrip, type ViewContext, viewFooter } from '../context';
import { readInitializer, readOnnxInfo } from '../../../src/shared/onnx/onnxInfo';
import { chartBox, el, tableCanvas, viridis } from './draw';
import { drawWhenShown, sourceText } from './sourceText';
import { lensRowLabel } from './layers';

/** Finds ln_f and the (tied) unembedding among the model's initializers by name and shape. */
export function findLensWeights(bytes: Uint8Array, meta: ModelMeta, external: Map<string, Uint8Array> = new Map()): LensWeights | string {
  let info;
  try {
    info = readOnnxInfo(bytes);
  } catch (e) {
    return `the model file could not be read (${e instanceof Error ? e.message : String(e)})`;
  }
  const { C, V } = meta;
  const inits = info.initializers;
  const pick = (re: RegExp, dims: number[]) => inits.find((i) => re.test(i.name) && i.dims.join() === dims.join());
  // By name first; else the last LayerNormalization in the graph, which in a GPT is ln_f (the
  // exporter may have merged identical tensors under another block's name).
  const byNode = (name: string | undefined) => inits.find((i) => i.name === name && i.dims.join() === String(C));
  const gamma = pick(/ln_f.*weight/, [C]) ?? byNode(info.lastLayerNorm?.scale);
  const beta = pick(/ln_f.*bias/, [C]) ?? byNode(info.lastLayerNorm?.bias);
  const unembed = pick(/lm_head|wte/, [V, C]) ?? inits.find((i) => i.dims.join() === [V, C].join());
  if (!gamma || !beta || !unembed) return 'the model does not expose ln_f and the unembedding as named weights';
  const get = (n: string) => readInitializer(bytes, n, (loc) => external.get(loc))?.data;
  const [g, b, u] = [get(gamma.name), get(beta.name), get(unembed.name)];
  if (!g || !b || !u) return 'the ln_f or unembedding weights are stored in a form the playground cannot read';
  return { C, V, gamma: g, beta: b, unembed: u, eps: 1e-5 };
}

export function lensView(ctx: ViewContext): HTMLElement {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-logit-lens', class: 'view' });
  const source = sourceText(ctx, 'lens-text', 'Text');
  const runBtn = el('button', { id: 'lens-run' }, 'Run logit lens');
  const info = el('p', { id: 'lens-info', class: 'muted' }, 'After each block, the residual stream goes through the final layer norm and the unembedding: the top guesses show how the prediction forms layer by layer. Click a token to choose the position.');
  const status = el('p', { id: 'lens-status', class: 'muted', role: 'status' }, 'Press Run logit lens to read the text above.');
  const stripHolder = el('div');
  const table = el('table', { id: 'lens-table', class: 'lens' });
  const bar = el('div', { class: 'controls' });
  bar.append(runBtn);
  let weights: LensWeights | string | undefined;
  let resid: Float32Array | undefined;
  let tokens: number[] = [];
  let T = 0;
  let pos = 0;
  let rows: { layer: string; top: { token: string; p: number }[] }[] = [];

  const render = () => {
    if (!resid || typeof weights !== 'object') return;
    const { C } = meta;
    rows = [];
    for (let l = 0; l <= meta.nLayer; l++) {
      const x = resid.subarray((l * T + pos) * C, (l * T + pos + 1) * C);
      rows.push({ layer: lensRowLabel(l), top: topPredictions(lensLogits(x, weights), 5).map((t) => ({ token: tokenLabel(meta, t.token), p: t.p })) });
    }
    table.replaceChildren();
    const head = el('tr');
    head.append(el('th', {}, `position ${pos} "${tokenLabel(meta, tokens[tokens.length - T + pos])}" → next`), ...[1, 2, 3, 4, 5].map((i) => el('th', {}, `#${i}`)));
    table.append(head);
    for (const r of rows) {
      const tr = el('tr');
      tr.append(el('td', {}, r.layer));
      for (const t of r.top) {
        const td = el('td', {}, `${t.token}  ${t.p.toFixed(2)}`);
        td.style.background = viridis(t.p);
        td.style.color = t.p > 0.6 ? '#000' : '#fff';
        tr.append(td);
      }
      table.append(tr);
    }
    stripHolder.querySelectorAll('.tok').forEach((c, i) => c.classList.toggle('query', i === pos));
    status.textContent = `Position ${pos}: click another token to read its row.`;
    footer.refresh();
    root.dataset.ready = 'true';
  };

  const runOnce = async () => {
    weights ??= findLensWeights(ctx.modelBytes, meta, ctx.externalData);
    if (typeof weights === 'string') {
      info.textContent = `The logit lens is not available: ${weights}.`;
      return;
    }
    try {
      await gpt.ready();
    } catch (e) {
      const msg = `The full-context model could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
      info.textContent = msg;
      return;
    }
    if (!gpt.hasResidual) {
      info.textContent = 'The logit lens is not available: this model does not export its residual stream ("resid" output).';
      return;
    }
    const ids = source.ids();
    if (!ids.length) {
      status.textContent = 'There is no text to read: type some above, or generate first.';
      return;
    }
    status.textContent = 'Running the model…';
    let out;
    try {
      out = await gpt.forward(ids);
    } catch (e) {
      status.textContent = `Could not run the model: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    tokens = ids;
    T = out.T;
    resid = out.resid!.slice();
    pos = T - 1;
    stripHolder.replaceChildren(tokenStrip(tokens.map((t) => tokenLabel(meta, t)), (i, hover) => {
      if (!hover) {
        pos = i;
        render();
      }
    }));
    render();
  };
  const run = drawWhenShown(root, source, () => rows.length > 0, async () => {
    runBtn.disabled = true;
    await runOnce();
  }, (inFlight) => (runBtn.disabled = inFlight));
  runBtn.addEventListener('click', () => void run());
  const footer = viewFooter(ctx, 'logit-lens', () => (rows.length ? tableCanvas(rows.map((r) => [r.layer, ...r.top.map((t) => `${t.token} ${t.p.toFixed(2)}`)]), `Logit lens at position ${pos}`) : undefined),
    () => (rows.length ? { position: pos, text: tokens.map((t) => meta.chars[t]).join(''), rows } : undefined),
    'Nothing read yet: press Run logit lens first.');
  root.append(el('h2', {}, 'Logit lens'), source.box, source.caption, bar, info, status, stripHolder, chartBox(table), footer);
  return root;
}
