// The host side of every webview panel (src/webviews/channel.ts), driven through a fake webview
// that behaves like a real page: nothing posted before the page listens reaches it, and a hidden
// or reloading page takes nothing either (postMessage resolves false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebviewChannel, type ChannelOptions, type HostHandlers } from '../../../src/webviews/channel';
import { PLAYGROUND_CHECKS, type ToHost as PlaygroundToHost, type ToWebview as PlaygroundToWebview } from '../../../src/shared/protocols/playground';
import { LESSON_CHECKS, type ToHost as LessonToHost } from '../../../src/shared/protocols/lesson';
import type { Message } from '../../../src/shared/protocols/webview';

class FakeWebview {
  /** Whether the page is loaded and listening; posts to a page that is not are dropped. */
  listening = false;
  readonly received: unknown[] = [];
  private listener: ((m: unknown) => unknown) | undefined;
  postMessage(m: unknown): Promise<boolean> {
    if (this.listening) this.received.push(m);
    return Promise.resolve(this.listening);
  }
  onDidReceiveMessage(listener: (m: unknown) => unknown) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  /** The page sends a message; resolves once the host has handled it. */
  async send(m: unknown): Promise<void> {
    await this.listener?.(m);
  }
  /** The page (re)loads and says ready, as every webview does first. */
  async load(): Promise<void> {
    this.listening = true;
    await this.send({ type: 'ready' });
  }
}

function recorder() {
  const lines: string[] = [];
  const reports: string[] = [];
  return {
    lines,
    reports,
    log: { info: (s: string) => lines.push(`info ${s}`), warn: (s: string) => lines.push(`warn ${s}`), error: (s: string) => lines.push(`error ${s}`) },
    report: (s: string) => reports.push(s),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

type Msg = { type: 'a'; n: number } | { type: 'b' };

function playgroundChannel(handlers: Partial<HostHandlers<PlaygroundToHost>> = {}) {
  const webview = new FakeWebview();
  const rec = recorder();
  const none = () => undefined;
  const channel = new WebviewChannel<PlaygroundToHost, PlaygroundToWebview>({
    name: 'playground',
    webview,
    checks: PLAYGROUND_CHECKS,
    handlers: { status: none, openLesson: none, save: none, rerunMine: none, state: none, ...handlers },
    log: rec.log,
    report: rec.report,
  });
  return { webview, rec, channel };
}

function bare<ToWebview extends Message>(extra: Partial<ChannelOptions<PlaygroundToHost, ToWebview>> = {}) {
  const webview = new FakeWebview();
  const rec = recorder();
  const none = () => undefined;
  const channel = new WebviewChannel<PlaygroundToHost, ToWebview>({
    name: 'test panel',
    webview,
    checks: PLAYGROUND_CHECKS,
    handlers: { status: none, openLesson: none, save: none, rerunMine: none, state: none },
    log: rec.log,
    report: rec.report,
    ...extra,
  });
  return { webview, rec, channel };
}

test('posts before ready are queued and delivered in order after ready (the playground posted into a page not yet listening)', async () => {
  const { webview, channel } = bare<Msg>();
  channel.post({ type: 'a', n: 1 });
  channel.post({ type: 'b' });
  channel.post({ type: 'a', n: 2 });
  await settle();
  assert.deepEqual(webview.received, [], 'nothing is sent before the page said ready');
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 1 }, { type: 'b' }, { type: 'a', n: 2 }]);
  channel.post({ type: 'b' });
  await settle();
  assert.equal(webview.received.length, 4, 'after ready, posts go straight through');
});

test('the ready answer (the lesson init) comes before everything queued, after every ready', async () => {
  let inits = 0;
  const { webview, channel } = bare<Msg>({ onReady: async () => ({ type: 'a', n: 100 + ++inits }) });
  channel.post({ type: 'b' });
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 101 }, { type: 'b' }]);
  // The host replaces the HTML (a setting changed): the page reloads and says ready again.
  channel.reloading();
  webview.listening = false;
  webview.received.length = 0;
  channel.post({ type: 'a', n: 7 });
  await settle();
  assert.deepEqual(webview.received, []);
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 102 }, { type: 'a', n: 7 }], 'init again, then what was posted while it reloaded');
});

