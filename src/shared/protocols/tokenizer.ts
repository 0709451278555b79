// Messages between the tokenizer panel (src/tokenizer/, host) and webview/tokenizer/main.ts. Imported by both
// sides, so no `vscode` here. The webview says `ready`; the host answers with `init` (where the
// rank files are, and the text to show), then sends `text` whenever the editor selection changes.
// The webview loads the ranks and tokenises itself, so js-tiktoken never enters the host bundle.
import { fields, type Check, type HostChecks, type ReadyMessage } from './webview';

export const VIEW_TYPE = 'llmStudy.tokenizer';

export const ENCODINGS = ['gpt2', 'cl100k_base', 'o200k_base'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

export const ENCODING_LABELS: Record<EncodingName, string> = {
  gpt2: 'GPT-2 (r50k_base)',
  cl100k_base: 'cl100k_base (GPT-3.5, GPT-4)',
  o200k_base: 'o200k_base (GPT-4o)',
};

/** The ranks as built by esbuild.mjs: dist/webview/tiktoken/<name>.json. */
export const rankFile = (name: EncodingName) => `tiktoken/${name}.json`;

/** Where the shown text came from: an editor's selection (file and first line) or the text box. */
export interface TextSource {
  kind: 'selection' | 'typed' | 'sample';
  file?: string;
  line?: number;
}

export interface TextUpdate {
  text: string;
  /** Length of the text before it was capped (see capText); equal to text.length when whole. */
  originalLength: number;
  source: TextSource;
}

/** The learner's bpe.py on a text (host side, in Python): its tokens, or why there are none. */
export type OwnBpe = { ids: number[]; pieces: string[]; vocabSize: number } | { why: string };

export type ToWebview =
  | ({ type: 'init'; rankUrls: Record<EncodingName, string>; vocabUrl: string } & TextUpdate)
  | ({ type: 'text' } & TextUpdate)
  /** Sent after each text change, once Python answers; `text` says which text it belongs to. */
  | { type: 'ownBpe'; text: string; result: OwnBpe };

/** Token counts for one text, per tokenizer id (the encodings, plus 'chars' for the tiny GPT). */
export type Counts = Record<string, number>;

export type ToHost =
  | ReadyMessage
  /** Sent after each render: the host logs it, tests read it. */
  | { type: 'counted'; chars: number; counts: Counts }
  | { type: 'loadFailed'; what: string; message: string }
  /** The learner typed in the view: the host keeps it, so a reloaded view shows it again. */
  | ({ type: 'typed' } & TextUpdate);

/** The learner's own BPE row (the bpe exercise). */
export const OWN_BPE_ID = 'own-bpe';
/** The tiny GPT's character model, shown beside the real tokenizers. */
export const CHAR_MODEL_ID = 'chars';

export const SAMPLE_TEXT = 'Tokenizers split text into pieces: strawberry, 12345678, naïve, 今日は良い天気ですね 🙂';

function isSource(x: unknown): x is TextSource {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as TextSource;
  return ['selection', 'typed', 'sample'].includes(s.kind)
    && (s.file === undefined || typeof s.file === 'string')
    && (s.line === undefined || Number.isInteger(s.line));
}

function isTextUpdate(x: Record<string, unknown>): boolean {
  return typeof x.text === 'string' && Number.isInteger(x.originalLength) && isSource(x.source);
}

/** A text update kept by an older window (storage), or undefined when it is not one. */
export function decodeTextUpdate(x: unknown): TextUpdate | undefined {
  if (typeof x !== 'object' || x === null || !isTextUpdate(x as Record<string, unknown>)) return undefined;
  const { text, originalLength, source } = x as TextUpdate;
  return { text, originalLength, source: { kind: source.kind, ...(source.file !== undefined ? { file: source.file } : {}), ...(source.line !== undefined ? { line: source.line } : {}) } };
}

export function isOwnBpe(x: unknown): x is OwnBpe {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  if (typeof o.why === 'string') return true;
  return Array.isArray(o.ids) && Array.isArray(o.pieces) && o.ids.length === o.pieces.length && Number.isInteger(o.vocabSize)
    && o.ids.every((i) => Number.isInteger(i)) && o.pieces.every((p) => typeof p === 'string');
}

/** Validates a message from the host; anything malformed is dropped (undefined), never half-used. */
export function decodeToWebview(m: unknown): ToWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'text' && isTextUpdate(o)) return o as unknown as ToWebview;
  if (o.type === 'ownBpe' && typeof o.text === 'string' && isOwnBpe(o.result)) return { type: 'ownBpe', text: o.text, result: o.result };
  if (o.type === 'init' && isTextUpdate(o) && typeof o.vocabUrl === 'string' && typeof o.rankUrls === 'object' && o.rankUrls !== null) {
    const urls = o.rankUrls as Record<string, unknown>;
    if (ENCODINGS.every((e) => typeof urls[e] === 'string')) return o as unknown as ToWebview;
  }
  return undefined;
}

/** Why a text update (a `typed` message's fields) cannot be used, or undefined when it can. */
const textUpdateProblem: Check = (m) => {
  if (typeof m.text !== 'string') return 'text is not a string';
  if (!Number.isInteger(m.originalLength)) return 'originalLength is not an integer';
  return isSource(m.source) ? undefined : 'source is not a selection, typed or sample source';
};

/** One check per message the host accepts (see src/webviews/channel.ts). */
export const TOKENIZER_CHECKS: HostChecks<ToHost> = {
  counted: (m) => {
    if (!Number.isInteger(m.chars)) return 'chars is not an integer';
    if (typeof m.counts !== 'object' || m.counts === null || Array.isArray(m.counts)) return 'counts is not an object';
    const bad = Object.entries(m.counts as Record<string, unknown>).find(([, n]) => !Number.isInteger(n));
    return bad ? `the count for ${JSON.stringify(bad[0].slice(0, 40))} is not an integer` : undefined;
  },
  loadFailed: fields({ what: 'string', message: 'string' }),
  typed: textUpdateProblem,
};
