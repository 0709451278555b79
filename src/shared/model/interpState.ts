// What the Ablate and Patching views keep across a reload (inside the playground's webview state),
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

export interface InterpViewState {
  ablate?: AblateState;
  patch?: PatchState;
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

export function decodeInterpState(raw: unknown): InterpViewState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const out: InterpViewState = {};
  const a = decodeAblate(o.ablate);
  if (a) out.ablate = a;
  const p = decodePatch(o.patch);
  if (p) out.patch = p;
  return out;
}
