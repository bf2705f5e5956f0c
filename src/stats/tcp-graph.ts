import { fieldId } from '../fields/registry';
import { RecordFieldSource } from '../filter';
import type { FrameRecords } from '../filter/record-source';
import { ipv4, ipv6 } from '../fields/format';

/** What the TCP stream graphs need of one segment, read from its field-mode records. */
export interface TcpSegment {
  frame: number;
  /** Seconds since the capture's first frame. */
  time: number;
  /** Sent by the endpoint that sent the stream's first segment (direction 0), or by its peer (1). */
  direction: 0 | 1;
  /** The sender's address and port ("10.0.0.1:80"). */
  sender: string;
  /** Relative sequence and acknowledgment numbers (tcp.seq, tcp.ack), payload length (tcp.len). */
  seq: number;
  ack: number;
  len: number;
  /** The receive window the sender advertises, scaled (tcp.window_size). */
  window: number;
  flags: number;
  /** The RTT of the segment this one acknowledges, seconds (tcp.analysis.ack_rtt). */
  ackRtt?: number;
  bytesInFlight?: number;
  /** tcp.analysis.retransmission, fast or spurious retransmission. */
  retransmission: boolean;
  /** SACK blocks (left edge, right edge), relative to the peer's initial sequence number as tcp.seq is. */
  sack: [number, number][];
  /** tcp.seq_raw - tcp.seq and tcp.ack_raw - tcp.ack: the raw base of each side's sequence space. */
  seqBase: number;
  ackBase: number;
}

const id = (name: string) => fieldId(name)!;
const F = {
  srcport: id('tcp.srcport'),
  ipSrc: id('ip.src'),
  ipv6Src: id('ipv6.src'),
  seq: id('tcp.seq'),
  seqRaw: id('tcp.seq_raw'),
  ack: id('tcp.ack'),
  ackRaw: id('tcp.ack_raw'),
  len: id('tcp.len'),
  window: id('tcp.window_size'),
  flags: id('tcp.flags'),
  ackRtt: id('tcp.analysis.ack_rtt'),
  inFlight: id('tcp.analysis.bytes_in_flight'),
  options: id('tcp.options'),
  retransmission: id('tcp.analysis.retransmission'),
  fast: id('tcp.analysis.fast_retransmission'),
  spurious: id('tcp.analysis.spurious_retransmission'),
};
const TCP_OPTION_EOL = 0;
const TCP_OPTION_NOP = 1;
const TCP_OPTION_SACK = 5;

const last = (source: RecordFieldSource, field: number): number | bigint | undefined => {
  const values = source.values(field);
  const v = values[values.length - 1];
  return typeof v === 'number' || typeof v === 'bigint' ? v : undefined;
};

/**
 * One frame's TCP facts (its innermost TCP header), or undefined when it has none. `time`: seconds since the
 * capture's first frame. Its direction is 0 until `setDirections` compares it with the stream's first segment.
 */
export function tcpSegment(input: FrameRecords, frame: number, time: number): TcpSegment | undefined {
  const source = new RecordFieldSource(input);
  const seq = last(source, F.seq);
  if (seq === undefined) return undefined;
  const addresses = [...source.values(F.ipSrc), ...source.values(F.ipv6Src)];
  const address = addresses[addresses.length - 1];
  const sender = `${typeof address === 'number' ? ipv4(address) : address instanceof Uint8Array ? ipv6Text(address) : ''}:${Number(last(source, F.srcport) ?? 0)}`;
  const num = (field: number) => Number(last(source, field) ?? 0);
  const rtt = last(source, F.ackRtt);
  const inFlight = last(source, F.inFlight);
  const optionValues = source.values(F.options);
  const options = optionValues[optionValues.length - 1];
  const segment: TcpSegment = {
    frame,
    time,
    direction: 0,
    sender,
    seq: Number(seq),
    ack: num(F.ack),
    len: num(F.len),
    window: num(F.window),
    flags: num(F.flags),
    ackRtt: rtt === undefined ? undefined : Number(rtt) / 1e9,
    bytesInFlight: inFlight === undefined ? undefined : Number(inFlight),
    retransmission: [F.retransmission, F.fast, F.spurious].some((f) => source.values(f).length > 0),
    sack: [],
    seqBase: (num(F.seqRaw) - Number(seq)) >>> 0,
    ackBase: (num(F.ackRaw) - num(F.ack)) >>> 0,
  };
  if (options instanceof Uint8Array) {
    // The blocks are in the peer's raw sequence space: relative to its base, which this side's ack tells.
    segment.sack = sackBlocks(options).map(([le, re]) => [(le - segment.ackBase) >>> 0, (re - segment.ackBase) >>> 0]);
  }
  return segment;
}

/** Sets each segment's direction: 0 when sent by whoever sent the first one. */
export function setDirections(segments: TcpSegment[]): TcpSegment[] {
  for (const s of segments) s.direction = s.sender === segments[0].sender ? 0 : 1;
  return segments;
}

function ipv6Text(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return ipv6([0, 4, 8, 12].map((at) => (bytes.length >= at + 4 ? view.getUint32(at) : 0)));
}

