/** TCP header flag bits (RFC 9293 §3.1). */
export const TcpFlag = { Fin: 0x01, Syn: 0x02, Rst: 0x04, Psh: 0x08, Ack: 0x10 } as const;

/** Options as they appear in the header, in order: what the Info column lists. */
export type TcpOption =
  | { kind: 'mss'; value: number }
  | { kind: 'wscale'; shift: number }
  | { kind: 'sack_perm' }
  | { kind: 'timestamp'; tsval: number; tsecr: number }
  | { kind: 'sack'; blocks: [number, number][] };

/** A TCP header's raw numbers, as on the wire. */
export interface TcpHeader {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: TcpOption[];
}

/** RFC 7323 §2.3: a larger shift is used as 14. */
export const MAX_WSCALE = 14;

/** Reads the TCP header at `offset` of a frame; undefined when its fixed part is not all captured. */
export function readTcpHeader(bytes: Uint8Array, offset: number): TcpHeader | undefined {
  if (offset + 20 > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.length - offset);
  const hdrLen = (view.getUint8(12) >> 4) * 4;
  return {
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    flags: view.getUint16(12) & 0xfff,
    window: view.getUint16(14),
    options: readOptions(view, 20, Math.min(hdrLen, view.byteLength)),
  };
}

function readOptions(view: DataView, from: number, end: number): TcpOption[] {
  const options: TcpOption[] = [];
  for (let p = from; p < end;) {
    const kind = view.getUint8(p);
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end) break;
    const len = view.getUint8(p + 1);
    if (len < 2 || p + len > end) break;
    if (kind === 2 && len === 4) options.push({ kind: 'mss', value: view.getUint16(p + 2) });
    else if (kind === 3 && len === 3) options.push({ kind: 'wscale', shift: view.getUint8(p + 2) });
    else if (kind === 4 && len === 2) options.push({ kind: 'sack_perm' });
    else if (kind === 8 && len === 10)
      options.push({ kind: 'timestamp', tsval: view.getUint32(p + 2), tsecr: view.getUint32(p + 6) });
    else if (kind === 5) {
      const blocks: [number, number][] = [];
      for (let b = p + 2; b + 8 <= p + len; b += 8) blocks.push([view.getUint32(b), view.getUint32(b + 4)]);
      options.push({ kind: 'sack', blocks });
    }
    p += len;
  }
  return options;
}
