import type { FlowArrow, FlowDiagram } from '../../api/capture-api';
import { toCsv } from './chart-export';

/** Pixels of one arrow's row, of a host's column and of the time column. */
export const FLOW_ROW = 36;
export const FLOW_COLUMN = 160;

/** The rows to draw for a scroll position: those in view and a few either side, clamped to the arrows. */
export function visibleArrows(count: number, scrollTop: number, height: number, overscan = 8): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / FLOW_ROW) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / FLOW_ROW) + overscan);
  return [first, Math.max(first, last)];
}

/** The centre of host column `k`. */
export const hostX = (k: number) => k * FLOW_COLUMN + FLOW_COLUMN / 2;

/** What the arrow says: TCP flags, else the protocol. */
export function arrowLabel(a: FlowArrow): string {
  return a.flags || a.protocol;
}

/**
 * The comment beside an arrow: TCP's numbers as Wireshark's TCP flow writes them ("Seq = 1 Ack = 1", the
 * acknowledgment only with ACK set), then the packet list's Info.
 */
export function arrowComment(a: FlowArrow): string {
  const numbers = a.seq !== undefined ? `Seq = ${a.seq}${a.flags.includes('ACK') ? ` Ack = ${a.ack}` : ''}` : '';
  return [numbers, a.info].filter(Boolean).join('  ');
}

/** The diagram as CSV, one line per arrow. */
export function flowCsv(d: FlowDiagram): string {
  return toCsv(
    ['Frame', 'Time (s)', 'Source', 'Source port', 'Destination', 'Destination port', 'Protocol', 'Flags', 'Comment'],
    d.arrows.map((a) => [
      a.frame,
      a.time.toFixed(6),
      d.hosts[a.from],
      a.srcPort,
      d.hosts[a.to],
      a.dstPort,
      a.protocol,
      a.flags,
      arrowComment(a),
    ]),
  );
}