test('a post the page could not take (hidden, reloading) is queued again and delivered after its next ready', async () => {
  const { webview, channel } = bare<Msg>();
  await webview.load();
  webview.listening = false; // hidden without retainContextWhenHidden: the page is gone
  channel.post({ type: 'a', n: 1 });
  channel.post({ type: 'a', n: 2 });
  await settle();
  channel.post({ type: 'a', n: 3 });
  await settle();
  assert.deepEqual(webview.received, []);
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 1 }, { type: 'a', n: 2 }, { type: 'a', n: 3 }]);
});

test('playground save with a non-string name ({name: 5}) is refused and logged, and never reaches the handler (it threw in name.replace)', async () => {
  const saved: unknown[] = [];
  const { webview, rec } = playgroundChannel({ save: (m) => void saved.push(m.name.replace(/[^\w.-]+/g, '-')) });
  await webview.load();
  await webview.send({ type: 'save', format: 'png', name: 5, data: 'AAAA' });
  await webview.send({ type: 'save', format: 'gif', name: 'x.gif', data: 'AAAA' });
  await webview.send({ type: 'save', format: 'json', name: 'attention.json' });
  assert.deepEqual(saved, []);
  assert.equal(rec.reports.length, 0, 'bad input from a page is not the learner\'s problem: logged, not a notification');
  const warnings = rec.lines.filter((l) => l.startsWith('warn playground: ignored'));
  assert.equal(warnings.length, 3, rec.lines.join('\n'));
  assert.match(warnings[0], /save.*name/);
  assert.match(warnings[1], /save.*format/);
  assert.match(warnings[2], /save.*data/);
  await webview.send({ type: 'save', format: 'json', name: 'my attention.json', data: '{}' });
  assert.deepEqual(saved, ['my-attention.json'], 'a good save still goes through');
});

test('every other playground message is checked before its handler runs', async () => {
  const got: string[] = [];
  const { webview, rec } = playgroundChannel({
    status: (m) => void got.push(`status ${m.phase}`),
    openLesson: (m) => void got.push(`lesson ${m.id}`),
    rerunMine: (m) => void got.push(`rerun ${m.prompt}`),
  });
  await webview.load();
  for (const bad of [
    { type: 'status', backend: 'wasm', phase: 'done' },
    { type: 'status', backend: 'wasm', phase: 'error', message: 3 },
    { type: 'openLesson', id: { toString: 'x' } },
    { type: 'rerunMine', prompt: null },
  ]) await webview.send(bad);
  assert.deepEqual(got, []);
  assert.equal(rec.lines.filter((l) => l.startsWith('warn')).length, 4, rec.lines.join('\n'));
  await webview.send({ type: 'status', backend: 'wasm', phase: 'ready' });
  await webview.send({ type: 'status', backend: 'wasm', phase: 'error', message: 'no model' });
  await webview.send({ type: 'openLesson', id: 'self-attention' });
  await webview.send({ type: 'rerunMine', prompt: 'ROMEO:' });
  assert.deepEqual(got, ['status ready', 'status error', 'lesson self-attention', 'rerun ROMEO:']);
});

test('lesson messages with the wrong shape are refused and logged: never stored, never navigated', async () => {
  const webview = new FakeWebview();
  const rec = recorder();
  const got: string[] = [];
  const push = (m: LessonToHost) => void got.push(m.type);
  new WebviewChannel<LessonToHost, Message>({
    name: 'lesson lesson:x',
    webview,
    checks: LESSON_CHECKS,
    handlers: { rendered: push, navigate: push, openExternal: push, setDone: push, saveNote: push, answer: push },
    log: rec.log,
    report: rec.report,
  });
  await webview.load();
  for (const bad of [
    { type: 'saveNote', key: 'lesson/x', text: 5 },
    { type: 'saveNote', key: '../../etc', text: 'hi' },
    { type: 'setDone', id: 'r1', done: 'yes' },
    { type: 'navigate', target: { kind: 'shell', id: 'rm' } },
    { type: 'navigate', target: 'lesson:x' },
    { type: 'openExternal', url: 42 },
    { type: 'answer', questionId: 'q1', answer: 'B' },
    { type: 'rendered', ms: 'fast' },
  ]) await webview.send(bad);
  assert.deepEqual(got, []);
  assert.equal(rec.lines.filter((l) => l.startsWith('warn lesson lesson:x: ignored')).length, 8, rec.lines.join('\n'));
  for (const good of [
    { type: 'saveNote', key: 'lesson/x', text: '' },
    { type: 'setDone', id: 'r1', done: false },
    { type: 'navigate', target: { kind: 'playground', id: 'attention' } },
    { type: 'openExternal', url: 'https://example.org' },
    { type: 'answer', questionId: 'q1', answer: { text: 'softmax', at: '2026-01-01T00:00:00Z' } },
    { type: 'rendered', ms: 12.5 },
  ]) await webview.send(good);
  assert.deepEqual(got, ['saveNote', 'setDone', 'navigate', 'openExternal', 'answer', 'rendered']);
});

