// The decoding lab: prompt, streaming generation with stop / continue / step, and the next-token
// distribution. Logits are stored per step, so moving a control re-decides from them at once.
import { choose, normaliseOptions, type DecodeOptions } from '../decoding';
import { decode, encode, tokenLabel } from '../vocab';
import { type ViewContext, viewFooter, yieldToBrowser } from '../context';
import { clampTokens, TOKENS } from '../../../src/shared/protocols/playground';
import { drawDistribution } from './charts';
import { chartBox, el } from './draw';

interface Step {
  logits: Float32Array;
  token: number;
}

export function generateView(ctx: ViewContext): HTMLElement {
  const { meta, gpt } = ctx;
  const root = el('section', { id: 'view-generate', class: 'view' });
  const prompt = el('textarea', { id: 'prompt', rows: '3', 'aria-label': 'Prompt' }) as HTMLTextAreaElement;
  prompt.value = ctx.state.prompt ?? 'ROMEO:\nBut soft, what light';
  const num = (id: string, label: string, attrs: Record<string, string>, value: number) => {
    const input = el('input', { id, type: 'number', ...attrs }) as HTMLInputElement;
    input.value = String(value);
    const wrap = el('label', { class: 'control' }, `${label} `);
    wrap.append(input);
    return { input, wrap };
  };
  const o = normaliseOptions(ctx.state);
  const tempRange = el('input', { id: 'temperature', type: 'range', min: '0', max: '2', step: '0.01', 'aria-label': 'Temperature' }) as HTMLInputElement;
  tempRange.value = String(o.temperature);
  const temp = num('temperature-value', 'Temperature', { min: '0', max: '5', step: '0.01' }, o.temperature);
  temp.wrap.prepend(tempRange);
  const topK = num('top-k', 'Top-k (0 = all)', { min: '0', max: String(meta.V), step: '1' }, o.topK);
  const topP = num('top-p', 'Top-p', { min: '0', max: '1', step: '0.01' }, o.topP);
  const seed = num('seed', 'Seed', { min: '0', step: '1' }, ctx.state.seed ?? 1);
  const maxTokens = num('max-tokens', 'Tokens', { min: String(TOKENS.min), max: String(TOKENS.max), step: '1' }, clampTokens(ctx.state.maxTokens));
  const btn = (id: string, text: string, cls = '') => el('button', { id, class: cls }, text) as HTMLButtonElement;
  const generate = btn('generate', 'Generate');
  const stop = btn('stop', 'Stop', 'secondary');
  const cont = btn('continue', 'Continue', 'secondary');
  const step = btn('step', 'Step one token', 'secondary');
  const output = el('pre', { id: 'output', class: 'output', 'aria-live': 'off' });
  // Its own line: the speed line is rewritten when each run ends, and would take a notice with it.
  const promptNotice = el('p', { id: 'prompt-notice', class: 'notice', role: 'status' });
  promptNotice.hidden = true;
  const speed = el('p', { id: 'speed', class: 'muted' });
  const distInfo = el('p', { id: 'dist-info' });
  const chart = el('canvas', { id: 'dist-chart', role: 'img', 'aria-label': 'Next-token probabilities' }) as HTMLCanvasElement;
  const controls = el('div', { class: 'controls' });
  controls.append(temp.wrap, topK.wrap, topP.wrap, seed.wrap, maxTokens.wrap);
  const buttons = el('div', { class: 'buttons' });
  buttons.append(generate, stop, cont, step);
  const help = el('p', { class: 'muted' }, 'Temperature 0 is greedy (always the most likely character). Changing a control re-decides from the logits already computed: the model does not run again.');

  let tokens: number[] = [];
  let promptLen = 0;
  let steps: Step[] = [];
  let pending: Float32Array | undefined;
  let selected: number | undefined;
  let running = false;
  let stopAsked = false;
  let lastJson: unknown;

  const opts = (): DecodeOptions => normaliseOptions({ temperature: Number(temp.input.value), topK: Number(topK.input.value), topP: Number(topP.input.value) });
  const seedValue = () => Math.max(0, Math.floor(Number(seed.input.value) || 0));
  /** The Tokens count that runs, written back so the field never shows more than will run. */
  const tokenCount = () => {
    const n = clampTokens(maxTokens.input.value);
    if (maxTokens.input.value !== String(n)) maxTokens.input.value = String(n);
    return n;
  };
  const encodePrompt = () => {
    const { ids, replaced } = encode(meta, prompt.value || '\n');
    promptNotice.textContent = replaced ? `${replaced} character(s) the model does not know were replaced by a space.` : '';
    promptNotice.hidden = !replaced;
    return ids;
  };
  const setButtons = () => {
    generate.disabled = running;
    stop.disabled = !running;
    cont.disabled = running || tokens.length === 0;
    step.disabled = running;
    root.dataset.running = String(running);
  };

  const renderOutput = () => {
    output.replaceChildren();
    output.append(el('span', { class: 'prompt-text' }, decode(meta, tokens.slice(0, promptLen))));
    steps.forEach((s, i) => {
      const span = el('span', { class: `gen${i === selected ? ' selected' : ''}`, 'data-step': String(i) }, meta.chars[s.token]);
      span.addEventListener('click', () => {
        selected = selected === i ? undefined : i;
        renderOutput();
        renderDistribution();
      });
      output.append(span);
    });
  };

  /** Draws the distribution of the selected step, or of the next token when none is selected. */
  const renderDistribution = () => {
    const at = selected !== undefined ? steps[selected] : undefined;
    const logits = at?.logits ?? pending;
    if (!logits) {
      distInfo.textContent = 'Generate to see the next-token distribution.';
      return;
    }
    const position = selected !== undefined ? promptLen + selected : tokens.length;
    const o = opts();
    const { token, dist } = choose(logits, o, seedValue(), position);
    const order = drawDistribution(chart, dist, (id) => tokenLabel(meta, id), token);
    const keptCount = dist.kept.reduce((a, b) => a + b, 0);
    const where = at ? `step ${selected! + 1} (it picked "${tokenLabel(meta, at.token)}")` : 'the next token';
    distInfo.textContent = `Distribution for ${where}: with these settings the pick is "${tokenLabel(meta, token)}" (p = ${dist.final[token].toFixed(3)}); ${keptCount} of ${meta.V} tokens kept.`;
    chart.dataset.kept = String(keptCount);
    chart.dataset.top = dist.probs[order[0]].toFixed(4);
    chart.dataset.chosen = String(token);
    lastJson = { position, options: o, seed: seedValue(), chosen: meta.chars[token], probs: Object.fromEntries(order.map((i) => [meta.chars[i], dist.probs[i]])), logits: Array.from(logits) };
    footer.refresh();
  };

  const run = async (n: number) => {
    if (running) return;
    running = true;
    stopAsked = false;
    selected = undefined;
    setButtons();
    const t0 = performance.now();
    let made = 0;
    // Timings for the product benchmark (scripts/bench/generate.ts), in the panel's own clock
    // (performance.now() counts from the webview's navigation start, i.e. the panel opening).
    delete root.dataset.firstTokenAt;
    let streamed: Text | undefined;
    let lastYield = t0;
    try {
      for (let i = 0; i < n && !stopAsked; i++) {
        if (tokens.length === 0) break;
        // Copy: onnxruntime may reuse the output buffer on the next run.
        const logits = pending ?? (await gpt.nextLogits(tokens)).slice();
        pending = undefined;
        const { token } = choose(logits, opts(), seedValue(), tokens.length);
        steps.push({ logits, token });
        tokens.push(token);
        made++;
        // While streaming, the new characters go into one text node (a span per character, each
        // laid out again, cost more than the model's step); renderOutput gives each its own span
        // when the run ends. The page gets to paint about 30 times a second (in code-server a yield
        // may let the whole workbench render, on the same thread), and at once for the first token.
        if (!streamed) {
          const span = el('span', { class: 'gen streaming' });
          span.append((streamed = document.createTextNode('')));
          output.append(span);
        }
        streamed.appendData(meta.chars[token]);
        const now = performance.now();
        if (made === 1) root.dataset.firstTokenAt = now.toFixed(1);
        if (made === n >> 1) root.dataset.halfMs = (now - t0).toFixed(1);
        if (made === 1 || now - lastYield > 33) {
          await yieldToBrowser();
          lastYield = performance.now();
        }
      }
      const ms = performance.now() - t0;
      root.dataset.runTokens = String(made);
      root.dataset.runMs = ms.toFixed(1);
      root.dataset.runs = String(Number(root.dataset.runs ?? 0) + 1);
      if (made > 1) speed.textContent = `${made} tokens in ${ms.toFixed(0)} ms: ${((made * 1000) / ms).toFixed(0)} tokens/s on ${ctx.backend === 'wasm' ? 'WASM' : 'WebGPU'}${gpt.hasKvCache ? ' with the KV cache' : ' (full context each step)'}`;
      if (tokens.length) pending = (await gpt.nextLogits(tokens)).slice();
    } catch (e) {
      speed.textContent = `Generation failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      running = false;
      setButtons();
      renderOutput();
      renderDistribution();
      root.dataset.generated = String(steps.length);
    }
  };

  const start = () => {
    root.dataset.clickedAt = performance.now().toFixed(1);
    const ids = encodePrompt();
    tokens = ids;
    promptLen = ids.length;
    steps = [];
    pending = undefined;
    gpt.resetCache();
    speed.textContent = '';
    renderOutput();
    void run(tokenCount());
  };

  generate.addEventListener('click', start);
  stop.addEventListener('click', () => (stopAsked = true));
  cont.addEventListener('click', () => void run(tokenCount()));
  step.addEventListener('click', () => {
    if (tokens.length === 0) {
      const ids = encodePrompt();
      tokens = ids;
      promptLen = ids.length;
      renderOutput();
    }
    void run(1);
  });
  const onControl = () => {
    ctx.saveState({ ...opts(), seed: seedValue(), maxTokens: clampTokens(maxTokens.input.value) });
    renderDistribution();
  };
  tempRange.addEventListener('input', () => {
    temp.input.value = tempRange.value;
    onControl();
  });
  temp.input.addEventListener('input', () => {
    tempRange.value = temp.input.value;
    onControl();
  });
  for (const c of [topK.input, topP.input, seed.input, maxTokens.input]) c.addEventListener('input', onControl);
  // Not on each keystroke: clamping "5" on the way to "50" would fight the typing.
  maxTokens.input.addEventListener('change', tokenCount);
  prompt.addEventListener('input', () => ctx.saveState({ prompt: prompt.value }));

  // Disabled until a distribution is drawn: before that, Export PNG saved a blank 300 x 150 canvas.
  const footer = viewFooter(ctx, 'generate', () => (lastJson === undefined ? undefined : chart), () => lastJson, 'Nothing to export yet: press Generate or Step one token first.');
  root.append(el('h2', {}, 'Generate and sample'), prompt, controls, buttons, help, promptNotice, output, speed, distInfo, chartBox(chart), footer);
  setButtons();
  renderDistribution();
  ctx.currentText = () => (tokens.length ? decode(meta, tokens) : prompt.value);
  return root;
}
