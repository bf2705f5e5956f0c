import { byFramesDescending, hasPorts, type ConversationRow, type EndpointRow } from './conversations';
import type { TapKind } from './frame-facts';
import type { HierarchyNode } from './hierarchy';
import type { AggregateSeries, IoSeries } from './io-stat';

// The text `tshark -q -z ...` prints for each statistic, worked out from tshark 4.0's output.

const TITLES: Record<TapKind, string> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };
const RULE80 = '='.repeat(80);
const RULE67 = '='.repeat(67);

const left = (text: string, width: number) => text.padEnd(width);
const right = (value: number | string, width: number) => String(value).padStart(width);

/** Wireshark's size text: bytes below 10 kB, then whole kB, MB, ... (SI, truncated). */
export function sizeText(bytes: number): string {
  const units = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let unit = -1;
  for (let u = units.length - 1; u >= 0; u--) {
    if (Math.floor(bytes / 1000 ** (u + 1)) >= 10) {
      unit = u;
      break;
    }
  }
  return unit < 0 ? `${bytes} bytes` : `${Math.floor(bytes / 1000 ** (unit + 1))} ${units[unit]}`;
}

const endpointText = (address: string, port?: number) => (port === undefined ? address : `${address}:${port}`);

/** `-z conv,<kind>[,<filter>]`; `etherName` names Ethernet addresses (tshark without -n). */
export function conversationsText(
  kind: TapKind,
  rows: readonly ConversationRow[],
  filter?: string,
  etherName?: (address: string) => string,
): string {
  const shown = (address: string) => (kind === 'eth' && etherName ? etherName(address) : address);
  const ports = hasPorts(kind);
  const width = ports ? 26 : 20;
  const pad = ' '.repeat(ports ? 59 : 47);
  let out = `${RULE80}\n${TITLES[kind]} Conversations\nFilter:${filter ?? '<No Filter>'}\n`;
  out += `${pad}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n`;
  out += `${pad}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n`;
  for (const r of byFramesDescending(rows, (r) => r.framesAToB + r.framesBToA)) {
    const frames = r.framesAToB + r.framesBToA;
    out += `${left(endpointText(shown(r.a), r.portA), width)} <-> ${left(endpointText(shown(r.b), r.portB), width)}`;
    out += `  ${right(r.framesBToA, 6)} ${left(sizeText(r.bytesBToA), 9)}`;
    out += `  ${right(r.framesAToB, 6)} ${left(sizeText(r.bytesAToB), 9)}`;
    out += `  ${right(frames, 6)} ${left(sizeText(r.bytesAToB + r.bytesBToA), 9)}`;
    out += `  ${right(r.start.toFixed(9), 14)}   ${right(r.duration.toFixed(4), 12)}\n`;
  }
  return out + `${RULE80}\n`;
}

/** `-z endpoints,<kind>[,<filter>]`. */
export function endpointsText(
  kind: TapKind,
  rows: readonly EndpointRow[],
  filter?: string,
  etherName?: (address: string) => string,
): string {
  const shown = (address: string) => (kind === 'eth' && etherName ? etherName(address) : address);
  const ports = hasPorts(kind);
  let out = `${RULE80}\n${TITLES[kind]} Endpoints\nFilter:${filter ?? '<No Filter>'}\n`;
  out += `                       |${ports ? '  Port  ||' : ''}  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n`;
  for (const r of byFramesDescending(rows, (r) => r.txFrames + r.rxFrames)) {
    out += left(shown(r.address), 20) + (ports ? `      ${right(r.port ?? 0, 5)}     ` : '      ');
    out += `${right(r.txFrames + r.rxFrames, 6)}     ${right(r.txBytes + r.rxBytes, 9)}`;
    out += `     ${right(r.txFrames, 6)}      ${right(r.txBytes, 10)}      ${right(r.rxFrames, 6)}      ${right(r.rxBytes, 10)}   \n`;
  }
  return out + `${RULE80}\n`;
}

/** `-z io,phs[,<filter>]`. */
export function hierarchyText(roots: readonly HierarchyNode[], filter?: string): string {
  let out = `\n${RULE67}\nProtocol Hierarchy Statistics\nFilter: ${filter ?? ''}\n\n`;
  const walk = (nodes: readonly HierarchyNode[], indent: string) => {
    for (const node of nodes) {
      out += `${left(indent + node.protocol, 40)} frames:${node.frames} bytes:${node.bytes}\n`;
      walk(node.children, indent + '  ');
    }
  };
  walk(roots, '');
  return out + `${RULE67}\n`;
}

