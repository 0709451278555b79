// What a VS Code window pays for LLM Study before the learner uses it (issue 16): nothing at
// startup (no activation event that fires in every window), and once active, a host bundle
// without the markdown, KaTeX and highlighting libraries (lessons are rendered at build time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('LLM Study activates only when used: no startup event, its view, exercise folders, its editor and panels', () => {
  const events: string[] = pkg.activationEvents;
  for (const never of ['*', 'onStartupFinished']) assert.ok(!events.includes(never), `${never} activates in every window`);
  // Commands need no event (VS Code 1.74+ activates on a contributed command); the rest do.
  assert.ok(events.includes('onView:llmStudy.curriculum'));
  assert.ok(events.some((e) => /^workspaceContains:.*llmstudy_test\.py$/.test(e)), 'an exercise folder in the workspace');
  for (const e of pkg.contributes.customEditors) assert.ok(events.includes(`onCustomEditor:${e.viewType}`), e.viewType);
  for (const vt of ['playground', 'lesson', 'tokenizer', 'training']) assert.ok(events.includes(`onWebviewPanel:llmStudy.${vt}`), vt);
  assert.ok(!events.some((e) => e.startsWith('onCommand:')), 'commands activate implicitly');
});

test('the .onnx editor is an option (Open With…), not the default editor of every .onnx file', () => {
  for (const e of pkg.contributes.customEditors) assert.equal(e.priority, 'option', e.viewType);
});

test('the host bundle has no markdown, KaTeX, highlight.js or sanitize-html code', async () => {
  const r = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'extension.ts')], bundle: true, write: false, metafile: true, minify: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'silent', outdir: path.join(ROOT, 'dist-test', 'bundle-check'),
  });
  const inputs = Object.keys(r.metafile.inputs);
  const banned = inputs.filter((i) => /node_modules\/(marked|katex|highlight\.js|sanitize-html|htmlparser2|postcss)\/|src\/lesson\/(markdown|highlight|sanitize|page)\.ts$/.test(i));
  assert.deepEqual(banned, [], 'rendering code in the host bundle');
  const bytes = r.outputFiles.filter((f) => f.path.endsWith('.js')).reduce((n, f) => n + f.contents.byteLength, 0);
  console.log(`host bundle (minified): ${(bytes / 1024).toFixed(0)} KB`);
});
