import { NO_TAP_STREAM, type FrameFacts, type TapKind } from './frame-facts';

/** A conversation as Wireshark's Conversations table shows it: A is the source of its first frame. */
export interface ConversationRow {
  a: string;
  b: string;
  /** TCP and UDP only. */
  portA?: number;
  portB?: number;
  /** tcp.stream / udp.stream, for TCP and UDP. */
  stream?: number;
  framesAToB: number;
  bytesAToB: number;
  framesBToA: number;
  bytesBToA: number;
  /** Seconds from the capture's first frame to the conversation's first. */
  start: number;
  /** Seconds from its first frame to its last. */
  duration: number;
}

/** An endpoint as Wireshark's Endpoints table shows it. */
export interface EndpointRow {
  address: string;
  /** TCP and UDP only. */
  port?: number;
  txFrames: number;
  txBytes: number;
  rxFrames: number;
  rxBytes: number;
}

export const hasPorts = (kind: TapKind): boolean => kind === 'tcp' || kind === 'udp';

/** Calls `each` with the index of every frame in `frames` (1-based numbers, ascending), or of all of them. */
export function eachFrame(facts: FrameFacts, frames: Uint32Array | undefined, each: (i: number) => void): void {
  if (!frames) {
    for (let i = 0; i < facts.count; i++) each(i);
    return;
  }
  for (const number of frames) if (number >= 1 && number <= facts.count) each(number - 1);
}

/**
 * The conversations of one layer among `frames` (all frames when undefined), in order of their first frame.
 * Eth, IPv4 and IPv6 conversations are address pairs; TCP and UDP ones are address/port pairs within one stream.
 */
export function conversations(facts: FrameFacts, kind: TapKind, frames?: Uint32Array): ConversationRow[] {
  const rows: ConversationRow[] = [];
  const byKey = new Map<string, number>();
  /** Per row: its A side's address id and port, to tell the direction of later frames. */
  const sideA: [number, number][] = [];
  const ends: number[] = [];
  const ports = hasPorts(kind);
  eachFrame(facts, frames, (i) => {
    const time = facts.time(i);
    const length = facts.length(i);
    facts.forTaps(i, kind, (src, dst, srcPort, dstPort, stream) => {
      const forward = src < dst || (src === dst && srcPort <= dstPort);
      const key = forward
        ? `${src},${srcPort},${dst},${dstPort},${stream}`
        : `${dst},${dstPort},${src},${srcPort},${stream}`;
      let r = byKey.get(key);
      if (r === undefined) {
        r = rows.length;
        byKey.set(key, r);
        sideA.push([src, srcPort]);
        ends.push(time);
        rows.push({
          a: facts.addressTexts[src],
          b: facts.addressTexts[dst],
          ...(ports ? { portA: srcPort, portB: dstPort, ...(stream !== NO_TAP_STREAM ? { stream } : {}) } : {}),
          framesAToB: 0,
          bytesAToB: 0,
          framesBToA: 0,
          bytesBToA: 0,
          start: time,
          duration: 0,
        });
      }
      const row = rows[r];
      if (sideA[r][0] === src && sideA[r][1] === srcPort) {
        row.framesAToB++;
        row.bytesAToB += length;
      } else {
        row.framesBToA++;
        row.bytesBToA += length;
      }
      ends[r] = Math.max(ends[r], time);
      row.start = Math.min(row.start, time);
    });
  });
  rows.forEach((row, r) => (row.duration = ends[r] - row.start));
  return rows;
}

/** The endpoints of one layer among `frames`, in order of first appearance (a frame's source before its destination). */
export function endpoints(facts: FrameFacts, kind: TapKind, frames?: Uint32Array): EndpointRow[] {
  const rows: EndpointRow[] = [];
  const byKey = new Map<string, EndpointRow>();
  const ports = hasPorts(kind);
  const row = (address: number, port: number): EndpointRow => {
    const key = ports ? `${address},${port}` : `${address}`;
    let found = byKey.get(key);
    if (!found) {
      found = {
        address: facts.addressTexts[address],
        ...(ports ? { port } : {}),
        txFrames: 0,
        txBytes: 0,
        rxFrames: 0,
        rxBytes: 0,
      };
      byKey.set(key, found);
      rows.push(found);
    }
    return found;
  };
  eachFrame(facts, frames, (i) => {
    const length = facts.length(i);
    facts.forTaps(i, kind, (src, dst, srcPort, dstPort) => {
      const from = row(src, srcPort);
      from.txFrames++;
      from.txBytes += length;
      const to = row(dst, dstPort);
      to.rxFrames++;
      to.rxBytes += length;
    });
  });
  return rows;
}

/**
 * Rows by total frames, most first; rows with as many frames keep their order (tshark's `-z conv` and
 * `-z endpoints` order).
 */
export function byFramesDescending<T>(rows: readonly T[], frames: (row: T) => number): T[] {
  return rows
    .map((row, k) => ({ row, k }))
    .sort((x, y) => frames(y.row) - frames(x.row) || x.k - y.k)
    .map((x) => x.row);
}
