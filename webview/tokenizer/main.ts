// The tokenizer view: one text, split by GPT-2, cl100k_base, o200k_base and the tiny GPT's
// characters. The host sends the text (an editor's selection) and where the rank files are; the
// ranks (0.5 to 2.3 MB each) are fetched and parsed here, one at a time, the smallest first, so
// GPT-2's row appears while o200k_base is still loading.
import './tokenizer.css';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import { channel } from '../shared/vscodeApi';
import {
  CHAR_MODEL_ID, ENCODINGS, ENCODING_LABELS, OWN_BPE_ID, decodeToWebview,
  type Counts, type EncodingName, type OwnBpe, type TextUpdate, type ToHost, type ToWebview,
} from '../../src/shared/protocols/tokenizer';
import { capNotice, capText, pieceLabel, tokenPieces } from '../../src/shared/tokenizer/spans';
import { CharTokenizer } from '../../src/shared/model/tokenizer';
import { loadVocab } from '../../src/shared/model/vocab';

const vsc = channel<ToHost, ToWebview, TextUpdate>();
const TYPING_DEBOUNCE_MS = 200;

const encoders = new Map<EncodingName, Tiktoken>();
const failed = new Map<string, string>();
let chars: CharTokenizer | undefined;
let current: TextUpdate | undefined = vsc.getState();
/** The host's last answer from the learner's bpe.py, for the text it was asked about. */
let ownBpe: { text: string; result: OwnBpe } | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const app = document.getElementById('app')!;
const header = el('h1', {}, 'Tokens');
const source = el('p', { class: 'source', 'data-testid': 'source' });
const notice = el('p', { class: 'notice', role: 'status', 'data-testid': 'notice' });
const input = el('textarea', { id: 'text', 'aria-label': 'Text to tokenise', spellcheck: 'false' });
const rows = el('div');
const legend = el('p', { class: 'legend' }, 'Each box is one token, its id beneath. · is a space, ↵ a line break. A dashed box holds bytes that are only part of a character (shown in hex).');
app.append(header, source, notice, input, legend, rows);

function row(id: string, label: string): HTMLElement {
  let r = rows.querySelector<HTMLElement>(`[data-tokenizer="${id}"]`);
  if (!r) {
    r = el('section', { class: 'row', 'data-tokenizer': id });
    r.append(el('h2'), el('div', { class: 'tokens' }));
    rows.append(r);
  }
  r.querySelector('h2')!.textContent = label;
  return r;
}

function setCount(r: HTMLElement, n: number | undefined, status?: string, error = false): void {
  const h = r.querySelector('h2')!;
  h.querySelector('.count')?.remove();
  h.querySelector('.status')?.remove();
  if (n !== undefined) h.append(el('span', { class: 'count', 'data-count': String(n) }, ` · ${n} token${n === 1 ? '' : 's'}`));
  if (status) h.append(el('span', { class: error ? 'status error' : 'status' }, ` · ${status}`));
}

function chip(label: string, id: string, title: string, extra = ''): HTMLElement {
  const c = el('span', { class: `tok ${extra}`.trim(), title });
  c.append(el('span', { class: 'text' }, label), el('span', { class: 'id' }, id));
  return c;
}

function renderEncoding(name: EncodingName, text: string): number | undefined {
  const r = row(name, ENCODING_LABELS[name]);
  const box = r.querySelector('.tokens')!;
  const enc = encoders.get(name);
  if (!enc) {
    box.replaceChildren();
    setCount(r, undefined, failed.get(name) ?? 'loading…', failed.has(name));
    return undefined;
  }
  const pieces = tokenPieces(enc, text);
  box.replaceChildren(...pieces.map((p, i) => chip(pieceLabel(p), String(p.id), `id ${p.id} · ${p.bytes.length} byte${p.bytes.length === 1 ? '' : 's'}`, `c${i % 6}${p.text === undefined ? ' fragment' : ''}`)));
  setCount(r, pieces.length);
  return pieces.length;
}

function renderChars(text: string): number | undefined {
  const r = row(CHAR_MODEL_ID, 'Tiny GPT (one token per character, media/model/vocab.json)');
  const box = r.querySelector('.tokens')!;
  if (!chars) {
    box.replaceChildren();
    setCount(r, undefined, failed.get(CHAR_MODEL_ID) ?? 'loading…', failed.has(CHAR_MODEL_ID));
    return undefined;
  }
  const { ids, unknown } = chars.encode(text);
  const missing = new Set(unknown.map((u) => u.index));
  const letters = [...text];
  box.replaceChildren(...ids.map((id, i) => chip(pieceLabel({ text: letters[i], bytes: [] }), String(id), missing.has(i) ? 'not in the vocabulary: the model sees a space' : `id ${id}`, `c${i % 6}${missing.has(i) ? ' unknown' : ''}`)));
  setCount(r, ids.length, unknown.length ? `${unknown.length} not in its ${chars.size}-character vocabulary` : undefined);
  return ids.length;
}

