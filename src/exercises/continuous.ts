// Tests that answer on save: each save of an exercise's file asks for a rerun; saves that come in
// a burst (Save All, format-on-save, a quick second Ctrl+S) make one run, and a save while a run
// is still going cancels it, since its answer is about code that is no longer there. Pure (no
// `vscode`): the caller starts the run and maps the AbortSignal to its cancellation token.

export const RERUN_DELAY_MS = 300;

export class RerunQueue {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly start: (id: string, signal: AbortSignal) => Promise<unknown>,
    private readonly onError: (id: string, e: unknown) => void,
    private readonly delayMs = RERUN_DELAY_MS,
  ) {}

  /** A file of exercise `id` was saved. */
  saved(id: string): void {
    this.running.get(id)?.abort();
    clearTimeout(this.pending.get(id));
    this.pending.set(id, setTimeout(() => this.fire(id), this.delayMs));
  }

  /** Continuous run was turned off for `id`: nothing more starts, and a run going is cancelled. */
  stop(id: string): void {
    clearTimeout(this.pending.get(id));
    this.pending.delete(id);
    this.running.get(id)?.abort();
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  dispose(): void {
    for (const id of new Set([...this.pending.keys(), ...this.running.keys()])) this.stop(id);
  }

  private fire(id: string): void {
    this.pending.delete(id);
    const ac = new AbortController();
    this.running.set(id, ac);
    this.start(id, ac.signal).catch((e: unknown) => this.onError(id, e)).finally(() => {
      if (this.running.get(id) === ac) this.running.delete(id);
    });
  }
}
