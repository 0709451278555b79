// Pure pieces of the tokenizer view, shared by the webview and the unit tests (no `vscode`, no DOM).
// A byte-level BPE token is a run of UTF-8 bytes, not of characters: an emoji or a Chinese
// character can be split across tokens, so a token's own text may not be valid UTF-8 at all.

/** What the view needs from a tokenizer: js-tiktoken's Tiktoken fits it. */
export interface BpeEncoder {
  encode(text: string, allowedSpecial?: string[] | 'all', disallowedSpecial?: string[] | 'all'): number[];
  decode(ids: number[]): string;
}

export interface TokenPiece {
  id: number;
  /** The token's text when its bytes are whole UTF-8 on their own; undefined for a byte fragment. */
  text: string | undefined;
  bytes: number[];
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Text of bytes that are whole UTF-8, else undefined (the token is part of a character). */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The bytes of one token. js-tiktoken 1.0.21 keeps them in `textMap` (marked internal, so read
 * defensively); without it, decode() of a lone fragment gives U+FFFD and we re-encode that, which
 * is right for every token that is whole UTF-8.
 */
export function tokenBytes(enc: BpeEncoder, id: number): Uint8Array {
  const map = (enc as unknown as { textMap?: unknown }).textMap;
  if (map instanceof Map) {
    const b = map.get(id) as unknown;
    if (b instanceof Uint8Array) return b;
  }
  return new TextEncoder().encode(enc.decode([id]));
}

/**
 * Tokens of `text`, each with its bytes and (when whole) its text. Special-token strings such as
 * `<|endoftext|>` in a learner's selection are tokenised as ordinary text, never refused.
 */
export function tokenPieces(enc: BpeEncoder, text: string): TokenPiece[] {
  return enc.encode(text, [], []).map((id) => {
    const bytes = tokenBytes(enc, id);
    return { id, text: utf8OrUndefined(bytes), bytes: [...bytes] };
  });
}

/** How a piece is drawn: spaces and line breaks made visible, fragments as their hex bytes. */
export function pieceLabel(p: Pick<TokenPiece, 'text' | 'bytes'>): string {
  if (p.text === undefined) return p.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return p.text.replace(/ /g, '·').replace(/\n/g, '↵').replace(/\t/g, '→').replace(/\r/g, '␍');
}

/**
 * The longest text the view tokenises; beyond it a notice says how much was left out. js-tiktoken
 * merges each pre-token in quadratic time: 2,000 identical letters take ~1.5 s with GPT-2
 * (10,000 take 23 s), so a pasted base64 blob must not freeze the page.
 */
export const MAX_TEXT_CHARS = 2_000;

export interface CappedText {
  text: string;
  /** Characters (UTF-16 units) of the original; more than text.length when it was cut. */
  originalLength: number;
}

/** Cuts `text` to `max` UTF-16 units without splitting a surrogate pair. */
export function capText(text: string, max = MAX_TEXT_CHARS): CappedText {
  if (text.length <= max) return { text, originalLength: text.length };
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // a high surrogate whose partner would be cut off
  return { text: text.slice(0, end), originalLength: text.length };
}

/** The notice shown when the text was cut; undefined when all of it is shown. */
export function capNotice(c: CappedText): string | undefined {
  if (c.originalLength <= c.text.length) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Showing the first ${n(c.text.length)} of ${n(c.originalLength)} characters (the view tokenises at most ${n(MAX_TEXT_CHARS)}).`;
}
