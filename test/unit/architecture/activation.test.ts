// What activation loads (issue 16), measured on the built bundles: activate() from dist's entry,
// run in plain Node on a stand-in `vscode`, requires no feature bundle when no exercise is
// started, and a command's first call requires its own feature's bundle and no other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { LAZY_FEATURES } from '../../../src/features';
import type { LlmStudyApi } from '../../../src/extension';

const ROOT = path.join(__dirname, '..', '..', '..');
const NAMES = Object.keys(LAZY_FEATURES);

/** Anything not spelled out below: callable, constructible, every property another stand-in. */
function anything(): unknown {
  return new Proxy(function () {}, {
    get: (_t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : anything()),
    apply: () => anything(),
    construct: () => anything() as object,
    set: () => true,
  });
}
const withFallback = <T extends object>(o: T): T => new Proxy(o, { get: (t, k) => (k in t ? t[k as keyof T] : anything()) });

class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  event = (l: (e: T) => unknown) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T) {
    for (const l of this.listeners) l(e);
  }
  dispose() {}
}

function standIn(commands: Map<string, (...a: unknown[]) => unknown>) {
  const uri = (p: string) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` });
  // Named: the bundle copies the module's own properties (esbuild's __toESM), a proxy's fallback is not enough.
  const names = ['window', 'languages', 'tests', 'env', 'extensions', 'l10n', 'StatusBarAlignment', 'TreeItem', 'TreeItemCollapsibleState', 'TreeItemCheckboxState',
    'ThemeIcon', 'ThemeColor', 'MarkdownString', 'ViewColumn', 'ProgressLocation', 'QuickPickItemKind', 'ConfigurationTarget', 'TestRunProfileKind', 'TestMessage',
    'RelativePattern', 'Disposable', 'Range', 'Position', 'CodeLens', 'TabInputWebview', 'TabInputText', 'Location', 'TestRunRequest', 'FileType'];
  return withFallback({
    ...Object.fromEntries(names.map((n) => [n, anything()])),
    EventEmitter,
    Uri: withFallback({ file: uri, joinPath: (base: { path: string }, ...parts: string[]) => uri(path.join(base.path, ...parts)) }),
    workspace: withFallback({ workspaceFolders: undefined, isTrusted: true, getConfiguration: () => ({ get: (_k: string, d: unknown) => d }) }),
    commands: withFallback({
      registerCommand: (id: string, h: (...a: unknown[]) => unknown) => {
        commands.set(id, h);
        return { dispose() {} };
      },
      executeCommand: async () => undefined,
    }),
  });
}

async function activateBuilt(): Promise<{ api: LlmStudyApi; commands: Map<string, (...a: unknown[]) => unknown>; featureRequires: () => string[] }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-activation-'));
  await esbuild.build({
    entryPoints: { extension: 'src/extension.ts', ...Object.fromEntries(NAMES.map((f) => [`features/${f}`, `src/${f}/registration.ts`])) },
    absWorkingDir: ROOT, outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'silent',
  });
  const commands = new Map<string, (...a: unknown[]) => unknown>();
  const vscode = standIn(commands);
  const M = Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown };
  const load = M._load;
  M._load = function (r: string, ...a: unknown[]) {
    return r === 'vscode' ? vscode : load.call(this, r, ...a);
  };
  const state = new Map<string, unknown>();
  const context = {
    subscriptions: [] as unknown[],
    extensionUri: { fsPath: ROOT, path: ROOT, scheme: 'file' },
    globalState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v), setKeysForSync() {} },
  };
  const req = Module.createRequire(path.join(out, 'x.js'));
  const ext = req(path.join(out, 'extension.js')) as { activate(c: unknown): LlmStudyApi };
  const api = ext.activate(context);
  const featureRequires = () => Object.keys(req.cache).filter((f) => f.startsWith(path.join(out, 'features'))).map((f) => path.relative(out, f));
  return { api, commands, featureRequires };
}

test('activation loads the entry bundle alone; a command\'s first call loads its feature\'s bundle and no other', async () => {
  const { api, commands, featureRequires } = await activateBuilt();
  assert.ok(api.study.curriculum.course.modules.length > 0, 'the course loaded');
  assert.deepEqual(api.loads.map((l) => l.name), [], 'features loaded at activation');
  assert.deepEqual(featureRequires(), [], 'feature bundles required at activation');
  assert.ok(commands.has('llmStudy.openLesson') && commands.has('llmStudy.trainTinyGpt'), 'lazy commands are registered at activation');
  // What the handler then does with the stand-in is beside the point: the load happens before it.
  const call = (id: string, ...args: unknown[]) => {
    try {
      const r = commands.get(id)!(...args);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      // the stand-in is not a real VS Code
    }
  };
  call('llmStudy.openLesson', 'self-attention');
  assert.deepEqual(featureRequires(), ['features/lesson.js']);
  assert.deepEqual(api.loads.map((l) => [l.name, l.why, l.atActivation]), [['lesson', 'command llmStudy.openLesson', false]]);
  call('llmStudy.openModule', 'foundations');
  assert.equal(api.loads.length, 1, 'a second command of the same feature loads nothing');
  // The sidebar asks the exercises port for each exercise row: nothing started, nothing loaded.
  const id = [...api.study.curriculum.exercises.keys()][0];
  assert.deepEqual(api.study.ports.exercises?.testState(id), { state: { kind: 'not-started' }, label: 'not started' });
  assert.deepEqual(featureRequires(), ['features/lesson.js']);
});
