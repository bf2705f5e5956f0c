import { addresses } from '../present/summary';
import { fieldId } from '../fields/registry';
import { RecordFieldSource } from '../filter';
import type { FrameRecords } from '../filter/record-source';

/** One arrow of the flow (ladder) diagram. */
export interface FlowArrow {
  frame: number;
  /** Seconds since the capture's first frame. */
  time: number;
  /** Columns (indexes into FlowDiagram.hosts) of the sender and the receiver. */
  from: number;
  to: number;
  srcPort?: number;
  dstPort?: number;
  /** TCP flags as Wireshark's flow graph names them ("SYN, ACK"); '' for other protocols. */
  flags: string;
  /** Relative sequence and acknowledgment numbers and payload length of a TCP segment. */
  seq?: number;
  ack?: number;
  len?: number;
  protocol: string;
  /** The packet list's Info. */
  info: string;
}

/** Hosts as columns, in order of first appearance, and the arrows between them in capture order. */
export interface FlowDiagram {
  hosts: string[];
  arrows: FlowArrow[];
  /** Frames asked for beyond the cap, left out. */
  omitted: number;
}

/** More arrows than this are left out: the diagram of a million packets would be unreadable anyway. */
export const FLOW_ARROW_CAP = 10_000;

const F = {
  tcpSrc: fieldId('tcp.srcport')!,
  tcpDst: fieldId('tcp.dstport')!,
  udpSrc: fieldId('udp.srcport')!,
  udpDst: fieldId('udp.dstport')!,
  flags: fieldId('tcp.flags')!,
  seq: fieldId('tcp.seq')!,
  ack: fieldId('tcp.ack')!,
  len: fieldId('tcp.len')!,
};

// Wireshark's flow graph writes the flags from the most significant bit down.
const FLAG_NAMES: [number, string][] = [
  [0x100, 'AE'],
  [0x080, 'CWR'],
  [0x040, 'ECE'],
  [0x020, 'URG'],
  [0x002, 'SYN'],
  [0x001, 'FIN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
];

/** "SYN, ACK" for a TCP flags word. */
export function tcpFlagsText(flags: number): string {
  return FLAG_NAMES.filter(([bit]) => flags & bit)
    .map(([, name]) => name)
    .join(', ');
}

/** Collects the arrows of a flow diagram as frames come. */
export class FlowBuilder {
  private readonly hostIds = new Map<string, number>();
  readonly diagram: FlowDiagram = { hosts: [], arrows: [], omitted: 0 };

  /** Adds one frame: its records, and the Protocol and Info the packet list shows for it. */
  add(input: FrameRecords, frame: number, time: number, protocol: string, info: string): void {
    const records = input.records.subarray(input.start, input.end);
    const [src, dst] = addresses(records, input.frameBytes);
    const source = new RecordFieldSource(input);
    const lastNumber = (id: number) => {
      const v = source.values(id);
      return typeof v[v.length - 1] === 'number' ? (v[v.length - 1] as number) : undefined;
    };
    const tcpFlags = lastNumber(F.flags);
    const tcp = tcpFlags !== undefined;
    this.diagram.arrows.push({
      frame,
      time,
      from: this.host(src),
      to: this.host(dst),
      srcPort: lastNumber(tcp ? F.tcpSrc : F.udpSrc),
      dstPort: lastNumber(tcp ? F.tcpDst : F.udpDst),
      flags: tcp ? tcpFlagsText(tcpFlags) : '',
      seq: tcp ? lastNumber(F.seq) : undefined,
      ack: tcp ? lastNumber(F.ack) : undefined,
      len: tcp ? lastNumber(F.len) : undefined,
      protocol,
      info,
    });
  }

  private host(address: string): number {
    let id = this.hostIds.get(address);
    if (id === undefined) {
      id = this.diagram.hosts.push(address) - 1;
      this.hostIds.set(address, id);
    }
    return id;
  }
}

/** The frames a flow diagram shows: the first FLOW_ARROW_CAP of those asked for, and how many are left out. */
export function capFrames(frames: Uint32Array, cap = FLOW_ARROW_CAP): { frames: Uint32Array; omitted: number } {
  return frames.length > cap
    ? { frames: frames.subarray(0, cap), omitted: frames.length - cap }
    : { frames, omitted: 0 };
}
