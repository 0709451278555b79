// Messages between the playground panel (host) and its webview. Imported by both sides: no vscode.
import { fields, type HostChecks, type ReadyMessage } from './webview';
import type { ModelComparison } from './exercises';
import { decodeInterpState, type InterpViewState } from '../model/interpState';

// The interpretability views are presets too, so a lesson can link into them (playground:steer).
export const PRESETS = ['generate', 'sampling', 'attention', 'logit-lens', 'induction', 'ablate', 'patch', 'dla', 'steer'] as const;
export type Preset = (typeof PRESETS)[number];
export const isPreset = (v: unknown): v is Preset => typeof v === 'string' && (PRESETS as readonly string[]).includes(v);

/**
 * Which view a preset opens (generate and sampling share the decoding lab). 'mine' is the
 * learner's own code beside the model (Show My Model); it opens only with a comparison to show.
 */
export type ViewId = 'generate' | 'attention' | 'logit-lens' | 'induction' | 'ablate' | 'patch' | 'dla' | 'steer' | 'mine';
export const viewOfPreset = (p: Preset): ViewId => (p === 'sampling' ? 'generate' : p);

export const BACKEND_SETTINGS = ['auto', 'wasm', 'webgpu'] as const;
export type BackendSetting = (typeof BACKEND_SETTINGS)[number];

/** webview URIs of the onnxruntime-web files (never a CDN); `wasm` may be gzipped (`.wasm.gz`). */
export interface OrtFiles {
  wasm: { mjs: string; wasm: string };
  /** Absent when the WebGPU build is not shipped. */
  webgpu?: { module: string; mjs: string; wasm: string };
}

export interface ModelFiles {
  /** Shown in the header: "tiny Shakespeare GPT" or the custom file's name. */
  label: string;
  /** Full-context model (idx -> logits [+ attn, resid]). */
  model: string;
  /** KV-cache variant, when there is one beside the model. */
  kv?: string;
  vocab: string;
  /** Files the graphs keep their weights in (ONNX external data), by the path the graphs use. */
  externalData?: { path: string; uri: string }[];
  custom: boolean;
}

export interface LessonLink {
  id: string;
  title: string;
}

/** Show My Model: what the learner's exercise code computed, to set beside this model's own. */
export interface MyModel {
  /** The exercise's title, for the heading. */
  exercise: string;
  /** The attention and logits kinds: media/exercises/show_my_model.py's comparison. Absent when `own` is set. */
  comparison?: ModelComparison;
  /** The kinds an exercise's own show_my_model.py reports (decodeOwnResult); the webview computes the model's side. */
  own?: OwnResult;
  /**
   * Whether the learner's code ran on this panel's model (the tiny GPT's weights.npz beside its
   * model.onnx). Then the webview scores it against onnxruntime's output; otherwise against the
   * numpy reference the driver computed on the weights it was given.
   */
  live: boolean;
}

interface OwnBase {
  /** When the learner's code raised or returned something unusable: the teacher's message. */
  error?: string;
  traceback?: string;
}

/** patching: the learner's patch_heads on a clean/corrupted pair; the panel runs patching.ts on the same pair. */
export interface OwnHeadPatching extends OwnBase {
  kind: 'head-patching';
  clean: string;
  corrupted: string;
  /** The answer characters the metric compares: logit(good) - logit(bad) at the last position. */
  good: string;
  bad: string;
  nLayer: number;
  nHead: number;
  /** The learner's normalised scores [layer][head] (1 = clean restored, 0 = no effect). */
  mine?: number[][];
  /** The learner's own unpatched metrics, when their run_with_cache and logit_diff work. */
  cleanMetric?: number;
  corruptedMetric?: number;
}

/** kv-cache: the next-token distribution after the prompt, decoded through the learner's cache. */
export interface OwnCachedNext extends OwnBase {
  kind: 'cached-next';
  prompt: string;
  tokens: string[];
  /** How many tokens went in as one prefill; the rest went one at a time. */
  prefill: number;
  /** Softmax of the learner's last logits, one per vocabulary entry. */
  probs?: number[];
  top?: { token: string; p: number }[];
}

/** rope: one fixed q, k pair scored at several query positions against the offset to the key. */
export interface OwnRopeScores extends OwnBase {
  kind: 'rope-scores';
  headDim: number;
  base: number;
  q: number[];
  k: number[];
  queryPositions: number[];
  /** The key sits at query position - offset. */
  offsets: number[];
  /** The learner's scores [query position][offset]. */
  mine?: number[][];
}

