// What the progress notification shows while the training view is closed, and what its Cancel
// does. No `vscode` here: registration.ts hands in withProgress's reporter and token, so the unit
// tests drive a real session through it.
import type { TrainingSession } from './session';

export interface ProgressSink {
  report(v: { increment?: number; message?: string }): void;
}

export interface CancelToken {
  onCancellationRequested(listener: () => void): unknown;
}

/**
 * Step N of M (and the validation loss) as the run goes; Cancel stops the run. Resolves once the
 * run is no longer running (done, stopped, failed) or `finish` is called (the view was opened).
 */
export function followRun(session: TrainingSession, p: ProgressSink, token: CancelToken): { done: Promise<void>; finish(): void } {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    let last = 0;
    const sub = session.listen({
      onEvent: (e) => {
        if (e.kind !== 'step' || e.replay) return;
        const steps = session.history.find((h) => h.kind === 'start');
        const total = steps?.kind === 'start' ? steps.steps : 0;
        const pct = total ? (100 * e.step) / total : 0;
        p.report({ increment: pct - last, message: `step ${e.step}${total ? ` of ${total}` : ''}${e.val_loss != null ? `, val loss ${e.val_loss.toFixed(3)}` : ''}` });
        last = pct;
      },
      onStatus: (s) => s.state !== 'running' && finish(),
      onReset: () => {},
    });
    token.onCancellationRequested(() => session.stop());
    finish = () => {
      sub.dispose();
      resolve();
    };
  });
  return { done, finish: () => finish() };
}
