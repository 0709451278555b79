// The lesson panel writes its HTML with the page already in it (issue 16: the first lesson on
// screen without a ready -> init round trip), and still answers every `ready` with a fresh init,
// because VS Code re-creates a hidden panel from the HTML of when it was written. The panel runs
// here against a stand-in for the few `vscode` APIs it touches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { LessonBoot, PageData } from '../../../src/shared/protocols/lesson';
import { HOSTILE } from './hostile';

class Uri {
  constructor(readonly fsPath: string) {}
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(path.join(u.fsPath, ...parts));
  }
  toString(): string {
    return `https://file+.vscode-resource.test${this.fsPath}`;
  }
}

interface FakePanel {
  title: string;
  iconPath?: unknown;
  webview: { html: string; options: unknown; cspSource: string; posted: unknown[]; send(m: unknown): Promise<void> } & Record<string, unknown>;
  disposed: boolean;
}

const panels: FakePanel[] = [];
function createWebviewPanel(_viewType: string, title: string): FakePanel {
  let listener: (m: unknown) => unknown = () => undefined;
  const posted: unknown[] = [];
  const panel: FakePanel = {
    title,
    disposed: false,
    webview: {
      html: '', options: {}, cspSource: 'https://*.vscode-resource.test', posted,
      asWebviewUri: (u: Uri) => u.toString(),
      postMessage: async (m: unknown) => (posted.push(m), true),
      onDidReceiveMessage: (l: (m: unknown) => unknown) => ((listener = l), { dispose() {} }),
      send: async (m: unknown) => void (await listener(m)),
    },
  };
  Object.assign(panel, { onDidDispose: () => ({ dispose() {} }), reveal() {}, dispose: () => (panel.disposed = true) });
  panels.push(panel);
  return panel;
}

const fakeVscode = {
  Uri,
  ViewColumn: { Active: -1 },
  workspace: { getConfiguration: () => ({ get: (_k: string, d: unknown) => d }) },
  window: { createWebviewPanel, showWarningMessage: async () => undefined },
  commands: { executeCommand: async () => undefined },
  env: {},
};
const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fakeVscode : load.call(this, request, ...rest);
};

/** An extension folder with one rendered page, and the deps the panel reads the learner's state from. */
function setup(notes: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-panel-'));
  fs.mkdirSync(path.join(root, 'dist', 'lessons'), { recursive: true });
  const page = { key: 'lesson:softmax', title: 'Softmax', eyebrow: 'Module 1', html: '<h2>Why softmax</h2><p>Scores become probabilities.</p>', hasText: true, resources: [], exercises: [], questions: [] };
  fs.writeFileSync(path.join(root, 'dist', 'lessons', 'lesson-softmax.json'), JSON.stringify({ v: 1, page }));
  const log = { info() {}, warn() {}, error() {} };
  const lesson = { id: 'softmax', title: 'Softmax', summary: 's', resources: [], exercises: [] };
  const study = {
    extensionUri: new Uri(root),
    curriculum: { course: { version: 1, title: 't', modules: [{ id: 'm', title: 'M', summary: 's', why: 'w', prerequisites: [], lessons: [lesson] }] }, resources: new Map(), exercises: new Map() },
    progress: { isDone: () => false },
    log,
    ports: {},
  };
  const deps = {
    study,
    notes: { all: () => ({ ...notes }) },
    answers: { forLesson: () => ({}) },
    noteWriter: { unsaved: () => ({}), flush: async () => undefined },
  };
  return { page, deps };
}

/** The JSON the HTML carries in #initial-state. */
function bootOf(html: string): LessonBoot {
  const m = html.match(/<script type="application\/json" id="initial-state" nonce="[^"]+">([^<]*)<\/script>/);
  assert.ok(m, 'the HTML has its #initial-state block');
  return JSON.parse(m[1]) as LessonBoot;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

test('the first HTML carries the page and the learner\'s notes, so nothing waits for a round trip; hostile notes stay text', async () => {
  const { LessonPanel } = await import('../../../src/lesson/lessonPanel');
  const notes = [...HOSTILE, '</script><script>alert(1)</script>', '<!-- <script>', '</SCRIPT\u2028>&amp;<\/script>'];
  for (const [i, hostile] of notes.entries()) {
    LessonPanel.panels.clear();
    const { page, deps } = setup({ 'lesson/softmax': hostile });
    LessonPanel.show(deps as never, 'lesson:softmax');
    await settle();
    const html = panels.at(-1)!.webview.html;
    const boot = bootOf(html);
    assert.equal(boot.key, 'lesson:softmax');
    assert.equal(boot.data?.page.html, page.html, 'the rendered text is in the HTML');
    assert.equal(boot.data?.notes['lesson/softmax'], hostile, `note ${i} comes back exactly`);
    // The note sits in a JSON block: nothing in it may end the block or start a tag of its own.
    assert.equal(html.match(/<script/gi)?.length, 2, `note ${i}: only the JSON block and the bundle are scripts`);
    assert.equal(html.match(/<\/script/gi)?.length, 2, `note ${i}: nothing closes the JSON block early`);
  }
});

test('a ready is answered with the page as it is now, not as the HTML had it', async () => {
  const { LessonPanel } = await import('../../../src/lesson/lessonPanel');
  LessonPanel.panels.clear();
  const notes: Record<string, string> = { 'lesson/softmax': 'first thought' };
  const { deps } = setup(notes);
  deps.notes.all = () => ({ ...notes });
  LessonPanel.show(deps as never, 'lesson:softmax');
  await settle();
  const panel = panels.at(-1)!;
  assert.equal(bootOf(panel.webview.html).data?.notes['lesson/softmax'], 'first thought');
  // The learner writes on; VS Code then re-creates the hidden panel from the same HTML, whose page says ready.
  notes['lesson/softmax'] = 'second thought';
  await panel.webview.send({ type: 'ready' });
  await settle();
  const init = panel.webview.posted.find((m) => (m as { type: string }).type === 'init') as PageData & { type: 'init' };
  assert.ok(init, 'the ready was answered with init');
  assert.equal(init.notes['lesson/softmax'], 'second thought');
});
