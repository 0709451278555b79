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
  comparison: ModelComparison;
  /**
   * Whether the learner's code ran on this panel's model (the tiny GPT's weights.npz beside its
   * model.onnx). Then the webview scores it against onnxruntime's output; otherwise against the
   * numpy reference the driver computed on the weights it was given.
   */
  live: boolean;
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
