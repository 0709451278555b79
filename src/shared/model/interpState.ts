// What the Ablate, Patching and Steer views keep across a reload (inside the playground's webview state),
// and its defensive reader: stored state may be an older version's or hand-edited, so anything of
// the wrong shape is dropped and the view's defaults apply. Pure: the host's serializer and the
// webview both read it.

export type AblationMode = 'zero' | 'mean';

export interface AblateState {
  /** Heads knocked out, as [layer, head]. */
  off: Array<[number, number]>;
  mode: AblationMode;
  /** Text whose mean z mean-ablation uses. */
  reference?: string;
  /** Prompt whose next-token distribution the view shows. */
  prompt?: string;
}

export interface PatchState {
  clean: string;
  corrupted: string;
  /** The two tokens of the logit difference (one character each). */
  good: string;
  bad: string;
}

export interface SteerState {
  /** Where the direction comes from: the two prompt sets, or JSON the learner pasted. */
  source: 'prompts' | 'json';
  /** Prompt sets A and B, one prompt per line. */
  a: string;
  b: string;
  /** Pasted direction JSON (an array, or an object with "direction"). */
  json?: string;
  /** Residual stream the direction is read from and added to (0 = after the embeddings). */
  layer: number;
  coef: number;
  prompt: string;
  tokens: number;
  /** Sample with the Generate view's temperature, top-k, top-p and seed instead of greedy. */
  sample: boolean;
}

export interface InterpViewState {
  ablate?: AblateState;
  patch?: PatchState;
  steer?: SteerState;
}

const MAX_TEXT = 2000;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 256;

function decodeAblate(raw: unknown): AblateState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const off = Array.isArray(o.off)
    ? o.off.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && isIndex(p[0]) && isIndex(p[1]))
    : [];
  const out: AblateState = { off, mode: o.mode === 'mean' ? 'mean' : 'zero' };
  if (isText(o.reference)) out.reference = o.reference;
  if (isText(o.prompt)) out.prompt = o.prompt;
  return out;
}

function decodePatch(raw: unknown): PatchState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!isText(o.clean) || !isText(o.corrupted) || !isText(o.good) || !isText(o.bad)) return undefined;
  return { clean: o.clean, corrupted: o.corrupted, good: o.good, bad: o.bad };
}

/** A pasted direction is about C numbers of up to ~20 characters: more room than a prompt. */
const MAX_JSON = 20_000;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function decodeSteer(raw: unknown): SteerState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (!isText(o.a) || !isText(o.b) || !isText(o.prompt)) return undefined;
  const out: SteerState = {
    source: o.source === 'json' ? 'json' : 'prompts',
    a: o.a,
    b: o.b,
    layer: isIndex(o.layer) ? o.layer : 0,
    coef: isNumber(o.coef) ? Math.max(-100, Math.min(100, o.coef)) : 0,
    prompt: o.prompt,
    tokens: isNumber(o.tokens) ? Math.max(1, Math.min(500, Math.floor(o.tokens))) : 60,
    sample: o.sample === true,
  };
  if (typeof o.json === 'string' && o.json.length <= MAX_JSON) out.json = o.json;
  return out;
}

export function decodeInterpState(raw: unknown): InterpViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const out: InterpViewState = {};
  const a = decodeAblate(o.ablate);
  if (a) out.ablate = a;
  const p = decodePatch(o.patch);
  if (p) out.patch = p;
  const st = decodeSteer(o.steer);
  if (st) out.steer = st;
  return out;
}
