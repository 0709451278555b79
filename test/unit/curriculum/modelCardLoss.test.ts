// The lessons quote the tiny GPT's validation loss (and the bits per character that follow from
// it). The number belongs to media/model/MODEL_CARD.md, which retraining rewrites; a lesson that
// keeps an older number teaches a result the shipped model no longer has. So every such quote is
// checked against the card, at whatever precision the lesson rounds to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CURRICULUM, REPO } from './seedText';

const CARD = path.join(REPO, 'media', 'model', 'MODEL_CARD.md');

/** The card's validation loss, from its "final loss" row: "train **1.3231**, validation **1.5470**". */
function cardValidationLoss(card: string): number | undefined {
  const m = /validation\s+\*\*(\d+\.\d+)\*\*/i.exec(card);
  return m ? Number(m[1]) : undefined;
}

/** Sentences of a lesson, roughly: enough to keep a quoted number with the words around it. */
function sentences(md: string): string[] {
  return md.replace(/\$\$[\s\S]*?\$\$/g, ' ').split(/(?<=[.!?])\s+(?=[A-Z*(])|\n\s*\n/);
}

interface LossQuote { sentence: string; quoted: string; expected: string }

/**
 * Numbers that quote the tiny GPT's loss: in a sentence that names the tiny GPT and speaks of its
 * loss (or what it "reaches"), every number between 1 and 3 written with decimals. A number
 * followed by "bits" is the loss over ln 2. Returns the quotes that disagree with `loss`.
 */
function wrongLossQuotes(md: string, loss: number): LossQuote[] {
  const wrong: LossQuote[] = [];
  for (const s of sentences(md)) {
    if (!/tiny GPT/i.test(s) || !/\b(loss|nats|reaches)\b/i.test(s)) continue;
    for (const m of s.matchAll(/(?<![\d.])([12]\.\d+)(?!\d|\.\d)(\s*(?:\\?\$)?\s*(bits?)\b)?/g)) {
      const quoted = m[1];
      const value = m[3] ? loss / Math.LN2 : loss;
      const expected = value.toFixed(quoted.split('.')[1].length);
      if (quoted !== expected) wrong.push({ sentence: s.trim().slice(0, 160), quoted, expected });
    }
  }
  return wrong;
}

test('cardValidationLoss reads the final-loss row', () => {
  assert.equal(cardValidationLoss('| final loss (mean of 100 batches) | train **1.3231**, validation **1.5470** |'), 1.547);
  assert.equal(cardValidationLoss('no table here'), undefined);
});

test('wrongLossQuotes catches an old number, accepts any rounding of the right one, and checks bits', () => {
  const loss = 1.547;
  assert.deepEqual(wrongLossQuotes('The tiny GPT reaches a validation loss of 1.547 nats.', loss), []);
  assert.deepEqual(wrongLossQuotes('The tiny GPT reaches a validation loss of about 1.55.', loss), []);
  assert.deepEqual(wrongLossQuotes('The tiny GPT, at a loss of 1.55 nats, needs about 2.23 bits per character.', loss), []);
  assert.deepEqual(wrongLossQuotes('The tiny GPT is small and reaches about 1.50.', loss).map((q) => q.quoted), ['1.50']);
  assert.deepEqual(wrongLossQuotes('The tiny GPT at a loss of 1.547 needs $1.547 / \\ln 2 \\approx 2.2$ bits.', loss).map((q) => `${q.quoted}->${q.expected}`), []);
  assert.deepEqual(wrongLossQuotes('The tiny GPT at a loss of 1.547 needs 2.5 bits.', loss).map((q) => `${q.quoted}->${q.expected}`), ['2.5->2.2']);
  // Other models' numbers, and the tiny GPT's sampling settings, are not loss quotes.
  assert.deepEqual(wrongLossQuotes('The video ends near 1.48. Try the tiny GPT at temperature 1.5.', loss), []);
});

test('every lesson that quotes the tiny GPT\'s validation loss quotes MODEL_CARD.md', () => {
  const loss = cardValidationLoss(fs.readFileSync(CARD, 'utf8'));
  assert.ok(loss !== undefined, `no "validation **x.xxx**" in ${CARD}: did the card's format change?`);
  const dir = path.join(CURRICULUM, 'lessons');
  const wrong: string[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    for (const q of wrongLossQuotes(fs.readFileSync(path.join(dir, f), 'utf8'), loss)) {
      wrong.push(`lessons/${f}: quotes ${q.quoted}, the model card gives ${q.expected}: "${q.sentence}"`);
    }
  }
  assert.deepEqual(wrong, [], `lessons disagree with media/model/MODEL_CARD.md (validation loss ${loss}):\n${wrong.join('\n')}`);
});
