// One numbering of the residual stream for every view, 0-based like the weights (h.0 … h.3) and
// the heads (L0H0): stream 0 is the embeddings, stream l + 1 what block l leaves. The logit lens
// once counted blocks from 1 while Steer and Patching counted from 0 (review of 2026-12).

/** Where residual stream `i` is read: "the embeddings" or "block l". */
export function streamPlace(i: number): string {
  return i === 0 ? 'the embeddings' : `block ${i - 1}`;
}

/** The logit lens row for stream `i`. */
export function lensRowLabel(i: number): string {
  return i === 0 ? 'embedding' : `after ${streamPlace(i)}`;
}

/** Steer's layer menu entry for stream `i`: the number is the stream's, as in a Steer export. */
export function steerLayerLabel(i: number): string {
  return `${i}: after ${streamPlace(i)}`;
}
