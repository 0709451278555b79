// A minimal protobuf wire-format reader: enough to walk an ONNX ModelProto without a generated
// schema or a dependency. Pure (no vscode) so unit tests reach it.

export class ProtobufError extends Error {}

export const enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Bytes = 2,
  Fixed32 = 5,
}

export interface Field {
  no: number;
  wire: Wire;
  /** Varint / fixed values as a number (exact up to 2^53, which covers every ONNX size we read). */
  num: number;
  /** Start and end of a length-delimited payload within the buffer. */
  start: number;
  end: number;
}

export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new ProtobufError(`truncated varint at byte ${pos}`);
    const b = buf[pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) return [result, pos];
    mul *= 128;
  }
  throw new ProtobufError(`varint longer than 10 bytes at byte ${pos}`);
}

/** Iterates the fields of the message in buf[start, end). Throws on anything malformed. */
export function* fields(buf: Uint8Array, start = 0, end = buf.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [key, p1] = readVarint(buf, pos);
    const no = Math.floor(key / 8);
    const wire = (key & 7) as Wire;
    if (no === 0) throw new ProtobufError(`field number 0 at byte ${pos}`);
    pos = p1;
    switch (wire) {
      case Wire.Varint: {
        const [v, p] = readVarint(buf, pos);
        yield { no, wire, num: v, start: pos, end: p };
        pos = p;
        break;
      }
      case Wire.Fixed64:
        if (pos + 8 > end) throw new ProtobufError(`truncated fixed64 at byte ${pos}`);
        yield { no, wire, num: new DataView(buf.buffer, buf.byteOffset + pos, 8).getFloat64(0, true), start: pos, end: pos + 8 };
        pos += 8;
        break;
      case Wire.Fixed32:
        if (pos + 4 > end) throw new ProtobufError(`truncated fixed32 at byte ${pos}`);
        yield { no, wire, num: new DataView(buf.buffer, buf.byteOffset + pos, 4).getFloat32(0, true), start: pos, end: pos + 4 };
        pos += 4;
        break;
      case Wire.Bytes: {
        const [len, p] = readVarint(buf, pos);
        if (p + len > end) throw new ProtobufError(`field ${no} claims ${len} bytes at byte ${pos} but only ${end - p} remain`);
        yield { no, wire, num: len, start: p, end: p + len };
        pos = p + len;
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wire} at byte ${pos}`);
    }
  }
  if (pos !== end) throw new ProtobufError('message overruns its length');
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
export function str(buf: Uint8Array, f: Field): string {
  return utf8.decode(buf.subarray(f.start, f.end));
}

/** Repeated int64 fields may be packed (one Bytes field) or not (many Varint fields). */
export function ints(buf: Uint8Array, f: Field): number[] {
  if (f.wire === Wire.Varint) return [f.num];
  const out: number[] = [];
  let pos = f.start;
  while (pos < f.end) {
    const [v, p] = readVarint(buf, pos);
    out.push(v);
    pos = p;
  }
  return out;
}
