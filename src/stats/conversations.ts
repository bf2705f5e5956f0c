import { NO_TAP_STREAM, TAP_KINDS, TAP_WORDS, type TapKind, type TapTable } from './frame-facts';

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
export function eachFrame(facts: { count: number }, frames: Uint32Array | undefined, each: (i: number) => void): void {
  if (!frames) {
    for (let i = 0; i < facts.count; i++) each(i);
    return;
  }
  for (const number of frames) if (number >= 1 && number <= facts.count) each(number - 1);
}

/** Address ids up to this many fit two to a number key (2^26 × 2^26 < 2^53). */
const PAIR_IDS = 2 ** 26;

/**
 * The conversations of one layer among `frames` (all frames when undefined), in order of their first frame.
 * Eth, IPv4 and IPv6 conversations are address pairs; TCP and UDP ones are address/port pairs within one stream.
 * One pass over the tap columns, keyed by numbers (a million frames take milliseconds).
 */
export function conversations(facts: TapTable, kind: TapKind, frames?: Uint32Array): ConversationRow[] {
  const { seconds, lengths, tapStart, taps } = facts.tapColumns();
  const texts = facts.addressTexts;
  const code = TAP_KINDS.indexOf(kind);
  const ports = hasPorts(kind);
  // Per row, in arrays (rows are made at the end): its A and B sides' address ids and ports (A tells the direction
  // of later frames), frames and bytes each way, first and last time.
  const sideA: number[] = [];
  const portA: number[] = [];
  const sideB: number[] = [];
  const portB: number[] = [];
  const streams: number[] = [];
  const framesAB: number[] = [];
  const bytesAB: number[] = [];
  const framesBA: number[] = [];
  const bytesBA: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // Address pairs by a number; TCP/UDP rows by stream first (each stream is one tuple as a rule), else by text.
  const byPair = new Map<number, number>();
  const byStream = new Map<number, number>();
  const byText = new Map<string, number>();
  const small = texts.length <= PAIR_IDS;
  /** Whether row r is the conversation of a tap, either way. */
  const same = (r: number, src: number, dst: number, srcPort: number, dstPort: number, stream: number) =>
    streams[r] === stream &&
    ((src === sideA[r] && srcPort === portA[r] && dst === sideB[r] && dstPort === portB[r]) ||
      (src === sideB[r] && srcPort === portB[r] && dst === sideA[r] && dstPort === portA[r]));
  let last = -1;
  const rowOf = (src: number, dst: number, srcPort: number, dstPort: number, stream: number): number => {
    if (last >= 0 && same(last, src, dst, srcPort, dstPort, stream)) return last;
    const forward = src < dst || (src === dst && srcPort <= dstPort);
    if (!ports && small) return byPair.get((forward ? src : dst) * PAIR_IDS + (forward ? dst : src)) ?? -1;
    if (ports && stream !== NO_TAP_STREAM) {
      const r = byStream.get(stream);
      if (r !== undefined && same(r, src, dst, srcPort, dstPort, stream)) return r;
    }
    return byText.get(textKey(forward, src, dst, srcPort, dstPort, stream)) ?? -1;
  };
  const addRow = (src: number, dst: number, srcPort: number, dstPort: number, stream: number, time: number) => {
    const r = sideA.length;
    const forward = src < dst || (src === dst && srcPort <= dstPort);
    if (!ports && small) byPair.set((forward ? src : dst) * PAIR_IDS + (forward ? dst : src), r);
    else if (ports && stream !== NO_TAP_STREAM && !byStream.has(stream)) byStream.set(stream, r);
    else byText.set(textKey(forward, src, dst, srcPort, dstPort, stream), r);
    sideA.push(src);
    portA.push(srcPort);
    sideB.push(dst);
    portB.push(dstPort);
    streams.push(stream);
    framesAB.push(0);
    bytesAB.push(0);
    framesBA.push(0);
    bytesBA.push(0);
    starts.push(time);
    ends.push(time);
    return r;
  };
  const visit = (i: number) => {
    const end = tapStart[i + 1] * TAP_WORDS;
    for (let t = tapStart[i] * TAP_WORDS; t < end; t += TAP_WORDS) {
      if (taps[t] !== code) continue;
      const src = taps[t + 1];
      const dst = taps[t + 2];
      const srcPort = taps[t + 3];
      const dstPort = taps[t + 4];
      const stream = taps[t + 5];
      const time = seconds[i];
      let r = rowOf(src, dst, srcPort, dstPort, stream);
      if (r < 0) r = addRow(src, dst, srcPort, dstPort, stream, time);
      last = r;
      if (sideA[r] === src && portA[r] === srcPort) {
        framesAB[r]++;
        bytesAB[r] += lengths[i];
      } else {
        framesBA[r]++;
        bytesBA[r] += lengths[i];
      }
      if (time > ends[r]) ends[r] = time;
      if (time < starts[r]) starts[r] = time;
    }
  };
  if (!frames) for (let i = 0; i < facts.count; i++) visit(i);
  else for (const number of frames) if (number >= 1 && number <= facts.count) visit(number - 1);
  return sideA.map((a, r) => ({
    a: texts[a],
    b: texts[sideB[r]],
    ...(ports
      ? { portA: portA[r], portB: portB[r], ...(streams[r] !== NO_TAP_STREAM ? { stream: streams[r] } : {}) }
      : {}),
    framesAToB: framesAB[r],
    bytesAToB: bytesAB[r],
    framesBToA: framesBA[r],
    bytesBToA: bytesBA[r],
    start: starts[r],
    duration: ends[r] - starts[r],
  }));
}

const textKey = (forward: boolean, src: number, dst: number, srcPort: number, dstPort: number, stream: number) =>
  forward ? `${src},${srcPort},${dst},${dstPort},${stream}` : `${dst},${dstPort},${src},${srcPort},${stream}`;

/** The endpoints of one layer among `frames`, in order of first appearance (a frame's source before its destination). */
export function endpoints(facts: TapTable, kind: TapKind, frames?: Uint32Array): EndpointRow[] {
  const { lengths, tapStart, taps } = facts.tapColumns();
  const texts = facts.addressTexts;
  const code = TAP_KINDS.indexOf(kind);
  const rows: EndpointRow[] = [];
  // Address id and port as one number (address ids stay far below 2^37).
  const byKey = new Map<number, EndpointRow>();
  const ports = hasPorts(kind);
  const row = (address: number, port: number): EndpointRow => {
    const key = ports ? address * 65536 + port : address;
    let found = byKey.get(key);
    if (!found) {
      found = { address: texts[address], ...(ports ? { port } : {}), txFrames: 0, txBytes: 0, rxFrames: 0, rxBytes: 0 };
      byKey.set(key, found);
      rows.push(found);
    }
    return found;
  };
  const visit = (i: number) => {
    const end = tapStart[i + 1] * TAP_WORDS;
    for (let t = tapStart[i] * TAP_WORDS; t < end; t += TAP_WORDS) {
      if (taps[t] !== code) continue;
      const from = row(taps[t + 1], taps[t + 3]);
      from.txFrames++;
      from.txBytes += lengths[i];
      const to = row(taps[t + 2], taps[t + 4]);
      to.rxFrames++;
      to.rxBytes += lengths[i];
    }
  };
  if (!frames) for (let i = 0; i < facts.count; i++) visit(i);
  else for (const number of frames) if (number >= 1 && number <= facts.count) visit(number - 1);
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
