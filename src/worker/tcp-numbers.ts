import type { PacketIndex } from '../core/packet-index';
import { Transport, type StreamRows } from '../core/stream-rows';
import { MAX_WSCALE, readTcpHeader, TcpFlag, type TcpHeader } from '../core/tcp-header';
import { Analysis, type DuplicateAck } from '../ui/packet-list/tcp-analysis';

/** What Wireshark shows of a TCP segment beyond its own header: numbers relative to the stream, analysis. */
export interface TcpNumbers {
  header: TcpHeader;
  stream: number;
  analysis: number;
  seq: number;
  /** Relative acknowledgment number; undefined without the ACK flag. */
  ack?: number;
  /** The peer's initial sequence number minus one: what turns its raw numbers (ACK, SACK edges) relative. */
  peerBase?: number;
  /** The window in bytes, scaled once both SYNs agreed on scaling. */
  window: number;
  dupAck?: DuplicateAck;
}

/** Longest TCP header: what is read to learn a segment's numbers. */
const MAX_HEADER = 60;
const SCALE_UNKNOWN = -1;
const SCALE_NONE = -2;

/**
 * The packet list's and the tree's TCP numbers for one row, derived from the index's transport columns and a
 * few TCP headers read back from the file: the ingest core keeps its per-stream state to itself, so the
 * relative ACK, the scaled window and the duplicate-ACK count are rebuilt here from the same rules
 * (assembly/tcp/analysis.ts, track.ts). Costs one header read per stream side, per SYN, and per
 * duplicate-ACK run.
 */
export class TcpNumberer {
  private bases = new Map<number, number | undefined>();
  private dupAcks = new Map<number, DuplicateAck>();

  constructor(
    private index: PacketIndex,
    private streams: StreamRows,
    private read: (offset: number, length: number) => Promise<Uint8Array>,
  ) {}

  /** Row i's numbers, or undefined when it is not a tracked TCP segment. `bytes`: its frame, when at hand. */
  async numbers(i: number, bytes?: Uint8Array): Promise<TcpNumbers | undefined> {
    const index = this.index;
    const stream = index.at('stream', i);
    if (stream === 0xffffffff || index.at('transport', i) & Transport.Udp) return undefined;
    const header = bytes ? readTcpHeader(bytes, index.at('l4Offset', i)) : await this.header(i);
    if (!header) return undefined;
    const side = this.side(i);
    const analysis = index.at('analysis', i);
    const rows = this.streams.of('tcp', stream);
    const peerBase = await this.base(stream, side ^ 1, rows);
    const numbers: TcpNumbers = {
      header,
      stream,
      analysis,
      seq: index.at('relSeq', i),
      peerBase,
      window: await this.window(i, stream, side, header),
    };
    if (header.flags & TcpFlag.Ack && peerBase !== undefined) numbers.ack = (header.ack - peerBase) >>> 0;
    if (analysis & Analysis.DuplicateAck) numbers.dupAck = await this.duplicateAck(i, side, header.ack, rows);
    return numbers;
  }

  private side(i: number): 0 | 1 {
    return this.index.at('transport', i) & Transport.FromB ? 1 : 0;
  }

  private async header(i: number): Promise<TcpHeader | undefined> {
    const index = this.index;
    const l4 = index.at('l4Offset', i);
    const length = Math.min(MAX_HEADER, index.at('capLen', i) - l4);
    if (length < 20) return undefined;
    return readTcpHeader(await this.read(index.at('fileOffset', i) + l4, length), 0);
  }

  /**
   * A side's base: from any of its own segments (raw - relative sequence number) or, when it never sent one,
   * from the peer's first ACK, which the core takes as that side's ISN + 1.
   */
  private async base(stream: number, side: number, rows: readonly number[]): Promise<number | undefined> {
    const key = stream * 2 + side;
    if (this.bases.has(key)) return this.bases.get(key);
    let base: number | undefined;
    const own = rows.find((r) => this.side(r) === side);
    if (own !== undefined) {
      const h = await this.header(own);
      if (h) base = (h.seq - this.index.at('relSeq', own)) >>> 0;
    } else {
      for (const r of rows) {
        const h = await this.header(r);
        if (h && h.flags & TcpFlag.Ack) {
          base = (h.ack - 1) >>> 0;
          break;
        }
      }
    }
    // While the capture loads the peer may not have spoken yet: only a found base is final.
    if (base !== undefined) this.bases.set(key, base);
    return base;
  }

  /** Window scaling as the SYNs up to row i negotiated it (RFC 7323 §2.2: on only when both SYNs carry it). */
  private async window(i: number, stream: number, side: number, header: TcpHeader): Promise<number> {
    if (header.flags & TcpFlag.Syn) return header.window;
    const scale = [SCALE_UNKNOWN, SCALE_UNKNOWN];
    for (const r of this.streams.syns(stream)) {
      if (r > i) break;
      const h = await this.header(r);
      if (!h) continue;
      const from = this.side(r);
      const synAck = (h.flags & TcpFlag.Ack) !== 0;
      const option = h.options.find((o) => o.kind === 'wscale');
      if (option) {
        scale[from] = Math.min(option.shift, MAX_WSCALE);
        if (synAck && scale[from ^ 1] === SCALE_NONE) scale[from] = SCALE_NONE;
      } else {
        scale[from] = SCALE_NONE;
        if (synAck) scale[from ^ 1] = SCALE_NONE;
      }
    }
    return scale[side] < 0 ? header.window : header.window * 2 ** scale[side];
  }

  /**
   * "Dup ACK <frame>#<n>": the frame that last changed this side's ACK number, and how many duplicates of it
   * were counted since, this one included.
   */
  private async duplicateAck(i: number, side: number, ack: number, rows: readonly number[]): Promise<DuplicateAck> {
    const known = this.dupAcks.get(i);
    if (known) return known;
    let count = 0;
    let first = i;
    let at = upperBound(rows, i) - 1;
    for (; at >= 0; at--) {
      const r = rows[at];
      if (this.side(r) !== side) continue;
      if (r !== i) {
        const h = await this.header(r);
        if (h && h.ack !== ack) break;
        // An earlier duplicate of the same run already knows where the run starts.
        const earlier = this.dupAcks.get(r);
        if (earlier) {
          count += earlier.count;
          first = earlier.frame - 1;
          break;
        }
      }
      if (this.index.at('analysis', r) & Analysis.DuplicateAck) count++;
      first = r;
    }
    const result = { frame: first + 1, count };
    this.dupAcks.set(i, result);
    return result;
  }
}

/** The first position in sorted `rows` holding a value above `row`. */
function upperBound(rows: readonly number[], row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid] <= row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
