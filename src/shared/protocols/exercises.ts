// What "Show My Model" gets back from media/exercises/show_my_model.py, which runs the learner's
// function on the tiny GPT's weights. The playground shows it (src/playground/protocol.ts MyModel).

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
  /** The numpy reference on the same weights, [head][query][key]. */
  reference?: number[][][];
  /** Logits kind: the learner's logits [T][V] (rounded to 5 decimals). */
  logitsMine?: number[][];
  /** Logits kind: the numpy reference's logits [T][V]. */
  logitsReference?: number[][];
  /** Next-token distribution at the last position, top entries (logits kind). */
  topMine?: { token: string; p: number }[];
  topReference?: { token: string; p: number }[];
  /** Share of values within tolerance of the numpy reference, 0..1. */
  match: number;
  tolerance: number;
  maxAbsError: number;
  /** When the learner's code raised: the teacher's message. */
  error?: string;
  traceback?: string;
}
