// What the extension needs from an exercise.json, decoded defensively: the curriculum loader keeps
// the raw JSON (validated by the schema at build time), but a half-written exercise must never
// crash a command, so anything unreadable becomes a reason string instead. Pure (no `vscode`).
import type { ExerciseMeta } from '../shared/curriculum/model';
import { RUNNER_FILE } from '../util/startedExercises';

export interface DataFile {
  file: string;
  description: string;
  source?: string;
  sha256?: string;
  bytes?: number;
  /** Path inside the extension to copy it from (the tiny GPT's weights). */
  copyFrom?: string;
  env?: string;
  note?: string;
}

/**
 * The first three are compared by media/exercises/show_my_model.py; the others are run by the
 * exercise's own show_my_model.py (curriculum/exercises/<id>/), which knows its functions.
 */
export const SHOW_MY_MODEL_KINDS = ['attention-pattern', 'attention-patterns', 'logits', 'head-patching', 'cached-next', 'rope-scores'] as const;
export type ShowMyModelKind = (typeof SHOW_MY_MODEL_KINDS)[number];

export interface ExerciseSpec {
  id: string;
  title: string;
  summary: string;
  requires: string[];
  stub: string;
  tests: string[];
  readme?: string;
  solution: string;
  provided: string[];
  hints: string[];
  data: DataFile[];
  showMyModel?: { function: string; kind: ShowMyModelKind };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
/** Names land in the learner's folder: a plain file name only, never a path that could escape it. */
export const isPlainName = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9_.-]+$/.test(s) && !/^\.+$/.test(s);

export function decodeSpec(meta: ExerciseMeta): ExerciseSpec | string {
  if (meta.status === 'planned') return `"${meta.title}" is not written yet (coming soon)`;
  const files = meta.files;
  if (!isRecord(files)) return `exercise ${meta.id} lists no files`;
  const { stub, solution, readme } = files;
  const tests = strings(files.tests);
  if (!isPlainName(stub)) return `exercise ${meta.id}: bad stub name`;
  if (typeof solution !== 'string' || !/^solution\/[A-Za-z0-9_]+\.py$/.test(solution)) return `exercise ${meta.id}: bad solution path`;
  if (!tests.length || !tests.every(isPlainName)) return `exercise ${meta.id}: bad test file names`;
  if (readme !== undefined && !isPlainName(readme)) return `exercise ${meta.id}: bad readme name`;
  const data: DataFile[] = [];
  for (const d of Array.isArray(meta.data) ? meta.data : []) {
    if (!isRecord(d) || !isPlainName(d.file)) return `exercise ${meta.id}: bad data entry`;
    const entry: DataFile = { file: d.file, description: typeof d.description === 'string' ? d.description : d.file };
    for (const k of ['source', 'sha256', 'copyFrom', 'env', 'note'] as const) if (typeof d[k] === 'string') entry[k] = d[k];
    if (typeof d.bytes === 'number') entry.bytes = d.bytes;
    if (entry.source && !entry.source.startsWith('https://')) delete entry.source;
    data.push(entry);
  }
  const spec: ExerciseSpec = {
    id: meta.id,
    title: meta.title,
    summary: meta.summary,
    requires: strings(meta.requires),
    stub,
    tests,
    readme: readme as string | undefined,
    solution,
    provided: strings(files.provided).filter(isPlainName),
    hints: strings(meta.hints),
    data,
  };
  const smm = meta.showMyModel;
  if (isRecord(smm) && typeof smm.function === 'string' && /^[a-z_][a-z0-9_]*$/.test(smm.function)
    && (SHOW_MY_MODEL_KINDS as readonly unknown[]).includes(smm.kind)) {
    spec.showMyModel = { function: smm.function, kind: smm.kind as ShowMyModelKind };
  }
  return spec;
}

/** The learner-facing files copied from the exercise's folder, in the order they are written. */
export function learnerFiles(spec: ExerciseSpec): string[] {
  return [...(spec.readme ? [spec.readme] : []), spec.stub, ...spec.tests, ...spec.provided];
}

/** The runner's entry file: what the editor runs, what test files import, and what marks a started exercise (defined beside the check the entry bundle makes without this feature). */
export { RUNNER_FILE };
/** The runner's package, beside RUNNER_FILE in curriculum/exercises/_runner/ and in every exercise folder. */
export const RUNNER_PACKAGE = 'llmstudy_runner';
/** The first line of every runner file: what tells a runner file of ours from a learner's file in its place. */
export const RUNNER_MARK = "# LLM Study's test runner: ";
