// The .onnx editor shows a model's structure, never its weights' values, so it need not read a
// 500 MB file into memory to show a page (issue 16). This reads the file through a small window,
// walks the protobuf with positional reads and copies out only the fields readOnnxInfo looks at,
// re-encoded as a smaller ModelProto: initializers keep their name, dims, type and external-data
// reference but not their data (raw_data and the typed arrays are skipped, never read), and the
// tensors held in node attributes (Constant values) are skipped the same way. Pure Node (no `vscode`).
import fs from 'node:fs/promises';
import { OnnxFormatError } from '../shared/onnx/onnxInfo';

/** What each message kind keeps (field numbers from onnx.proto); a nested kind is slimmed in turn. */
type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'tensor';
const KEEP: Record<Kind, Record<number, Kind | true>> = {
  // ir_version, producer_name, graph, opset_import, metadata_props
  model: { 1: true, 2: true, 7: 'graph', 8: true, 14: true },
  // node, name, initializer, input, output
  graph: { 1: 'node', 2: true, 5: 'tensor', 11: true, 12: true },
  // input, op_type, attribute, domain
  node: { 1: true, 4: true, 5: 'attribute', 7: true },
  // g and graphs: subgraphs of If / Loop / Scan (their tensors t/tensors are not kept)
  attribute: { 6: 'graph', 11: 'graph' },
  // dims, data_type, name, external_data, data_location
  tensor: { 1: true, 2: true, 8: true, 13: true, 14: true },
};

const WINDOW = 64 * 1024;

/** Positional reads through one buffered window: skipped payloads are never read. */
class Reader {
  private win = new Uint8Array(0);
  private winAt = 0;
  bytesRead = 0;
  constructor(private readonly fh: fs.FileHandle, readonly size: number) {}

  async bytes(pos: number, len: number): Promise<Uint8Array> {
    if (pos >= this.winAt && pos + len <= this.winAt + this.win.length) return this.win.subarray(pos - this.winAt, pos - this.winAt + len);
    const n = Math.min(Math.max(len, WINDOW), this.size - pos);
    const buf = new Uint8Array(n);
    const { bytesRead } = await this.fh.read(buf, 0, n, pos);
    this.bytesRead += bytesRead;
    this.win = buf.subarray(0, bytesRead);
    this.winAt = pos;
    if (bytesRead < len) throw corrupt(`the file ends at byte ${pos + bytesRead}, inside a field`);
    return this.win.subarray(0, len);
  }

  async varint(pos: number, end: number): Promise<[number, number]> {
    const b = await this.bytes(pos, Math.min(10, end - pos));
    let result = 0;
    let mul = 1;
    for (let i = 0; i < b.length; i++) {
      result += (b[i] & 0x7f) * mul;
      if (b[i] < 0x80) return [result, pos + i + 1];
      mul *= 128;
    }
    throw corrupt(`truncated varint at byte ${pos}`);
  }
}

const corrupt = (why: string) => new OnnxFormatError(`not a valid ONNX file (${why}); it may be truncated or corrupt`);

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function slim(r: Reader, start: number, end: number, kind: Kind, depth: number): Promise<Uint8Array> {
  if (depth > 32) throw corrupt('subgraphs nested more than 32 deep');
  const parts: Uint8Array[] = [];
  let pos = start;
  while (pos < end) {
    const fieldAt = pos;
    const [key, p1] = await r.varint(pos, end);
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (no === 0) throw corrupt(`field number 0 at byte ${fieldAt}`);
    let payloadAt = p1;
    let next: number;
    if (wire === 0) next = (await r.varint(p1, end))[1];
    else if (wire === 1) next = p1 + 8;
    else if (wire === 5) next = p1 + 4;
    else if (wire === 2) {
      const [len, p2] = await r.varint(p1, end);
      payloadAt = p2;
      next = p2 + len;
    } else throw corrupt(`unsupported wire type ${wire} at byte ${fieldAt}`);
    if (next > end) throw corrupt(`field ${no} at byte ${fieldAt} runs past the end of its message`);
    const keep = KEEP[kind][no];
    if (keep === true) parts.push((await r.bytes(fieldAt, next - fieldAt)).slice());
    else if (keep && wire === 2) {
      const inner = await slim(r, payloadAt, next, keep, depth + 1);
      parts.push(new Uint8Array([...varintBytes(key), ...varintBytes(inner.length)]), inner);
    }
    pos = next;
  }
  return concat(parts);
}

export interface OnnxSkeleton {
  /** A ModelProto with every field readOnnxInfo reads and no weight data. */
  bytes: Uint8Array;
  /** The file's size. */
  size: number;
  /** How many bytes of the file were read to build it. */
  bytesRead: number;
}

/** Reads the structure of the .onnx file at `file`. Throws OnnxFormatError for what is not a model. */
export async function readOnnxSkeleton(file: string): Promise<OnnxSkeleton> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) return { bytes: new Uint8Array(), size, bytesRead: 0 };
    const r = new Reader(fh, size);
    const bytes = await slim(r, 0, size, 'model', 0);
    if (bytes.length === 0) throw new OnnxFormatError('no graph found: this is not an ONNX model (or it is truncated)');
    return { bytes, size, bytesRead: r.bytesRead };
  } finally {
    await fh.close();
  }
}
