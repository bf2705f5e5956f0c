import { FrameShape, NO_STREAM, RowFlag, TcpAnalysis, Transport } from '../abi/core-constants';
import type { PacketIndex } from '../core/packet-index';

/**
 * Decoding a query's frames alone (dissect-subset.ts) beats reading the whole file when they hold less than this
 * share of its bytes: the file then need not be read, nor every frame decoded again for the core's state.
 */
const SPARSE_SHARE = 1 / 8;

/**
 * The frames to decode, sliced out of the file by the index, so that a query plan's frames (`recordFrames`,
 * ascending) come out as a pass over the whole file gives them; undefined when they cannot stand alone or are
 * too many to gain from it. They stand alone when each is in a TCP or UDP stream with nothing the index calls
 * complex (tunnels, fragments, quoted headers, damage), no reassembled IP datagram, no port reused by an earlier
 * connection: the core's state for such a frame (stream numbers, which the index gives, and TCP analysis) comes
 * from its own connection. So every frame of a TCP connection up to its last frame wanted is decoded, its
 * acknowledgements included; a UDP frame needs no other.
 */
export function subsetFrames(
  index: PacketIndex,
  recordFrames: Uint32Array,
  fileBytes: number,
): Uint32Array | undefined {
  if (recordFrames.length === 0) return undefined;
  const stream = index.column('stream');
  const transport = index.column('transport');
  const capLen = index.column('capLen');
  const budget = fileBytes * SPARSE_SHARE;
  const lastOfTcp = new Map<number, number>();
  let bytes = 0;
  for (const n of recordFrames) {
    const i = n - 1;
    if (!alone(index, i)) return undefined;
    if (!(transport[i] & Transport.Udp)) lastOfTcp.set(stream[i], i);
    bytes += capLen[i];
    if (bytes > budget) return undefined;
  }
  if (lastOfTcp.size === 0) return recordFrames;
  const rows: number[] = [];
  const last = recordFrames[recordFrames.length - 1] - 1;
  let next = 0;
  for (let i = 0; i <= last; i++) {
    if (recordFrames[next] === i + 1) {
      next++;
    } else {
      const tcp = stream[i] !== NO_STREAM && !(transport[i] & Transport.Udp);
      if (!tcp || i > (lastOfTcp.get(stream[i]) ?? -1)) continue;
      if (!alone(index, i)) return undefined;
      bytes += capLen[i];
      if (bytes > budget) return undefined;
    }
    rows.push(i + 1);
  }
  return Uint32Array.from(rows);
}

function alone(index: PacketIndex, i: number): boolean {
  return (
    index.at('stream', i) !== NO_STREAM &&
    !(index.at('shape', i) & FrameShape.Complex) &&
    !(index.at('flags', i) & (RowFlag.Fragment | RowFlag.Reassembled)) &&
    !(index.at('analysis', i) & TcpAnalysis.ReusedPorts)
  );
}
