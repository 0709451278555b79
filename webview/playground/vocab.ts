// The model's vocabulary and shape, read from vocab.json beside the model, and the context
// window rule shared with the training script (training/model.py context_start).

export interface ModelMeta {
  chars: string[];
  V: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  C: number;
}

export class VocabError extends Error {}

/** Accepts the fields under a few common names so a learner's own char-level model also loads. */
export function parseVocab(raw: unknown): ModelMeta {
  if (typeof raw !== 'object' || raw === null) throw new VocabError('vocab.json is not a JSON object');
  const o = raw as Record<string, unknown>;
  const cfg = (typeof o.config === 'object' && o.config !== null ? o.config : o) as Record<string, unknown>;
  let chars: unknown = o.chars ?? o.itos ?? o.vocab;
  if (typeof chars === 'string') chars = [...chars];
  if (!Array.isArray(chars) || chars.length === 0 || !chars.every((c) => typeof c === 'string')) {
    throw new VocabError('vocab.json has no list of characters ("chars")');
  }
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof cfg[k] === 'number' && Number.isInteger(cfg[k]) && (cfg[k] as number) > 0) return cfg[k] as number;
    throw new VocabError(`vocab.json lacks a positive integer "${keys[0]}"`);
  };
  const meta: ModelMeta = {
    chars: chars as string[],
    V: chars.length,
    blockSize: num('block_size', 'blockSize'),
    nLayer: num('n_layer', 'nLayer'),
    nHead: num('n_head', 'nHead'),
    C: num('n_embd', 'nEmbd', 'C'),
  };
  if (meta.C % meta.nHead !== 0) throw new VocabError(`n_embd ${meta.C} is not divisible by n_head ${meta.nHead}`);
  return meta;
}

/** Characters the vocabulary lacks become the space (or the first character), never a crash. */
export function encode(meta: ModelMeta, text: string): { ids: number[]; replaced: number } {
  const index = new Map(meta.chars.map((c, i) => [c, i]));
  const fallback = index.get(' ') ?? 0;
  let replaced = 0;
  const ids = [...text].map((ch) => {
    const id = index.get(ch);
    if (id === undefined) replaced++;
    return id ?? fallback;
  });
  return { ids, replaced };
}

export function decode(meta: ModelMeta, ids: number[]): string {
  return ids.map((i) => meta.chars[i] ?? '\uFFFD').join('');
}

/** A readable label for a token in charts: newline and space made visible. */
export function tokenLabel(meta: ModelMeta, id: number): string {
  const c = meta.chars[id] ?? '?';
  return c === '\n' ? '↵' : c === ' ' ? '␣' : c === '\t' ? '⇥' : c;
}

/**
 * First position the model sees when predicting token n (training/model.py context_start): past
 * block_size the window drops its oldest half at once, so a KV cache stays valid for half a block.
 */
export function contextStart(n: number, blockSize: number): number {
  if (n <= blockSize) return 0;
  const shift = Math.floor(blockSize / 2);
  return Math.ceil((n - blockSize) / shift) * shift;
}
