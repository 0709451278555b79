// The tokenizer view's "Your BPE" row: runs the learner's bpe.py (media/exercises/bpe_tokens.py)
// on a text and says what it made of it, or why it could not. No runtime `vscode` here: what
// needs the editor (trust, the exercise folder, which Python) comes in as `BpeContext`, so the
// unit tests drive this with a real Python on a fixture folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LearnerBpeResult } from '../study';
import { runProcess } from './runner';
import { BPE_NOT_STARTED } from '../util/startedExercises';

export const BPE_PREFIX = 'LLMSTUDY_BPE ';
/** The size the learner's tokenizer is trained to: 44 merges, enough to see words form. */
export const BPE_VOCAB_SIZE = 300;
/** Its output is one short JSON line; anything longer is a learner's print loop. */
const KEEP_CHARS = 200_000;

/** Also what the entry bundle answers while the exercises feature is not loaded (src/util/lazyPorts.ts). */
export const NOT_STARTED = BPE_NOT_STARTED;
export const NOT_TRUSTED = 'Your bpe.py runs only in a trusted workspace: this one is in Restricted Mode.';

export interface BpeContext {
  /** The learner's bpe exercise folder, undefined when they never started it. */
  dir: string | undefined;
  trusted: boolean;
  /** A Python path, or a sentence saying why there is none. */
  python: () => Promise<{ path: string } | { why: string }>;
  timeoutSeconds: number;
  /** Paths in the install: the driver and the text the tokenizer is trained on. */
  driver: string;
  trainFile: string;
  /** Folder for the cached merges (os.tmpdir() in the extension). */
  cacheDir?: string;
}

/** The last line a failed run left on stderr, which is where Python puts the cause. */
function lastLine(s: string): string {
  return s.trim().split('\n').filter((l) => l.trim()).at(-1)?.trim() ?? '';
}

/** Reads the driver's line; anything else (no line, bad JSON, wrong shapes) is a `why`, never a throw. */
export function parseBpeOutput(stdout: string, stderr = ''): LearnerBpeResult {
  const line = stdout.split('\n').find((l) => l.startsWith(BPE_PREFIX));
  if (!line) return { why: `your bpe.py gave no result${lastLine(stderr) ? `: ${lastLine(stderr)}` : ''}` };
  let o: unknown;
  try {
    o = JSON.parse(line.slice(BPE_PREFIX.length));
  } catch {
    return { why: 'the BPE driver printed a line that is not JSON' };
  }
  const r = (typeof o === 'object' && o !== null ? o : {}) as Record<string, unknown>;
  if (typeof r.why === 'string') return { why: r.why };
  const ids = r.ids, pieces = r.pieces;
  if (Array.isArray(ids) && Array.isArray(pieces) && ids.length === pieces.length && Number.isInteger(r.vocabSize)
    && ids.every((i) => Number.isInteger(i)) && pieces.every((p) => typeof p === 'string')) {
    return { ids: ids as number[], pieces: pieces as string[], vocabSize: r.vocabSize as number };
  }
  return { why: 'your encode() gave something other than a list of ids, one piece each' };
}

/** One cache file per exercise folder; the driver keys its content by bpe.py's mtime and size. */
export function cacheFile(dir: string, cacheDir = os.tmpdir()): string {
  const h = crypto.createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `llm-study-bpe-${h}.json`);
}

export async function learnerBpe(ctx: BpeContext, text: string): Promise<LearnerBpeResult> {
  if (!ctx.dir || !fs.existsSync(path.join(ctx.dir, 'bpe.py'))) return { why: NOT_STARTED };
  // Never run the learner's code in Restricted Mode, whatever it is asked for.
  if (!ctx.trusted) return { why: NOT_TRUSTED };
  const py = await ctx.python();
  if ('why' in py) return py;
  const r = await runProcess({
    command: py.path,
    args: ['-X', 'utf8', ctx.driver, '--exercise-dir', ctx.dir, '--train-file', ctx.trainFile, '--vocab-size', String(BPE_VOCAB_SIZE),
      '--cache', cacheFile(ctx.dir, ctx.cacheDir), '--text', text],
    cwd: ctx.dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs: ctx.timeoutSeconds * 1000,
    keepBytes: KEEP_CHARS,
  }).result;
  if (r.timedOut) return { why: `your bpe.py ran for more than ${ctx.timeoutSeconds} s and was stopped (llmStudy.exercises.testTimeoutSeconds)` };
  if (r.spawnError) return { why: `${py.path} could not start: ${r.spawnError}` };
  return parseBpeOutput(r.stdout, r.stderr);
}