test('a throwing handler and a rejecting handler are logged and reported with the cause (they were swallowed)', async () => {
  const { webview, rec } = playgroundChannel({
    openLesson: () => {
      throw new Error('no such lesson');
    },
    save: async () => {
      await settle();
      throw new Error('EACCES: permission denied');
    },
  });
  await webview.load();
  await webview.send({ type: 'openLesson', id: 'gone' });
  await webview.send({ type: 'save', format: 'json', name: 'a.json', data: '{}' });
  const errors = rec.lines.filter((l) => l.startsWith('error'));
  assert.equal(errors.length, 2, rec.lines.join('\n'));
  assert.match(errors[0], /playground.*openLesson.*no such lesson/);
  assert.match(errors[1], /playground.*save.*EACCES: permission denied/);
  assert.equal(rec.reports.length, 2);
  assert.match(rec.reports[0], /no such lesson/);
  assert.match(rec.reports[1], /EACCES: permission denied/);
});

test('unknown types and things that are not messages are ignored and logged', async () => {
  const { webview, rec } = playgroundChannel();
  await webview.load();
  for (const m of [{ type: 'deleteEverything' }, null, 'ready', 7, { kind: 'save' }, { type: 'toString' }, { type: '__proto__' }]) await webview.send(m);
  assert.equal(rec.lines.filter((l) => l.startsWith('warn playground: ignored')).length, 7, rec.lines.join('\n'));
  assert.equal(rec.reports.length, 0);
});

test('after dispose nothing is posted or handled', async () => {
  let handled = 0;
  const { webview, channel } = playgroundChannel({ rerunMine: () => void handled++ });
  await webview.load();
  channel.dispose();
  channel.post({ type: 'saved', path: '/tmp/x' });
  await webview.send({ type: 'rerunMine', prompt: 'x' });
  await settle();
  assert.deepEqual(webview.received, []);
  assert.equal(handled, 0);
});

/** VS Code's side of a page that is still loading its first HTML: it holds posts and hands them over at load. */
class HoldingWebview extends FakeWebview {
  private held: unknown[] = [];
  override postMessage(m: unknown): Promise<boolean> {
    if (this.listening) return super.postMessage(m);
    this.held.push(m);
    return Promise.resolve(true);
  }
  override async load(): Promise<void> {
    this.listening = true;
    this.received.push(...this.held.splice(0));
    await this.send({ type: 'ready' });
  }
}

test('prime sends the first message with the HTML, before ready; ready still answers, then what was queued (the lesson renders at load)', async () => {
  let inits = 0;
  const webview = new HoldingWebview();
  const none = () => undefined;
  const channel = new WebviewChannel<PlaygroundToHost, Msg>({
    name: 'test panel', webview, checks: PLAYGROUND_CHECKS, log: recorder().log, report: () => undefined,
    handlers: { status: none, openLesson: none, save: none, rerunMine: none, state: none },
    onReady: async () => ({ type: 'a', n: ++inits }),
  });
  await channel.prime();
  channel.post({ type: 'b' });
  assert.deepEqual(webview.received, [], 'nothing reaches a page that has not loaded');
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 1 }, { type: 'a', n: 2 }, { type: 'b' }], 'the primed copy first, the ready answer, then the queue');
});

test('a primed message VS Code dropped (the HTML was replaced again) still reaches the page: the ready answer carries it', async () => {
  const { webview, channel } = bare<Msg>({ onReady: async () => ({ type: 'a', n: 1 }) });
  await channel.prime();
  assert.deepEqual(webview.received, []);
  await webview.load();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 1 }]);
});

test('prime on a page that is already live, or whose ready came first, sends nothing more', async () => {
  let inits = 0;
  const { webview, channel } = bare<Msg>({ onReady: async () => ({ type: 'a', n: ++inits }) });
  await webview.load();
  await settle();
  await channel.prime();
  await settle();
  assert.deepEqual(webview.received, [{ type: 'a', n: 1 }]);
});

test('prime with a failing first message reports it, as ready would', async () => {
  const { rec, channel } = bare<Msg>({ onReady: async () => { throw new Error('page file damaged'); } });
  await channel.prime();
  assert.match(rec.reports.join('\n'), /"ready" failed: page file damaged/);
});
