// The host is split into an entry bundle (activate(), Study, the course tree) and one bundle per
// feature, loaded on first use (issue 16). Checked here on the bundles esbuild makes from the same
// entry points as esbuild.mjs: the entry holds no feature's code, the lazily registered commands,
// panels and editors are exactly those package.json contributes and each feature answers, and no
// module copied into two bundles holds state of its own that the copies would then disagree on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { LAZY_FEATURES } from '../../../src/features';
import { BPE_NOT_STARTED, NOT_STARTED_LABEL, RUNNER_FILE as STARTED_MARK } from '../../../src/util/startedExercises';
import { RUNNER_FILE } from '../../../src/exercises/spec';
import { stateLabel } from '../../../src/exercises/testState';
import { NOT_STARTED as BPE_NOT_STARTED_THERE } from '../../../src/exercises/learnerBpe';
import * as lessonProtocol from '../../../src/shared/protocols/lesson';
import * as reviewProtocol from '../../../src/shared/protocols/review';
import * as tokenizerProtocol from '../../../src/shared/protocols/tokenizer';
import * as trainingProtocol from '../../../src/shared/protocols/training';

const ROOT = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const NAMES = Object.keys(LAZY_FEATURES) as (keyof typeof LAZY_FEATURES)[];
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
/** The command ids a table in this file answers: its `'llmStudy.x':` keys. */
const tableIds = (rel: string) => [...read(rel).matchAll(/^\s*'(llmStudy\.\w+)':/gm)].map((m) => m[1]);

let built: Promise<esbuild.Metafile> | undefined;
/** The host bundles as esbuild.mjs makes them (not written: only the metafile is read). */
function bundles(): Promise<esbuild.Metafile> {
  built ??= esbuild.build({
    entryPoints: { extension: 'src/extension.ts', ...Object.fromEntries(NAMES.map((f) => [`features/${f}`, `src/${f}/registration.ts`])) },
    absWorkingDir: ROOT, outdir: path.join(ROOT, 'dist-test', 'lazy-check'), bundle: true, write: false, metafile: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'silent',
  }).then((r) => r.metafile);
  return built;
}
const inputsOf = (meta: esbuild.Metafile, out: string) => Object.keys(meta.outputs[`dist-test/lazy-check/${out}.js`]?.inputs ?? {});

test('esbuild.mjs builds every lazy feature as its own bundle', () => {
  const script = read('esbuild.mjs');
  const listed = /const LAZY_FEATURES = \[([^\]]*)\]/.exec(script)?.[1].match(/'(\w+)'/g)?.map((s) => s.slice(1, -1));
  assert.deepEqual([...(listed ?? [])].sort(), [...NAMES].sort());
});

test('the entry bundle holds no lazily loaded feature code (the sidebar activates with Study and the course tree alone)', async () => {
  const inputs = inputsOf(await bundles(), 'extension');
  assert.ok(inputs.includes('src/curriculum/tree.ts'), 'the course tree is in the entry');
  const feature = new RegExp(`^src/(${NAMES.join('|')})/|node_modules/ts-fsrs/`);
  assert.deepEqual(inputs.filter((i) => feature.test(i)), [], 'feature modules in dist/extension.js');
});

test('each feature bundle holds its own feature and no other, nor the course tree', async () => {
  const meta = await bundles();
  for (const name of NAMES) {
    const other = new RegExp(`^src/(${['curriculum', ...NAMES.filter((n) => n !== name)].join('|')})/`);
    assert.deepEqual(inputsOf(meta, `features/${name}`).filter((i) => other.test(i)), [], `features/${name}.js`);
  }
});

test('a module copied into two bundles keeps no state of its own (symbols, mutable statics, module-level variables)', async () => {
  const meta = await bundles();
  const seen = new Map<string, number>();
  for (const out of ['extension', ...NAMES.map((n) => `features/${n}`)]) for (const i of inputsOf(meta, out)) seen.set(i, (seen.get(i) ?? 0) + 1);
  const stateful = [
    /\bSymbol\(/, // a fresh symbol per copy: compared across bundles it never matches (use Symbol.for)
    /^(export )?(let|var) /m,
    /^\s*(private |protected |public )?static (?!readonly |async |get |set )\w+\s*[:=]/m,
    /^(export )?const \w+(: [^=]+)? = new (Map|WeakMap|vscode\.EventEmitter)\b/m,
  ];
  const found = [...seen].filter(([i, n]) => n > 1 && i.startsWith('src/'))
    .flatMap(([i]) => stateful.filter((re) => re.test(read(i))).map((re) => `${i}: ${re}`));
  assert.deepEqual(found, [], 'shared state must go through Study');
});

test('the commands registered at activation are exactly package.json\'s, and each lazy one is answered by its feature', () => {
  const declared: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  const eager = [...tableIds('src/study.ts'), ...tableIds('src/curriculum/registration.ts')];
  const lazy = NAMES.flatMap((n) => [...LAZY_FEATURES[n].commands]);
  const all = [...eager, ...lazy];
  assert.equal(new Set(all).size, all.length, 'a command registered twice');
  assert.deepEqual([...all].sort(), [...declared].sort(), 'forgotten (missing here) or extra (not in package.json)');
  for (const n of NAMES) assert.deepEqual(tableIds(`src/${n}/registration.ts`).sort(), [...LAZY_FEATURES[n].commands].sort(), `src/${n}/registration.ts answers what LAZY_FEATURES.${n} registers`);
});

test('every panel VS Code restores and every custom editor is registered lazily by the feature that owns its view type', () => {
  const events: string[] = pkg.activationEvents;
  const panels = NAMES.flatMap((n) => [...LAZY_FEATURES[n].panels]);
  const editors = NAMES.flatMap((n) => [...LAZY_FEATURES[n].editors]);
  assert.deepEqual(panels.sort(), events.filter((e) => e.startsWith('onWebviewPanel:')).map((e) => e.slice('onWebviewPanel:'.length)).sort());
  assert.deepEqual(editors.sort(), pkg.contributes.customEditors.map((e: { viewType: string }) => e.viewType).sort());
  const owner = { lesson: lessonProtocol.VIEW_TYPE, review: reviewProtocol.VIEW_TYPE, tokenizer: tokenizerProtocol.VIEW_TYPE, training: trainingProtocol.VIEW_TYPE };
  for (const [n, viewType] of Object.entries(owner)) assert.deepEqual(LAZY_FEATURES[n as keyof typeof owner].panels, [viewType], n);
  // The playground's view types live in files that import vscode: read, not run.
  assert.match(read('src/playground/playgroundPanel.ts'), new RegExp(`VIEW_TYPE = '${LAZY_FEATURES.playground.panels[0]}'`));
  assert.match(read('src/playground/onnxEditor.ts'), new RegExp(`ONNX_VIEW_TYPE = '${LAZY_FEATURES.playground.editors[0]}'`));
  // No feature registers its own serializer or editor any more: a second registration of a view type throws.
  for (const n of NAMES) assert.doesNotMatch(read(`src/${n}/registration.ts`), /register(WebviewPanelSerializer|CustomEditorProvider)\(/, n);
});

test('the entry tells a started exercise the way the exercises feature does, and says "not started" in its words', () => {
  assert.equal(STARTED_MARK, RUNNER_FILE);
  assert.equal(BPE_NOT_STARTED, BPE_NOT_STARTED_THERE);
  assert.equal(NOT_STARTED_LABEL, stateLabel({ kind: 'not-started' }));
});
