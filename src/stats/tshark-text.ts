import { byFramesDescending, hasPorts, type ConversationRow, type EndpointRow } from './conversations';
import type { TapKind } from './frame-facts';
import type { HierarchyNode } from './hierarchy';
import type { IoSeries } from './io-stat';

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

/** `-z conv,<kind>[,<filter>]`. */
export function conversationsText(kind: TapKind, rows: readonly ConversationRow[], filter?: string): string {
  const ports = hasPorts(kind);
  const width = ports ? 26 : 20;
  const pad = ' '.repeat(ports ? 59 : 47);
  let out = `${RULE80}\n${TITLES[kind]} Conversations\nFilter:${filter ?? '<No Filter>'}\n`;
  out += `${pad}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n`;
  out += `${pad}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n`;
  for (const r of byFramesDescending(rows, (r) => r.framesAToB + r.framesBToA)) {
    const frames = r.framesAToB + r.framesBToA;
    out += `${left(endpointText(r.a, r.portA), width)} <-> ${left(endpointText(r.b, r.portB), width)}`;
    out += `  ${right(r.framesBToA, 6)} ${left(sizeText(r.bytesBToA), 9)}`;
    out += `  ${right(r.framesAToB, 6)} ${left(sizeText(r.bytesAToB), 9)}`;
    out += `  ${right(frames, 6)} ${left(sizeText(r.bytesAToB + r.bytesBToA), 9)}`;
    out += `  ${right(r.start.toFixed(9), 14)}   ${right(r.duration.toFixed(4), 12)}\n`;
  }
  return out + `${RULE80}\n`;
}

/** `-z endpoints,<kind>[,<filter>]`. */
export function endpointsText(kind: TapKind, rows: readonly EndpointRow[], filter?: string): string {
  const ports = hasPorts(kind);
  let out = `${RULE80}\n${TITLES[kind]} Endpoints\nFilter:${filter ?? '<No Filter>'}\n`;
  out += `                       |${ports ? '  Port  ||' : ''}  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n`;
  for (const r of byFramesDescending(rows, (r) => r.txFrames + r.rxFrames)) {
    out += left(r.address, 20) + (ports ? `      ${right(r.port ?? 0, 5)}     ` : '      ');
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

/**
 * `-z io,stat,<interval>[,<filter>...]`: one frames-and-bytes column per filter (one over every frame without
 * any). `columns` are the series in that order, `labels` their filters ('' for none); `precision` is the
 * interval's decimals as written. An interval at or beyond the capture's duration becomes the duration itself,
 * shown to the millisecond.
 */
export function ioStatText(columns: readonly IoSeries[], labels: readonly string[], precision: number): string {
  const { durationUs } = columns[0];
  let { intervalUs } = columns[0];
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
  const rowCount = durationUs === 0 ? 0 : columns[0].frames.length;
  const widths = columns.map((c) => ({
    frames: Math.max(6, ...c.frames.slice(0, rowCount).map((v) => String(v).length)),
    bytes: Math.max(5, ...c.bytes.slice(0, rowCount).map((v) => String(v).length)),
  }));
  const total = 1 + timeWidth + 1 + widths.reduce((sum, cw) => sum + cw.frames + cw.bytes + 6, 0);
  const line = (text: string) => `|${left(text, total - 2)}|\n`;
  let out = `\n${'='.repeat(total)}\n`;
  out += line(' IO Statistics') + line('');
  out += line(` Duration: ${durationShown} secs`);
  const intervalShown = p === 0 ? right(intervalUs / 1e6, w) : right(fixed(intervalUs), w);
  out += line(` Interval: ${intervalShown} secs`) + line('');
  labels.forEach((label, c) => (out += line(`${c === 0 ? ' Col' : '    '} ${c + 1}: ${label || 'Frames and bytes'}`)));
  const dashes = `|${'-'.repeat(total - 2)}|\n`;
  out += dashes;
  out +=
    `|${' '.repeat(timeWidth)}|` +
    widths.map((cw, c) => left(String(c + 1), cw.frames + cw.bytes + 5) + '|').join('') +
    '\n';
  out +=
    `|${left(' Interval', timeWidth)}|` +
    widths.map((cw) => ` ${right('Frames', cw.frames)} | ${right('Bytes', cw.bytes)} |`).join('') +
    '\n';
  out += dashes;
  for (let k = 0; k < rowCount; k++) {
    const last = k === rowCount - 1;
    const from = k * intervalUs;
    const to = Math.min((k + 1) * intervalUs, durationUs);
    const time = (us: number) => (p === 0 ? String(us / 1e6) : fixed(us));
    const start = right(time(from), narrow ? w + 1 : w);
    const end = last && p === 0 ? 'Dur' : (narrow ? left(time(to), w + 1) : right(time(to), w)) + ' ';
    out += `| ${start} <> ${end}|`;
    out +=
      columns
        .map((c, n) => ` ${right(c.frames[k], widths[n].frames)} | ${right(c.bytes[k], widths[n].bytes)} |`)
        .join('') + '\n';
  }
  return out + `${'='.repeat(total)}\n`;
}
