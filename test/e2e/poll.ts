// Waiting on what a locator cannot express (a file on disk, counts in two lists at once).
import type { Session } from './session';

/** Resolves once `fn` holds; after `ms`, a screenshot named `shot` (when a session is given) and an error naming `what`. */
export async function pollUntil(fn: () => boolean | Promise<boolean>, what: string, opts: { ms?: number; session?: Session; shot?: string } = {}): Promise<void> {
  const end = Date.now() + (opts.ms ?? 30_000);
  while (!(await fn())) {
    if (Date.now() > end) {
      await opts.session?.shot(opts.shot ?? 'poll-timeout');
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
