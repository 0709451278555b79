// Characters to token ids and back. A learner will type characters the model never saw (accents,
// emoji, tabs); they become a stand-in token, reported, rather than an error or a crash.
import type { ModelSpec } from './modelInterface';

/** Shown for an id the vocabulary does not have. */
export const REPLACEMENT_CHAR = '\uFFFD';

export interface Encoded {
  ids: number[];
  /** Characters that were not in the vocabulary, with their index in `ids`. */
  unknown: Array<{ index: number; char: string }>;
}

export class CharTokenizer {
  private readonly index: Map<string, number>;
  /** Token used for an unknown character: the space if the vocabulary has one, else token 0. */
  readonly fallbackId: number;

  constructor(private readonly chars: readonly string[]) {
    this.index = new Map(chars.map((c, i) => [c, i]));
    this.fallbackId = this.index.get(' ') ?? 0;
  }

  static fromSpec(spec: ModelSpec): CharTokenizer {
    return new CharTokenizer(spec.chars);
  }

  get size(): number {
    return this.chars.length;
  }

  /** Iterates code points, so an emoji is one unknown character rather than two halves. */
  encode(text: string): Encoded {
    const ids: number[] = [];
    const unknown: Encoded['unknown'] = [];
    for (const ch of text) {
      const id = this.index.get(ch);
      if (id === undefined) unknown.push({ index: ids.length, char: ch });
      ids.push(id ?? this.fallbackId);
    }
    return { ids, unknown };
  }

  decode(ids: Iterable<number>): string {
    let s = '';
    for (const id of ids) s += this.chars[id] ?? REPLACEMENT_CHAR;
    return s;
  }
}
