import type { PacketIndex } from './packet-index';
import { NO_STREAM, Transport } from '../abi/core-constants';

export type StreamProtocol = 'tcp' | 'udp';

/**
 * The rows of every TCP and UDP stream, in capture order, built from the index's stream column as rows arrive:
 * what Follow Stream, the expert view and the packet list's per-stream numbers look up instead of scanning.
 */
export class StreamRows {
  private rows = new Map<number, number[]>();
  /** Rows carrying a SYN, per TCP stream: where window scaling is negotiated. */
  private synRows = new Map<number, number[]>();
  private streams = { tcp: 0, udp: 0 };
  private seen = 0;

  /** Takes in the rows the index gained since the last call. */
  update(index: PacketIndex): void {
    const stream = index.column('stream');
    const transport = index.column('transport');
    for (let i = this.seen; i < index.count; i++) {
      if (stream[i] === NO_STREAM) continue;
      const protocol = transport[i] & Transport.Udp ? 'udp' : 'tcp';
      const key = streamKey(protocol, stream[i]);
      push(this.rows, key, i);
      if (transport[i] & Transport.Syn) push(this.synRows, key, i);
      this.streams[protocol] = Math.max(this.streams[protocol], stream[i] + 1);
    }
    this.seen = index.count;
  }

  /** Row numbers (0-based) of one stream; empty when there is no such stream. */
  of(protocol: StreamProtocol, stream: number): readonly number[] {
    return this.rows.get(streamKey(protocol, stream)) ?? [];
  }

  /** The rows of a TCP stream that carry a SYN. */
  syns(stream: number): readonly number[] {
    return this.synRows.get(streamKey('tcp', stream)) ?? [];
  }

  /** How many streams of a protocol the capture has (stream numbers run from 0). */
  count(protocol: StreamProtocol): number {
    return this.streams[protocol];
  }
}

function push(map: Map<number, number[]>, key: number, row: number): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

const streamKey = (protocol: StreamProtocol, stream: number) => stream * 2 + (protocol === 'udp' ? 1 : 0);
