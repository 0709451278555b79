// The Testing view for exercises: every test of every started exercise, found by reading the test
// files, run through llmstudy_test.py with results streamed in as each test finishes. Its run
// profile supports continuous run (runOnSave.ts), and it keeps each test's last result for the
// sidebar (testState.ts).
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { ExerciseTestState, Study } from '../study';
import { RunnerOutputParser, type RunnerEvent, type TestResult } from './results';
import { discoverTests } from './discover';
import { reconcile, ResultRouter } from './reconcile';
import { configuredRoot, settings, startedExercises } from './folders';
import type { Interpreter } from './interpreter';
import { checkBeforeRun, tellBlocked } from './preflightEditor';
import { RunOnSave } from './runOnSave';
import { stateLabel, TestStates } from './testState';
import { ExerciseResultsStore } from './resultsStore';
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
  private readonly states: TestStates;
  private readonly stateChanged = new vscode.EventEmitter<string>();
  /** Fires with an exercise's id when its tests' state changes (a run ended, it was started or reset). */
  readonly onDidChangeState = this.stateChanged.event;
  /** Exercises whose preflight is saving their editors right now. */
  private readonly preflighting = new Set<string>();
  /** The last blocked-run message per exercise: a run on save does not repeat the same one at every save. */
  private readonly lastBlocked = new Map<string, string>();
  readonly profile: vscode.TestRunProfile;
  readonly onSave: RunOnSave;

  constructor(private readonly study: Study, private readonly python: Interpreter, private readonly output: vscode.OutputChannel) {
    this.states = new TestStates(new ExerciseResultsStore(study.storage));
    this.profile = this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => {
      if (req.continuous) return this.onSave.watch(this.exerciseIds(req), token);
      return this.run(req, token).then(() => undefined);
    }, true, undefined, true);
    this.onSave = new RunOnSave(study, (id, token) => this.runExercise(id, token, true), (id) => this.preflighting.has(id));
    this.subs.push(this.onSave, this.stateChanged, this.onSave.onDidSaveFile((id) => this.stateChanged.fire(id)));
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
      // Another exercises root (the setting changed): the results are about other files.
      if (this.exercises.get(e.spec.id)?.dir !== e.dir) this.states.clear(e.spec.id);
      this.exercises.set(e.spec.id, e);
      this.load(e.spec, e.dir);
    }
    for (const id of [...this.exercises.keys()]) {
      if (!seen.has(id)) {
        this.exercises.delete(id);
        this.states.clear(id);
        this.controller.items.delete(id);
      }
    }
    // Cheap for the sidebar (it redraws the exercise rows), and a start or a removed folder shows at once.
    for (const id of new Set([...seen, ...this.exercises.keys()])) this.stateChanged.fire(id);
  }

  /** Where an exercise's tests stand, for the sidebar. */
  testState(id: string): { state: ExerciseTestState; label: string } {
    const item = this.controller.items.get(id);
    const tests = item ? [...iter(item.children)].map((c) => c.id.slice(id.length + 1)) : [];
    const state = this.states.state(id, this.exercises.get(id)?.dir, tests);
    return { state, label: stateLabel(state) };
  }

  /**
   * The exercise was reset to its starting files: its results are about code that is gone. The
   * Testing view's own (its ticks, the "8/8" count, Test Results) are marked out of date too.
   */
  forget(id: string): void {
    const item = this.controller.items.get(id);
    if (item) this.controller.invalidateTestResults(item);
    this.states.forget(id).then(() => this.stateChanged.fire(id), (e: unknown) =>
      this.study.log.warn(`exercise ${id}: its stored test results could not be forgotten: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** The exercises a request is for: those of its items, or every started one. */
  private exerciseIds(req: vscode.TestRunRequest): string[] {
    const ids = (req.include ?? [...iter(this.controller.items)]).map((i) => i.parent?.id ?? i.id);
    return [...new Set(ids)];
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

  /** Runs a whole exercise (the palette, the CodeLens and a run on save use this). */
  async runExercise(id: string, token?: vscode.CancellationToken, continuous = false): Promise<RunOutcome | undefined> {
    this.refresh();
    const item = this.controller.items.get(id);
    if (!item) return undefined;
    const cts = token ? undefined : new vscode.CancellationTokenSource();
    try {
      return (await this.run(new vscode.TestRunRequest([item], undefined, this.profile, continuous), token ?? cts!.token))[0];
    } finally {
      cts?.dispose();
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
        if (ex && exItem) outcomes.push(await this.runOne(run, ex.spec, ex.dir, exItem, selection, token, !!request.continuous));
      }
    } finally {
      run.end();
    }
    return outcomes;
  }

  private async runOne(run: vscode.TestRun, spec: ExerciseSpec, dir: string, exItem: vscode.TestItem,
    selection: vscode.TestItem[] | 'all', token: vscode.CancellationToken, continuous: boolean): Promise<RunOutcome> {
    const items = selection === 'all' ? [...iter(exItem.children)] : selection;
    const base: RunOutcome = { id: spec.id, passed: 0, failed: 0, skipped: 0, allPassed: false, timedOut: false, ms: 0 };
    for (const i of items) run.enqueued(i);
    const block = (why: string) => {
      for (const i of items) run.errored(i, new vscode.TestMessage(why));
      return { ...base, blocked: why };
    };
    this.preflighting.add(spec.id);
    const ready = await checkBeforeRun(this.python, dir, spec.requires, { quiet: true }).finally(() => this.preflighting.delete(spec.id));
    if (!ready.ok) {
      // Every save of a run-on-save exercise would say the same again; once is enough.
      if (!continuous || this.lastBlocked.get(spec.id) !== ready.message) tellBlocked(ready);
      this.lastBlocked.set(spec.id, ready.message);
      return block(ready.message);
    }
    this.lastBlocked.delete(spec.id);
    // A pass ticks the exercise only when it was not passing before: a learner who unticked a
    // passing exercise (to come back to it) is not overruled by the next run that passes again.
    const wasPassing = this.states.state(spec.id, dir, items.map((i) => i.id.slice(spec.id.length + 1))).kind === 'passing';
    // After the preflight saved the editors: the results are about the files as the run reads them.
    this.states.begin(spec.id, dir);
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
        else if (u.kind === 'result') {
          this.states.record(spec.id, u.id, u.result.status);
          this.report(run, byId.get(u.id)!, u.result, dir);
        }
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
        this.states.record(spec.id, m.id, 'error');
        const msg = new vscode.TestMessage(m.message);
        if (m.file) msg.location = new vscode.Location(vscode.Uri.file(path.resolve(dir, m.file)), new vscode.Position(Math.max(0, (m.line ?? 1) - 1), 0));
        run.errored(it, msg);
      }
    }
    const outcome: RunOutcome = { ...base, ...result, ms: r.ms };
    const unsaved = await this.states.end(spec.id);
    if (unsaved) this.study.log.warn(`exercise ${spec.id}: ${unsaved}`);
    this.stateChanged.fire(spec.id);
    if (outcome.allPassed && !wasPassing && !this.study.progress.isDone(spec.id)) await this.study.progress.setDone([spec.id], true);
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
