/** The first values of a `.npy` file from its head bytes (numeric dtypes only; objects are never read). */

const READERS: Record<
  string,
  { size: number; read: (v: DataView, at: number, le: boolean) => number | bigint }
> = {
  b1: { size: 1, read: (v, at) => v.getUint8(at) },
  u1: { size: 1, read: (v, at) => v.getUint8(at) },
  i1: { size: 1, read: (v, at) => v.getInt8(at) },
  u2: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  i2: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  u4: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
  i4: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  u8: { size: 8, read: (v, at, le) => v.getBigUint64(at, le) },
  i8: { size: 8, read: (v, at, le) => v.getBigInt64(at, le) },
  f4: { size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  f8: { size: 8, read: (v, at, le) => v.getFloat64(at, le) },
};

export function readNpyHead(
  bytes: Uint8Array,
  count: number,
): { values: string[]; more: boolean } | { error: string } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) return { error: 'Not a .npy file' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([<>|=])([a-z])(\d+)'/.exec(header);
  if (!descr) return { error: 'Values of this dtype are not previewed' };
  const reader = READERS[`${descr[2]}${descr[3]}`];
  if (!reader) return { error: `Values of dtype ${descr[1]}${descr[2]}${descr[3]} are not previewed` };
  const le = descr[1] !== '>';
  const dataStart = start + headerLen;
  const values: string[] = [];
  for (let at = dataStart; values.length < count && at + reader.size <= bytes.length; at += reader.size) {
    const v = reader.read(view, at, le);
    values.push(typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(6))) : String(v));
  }
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const total = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .reduce((n, s) => n * Number(s), 1);
  return { values, more: total > values.length };
}
