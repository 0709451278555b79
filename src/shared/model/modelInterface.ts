// The tiny GPT's files and ONNX interface, as training/export.py writes them. The playground, the
// exercises and the tests import these names instead of spelling strings; media/model/MODEL_CARD.md
// describes the same interface in prose. Pure: no `vscode`, no Node, no onnxruntime import.

/** Where the shipped model lives, relative to the extension root. */
export const MODEL_DIR = 'media/model';

export const MODEL_FILES = {
  full: 'model.onnx',
  kv: 'model_kv.onnx',
  /** The intervention graph (INTERP_IO), opened only by the interpretability views. */
  interp: 'model_interp.onnx',
  /**
   * Both ONNX graphs keep their weights here (ONNX external data pointing into this uncompressed
   * npz). Loading a graph from bytes (onnxruntime-web) needs
   * `externalData: [{ path: MODEL_FILES.weights, data: <bytes or URL of weights.npz> }]`;
   * loading from a file path (onnxruntime-node) finds it beside the graph.
   */
  weights: 'weights.npz',
  vocab: 'vocab.json',
  golden: 'golden.json',
  goldenInterp: 'golden_interp.json',
  card: 'MODEL_CARD.md',
  loss: 'loss.csv',
} as const;

/**
 * model.onnx. In: `idx` int64 [1, T], 1 <= T <= block_size.
 * Out: `logits` float32 [1, T, V]; `attn` float32 [n_layer, n_head, T, T] (softmax rows, zero above
 * the diagonal); `resid` float32 [n_layer + 1, T, n_embd] (after the embeddings, then after each block).
 */
export const FULL_IO = { idx: 'idx', logits: 'logits', attn: 'attn', resid: 'resid' } as const;

/**
 * model_kv.onnx. In: `idx` int64 [1, T] new tokens (T = 1 to generate, more to prefill),
 * `past_kv` float32 [n_layer, 2, n_head, P, head_size] (P = 0 to start; index 0 keys, 1 values).
 * Out: `logits` float32 [1, T, V]; `present_kv` [n_layer, 2, n_head, P + T, head_size];
 * `attn` [n_layer, n_head, T, P + T]. The new tokens sit at positions P..P+T-1: P + T <= block_size.
 * `new_kv` [n_layer, 2, n_head, T, head_size]: the new positions' keys and values alone, in graphs
 * exported since issue 16 (training/export_kv.py); a learner's older export lacks it, and the runner
 * then takes present_kv back each step instead.
 */
export const KV_IO = { idx: 'idx', pastKv: 'past_kv', logits: 'logits', presentKv: 'present_kv', attn: 'attn', newKv: 'new_kv' } as const;

/**
 * model_interp.onnx (training/export_interp.py): model.onnx plus intervention inputs, all float32.
 * `head_mask` [n_layer, n_head] and `head_value` [n_layer, n_head, T, head_size]: where the mask is
 * > 0 the head's `z` (attention-weighted values, before c_proj) is replaced by the value.
 * `resid_mask` [n_layer + 1, T] and `resid_value` [n_layer + 1, T, n_embd]: the same for the
 * residual stream (0 after the embeddings, l + 1 after block l); then `resid_add` (same shape) is
 * added. Out: `logits`, `attn`, `resid` as model.onnx (after the interventions) and `z`
 * [n_layer, n_head, T, head_size]. With masks and additions all 0 it is model.onnx exactly.
 */
export const INTERP_IO = {
  idx: 'idx',
  headMask: 'head_mask',
  headValue: 'head_value',
  residMask: 'resid_mask',
  residValue: 'resid_value',
  residAdd: 'resid_add',
  logits: 'logits',
  attn: 'attn',
  resid: 'resid',
  z: 'z',
} as const;

/** golden_interp.json: PyTorch logits under each kind of intervention (training/export_interp.py). */
export interface GoldenInterpJson {
  source: string;
  corrupt_pos: number;
  reference_text: string;
  cases: Array<{
    name: string;
    ids: number[];
    /** value: head_size numbers (the same z at every position) or T * head_size. */
    heads?: Array<{ layer: number; head: number; value: number[] }>;
    resid?: Array<{ layer: number; pos: number; value: number[] }>;
    /** Added at every position of residual stream `layer`. */
    add?: Array<{ layer: number; value: number[] }>;
    logits: number[][];
    /** [n_layer * n_head * T * head_size], for the case without intervention. */
    z?: number[];
  }>;
  /** Direct logit attribution of one token at one position, ln_f folded (training/export_interp.py). */
  dla: {
    prompt: string;
    pos: number;
    token: number;
    logit: number;
    embed: number;
    heads: number[][];
    attn_bias: number[];
    mlp: number[];
    ln_f_bias: number;
  };
  /** A steering direction from two prompt sets, with steered logits and greedy text per coefficient (export_interp.py steering_golden). */
  steering: {
    a: string[];
    b: string[];
    layer: number;
    prompt: string;
    direction: number[];
    norm: number;
    runs: Array<{ coef: number; logits: number[][]; tokens: number[]; text: string }>;
  };
}

/** vocab.json as written by training/export.py. */
export interface VocabJson {
  /** One token per character, in id order. */
  chars: string[];
  vocab_size: number;
  block_size: number;
  n_layer: number;
  n_head: number;
  n_embd: number;
}

/** The validated vocabulary and shape, in camelCase (see loadVocab in ./vocab). */
export interface ModelSpec {
  chars: readonly string[];
  vocabSize: number;
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  headSize: number;
}

/** Shape of `past_kv` holding `past` positions. */
export function kvShape(spec: ModelSpec, past: number): number[] {
  return [spec.nLayer, 2, spec.nHead, past, spec.headSize];
}

/** golden.json: what PyTorch computed on the shipped weights, for the tests. */
export interface GoldenJson {
  source: string;
  greedy_tokens: number;
  prompts: Array<{
    prompt: string;
    ids: number[];
    /** [T][V]: logits at every prompt position. */
    logits: number[][];
    greedy_ids: number[];
    greedy_text: string;
  }>;
}