export type OwnResult = OwnHeadPatching | OwnCachedNext | OwnRopeScores;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown, min: number, max: number): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const nums = (x: unknown, n?: number): x is number[] => Array.isArray(x) && (n === undefined || x.length === n) && x.every(isNum);
const grid = (x: unknown, rows: number, cols: number): x is number[][] => Array.isArray(x) && x.length === rows && x.every((r) => nums(r, cols));
const text = (x: unknown, max = PROMPT_MAX_CHARS): x is string => typeof x === 'string' && x.length <= max;

/**
 * What an exercise's show_my_model.py printed, checked before the panel draws it: the script runs
 * the learner's code, so any field may be missing, mistyped or absurdly large. A string says why
 * it was refused.
 */
export function decodeOwnResult(raw: unknown): OwnResult | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'the result is not an object';
  const o = raw as Record<string, unknown>;
  const base: OwnBase = {};
  for (const k of ['error', 'traceback'] as const) {
    if (o[k] === undefined) continue;
    if (!text(o[k], 20_000)) return `${k} is not a string`;
    base[k] = o[k] as string;
  }
  if (o.kind === 'head-patching') {
    const { clean, corrupted, good, bad, nLayer, nHead } = o;
    if (!text(clean) || !text(corrupted) || [...clean].length !== [...corrupted].length) return 'clean and corrupted must be prompts of the same length';
    if (!text(good, 4) || !text(bad, 4) || [...good].length !== 1 || [...bad].length !== 1) return 'good and bad must be one character each';
    if (!isInt(nLayer, 1, 64) || !isInt(nHead, 1, 64)) return 'nLayer and nHead must be whole numbers from 1 to 64';
    const r: OwnHeadPatching = { kind: 'head-patching', clean, corrupted, good, bad, nLayer, nHead, ...base };
    if (o.mine !== undefined) {
      if (!grid(o.mine, nLayer, nHead)) return `mine must be ${nLayer} rows of ${nHead} finite numbers`;
      r.mine = o.mine;
    }
    for (const k of ['cleanMetric', 'corruptedMetric'] as const) if (isNum(o[k])) r[k] = o[k] as number;
    return r;
  }
  if (o.kind === 'cached-next') {
    const { prompt, tokens, prefill } = o;
    if (!text(prompt) || !Array.isArray(tokens) || tokens.length > PROMPT_MAX_CHARS || !tokens.every((t) => text(t, 16))) return 'prompt and tokens must be text';
    if (!isInt(prefill, 0, tokens.length)) return 'prefill must be a whole number of tokens within the prompt';
    const r: OwnCachedNext = { kind: 'cached-next', prompt, tokens: tokens as string[], prefill, ...base };
    if (o.probs !== undefined) {
      if (!nums(o.probs) || o.probs.length > 1_000_000 || !o.probs.every((p) => p >= 0 && p <= 1)) return 'probs must be probabilities';
      r.probs = o.probs;
    }
    if (o.top !== undefined) {
      if (!Array.isArray(o.top) || o.top.length > 100 || !o.top.every((t) => typeof t === 'object' && t !== null && text((t as { token: unknown }).token, 16) && isNum((t as { p: unknown }).p))) return 'top must be a list of {token, p}';
      r.top = o.top as { token: string; p: number }[];
    }
    return r;
  }
  if (o.kind === 'rope-scores') {
    const { headDim, base: b, q, k, queryPositions, offsets } = o;
    if (!isInt(headDim, 2, 1024) || headDim % 2 !== 0) return 'headDim must be an even whole number up to 1024';
    if (!isNum(b) || b <= 1) return 'base must be a number above 1';
    if (!nums(q, headDim) || !nums(k, headDim)) return `q and k must be ${headDim} finite numbers each`;
    const ints = (x: unknown, n: number): x is number[] => Array.isArray(x) && x.length >= 1 && x.length <= n && x.every((v) => isInt(v, -1e6, 1e6));
    if (!ints(queryPositions, 16) || !ints(offsets, 1024)) return 'queryPositions and offsets must be short lists of whole numbers';
    const r: OwnRopeScores = { kind: 'rope-scores', headDim, base: b, q, k, queryPositions, offsets, ...base };
    if (o.mine !== undefined) {
      if (!grid(o.mine, queryPositions.length, offsets.length)) return `mine must be ${queryPositions.length} rows of ${offsets.length} finite numbers`;
      r.mine = o.mine;
    }
    return r;
  }
  return `unknown kind ${JSON.stringify(o.kind)}`;
}

