// What the .onnx custom editor shows: inputs, outputs, operator counts, parameters, opset. Read
// straight from the ModelProto with the small wire reader; fields numbers are from onnx.proto.
import { fields, ints, ProtobufError, str, type Field } from './protobuf';

export interface TensorInfo {
  name: string;
  elemType: string;
  /** Each dimension: a number, or the symbolic name (e.g. "T"), or "?" when unknown. */
  shape: (number | string)[] | undefined;
}

export interface OnnxInfo {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  graphName: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** op_type (prefixed with its domain when not the default) to number of nodes, subgraphs included. */
  ops: Record<string, number>;
  nodeCount: number;
  initializers: { name: string; dims: number[]; elemType: string; size: number; external?: ExternalRef }[];
  /** Files (relative to the model) that hold weights stored as ONNX external data. */
  externalFiles: string[];
  parameterCount: number;
  metadata: Record<string, string>;
  /** Initializers whose data lives in a separate file (not supported by the playground). */
  externalData: boolean;
  /** Scale and bias inputs of the last LayerNormalization node (ln_f in a GPT), in graph order. */
  lastLayerNorm?: { scale: string; bias: string };
}

const ELEM: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};
export const elemTypeName = (t: number) => ELEM[t] ?? `type ${t}`;

export class OnnxFormatError extends Error {}

/** Where an external-data tensor's bytes live: a file beside the model, at an offset. */
export interface ExternalRef {
  location: string;
  offset: number;
  length?: number;
}

function children(buf: Uint8Array, f: Field): Field[] {
  return [...fields(buf, f.start, f.end)];
}

function tensorType(buf: Uint8Array, typeField: Field): { elemType: string; shape: (number | string)[] | undefined } {
  for (const t of children(buf, typeField)) {
    if (t.no !== 1) continue; // TypeProto.tensor_type
    let elemType = '?';
    let shape: (number | string)[] | undefined;
    for (const tf of children(buf, t)) {
      if (tf.no === 1) elemType = elemTypeName(tf.num);
      if (tf.no === 2) {
        shape = [];
        for (const dim of children(buf, tf)) {
          if (dim.no !== 1) continue;
          let d: number | string = '?';
          for (const df of children(buf, dim)) {
            if (df.no === 1) d = df.num;
            if (df.no === 2) d = str(buf, df);
          }
          shape.push(d);
        }
      }
    }
    return { elemType, shape };
  }
  return { elemType: 'non-tensor', shape: undefined };
}

function valueInfo(buf: Uint8Array, f: Field): TensorInfo {
  let name = '';
  let t: { elemType: string; shape: (number | string)[] | undefined } = { elemType: '?', shape: undefined };
  for (const c of children(buf, f)) {
    if (c.no === 1) name = str(buf, c);
    if (c.no === 2) t = tensorType(buf, c);
  }
  return { name, ...t };
}

interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  external: boolean;
  ref?: ExternalRef;
  raw?: Field;
}

function tensor(buf: Uint8Array, f: Field): Tensor {
  const t: Tensor = { name: '', dims: [], dataType: 0, external: false };
  for (const c of children(buf, f)) {
    if (c.no === 1) t.dims.push(...ints(buf, c));
    else if (c.no === 2) t.dataType = c.num;
    else if (c.no === 8) t.name = str(buf, c);
    else if (c.no === 9) t.raw = c;
    else if (c.no === 14 && c.num === 1) t.external = true;
    else if (c.no === 13) {
      let k = '';
      let v = '';
      for (const e of children(buf, c)) {
        if (e.no === 1) k = str(buf, e);
        if (e.no === 2) v = str(buf, e);
      }
      t.ref ??= { location: '', offset: 0 };
      if (k === 'location') t.ref.location = v;
      if (k === 'offset') t.ref.offset = Number(v);
      if (k === 'length') t.ref.length = Number(v);
    }
  }
  if (!t.external) t.ref = undefined;
  return t;
}

function walkGraph(buf: Uint8Array, graph: Field, info: OnnxInfo, top: boolean): void {
  for (const g of children(buf, graph)) {
    if (g.no === 1) {
      info.nodeCount++;
      let op = '?';
      let domain = '';
      const inputs: string[] = [];
      for (const n of children(buf, g)) {
        if (n.no === 1) inputs.push(str(buf, n));
        if (n.no === 4) op = str(buf, n);
        if (n.no === 7) domain = str(buf, n);
        if (n.no === 5) {
          // AttributeProto: g (6) and graphs (11) hold subgraphs of If / Loop / Scan.
          for (const a of children(buf, n)) if (a.no === 6 || a.no === 11) walkGraph(buf, a, info, false);
        }
      }
      if (top && op === 'LayerNormalization' && inputs.length >= 3) info.lastLayerNorm = { scale: inputs[1], bias: inputs[2] };
      const key = domain && domain !== 'ai.onnx' ? `${domain}.${op}` : op;
      info.ops[key] = (info.ops[key] ?? 0) + 1;
    } else if (g.no === 5 && top) {
      const t = tensor(buf, g);
      const size = t.dims.reduce((a, b) => a * b, 1);
      info.initializers.push({ name: t.name, dims: t.dims, elemType: elemTypeName(t.dataType), size, external: t.ref });
      info.parameterCount += size;
      if (t.external) info.externalData = true;
      if (t.ref?.location && !info.externalFiles.includes(t.ref.location)) info.externalFiles.push(t.ref.location);
    } else if (top && g.no === 2) info.graphName = str(buf, g);
    else if (top && g.no === 11) info.inputs.push(valueInfo(buf, g));
    else if (top && g.no === 12) info.outputs.push(valueInfo(buf, g));
  }
}

