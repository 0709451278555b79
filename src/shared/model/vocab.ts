// Reading vocab.json defensively, and checking that it belongs to the model it sits beside: a
// vocabulary of the wrong size would decode every token into the wrong character without any
// error, which is worse than failing.
import type { ModelSpec, VocabJson } from './modelInterface';

export class VocabError extends Error {
  override name = 'VocabError';
}

function positiveInt(o: Record<string, unknown>, key: keyof VocabJson): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new VocabError(`vocab.json: "${key}" must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Validates parsed vocab.json (or its text) and returns the model's spec; throws VocabError saying what is wrong. */
export function loadVocab(raw: unknown): ModelSpec {
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (e) {
      throw new VocabError(`vocab.json is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new VocabError('vocab.json must hold a JSON object');
  const o = raw as Record<string, unknown>;
  const chars = o.chars;
  if (!Array.isArray(chars) || chars.length === 0) throw new VocabError('vocab.json: "chars" must be a non-empty list');
  chars.forEach((c, i) => {
    // One token is one character (one code point: an emoji is one character, two UTF-16 units).
    if (typeof c !== 'string' || [...c].length !== 1) {
      throw new VocabError(`vocab.json: chars[${i}] must be a single character, got ${JSON.stringify(c)}`);
    }
  });
  if (new Set(chars).size !== chars.length) throw new VocabError('vocab.json: "chars" lists a character twice');
  const vocabSize = positiveInt(o, 'vocab_size');
  if (vocabSize !== chars.length) {
    throw new VocabError(`vocab.json: vocab_size is ${vocabSize} but "chars" has ${chars.length} characters`);
  }
  const nEmbd = positiveInt(o, 'n_embd');
  const nHead = positiveInt(o, 'n_head');
  if (nEmbd % nHead !== 0) throw new VocabError(`vocab.json: n_embd ${nEmbd} is not a multiple of n_head ${nHead}`);
  return {
    chars: chars as string[],
    vocabSize,
    blockSize: positiveInt(o, 'block_size'),
    nLayer: positiveInt(o, 'n_layer'),
    nHead,
    nEmbd,
    headSize: nEmbd / nHead,
  };
}

/** The dims a model actually produced for a T-token input (from one probe run). */
export interface ProbeDims {
  logits: readonly number[];
  attn?: readonly number[];
  resid?: readonly number[];
}

/** Throws VocabError when the model's outputs disagree with the vocabulary's spec. */
export function checkModelMatchesVocab(spec: ModelSpec, probe: ProbeDims, T = 1): void {
  const expect = (what: string, got: readonly number[] | undefined, want: number[]) => {
    if (got === undefined) return;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      throw new VocabError(
        `the model does not match vocab.json: ${what} has shape [${got.join(', ')}], expected [${want.join(', ')}]` +
          (what === 'logits' ? ` (the model knows ${got[got.length - 1]} tokens, vocab.json lists ${spec.vocabSize})` : ''),
      );
    }
  };
  expect('logits', probe.logits, [1, T, spec.vocabSize]);
  expect('attn', probe.attn, [spec.nLayer, spec.nHead, T, T]);
  expect('resid', probe.resid, [spec.nLayer + 1, T, spec.nEmbd]);
}
