import type { PacketIndex } from '../core/packet-index';
import { NO_STREAM, TopProtocol, Transport } from '../abi/core-constants';
import type { StreamProtocol, StreamRows } from '../core/stream-rows';
import type { DissectorChoice } from '../dissectors/decode-as';

/**
 * Which frames a field-mode pass must dissect for one frame's protocol tree to come out as a pass over every
 * frame gives it. The application layer keeps state per conversation (src/dissectors/session.ts); across
 * conversations only through announcements (an FTP PASV reply, a TFTP request) and ICMP echo pairs. So the
 * tree of frame N needs the frames of its own TCP or UDP stream, those of the streams whose dissector may
 * announce others, and, for an ICMP frame, the ICMP frames before it. The core reads every other frame at index
 * speed for its own state (TCP analysis, IP reassembly).
 */
export class TreeFrames {
  private checked: Record<StreamProtocol, number> = { tcp: 0, udp: 0 };
  private announcing: { protocol: StreamProtocol; stream: number }[] = [];

  /** `choice`: the Decode As rules the passes run under (they decide which streams announce others). */
  constructor(private readonly choice: DissectorChoice) {}

  /** Frame numbers, ascending, up to and including `number`, whose dissection the tree of `number` depends on. */
  of(number: number, index: PacketIndex, streams: StreamRows): Uint32Array {
    const row = number - 1;
    this.findAnnouncers(index, streams);
    const rows: number[] = [];
    const stream = index.at('stream', row);
    if (stream !== NO_STREAM) addUpTo(rows, streams.of(protocolOf(index, row), stream), row);
    for (const a of this.announcing) {
      if (stream === a.stream && protocolOf(index, row) === a.protocol) continue;
      addUpTo(rows, streams.of(a.protocol, a.stream), row);
    }
    if (isIcmp(index.at('top', row))) {
      const top = index.column('top');
      for (let j = 0; j < row; j++) if (isIcmp(top[j])) rows.push(j);
    }
    rows.push(row);
    const frames = Uint32Array.from(new Set(rows), (r) => r + 1);
    return frames.sort();
  }

  /** Notes the streams, new since the last call, whose dissector (by Decode As rule or port) may announce others. */
  private findAnnouncers(index: PacketIndex, streams: StreamRows): void {
    for (const protocol of ['tcp', 'udp'] as const) {
      for (let s = this.checked[protocol]; s < streams.count(protocol); s++) {
        const first = streams.of(protocol, s)[0];
        if (first === undefined) continue;
        const ruled = this.choice.forStream(protocol, s);
        const dissector =
          ruled === undefined
            ? this.choice.forPorts(protocol, index.at('srcPort', first), index.at('dstPort', first))
            : ruled;
        if (dissector?.announces) this.announcing.push({ protocol, stream: s });
      }
      this.checked[protocol] = streams.count(protocol);
    }
  }
}

const isIcmp = (top: number) => top === TopProtocol.Icmp || top === TopProtocol.Icmpv6;

function protocolOf(index: PacketIndex, row: number): StreamProtocol {
  return index.at('transport', row) & Transport.Udp ? 'udp' : 'tcp';
}

/** Appends the rows of a stream (ascending) up to `last`. */
function addUpTo(out: number[], rows: readonly number[], last: number): void {
  for (const r of rows) {
    if (r > last) break;
    out.push(r);
  }
}
