import { FrameShape, NO_STREAM, TopProtocol, Transport } from '../abi/core-constants';
import type { PacketIndex } from '../core/packet-index';
import { DissectorChoice, type DissectionSettings } from '../dissectors/decode-as';
import type { Dissector } from '../dissectors/api';
import { fieldId } from '../fields/registry';
import { ProtocolReach } from '../passes/protocol-reach';

/** The application protocols whose PDUs make operations (operations/frame-view.ts reads these). */
export const OPERATION_PROTOCOLS = ['dns', 'http', 'http2', 'ftp', 'smtp', 'smb2', 'msnms', 'dhcp'] as const;

/**
 * Which frames can make operations, from the packet index and the dissector tables before any dissection, in two
 * sets. `first`: the ICMP frames (echo requests and replies) and every frame with a payload of the TCP/UDP
 * conversations whose dissector (Decode As, port tables, heuristics) declares one of OPERATION_PROTOCOLS among what it
 * yields; they make the same operations dissected alone as in a pass over every frame, since operations pair
 * within a conversation (DHCP's by transaction across its port-table conversations). `rest`: the frames whose
 * dissection may add anything (a dissector declaring no `yields`, like TLS, which may decrypt HTTP; tunnels and
 * other frames the index cannot place): only a pass over the capture settles those.
 */
export interface OperationFrames {
  /** Frame numbers, ascending. */
  first: Uint32Array;
  /** Per frame (index i: frame i + 1): 1 where the application layer of a `first` frame is dissected. */
  firstApp: Uint8Array;
  /** How many frames only the whole pass settles. */
  rest: number;
  /** Per frame: 1 for those frames. */
  restFrames: Uint8Array;
}

export function operationFrames(index: PacketIndex, settings?: DissectionSettings): OperationFrames {
  const count = index.count;
  const ids = OPERATION_PROTOCOLS.map((p) => fieldId(p)).filter((id): id is number => id !== undefined);
  const reach = new ProtocolReach(ids, new DissectorChoice(settings));
  const stream = index.column('stream');
  const transport = index.column('transport');
  const shape = index.column('shape');
  const top = index.column('top');
  const payload = index.column('payloadLen');
  const srcPort = index.column('srcPort');
  const dstPort = index.column('dstPort');
  /** Per conversation key (stream * 2 + 1 for UDP): 0 none, 1 first, 2 rest. */
  const kinds = new Map<number, number>();
  const announcing = new Set<Dissector>();
  for (let i = 0, previous = -1; i < count; i++) {
    if (stream[i] === NO_STREAM) continue;
    const udp = (transport[i] & Transport.Udp) !== 0;
    const k = stream[i] * 2 + (udp ? 1 : 0);
    if (k === previous || kinds.has(k)) continue;
    previous = k;
    if (!(shape[i] & FrameShape.Ports) || !reach.selective) {
      kinds.set(k, 2);
      continue;
    }
    let kind = 0;
    for (const d of reach.candidates(udp ? 'udp' : 'tcp', stream[i], srcPort[i], dstPort[i])) {
      if (d?.announces) announcing.add(d);
      if (reach.yields(d) === 0) continue;
      kind = Math.max(kind, d && !d.yields ? 2 : 1);
    }
    kinds.set(k, kind);
  }
  // A conversation another announces takes the dissector announced, whatever its ports say.
  const announced = announcing.size ? ProtocolReach.announced(announcing) : [];
  const anyAnnounced = !announced || announced.some((d) => reach.yields(d) !== 0);
  const firstApp = new Uint8Array(count);
  const restFrames = new Uint8Array(count);
  const first: number[] = [];
  let rest = 0;
  // The last conversation looked up: its frames come in runs.
  let lastKey = -1;
  let lastKind = 0;
  for (let i = 0; i < count; i++) {
    const complex = (shape[i] & FrameShape.Complex) !== 0;
    if (!complex && (top[i] === TopProtocol.Icmp || top[i] === TopProtocol.Icmpv6)) {
      first.push(i + 1);
      continue;
    }
    const k = stream[i] === NO_STREAM ? -1 : stream[i] * 2 + ((transport[i] & Transport.Udp) !== 0 ? 1 : 0);
    // A frame the index cannot place is its conversation's if it has one (a TSO segment); else only a pass knows.
    if (k !== lastKey && k >= 0) [lastKey, lastKind] = [k, kinds.get(k)!];
    const kind = anyAnnounced ? 2 : k >= 0 ? lastKind : complex ? 2 : 0;
    if (kind === 0 || (payload[i] === 0 && !complex)) continue;
    if (kind === 1) {
      first.push(i + 1);
      firstApp[i] = 1;
    } else {
      restFrames[i] = 1;
      rest++;
    }
  }
  return { first: Uint32Array.from(first), firstApp, rest, restFrames };
}