export interface PlaygroundInit {
  preset: Preset;
  /** A prompt a lesson link asked for; replaces the stored one. */
  prompt?: string;
  backend: BackendSetting;
  ort: OrtFiles;
  /** The model to run, or why there is none. */
  model: ModelFiles | { error: string };
  /** file URI of a learner's own model, kept in the webview state so a reload reopens it. */
  source?: string;
  /** The lesson each view illustrates, when the course has one. */
  lessons: Partial<Record<ViewId, LessonLink>>;
  /** Show My Model's comparison, when the panel opens for one (the view then starts on it). */
  mine?: MyModel;
  /** On a restore after a reload: the settings the host kept, for when the webview's own state is gone. */
  state?: PlaygroundState;
}

/**
 * The decoding lab's Tokens field: how many tokens one Generate or Continue writes. The field's
 * min/max attributes only bound its spinner, not what can be typed, so every reader clamps.
 */
export const TOKENS = { min: 1, max: 2000, default: 200 } as const;

/** Longest prompt a caller (a lesson link, a command argument) can hand the playground. */
export const PROMPT_MAX_CHARS = 2000;

/**
 * A Tokens value from the field (a string) or from stored state, clamped into TOKENS and made a
 * whole number. Blank or unreadable means the default: an empty field is not a request for one token.
 */
export function clampTokens(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return TOKENS.default;
  return Math.max(TOKENS.min, Math.min(TOKENS.max, Math.floor(n)));
}

/** What the webview keeps across reloads (vscode.setState) and hands the serializer. */
export interface PlaygroundState {
  source?: string;
  view?: ViewId;
  prompt?: string;
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
  maxTokens?: number;
  /** The Ablate, Patching and Steer views' settings (src/shared/model/interpState.ts). */
  interp?: InterpViewState;
}

export type ToWebview =
  | { type: 'preset'; preset: Preset; prompt?: string }
  | { type: 'saved'; path: string }
  | { type: 'mine'; mine: MyModel }
  /** A "Run again" that produced nothing to show (the host said why in a notification). */
  | { type: 'mineFailed'; message: string };

export type ToHost =
  | ReadyMessage
  | { type: 'status'; backend: string; phase: 'loading' | 'ready' | 'error'; message?: string }
  | { type: 'save'; format: 'png' | 'json'; name: string; /** base64 for png, text for json */ data: string }
  | { type: 'openLesson'; id: string }
  /** Show My Model's "Run again" with another prompt: the host reruns the learner's code. */
  | { type: 'rerunMine'; prompt: string }
  /** The view's settings after every change, kept by the host: code-server may reload before the webview's own state is saved. */
  | { type: 'state'; state: PlaygroundState };

/** What the host checks before acting on a message (an unchecked `name.replace` once threw in save). */
export const PLAYGROUND_CHECKS: HostChecks<ToHost> = {
  status: fields({ backend: 'string', phase: ['loading', 'ready', 'error'], 'message?': 'string' }),
  save: fields({ format: ['png', 'json'], name: 'string', data: 'string' }),
  openLesson: fields({ id: 'string' }),
  rerunMine: fields({ prompt: 'string' }),
  state: fields({ state: 'object' }),
};

const VIEW_IDS: readonly ViewId[] = ['generate', 'attention', 'logit-lens', 'induction', 'ablate', 'patch', 'dla', 'steer', 'mine'];

/**
 * Stored webview state, read defensively: it may come from an older version or be hand-edited.
 * Fields of the wrong type are dropped (their defaults apply); Tokens is clamped. Used by the
 * host's serializer and by the webview when it restores itself.
 */
export function decodePlaygroundState(raw: unknown): PlaygroundState {
  if (typeof raw !== 'object' || raw === null) return {};
  const o = raw as Record<string, unknown>;
  const out: PlaygroundState = {};
  if (typeof o.source === 'string') out.source = o.source;
  if (typeof o.view === 'string' && (VIEW_IDS as readonly string[]).includes(o.view)) out.view = o.view as ViewId;
  if (typeof o.prompt === 'string') out.prompt = o.prompt;
  for (const k of ['temperature', 'topK', 'topP', 'seed'] as const) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  if (o.maxTokens !== undefined) out.maxTokens = clampTokens(o.maxTokens);
  const interp = decodeInterpState(o.interp);
  if (interp) out.interp = interp;
  return out;
}
