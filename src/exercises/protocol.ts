// What "Show My Model" passes from the host to its webview (initial state only: the panel is
// re-rendered for each run). Shared by src/exercises/showMyModel.ts and webview/exercises/main.ts.
import type { Message } from '../webviews/protocol';

export type CompareKind = 'attention-pattern' | 'attention-patterns' | 'logits';

/** What media/exercises/show_my_model.py prints after its `LLMSTUDY_MODEL ` prefix. */
export interface ModelComparison {
  kind: CompareKind;
  prompt: string;
  /** The prompt as the model's tokens (characters). */
  tokens: string[];
  layer?: number;
  /** [head][query][key] for attention kinds. */
  mine?: number[][][];
  reference?: number[][][];
  /** Next-token distribution at the last position, top entries (logits kind). */
  topMine?: { token: string; p: number }[];
  topReference?: { token: string; p: number }[];
  /** Share of values within tolerance, 0..1. */
  match: number;
  tolerance: number;
  maxAbsError: number;
  /** When the learner's code raised: the teacher's message. */
  error?: string;
  traceback?: string;
}

export interface CompareState {
  title: string;
  comparison: ModelComparison;
}

export interface RerunMessage extends Message {
  type: 'rerun';
  prompt: string;
}

/** Opens the playground's own view of the real model (attention heads, or generation). */
export interface OpenPlaygroundMessage extends Message {
  type: 'openPlayground';
}

export type CompareToHost = RerunMessage | OpenPlaygroundMessage;
