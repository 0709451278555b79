// The playground's view of the model's vocabulary and shape. Validation, tokenizing and the
// context-window rule come from src/shared/model (shared with the tests and the exercises); this adds the
// short field names the views use and labels for charts.
import { loadVocab } from '../../src/shared/model/vocab';
import { CharTokenizer } from '../../src/shared/model/tokenizer';
import type { ModelSpec } from '../../src/shared/model/modelInterface';

export { contextStart } from '../../src/shared/model/context';
export { VocabError } from '../../src/shared/model/vocab';

export interface ModelMeta {
  chars: readonly string[];
  V: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  C: number;
  spec: ModelSpec;
  tokenizer: CharTokenizer;
}

/** Throws VocabError saying what is wrong with vocab.json. */
export function parseVocab(raw: unknown): ModelMeta {
  const spec = loadVocab(raw);
  return {
    chars: spec.chars, V: spec.vocabSize, blockSize: spec.blockSize, nLayer: spec.nLayer, nHead: spec.nHead, C: spec.nEmbd,
    spec, tokenizer: CharTokenizer.fromSpec(spec),
  };
}

/** Characters the vocabulary lacks become a stand-in token (the space), counted, never a crash. */
export function encode(meta: ModelMeta, text: string): { ids: number[]; replaced: number } {
  const { ids, unknown } = meta.tokenizer.encode(text);
  return { ids, replaced: unknown.length };
}

export function decode(meta: ModelMeta, ids: number[]): string {
  return meta.tokenizer.decode(ids);
}

/** A readable label for a token in charts: newline and space made visible. */
export function tokenLabel(meta: ModelMeta, id: number): string {
  return charLabel(meta.chars[id] ?? '?');
}

/** Newline, space and tab made visible. */
export function charLabel(c: string): string {
  return c === '\n' ? '↵' : c === ' ' ? '␣' : c === '\t' ? '⇥' : c;
}
