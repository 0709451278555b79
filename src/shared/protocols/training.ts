// Messages between the training panel (src/training/, host) and webview/training/main.ts, and the
// events train.py --live prints (training/live.py), which the host reads from the process's stdout.
// Imported by both sides, so no `vscode` here. The webview says `ready`; the host answers with
// `init` (presets, data choices, the run so far), then `state` and `event` messages as the run goes.
import { fields, type HostChecks, type ReadyMessage } from './webview';

export const VIEW_TYPE = 'llmStudy.training';

/** The prefix of every event line train.py --live prints (training/live.py PREFIX). */
export const LINE_PREFIX = 'LLMSTUDY_TRAIN ';

export const PRESETS = ['demo', 'shipped'] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<Preset, string> = {
  demo: 'Demo: 2 layers, induction heads form in minutes',
  shipped: 'Shipped model: 4 layers, about 20 minutes on 2 cores',
};

/** [layer][head] scores on a repeated random sequence (training/probes.py). */
export interface HeadScores {
  prev_token: number[][];
  induction: number[][];
}

export interface StartEvent {
  kind: 'start';
  step: number;
  steps: number;
  params: number;
  preset: string;
  data: string;
  vocab_size: number;
  resumed: boolean;
  /** The learner's own train() runs this one (training/train_mine.py). */
  mine?: boolean;
}

export interface StepEvent {
  kind: 'step';
  step: number;
  train_loss: number | null;
  val_loss?: number | null;
  tokens_per_s: number;
  eta_s: number | null;
  lr?: number;
  sample?: string;
  heads?: HeadScores;
  /** Sent again from the checkpoint on --resume, so the curves start where they were. */
  replay?: boolean;
}

export interface CkptEvent { kind: 'ckpt'; step: number; path: string }
export interface DoneEvent { kind: 'done'; step: number; ckpt: string; train_loss: number | null; val_loss: number | null; seconds: number }
export interface ErrorEvent { kind: 'error'; message: string }

export type TrainEvent = StartEvent | StepEvent | CkptEvent | DoneEvent | ErrorEvent;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown) => v === null || isNum(v);
const isMatrix = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((row) => Array.isArray(row) && row.length > 0 && row.every(isNum));

function isHeads(v: unknown): v is HeadScores {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  return isMatrix(h.prev_token) && isMatrix(h.induction);
}

/**
 * The event of one stdout line of train.py, or undefined for any other line. A line that has the
 * prefix but not an event's shape is undefined too: the view draws only what it can trust.
 */
export function parseTrainLine(line: string): TrainEvent | undefined {
  if (!line.startsWith(LINE_PREFIX)) return undefined;
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(line.slice(LINE_PREFIX.length));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    o = v as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return isTrainEvent(o) ? (o as unknown as TrainEvent) : undefined;
}

export function isTrainEvent(o: Record<string, unknown>): boolean {
  const step = Number.isInteger(o.step) && (o.step as number) >= 0;
  switch (o.kind) {
    case 'start':
      return step && Number.isInteger(o.steps) && isNum(o.params) && typeof o.data === 'string' && typeof o.preset === 'string'
        && Number.isInteger(o.vocab_size) && typeof o.resumed === 'boolean';
    case 'step':
      return step && isNumOrNull(o.train_loss) && (o.val_loss === undefined || isNumOrNull(o.val_loss)) && isNum(o.tokens_per_s)
        && isNumOrNull(o.eta_s) && (o.sample === undefined || typeof o.sample === 'string') && (o.heads === undefined || isHeads(o.heads))
        && (o.replay === undefined || typeof o.replay === 'boolean');
    case 'ckpt':
      return step && typeof o.path === 'string';
    case 'done':
      return step && typeof o.ckpt === 'string' && isNumOrNull(o.train_loss) && isNumOrNull(o.val_loss) && isNum(o.seconds);
    case 'error':
      return typeof o.message === 'string';
    default:
      return false;
  }
}

/** A data file the learner can train on: a shipped/found text or one they picked. */
export interface DataChoice {
  id: string;
  label: string;
  path: string;
}

export type RunState = 'idle' | 'checking' | 'running' | 'stopped' | 'done' | 'failed';

export interface RunStatus {
  state: RunState;
  /** The run's folder (checkpoints, loss.csv, export/). */
  runDir?: string;
  /** A checkpoint exists there: Resume and Export can work. */
  hasCheckpoint: boolean;
  /** Said to the learner: why it failed, what was exported. */
  message?: string;
  /** The exported model.onnx, once there is one. */
  exported?: string;
  /** The run uses the learner's train-loop solution ("Train with my code"): it cannot be resumed. */
  mine?: boolean;
}

export type ToWebview =
  | { type: 'init'; presets: Preset[]; data: DataChoice[]; status: RunStatus; events: TrainEvent[] }
  | { type: 'data'; data: DataChoice[]; selected?: string }
  | { type: 'status'; status: RunStatus }
  /** A new run or a resume starts: the curves are drawn again from the events that follow. */
  | { type: 'reset' }
  | { type: 'event'; event: TrainEvent }
  /** A lesson's `training:<preset>` link: the view selects that preset (the learner still presses Start). */
  | { type: 'preset'; preset: Preset };

export type ToHost =
  | ReadyMessage
  /** `mine`: train with the learner's train-loop solution (always on the demo preset). */
  | { type: 'start'; preset: Preset; data: string; mine?: boolean }
  | { type: 'pickData' }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'export' }
  | { type: 'openPlayground' };

/** One check per message the host accepts (see src/webviews/channel.ts). */
export const TRAINING_CHECKS: HostChecks<ToHost> = {
  start: fields({ preset: PRESETS, data: 'string', 'mine?': 'boolean' }),
  pickData: fields({}),
  stop: fields({}),
  resume: fields({}),
  export: fields({}),
  openPlayground: fields({}),
};

const isStatus = (v: unknown) => typeof v === 'object' && v !== null
  && ['idle', 'checking', 'running', 'stopped', 'done', 'failed'].includes((v as RunStatus).state) && typeof (v as RunStatus).hasCheckpoint === 'boolean';
const isDataList = (v: unknown) => Array.isArray(v) && v.every((d) => typeof d === 'object' && d !== null
  && typeof (d as DataChoice).id === 'string' && typeof (d as DataChoice).label === 'string' && typeof (d as DataChoice).path === 'string');
const isEvent = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && isTrainEvent(v as Record<string, unknown>);

/** Validates a message from the host in the webview; anything malformed is dropped, never half-used. */
export function decodeToWebview(m: unknown): ToWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'init' && isStatus(o.status) && isDataList(o.data) && Array.isArray(o.presets) && Array.isArray(o.events) && o.events.every(isEvent)) return o as unknown as ToWebview;
  if (o.type === 'data' && isDataList(o.data) && (o.selected === undefined || typeof o.selected === 'string')) return o as unknown as ToWebview;
  if (o.type === 'status' && isStatus(o.status)) return o as unknown as ToWebview;
  if (o.type === 'reset') return { type: 'reset' };
  if (o.type === 'event' && isEvent(o.event)) return o as unknown as ToWebview;
  if (o.type === 'preset' && (PRESETS as readonly unknown[]).includes(o.preset)) return { type: 'preset', preset: o.preset as Preset };
  return undefined;
}