function renderOwnBpe(text: string): number | undefined {
  const r = row(OWN_BPE_ID, 'Your BPE (bpe.py)');
  const box = r.querySelector('.tokens')!;
  box.replaceChildren();
  if (!ownBpe || ownBpe.text !== text) {
    setCount(r, undefined, 'running your bpe.py…');
    return undefined;
  }
  const res = ownBpe.result;
  if ('why' in res) {
    setCount(r, undefined, res.why);
    return undefined;
  }
  box.replaceChildren(...res.ids.map((id, i) => chip(pieceLabel({ text: res.pieces[i], bytes: [] }), String(id), `id ${id}${res.pieces[i].includes('\ufffd') ? ' · part of a character' : ''}`, `c${i % 6}`)));
  setCount(r, res.ids.length, `trained to ${res.vocabSize} ids on the byte-pair-encoding lesson`);
  return res.ids.length;
}

function render(): void {
  if (!current) return;
  const { text, source: s } = current;
  source.textContent = s.kind === 'selection' ? `Selection in ${s.file ?? 'an editor'}${s.line ? `, line ${s.line}` : ''}: ${text.length} characters` : s.kind === 'typed' ? `Typed here: ${text.length} characters` : `Sample text: select text in any editor, or type here`;
  source.dataset.kind = s.kind;
  notice.textContent = capNotice({ text, originalLength: current.originalLength }) ?? '';
  if (document.activeElement !== input) input.value = text;
  const counts: Counts = {};
  for (const name of ENCODINGS) {
    const n = renderEncoding(name, text);
    if (n !== undefined) counts[name] = n;
  }
  const n = renderChars(text);
  if (n !== undefined) counts[CHAR_MODEL_ID] = n;
  const own = renderOwnBpe(text);
  if (own !== undefined) counts[OWN_BPE_ID] = own;
  vsc.post({ type: 'counted', chars: text.length, counts });
}

function show(update: TextUpdate): void {
  current = update;
  vsc.setState(update);
  render();
}

/** Rank files are ours (built by esbuild.mjs), but a damaged install must say so, not throw later. */
function asRanks(x: unknown): TiktokenBPE {
  const o = x as Partial<TiktokenBPE> | null;
  if (!o || typeof o.pat_str !== 'string' || typeof o.bpe_ranks !== 'string' || typeof o.special_tokens !== 'object') throw new Error('not a js-tiktoken rank file');
  return o as TiktokenBPE;
}

async function fetchJson(url: string): Promise<unknown> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.json();
}

async function loadAll(rankUrls: Record<EncodingName, string>, vocabUrl: string): Promise<void> {
  try {
    chars = new CharTokenizer(loadVocab(await fetchJson(vocabUrl)).chars);
  } catch (e) {
    failed.set(CHAR_MODEL_ID, `could not load vocab.json: ${(e as Error).message}`);
    vsc.post({ type: 'loadFailed', what: 'vocab.json', message: (e as Error).message });
  }
  render();
  for (const name of ENCODINGS) {
    if (encoders.has(name)) continue;
    try {
      encoders.set(name, new Tiktoken(asRanks(await fetchJson(rankUrls[name]))));
    } catch (e) {
      failed.set(name, `could not load its ranks: ${(e as Error).message}`);
      vsc.post({ type: 'loadFailed', what: `${name} ranks`, message: (e as Error).message });
    }
    render();
    await new Promise((r) => setTimeout(r, 0)); // let the row paint before parsing the next file
  }
}

let typing: ReturnType<typeof setTimeout> | undefined;
input.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const c = capText(input.value);
    const update: TextUpdate = { text: c.text, originalLength: c.originalLength, source: { kind: 'typed' } };
    vsc.post({ type: 'typed', ...update });
    show(update);
  }, TYPING_DEBOUNCE_MS);
});

vsc.onMessage((raw) => {
  const m = decodeToWebview(raw);
  if (!m) return;
  if (m.type === 'ownBpe') {
    ownBpe = { text: m.text, result: m.result };
    return render();
  }
  const { text, originalLength, source: s } = m;
  show({ text, originalLength, source: s });
  if (m.type === 'init') void loadAll(m.rankUrls, m.vocabUrl);
});

render();
vsc.post({ type: 'ready' });
