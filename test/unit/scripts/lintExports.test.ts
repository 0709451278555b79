import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unusedExports } from '../../../scripts/lintExports';

function fixture(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-exports-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('an export no other file reaches is reported; every way of importing counts as a use', () => {
  const dir = fixture({
    'src/a.ts': [
      'export function imported() { return 1; }',
      'export const viaBarrel = 2;',
      'export const viaNamespace = 3;',
      'export const viaDynamic = 4;',
      'export interface AsType { x: number }',
      'export const fromTest = 5;',
      'export function dead() { return 6; }',
      'export type OwnOnly = { y: number };',
      'export function usesOwn(o: OwnOnly) { return o.y; }',
    ].join('\n'),
    'src/barrel.ts': "export { viaBarrel } from './a';\n",
    'src/b.ts': [
      "import { imported, type AsType } from './a';",
      "import * as ns from './a';",
      "import { viaBarrel } from './barrel';",
      'export const all = (t: AsType) => imported() + viaBarrel + ns.viaNamespace + t.x;',
      "export async function later() { const { viaDynamic } = await import('./a'); return viaDynamic; }",
    ].join('\n'),
    'webview/c.ts': "import { all, later } from '../src/b';\nvoid later(); all({ x: 1 });\n",
    'test/a.test.ts': "import { fromTest, usesOwn } from '../src/a';\nusesOwn({ y: fromTest });\n",
  });
  try {
    const found = unusedExports(dir).map((u) => `${u.file}#${u.name}${u.usedInFile ? ' (own file)' : ''}`);
    assert.deepEqual(found, ['src/a.ts#dead', 'src/a.ts#OwnOnly (own file)']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
