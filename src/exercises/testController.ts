// The Testing view for exercises: every test of every started exercise, found by reading the test
// files, run through llmstudy_test.py with results streamed in as each test finishes.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { RunnerOutputParser, type RunnerEvent, type TestResult } from './results';
import { discoverTests } from './discover';
import { reconcile, ResultRouter } from './reconcile';
import { configuredRoot, settings, startedExercises } from './folders';
import type { Interpreter } from './interpreter';
import { checkBeforeRun } from './preflightEditor';
import { formatBytes, hardTimeoutMs, HeadTail, runProcess, testCommand } from './runner';
import type { ExerciseSpec } from './spec';

export interface RunOutcome {
  id: string;
  passed: number;
  failed: number;
  skipped: number;
  allPassed: boolean;
  timedOut: boolean;
  /** Why nothing ran (restricted mode, no Python...). */
  blocked?: string;
  /** The first failure's message, for the notification. */
  firstFailure?: string;
  ms: number;
}

/** What a run keeps of stdout and stderr, and what it writes to the log of a learner's own output. */
const KEEP_BYTES = 512 * 1024;
const LOG_HEAD = 256 * 1024;
const LOG_TAIL = 256 * 1024;

export class ExerciseTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('llmStudy.exercises', 'LLM Study Exercises');
  private readonly subs: vscode.Disposable[] = [this.controller];
  private watcher?: vscode.FileSystemWatcher;
  private watchedRoot?: string;
  private refreshTimer?: NodeJS.Timeout;
  private readonly exercises = new Map<string, { spec: ExerciseSpec; dir: string }>();

  constructor(private readonly study: Study, private readonly python: Interpreter, private readonly output: vscode.OutputChannel) {
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token).then(() => undefined), true);
    this.controller.refreshHandler = () => this.refresh();
    this.subs.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('llmStudy.exercises.root') && this.refresh()));
    this.refresh();
  }

  /** Re-reads every started exercise; cheap (a few small files), so it simply rebuilds. */
  refresh(): void {
    this.watch();
    const seen = new Set<string>();
    for (const e of startedExercises(this.study)) {
      seen.add(e.spec.id);
      this.exercises.set(e.spec.id, e);
      this.load(e.spec, e.dir);
    }
    for (const id of [...this.exercises.keys()]) {
      if (!seen.has(id)) {
        this.exercises.delete(id);
        this.controller.items.delete(id);
      }
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 150);
  }

  private watch(): void {
    const root = configuredRoot();
    if (this.watcher && this.watchedRoot === root) return;
    this.watcher?.dispose();
    this.watcher = undefined;
    if (!root) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '*/{test*.py,llmstudy_test.py}'));
    this.watchedRoot = root;
    w.onDidChange(() => this.scheduleRefresh());
    w.onDidCreate(() => this.scheduleRefresh());
    w.onDidDelete(() => this.scheduleRefresh());
    this.watcher = w;
  }

  private load(spec: ExerciseSpec, dir: string): void {
    const item = this.controller.items.get(spec.id) ?? this.controller.createTestItem(spec.id, spec.title, vscode.Uri.file(dir));
    item.description = spec.id;
    const children: vscode.TestItem[] = [];
    for (const file of spec.tests) {
      const full = path.join(dir, file);
      let text = '';
      try {
        text = fs.readFileSync(full, 'utf8');
      } catch {
        continue;
      }
      const uri = vscode.Uri.file(full);
      for (const t of discoverTests(file, text)) {
        const child = this.controller.createTestItem(`${spec.id}/${t.id}`, t.label, uri);
        child.range = new vscode.Range(t.line, 0, t.line, 0);
        child.sortText = String(children.length).padStart(4, '0');
        child.description = t.method;
        children.push(child);
      }
    }
    item.children.replace(children);
    this.controller.items.add(item);
  }

  /** Runs a whole exercise (the palette and the CodeLens use this). */
  async runExercise(id: string): Promise<RunOutcome | undefined> {
    this.refresh();
    const item = this.controller.items.get(id);
    if (!item) return undefined;
    const cts = new vscode.CancellationTokenSource();
    try {
      return (await this.run(new vscode.TestRunRequest([item]), cts.token))[0];
    } finally {
      cts.dispose();
    }
  }

  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<RunOutcome[]> {
    const run = this.controller.createTestRun(request, undefined, true);
    const outcomes: RunOutcome[] = [];
    try {
      const groups = new Map<string, vscode.TestItem[] | 'all'>();
      const roots = request.include ?? [...iter(this.controller.items)];
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      for (const item of roots) {
        if (excluded.has(item.id)) continue;
        const exId = item.parent?.id ?? item.id;
        if (!item.parent) groups.set(exId, excluded.size ? [...iter(item.children)].filter((c) => !excluded.has(c.id)) : 'all');
        else if (groups.get(exId) !== 'all') groups.set(exId, [...((groups.get(exId) as vscode.TestItem[] | undefined) ?? []), item]);
      }
      for (const [exId, selection] of groups) {
        if (token.isCancellationRequested) break;
        const ex = this.exercises.get(exId);
        const exItem = this.controller.items.get(exId);
        if (ex && exItem) outcomes.push(await this.runOne(run, ex.spec, ex.dir, exItem, selection, token));
      }
    } finally {
      run.end();
    }
    return outcomes;
  }

  private async runOne(run: vscode.TestRun, spec: ExerciseSpec, dir: string, exItem: vscode.TestItem,
    selection: vscode.TestItem[] | 'all', token: vscode.CancellationToken): Promise<RunOutcome> {
    const items = selection === 'all' ? [...iter(exItem.children)] : selection;
    const base: RunOutcome = { id: spec.id, passed: 0, failed: 0, skipped: 0, allPassed: false, timedOut: false, ms: 0 };
    for (const i of items) run.enqueued(i);
    const block = (why: string) => {
      for (const i of items) run.errored(i, new vscode.TestMessage(why));
      return { ...base, blocked: why };
    };
    const ready = await checkBeforeRun(this.python, dir, spec.requires);
    if (!ready.ok) return block(ready.message);
    const probe = ready.python;
    const { timeoutSeconds } = settings();
    const byId = new Map(items.map((i) => [i.id.slice(spec.id.length + 1), i]));
    const known = [...byId.keys()];
    const ids = selection === 'all' ? [] : known;
    // Only the exercise's own test files: a scratch test.py beside them would be counted too.
    const cmd = testCommand(dir, { ids, tests: spec.tests, timeoutSeconds });
    const parser = new RunnerOutputParser();
    const router = new ResultRouter(known);
    // A print loop must not write megabytes into the log line by line: the first and last part of
    // the learner's own output are logged, and how much was left out between them.
    const learnerLog = new HeadTail(LOG_HEAD, LOG_TAIL);
    const log = (text: string, item?: vscode.TestItem) => {
      this.output.append(text);
      run.appendOutput(text.replace(/\r?\n/g, '\r\n'), undefined, item);
    };
    const header = `\n=== ${spec.title} (${spec.id}) — ${probe.path} ${probe.version}${ids.length ? ` — ${ids.length} test(s)` : ''}\n`;
    this.output.append(header);
    run.appendOutput(header.replace(/\n/g, '\r\n'));
    const apply = (events: RunnerEvent[]) => {
      for (const u of router.push(events)) {
        if (u.kind === 'started') run.started(byId.get(u.id)!);
        else if (u.kind === 'result') this.report(run, byId.get(u.id)!, u.result, dir);
        else if (u.kind === 'log') log(u.text, u.id === undefined ? undefined : byId.get(u.id));
        else {
          const shown = learnerLog.push(`${u.line}\n`);
          if (shown) log(shown);
        }
      }
    };
    const proc = runProcess({
      command: probe.path,
      args: cmd.args,
      cwd: dir,
      env: cmd.env,
      timeoutMs: hardTimeoutMs(timeoutSeconds),
      keepBytes: KEEP_BYTES,
      onStdout: (s) => apply(parser.push(s)),
    });
    const cancel = token.onCancellationRequested(() => proc.cancel());
    const r = await proc.result;
    cancel.dispose();
    apply(parser.end());
    // The tail was held back while the run went on; whatever of it is left goes out now.
    const tail = learnerLog.tailText();
    if (learnerLog.dropped) log(`[... ${formatBytes(learnerLog.dropped)} of output not shown ...]\n`);
    if (tail) log(tail);
    if (r.stderr.trim()) log(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
    const { missing, ...result } = reconcile({ known, reported: router.reportedIds(), parsed: router.parsed(), end: r, whole: selection === 'all', timeoutSeconds });
    for (const m of missing) {
      const it = byId.get(m.id)!;
      if (m.status === 'skipped') run.skipped(it);
      else {
        const msg = new vscode.TestMessage(m.message);
        if (m.file) msg.location = new vscode.Location(vscode.Uri.file(path.resolve(dir, m.file)), new vscode.Position(Math.max(0, (m.line ?? 1) - 1), 0));
        run.errored(it, msg);
      }
    }
    const outcome: RunOutcome = { ...base, ...result, ms: r.ms };
    if (outcome.allPassed && !this.study.progress.isDone(spec.id)) await this.study.progress.setDone([spec.id], true);
    return outcome;
  }

  private report(run: vscode.TestRun, it: vscode.TestItem, r: TestResult, dir: string): void {
    if (r.status === 'passed') return run.passed(it, r.durationMs);
    if (r.status === 'skipped') return run.skipped(it);
    const msg = r.expected !== undefined && r.actual !== undefined
      ? vscode.TestMessage.diff(r.message, r.expected, r.actual)
      : new vscode.TestMessage(r.message);
    if (r.file) {
      msg.location = new vscode.Location(vscode.Uri.file(path.resolve(dir, r.file)), new vscode.Position(Math.max(0, (r.line ?? 1) - 1), 0));
    }
    const extra = [r.output ? `It printed:\n${r.output}` : '', r.traceback ?? ''].filter(Boolean);
    const messages = [msg, ...extra.map((t) => new vscode.TestMessage(t))];
    if (r.status === 'error') run.errored(it, messages, r.durationMs);
    else run.failed(it, messages, r.durationMs);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.watcher?.dispose();
    for (const s of this.subs) s.dispose();
  }
}

function* iter(c: vscode.TestItemCollection): Generator<vscode.TestItem> {
  for (const [, item] of c) yield item;
}
