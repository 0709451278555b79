// FeatureLoader (src/util/lazy.ts): a feature's bundle is required once, on the first use, and
// that load is logged with its time and why; a bundle that fails is reported and never registered twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureLoader } from '../../../src/util/lazy';

function setup(bundles: Record<string, unknown>) {
  const required: string[] = [];
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(`info ${l}`), error: (l: string) => lines.push(`error ${l}`) };
  const loader = new FeatureLoader('/ext/dist/features', log, (id) => {
    required.push(id);
    if (!(id in bundles)) throw new Error(`Cannot find module '${id}'`);
    return bundles[id];
  });
  return { loader, required, lines };
}

test('nothing is required until the first use, then once, with the time and the reason logged', () => {
  const { loader, required, lines } = setup({ '/ext/dist/features/tokenizer.js': { register: () => 'tokenizer ready' } });
  let starts = 0;
  const f = loader.lazy('tokenizer', (b) => { starts++; return (b as { register(): string }).register(); });
  assert.equal(f.loaded, false);
  assert.deepEqual(required, []);
  assert.equal(f.get('command llmStudy.showTokens'), 'tokenizer ready');
  assert.equal(f.get('restoring a panel'), 'tokenizer ready');
  assert.equal(f.loaded, true);
  assert.equal(starts, 1);
  assert.deepEqual(required, ['/ext/dist/features/tokenizer.js']);
  assert.equal(loader.loads.length, 1);
  assert.equal(loader.loads[0].why, 'command llmStudy.showTokens');
  assert.ok(loader.loads[0].ms >= 0);
  assert.match(lines.join('\n'), /^info feature tokenizer loaded in \d+\.\d ms \(command llmStudy\.showTokens\)$/);
});

test('a feature whose registration throws is logged, throws the same error again, and is not registered twice', () => {
  const { loader, lines } = setup({ '/ext/dist/features/review.js': {} });
  let starts = 0;
  const f = loader.lazy('review', () => { starts++; throw new Error('schedule broken'); });
  assert.throws(() => f.get('command llmStudy.review'), /schedule broken/);
  assert.throws(() => f.get('command llmStudy.review'), /schedule broken/);
  assert.equal(starts, 1);
  assert.equal(f.loaded, false);
  assert.deepEqual(loader.loads, []);
  assert.match(lines.join('\n'), /^error feature review failed to load \(command llmStudy\.review\): Error: schedule broken/);
});

test('a missing bundle says which file it looked for', () => {
  const { loader, lines } = setup({});
  assert.throws(() => loader.lazy('lesson', (b) => b).get('command llmStudy.openLesson'), /\/ext\/dist\/features\/lesson\.js/);
  assert.match(lines.join('\n'), /feature lesson failed to load/);
});
