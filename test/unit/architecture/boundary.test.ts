// The layering of src/ and webview/ (scripts/importGraph.ts), checked on the repository and on
// small trees that break each rule, so the check is known to fail when the code does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importEdges, violations } from '../../../scripts/importGraph';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-imports-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('no import in src/ or webview/ breaks the layering', () => {
  assert.deepEqual(violations(importEdges(root)), []);
});

test('webview code that reaches vscode through a shared file is caught', () => {
  const dir = tree({
    'webview/lesson/main.ts': "import { x } from '../../src/shared/thing';\n",
    'src/shared/thing.ts': "import * as vscode from 'vscode';\nexport const x = vscode;\n",
  });
  assert.match(violations(importEdges(dir)).join('\n'), /src\/shared\/thing\.ts -> vscode: the shared layer imports vscode/);
});

test('webview code importing vscode, a Node built-in or a host file is caught', () => {
  const dir = tree({
    'webview/a/main.ts': "import * as vscode from 'vscode';\nimport fs from 'node:fs';\nimport { y } from '../../src/lesson/panel';\n",
    'src/lesson/panel.ts': 'export const y = 1;\n',
  });
  const found = violations(importEdges(dir)).join('\n');
  assert.match(found, /webview code imports vscode/);
  assert.match(found, /Node built-in node:fs/);
  assert.match(found, /host file src\/lesson\/panel\.ts/);
});

test('host code importing DOM code, and a feature importing another feature, are caught', () => {
  const dir = tree({
    'src/exercises/show.ts': "import { p } from '../playground/panel';\nimport { d } from '../../webview/playground/dom';\n",
    'src/playground/panel.ts': 'export const p = 1;\n',
    'webview/playground/dom.ts': 'export const d = document;\n',
    'src/state/store.ts': "import type { L } from '../lesson/types';\n",
    'src/lesson/types.ts': 'export type L = 1;\n',
  });
  const found = violations(importEdges(dir)).join('\n');
  assert.match(found, /feature src\/exercises imports another feature's file src\/playground\/panel\.ts/);
  assert.match(found, /host code imports webview \(DOM\) code/);
  assert.match(found, /infrastructure src\/state imports the feature src\/lesson\/types\.ts/);
});

test('imports quoted in comments are not edges; dynamic imports and export-from are', () => {
  const dir = tree({
    'webview/a/main.ts': "// import x from 'vscode';\n/* import y from 'node:fs'; */\nexport { z } from '../../src/lesson/z';\nvoid import('node:path');\n",
    'src/lesson/z.ts': 'export const z = 1;\n',
  });
  const found = violations(importEdges(dir));
  assert.equal(found.length, 2, found.join('\n'));
  assert.match(found.join('\n'), /src\/lesson\/z\.ts/);
  assert.match(found.join('\n'), /node:path/);
});