/** The raw SACK blocks of a TCP options area (RFC 2018: kind 5, length 2 + 8n, n pairs of 32-bit edges). */
export function sackBlocks(options: Uint8Array): [number, number][] {
  const blocks: [number, number][] = [];
  const view = new DataView(options.buffer, options.byteOffset, options.byteLength);
  for (let at = 0; at < options.length;) {
    const kind = options[at];
    if (kind === TCP_OPTION_EOL) break;
    if (kind === TCP_OPTION_NOP) {
      at++;
      continue;
    }
    const length = options[at + 1];
    if (at + 1 >= options.length || length < 2 || at + length > options.length) break;
    if (kind === TCP_OPTION_SACK) {
      for (let p = at + 2; p + 8 <= at + length; p += 8) blocks.push([view.getUint32(p), view.getUint32(p + 4)]);
    }
    at += length;
  }
  return blocks;
}

/**
 * The TCP stream graphs of one direction, as columns over the stream's segments in capture order (one row per
 * segment, null where a series has no value there), so a chart draws them on one time axis and a click on any
 * row finds its frame.
 */
export interface TcpGraphData {
  /** 0: the direction of the stream's first segment; 1: its reverse. */
  direction: 0 | 1;
  time: number[];
  frames: number[];
  /** Data segments sent in this direction: their sequence number, and where they end (seq + len). */
  seq: (number | null)[];
  seqEnd: (number | null)[];
  /** The same for retransmissions only. */
  retransmitted: (number | null)[];
  /** The receiver's acknowledgments and the edge of its receive window (ack + window). */
  ack: (number | null)[];
  windowEdge: (number | null)[];
  /** SACK blocks the receiver reported: row, left edge, right edge. */
  sack: [number, number, number][];
  /** Throughput in bits per second at each data segment: payload bytes over the last `averageSeconds`. */
  throughput: (number | null)[];
  /** Goodput: the same without retransmissions. */
  goodput: (number | null)[];
  /** Round-trip time, seconds, at the receiver's acknowledgments that measured one (tcp.analysis.ack_rtt). */
  rtt: (number | null)[];
  /** The receiver's advertised window, bytes, at each of its segments. */
  receiveWindow: (number | null)[];
  /** Bytes in flight in this direction at each data segment (tcp.analysis.bytes_in_flight). */
  bytesInFlight: (number | null)[];
}

/** Wireshark's default moving average for the throughput graph: one second. */
export const THROUGHPUT_AVERAGE_SECONDS = 1;

/** The graphs of one direction of a stream from its segments (in capture order). */
export function tcpGraph(
  segments: readonly TcpSegment[],
  direction: 0 | 1,
  averageSeconds = THROUGHPUT_AVERAGE_SECONDS,
): TcpGraphData {
  const n = segments.length;
  const column = () => new Array<number | null>(n).fill(null);
  const data: TcpGraphData = {
    direction,
    time: segments.map((s) => s.time),
    frames: segments.map((s) => s.frame),
    seq: column(),
    seqEnd: column(),
    retransmitted: column(),
    ack: column(),
    windowEdge: column(),
    sack: [],
    throughput: column(),
    goodput: column(),
    rtt: column(),
    receiveWindow: column(),
    bytesInFlight: column(),
  };
  // Sliding window of the data segments sent in the last `averageSeconds`.
  const recent: { time: number; len: number; good: boolean }[] = [];
  let first = 0;
  let bytes = 0;
  let goodBytes = 0;
  segments.forEach((s, row) => {
    if (s.direction === direction) {
      if (s.len === 0 && !(s.flags & (SYN | FIN))) return;
      data.seq[row] = s.seq;
      data.seqEnd[row] = s.seq + s.len;
      if (s.retransmission) data.retransmitted[row] = s.seq;
      if (s.bytesInFlight !== undefined) data.bytesInFlight[row] = s.bytesInFlight;
      recent.push({ time: s.time, len: s.len, good: !s.retransmission });
      bytes += s.len;
      if (!s.retransmission) goodBytes += s.len;
      while (recent[first].time <= s.time - averageSeconds) {
        bytes -= recent[first].len;
        if (recent[first].good) goodBytes -= recent[first].len;
        first++;
      }
      // Over the window's span, or the full window once the stream has lasted that long (as Wireshark's MA).
      const span = Math.min(averageSeconds, s.time - segments[0].time) || averageSeconds;
      data.throughput[row] = (bytes * 8) / span;
      data.goodput[row] = (goodBytes * 8) / span;
    } else {
      if (s.flags & ACK) {
        data.ack[row] = s.ack;
        data.windowEdge[row] = s.ack + s.window;
      }
      data.receiveWindow[row] = s.window;
      if (s.ackRtt !== undefined) data.rtt[row] = s.ackRtt;
      for (const [le, re] of s.sack) data.sack.push([row, le, re]);
    }
  });
  return data;
}

const FIN = 0x01;
const SYN = 0x02;
const ACK = 0x10;

/** The direction that carried more payload: the one a stream graph shows first. */
export function busierDirection(segments: readonly TcpSegment[]): 0 | 1 {
  let forward = 0;
  let reverse = 0;
  for (const s of segments) {
    if (s.direction === 0) forward += s.len;
    else reverse += s.len;
  }
  return reverse > forward ? 1 : 0;
}