/** Decimal places of an interval as the user wrote it ("0.25" → 2). */
export function intervalPrecision(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** One io,stat column: frames and bytes of a filter's frames, or a function of a field's values. */
export type IoTextColumn = IoSeries | AggregateSeries;

const isAggregate = (c: IoTextColumn): c is AggregateSeries => 'aggregate' in c;
/** Times (nanoseconds) print as seconds rounded to the microsecond, counts and integers as they are. */
function aggregateText(c: AggregateSeries, v: number): string {
  if (!c.float) return String(v);
  const us = Math.round(v / 1000);
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

/**
 * `-z io,stat,<interval>[,<column>...]`: one column per filter or `FUNC(field)filter` (frames and bytes of every
 * frame without any). `shape` is the capture's frames-and-bytes series (its interval and duration), `columns` the
 * columns in order, `labels` as written ('' for none); `precision` is the interval's decimals as written. An
 * interval at or beyond the capture's duration becomes the duration itself, shown to the millisecond. Labels
 * wider than the table widen the frame, the rows padded to it.
 */
export function ioStatText(
  shape: IoSeries,
  columns: readonly IoTextColumn[],
  labels: readonly string[],
  precision: number,
): string {
  const { durationUs } = shape;
  let { intervalUs } = shape;
  let p = precision;
  if (intervalUs >= durationUs) {
    intervalUs = durationUs;
    p = 3;
  }
  const fixed = (us: number) => (us / 1e6).toFixed(p);
  const durationShown =
    p === 0 ? `${Math.floor(durationUs / 1e6)}.${String(durationUs % 1e6).padStart(6, ' ')}` : fixed(durationUs);
  const digits = String(Math.floor(Number(fixed(durationUs)))).length;
  const w = digits + (p > 0 ? p + 1 : 0);
  const narrow = 2 * w + 6 < 10;
  const timeWidth = Math.max(2 * w + 6, 10);
  const rowCount = durationUs === 0 ? 0 : shape.frames.length;
  const rows = (values: readonly number[]) => values.slice(0, rowCount);
  const cells = columns.map((c) => {
    if (isAggregate(c)) {
      // A time column is at least as wide as "0.000000", rows or none.
      const width = Math.max(
        c.aggregate.length,
        c.float ? 8 : 0,
        ...rows(c.values).map((v) => aggregateText(c, v).length),
        aggregateText(c, c.widest).length,
      );
      const gap = width - c.aggregate.length;
      // The function's name is centred over its values (the extra space to the left).
      const title = ` ${' '.repeat(Math.ceil(gap / 2))}${c.aggregate}${' '.repeat(Math.floor(gap / 2))} |`;
      return {
        span: width + 2,
        title,
        cell: (k: number) => ` ${right(aggregateText(c, c.values[k]), width)} |`,
      };
    }
    const fw = Math.max(6, ...rows(c.frames).map((v) => String(v).length));
    const bw = Math.max(5, ...rows(c.bytes).map((v) => String(v).length));
    return {
      span: fw + bw + 5,
      title: ` ${right('Frames', fw)} | ${right('Bytes', bw)} |`,
      cell: (k: number) => ` ${right(c.frames[k], fw)} | ${right(c.bytes[k], bw)} |`,
    };
  });
  const table = 1 + timeWidth + 1 + cells.reduce((sum, c) => sum + c.span + 1, 0);
  const labelLines = labels.map((label, c) => `${c === 0 ? ' Col' : '    '} ${c + 1}: ${label || 'Frames and bytes'}`);
  const widest = Math.max(table, ...labelLines.map((l) => l.length + 3));
  // Labels wider than the table add a column of padding to its rows, at least one space wide.
  const total = widest > table ? Math.max(widest, table + 2) : table;
  const pad = total > table ? ' '.repeat(total - table - 1) + '|' : '';
  const line = (text: string) => `|${left(text, total - 2)}|\n`;
  let out = `\n${'='.repeat(total)}\n`;
  out += line(' IO Statistics') + line('');
  out += line(` Duration: ${durationShown} secs`);
  const intervalShown = p === 0 ? right(intervalUs / 1e6, w) : right(fixed(intervalUs), w);
  out += line(` Interval: ${intervalShown} secs`) + line('');
  for (const l of labelLines) out += line(l);
  out += `|${'-'.repeat(total - 2)}|\n`;
  out += `|${' '.repeat(timeWidth)}|` + cells.map((c, n) => left(String(n + 1), c.span) + '|').join('') + pad + '\n';
  out += `|${left(' Interval', timeWidth)}|` + cells.map((c) => c.title).join('') + pad + '\n';
  out += `|${'-'.repeat(table - 2)}|${pad}\n`;
  for (let k = 0; k < rowCount; k++) {
    const last = k === rowCount - 1;
    const from = k * intervalUs;
    const to = Math.min((k + 1) * intervalUs, durationUs);
    const time = (us: number) => (p === 0 ? String(us / 1e6) : fixed(us));
    const start = right(time(from), narrow ? w + 1 : w);
    const end = last && p === 0 ? 'Dur' : (narrow ? left(time(to), w + 1) : right(time(to), w)) + ' ';
    out += `| ${start} <> ${end}|` + cells.map((c) => c.cell(k)).join('') + pad + '\n';
  }
  return out + `${'='.repeat(total)}\n`;
}
