// A model file opened the usual way (Quick Open, a double-click) opens in VS Code's text editor,
// because our model editor is an option, not the default (issue 16). ONNX is protobuf, which VS
// Code's binary check lets through as text: one keystroke and a save (or auto save) rewrote the
// file as UTF-8 and the model was gone (a new-learner review: 19,080 -> 19,750 bytes, "could not
// be read as an ONNX model" after). `files.readonlyInclude` makes every .onnx read-only in editors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSession } from '../session';
import { Playground } from '../pages/playground';
import { REPO } from '../../support/codeServer';

test('an .onnx opened as text cannot be changed: typing and saving leave the model as it was (data loss)', { timeout: 120_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  const file = path.join(s.server.workspace, 'typed-into.onnx');
  const original = fs.readFileSync(path.join(REPO, 'media', 'model', 'model.onnx'));
  fs.writeFileSync(file, original);
  try {
    await pg.wb.runCommand('View: Close All Editors');
    await pg.quickOpen('typed-into.onnx');
    await pg.wb.tab('typed-into.onnx').waitFor({ timeout: 15_000 });
    const editor = s.page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 15_000 });
    await editor.click();
    await s.page.keyboard.type('xyz');
    await s.page.keyboard.press('Control+S');
    await s.page.waitForTimeout(2_000);
    await s.shot('onnx-as-text-typed');
    assert.ok(fs.readFileSync(file).equals(original), `the model file is unchanged (${fs.statSync(file).size} bytes, was ${original.length})`);
  } finally {
    await pg.wb.runCommand('View: Close All Editors').catch(() => undefined);
    // A dirty editor (if typing got in) would ask to save on close: say no, then clean up.
    await s.page.keyboard.press('Escape').catch(() => undefined);
    fs.rmSync(file, { force: true });
  }
});