/** Parses the model's structure (never its weights' values). Throws OnnxFormatError with a reason. */
export function readOnnxInfo(buf: Uint8Array): OnnxInfo {
  const info: OnnxInfo = {
    irVersion: 0, opsets: [], producer: '', graphName: '', inputs: [], outputs: [], ops: {}, nodeCount: 0,
    initializers: [], externalFiles: [], parameterCount: 0, metadata: {}, externalData: false,
  };
  if (buf.length === 0) throw new OnnxFormatError('the file is empty');
  let graph: Field | undefined;
  try {
    for (const f of fields(buf)) {
      if (f.no === 1 && f.wire === 0) info.irVersion = f.num;
      else if (f.no === 2 && f.wire === 2) info.producer = str(buf, f);
      else if (f.no === 7 && f.wire === 2) graph = f;
      else if (f.no === 8 && f.wire === 2) {
        let domain = '';
        let version = 0;
        for (const c of children(buf, f)) {
          if (c.no === 1) domain = str(buf, c);
          if (c.no === 2) version = c.num;
        }
        info.opsets.push({ domain: domain || 'ai.onnx', version });
      } else if (f.no === 14 && f.wire === 2) {
        let k = '';
        let v = '';
        for (const c of children(buf, f)) {
          if (c.no === 1) k = str(buf, c);
          if (c.no === 2) v = str(buf, c);
        }
        info.metadata[k] = v;
      }
    }
    if (!graph) throw new OnnxFormatError('no graph found: this is not an ONNX model (or it is truncated)');
    if (info.irVersion < 1 || info.irVersion > 100) throw new OnnxFormatError(`implausible IR version ${info.irVersion}: not an ONNX model`);
    walkGraph(buf, graph, info, true);
  } catch (e) {
    if (e instanceof ProtobufError) throw new OnnxFormatError(`not a valid ONNX file (${e.message}); it may be truncated or corrupt`);
    throw e;
  }
  if (info.nodeCount === 0) throw new OnnxFormatError('the graph has no nodes');
  return info;
}

/**
 * Reads one initializer's values as float32 (float32 or float16 storage), from the model or, for
 * external data, from the file `external` returns. Undefined if absent or unreadable.
 */
export function readInitializer(buf: Uint8Array, name: string, external?: (location: string) => Uint8Array | undefined): { dims: number[]; data: Float32Array } | undefined {
  for (const f of fields(buf)) {
    if (f.no !== 7) continue;
    for (const g of children(buf, f)) {
      if (g.no !== 5) continue;
      const t = tensor(buf, g);
      if (t.name !== name) continue;
      const n = t.dims.reduce((a, b) => a * b, 1);
      let bytes: Uint8Array;
      if (t.ref) {
        const file = external?.(t.ref.location);
        const len = t.ref.length ?? n * (t.dataType === 10 ? 2 : 4);
        if (!file || t.ref.offset + len > file.length) return undefined;
        bytes = file.slice(t.ref.offset, t.ref.offset + len);
      } else if (t.raw) bytes = buf.slice(t.raw.start, t.raw.end);
      else return undefined;
      if (t.dataType === 1 && bytes.length === n * 4) return { dims: t.dims, data: new Float32Array(bytes.buffer) };
      if (t.dataType === 10 && bytes.length === n * 2) return { dims: t.dims, data: halfToFloat(new Uint16Array(bytes.buffer)) };
      return undefined;
    }
  }
  return undefined;
}

export function halfToFloat(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const x = h[i];
    const s = x & 0x8000 ? -1 : 1;
    const e = (x >> 10) & 0x1f;
    const m = x & 0x3ff;
    out[i] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return out;
}

/** Does this model have the playground's interface (idx int64 [1,T] in, logits out)? Says why not. */
export function playgroundCompatibility(info: OnnxInfo): { ok: boolean; attention: boolean; residual: boolean; reason?: string } {
  const idx = info.inputs.find((i) => i.name === 'idx');
  const logits = info.outputs.find((o) => o.name === 'logits');
  const attention = info.outputs.some((o) => o.name === 'attn');
  const residual = info.outputs.some((o) => o.name === 'resid');
  const fail = (reason: string) => ({ ok: false, attention, residual, reason });
  if (info.externalData && info.externalFiles.some((f) => f.includes('/') || f.includes('\\') || f.startsWith('.'))) {
    return fail('its external weight files are not plain files beside it');
  }
  if (!idx) return fail(`it has no input named "idx" (inputs: ${info.inputs.map((i) => i.name).join(', ') || 'none'})`);
  if (idx.elemType !== 'int64') return fail(`its "idx" input is ${idx.elemType}, not int64 token ids`);
  if (idx.shape && idx.shape.length !== 2) return fail(`its "idx" input has rank ${idx.shape.length}, not [1, T]`);
  if (info.inputs.length !== 1) return fail(`it takes ${info.inputs.length} inputs; the playground feeds only "idx"`);
  if (!logits) return fail(`it has no output named "logits" (outputs: ${info.outputs.map((o) => o.name).join(', ') || 'none'})`);
  return { ok: true, attention, residual };
}
