// Continuous run for exercises: which exercises rerun their tests on save, turned on from the
// Testing view's eye (a continuous TestRunRequest, on until its token is cancelled), from the
// command "Run Exercise Tests on Save" or from the CodeLens (on until toggled off). The timing
// (debounce, cancelling a stale run) is RerunQueue's, in continuous.ts.
import * as vscode from 'vscode';
import type { Study } from '../study';
import { RerunQueue } from './continuous';
import { exerciseOf } from './folders';

export class RunOnSave implements vscode.Disposable {
  /** Exercise id -> how many Testing-view continuous requests include it. */
  private readonly fromView = new Map<string, number>();
  private readonly fromCommand = new Set<string>();
  private readonly queue: RerunQueue;
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with an exercise's id when run-on-save turns on or off for it. */
  readonly onDidChange = this.changed.event;
  private readonly savedFile = new vscode.EventEmitter<string>();
  /** Fires with an exercise's id at every save of one of its files, run on save or not: its last results may be stale now. */
  readonly onDidSaveFile = this.savedFile.event;
  private readonly subs: vscode.Disposable[] = [this.changed, this.savedFile];

  constructor(
    private readonly study: Study,
    run: (id: string, token: vscode.CancellationToken) => Promise<unknown>,
    /** True while the preflight itself is saving this exercise's editors: those saves start nothing. */
    private readonly preflightSaving: (id: string) => boolean,
  ) {
    this.queue = new RerunQueue(async (id, signal) => {
      const cts = new vscode.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      signal.addEventListener('abort', onAbort);
      try {
        await run(id, cts.token);
      } finally {
        signal.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    }, (id, e) => study.log.error(`exercise ${id}: a run on save failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    this.subs.push(vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc)));
  }

  isOn(id: string): boolean {
    return this.fromCommand.has(id) || (this.fromView.get(id) ?? 0) > 0;
  }

  /** The command and the CodeLens: on (with a first run at once, so the learner sees where they stand) or off. */
  toggle(id: string): boolean {
    if (this.fromCommand.has(id)) this.fromCommand.delete(id);
    else if (this.isOn(id)) this.fromView.delete(id);
    else this.fromCommand.add(id);
    const on = this.isOn(id);
    if (on) this.queue.saved(id);
    else this.queue.stop(id);
    this.changed.fire(id);
    return on;
  }

  /** A continuous request from the Testing view: these exercises rerun on save until `token` is cancelled. */
  watch(ids: readonly string[], token: vscode.CancellationToken): void {
    for (const id of ids) {
      this.fromView.set(id, (this.fromView.get(id) ?? 0) + 1);
      this.changed.fire(id);
    }
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      for (const id of ids) {
        const n = (this.fromView.get(id) ?? 0) - 1;
        if (n > 0) this.fromView.set(id, n);
        else this.fromView.delete(id);
        if (!this.isOn(id)) this.queue.stop(id);
        this.changed.fire(id);
      }
    });
  }

  private saved(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    const ex = exerciseOf(this.study, doc.uri);
    if (!ex) return;
    this.savedFile.fire(ex.spec.id);
    if (!this.isOn(ex.spec.id) || this.preflightSaving(ex.spec.id)) return;
    this.queue.saved(ex.spec.id);
  }

  dispose(): void {
    this.queue.dispose();
    for (const s of this.subs) s.dispose();
  }
}
