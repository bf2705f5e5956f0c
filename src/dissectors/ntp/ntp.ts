import { registerFields } from '../../fields/registry';
import { ipv4 } from '../../fields/format';
import type { Bytes } from '../bytes';
import { registerPort, type Dissector } from '../api';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

// RFC 5905 §7.3.
const LEAP: Record<number, string> = {
  0: 'no warning',
  1: 'last minute of the day has 61 seconds',
  2: 'last minute of the day has 59 seconds',
  3: 'unknown (clock unsynchronized)',
};
const MODES: Record<number, string> = {
  0: 'reserved',
  1: 'symmetric active',
  2: 'symmetric passive',
  3: 'client',
  4: 'server',
  5: 'broadcast',
  6: 'control',
  7: 'private',
};
const VERSIONS: Record<number, string> = Object.fromEntries(
  Array.from({ length: 8 }, (_, v) => [v, `NTP Version ${v}`]),
);
// RFC 5905 figure 12: reference identifiers of primary (stratum 1) servers.
const REFERENCE_SOURCES: Record<string, string> = {
  GOES: 'Geosynchronous Orbit Environment Satellite',
  GPS: 'Global Position System',
  GAL: 'Galileo Positioning System',
  PPS: 'Generic pulse-per-second',
  IRIG: 'Inter-Range Instrumentation Group',
  WWVB: 'LF Radio WWVB Ft. Collins, CO 60 kHz',
  DCF: 'LF Radio DCF77 Mainflingen, DE 77.5 kHz',
  HBG: 'LF Radio HBG Prangins, HB 75 kHz',
  MSF: 'LF Radio MSF Anthorn, UK 60 kHz',
  JJY: 'LF Radio JJY Fukushima, JP 40 kHz, Saga, JP 60 kHz',
  LORC: 'MF Radio LORAN C station, 100 kHz',
  TDF: 'MF Radio Allouis, FR 162 kHz',
  CHU: 'HF Radio CHU Ottawa, Ontario',
  WWV: 'HF Radio WWV Ft. Collins, CO',
  WWVH: 'HF Radio WWVH Kauai, HI',
  NIST: 'NIST telephone modem',
  ACTS: 'NIST telephone modem',
  USNO: 'USNO telephone modem',
  PTB: 'European telephone modem',
};

registerFields([
  field('ntp', 'Network Time Protocol', 'protocol'),
  field('ntp.flags', 'Flags', 'hex8'),
  field('ntp.flags.li', 'Leap Indicator', 'uint', { values: LEAP }),
  field('ntp.flags.vn', 'Version number', 'uint', { values: VERSIONS }),
  field('ntp.flags.mode', 'Mode', 'uint', { values: MODES }),
  field('ntp.stratum', 'Peer Clock Stratum', 'uint'),
  field('ntp.ppoll', 'Peer Polling Interval', 'uint'),
  field('ntp.precision', 'Peer Clock Precision', 'uint'),
  field('ntp.rootdelay', 'Root Delay', 'uint'),
  field('ntp.rootdispersion', 'Root Dispersion', 'uint'),
  field('ntp.refid', 'Reference ID', 'bytes'),
  field('ntp.reftime', 'Reference Timestamp', 'abstime'),
  field('ntp.org', 'Origin Timestamp', 'abstime'),
  field('ntp.rec', 'Receive Timestamp', 'abstime'),
  field('ntp.xmt', 'Transmit Timestamp', 'abstime'),
  field('ntp.ext', 'Extension', 'none'),
  field('ntp.ext.type', 'Field Type', 'hex16'),
  field('ntp.ext.length', 'Length', 'uint'),
  field('ntp.ext.value', 'Value', 'bytes'),
  field('ntp.keyid', 'Key ID', 'bytes'),
  field('ntp.mac', 'Message Authentication Code', 'bytes'),
]);

const HEADER = 48;
/** Key identifier and the longest MAC (SHA-1, RFC 8573): what remains after the extension fields. */
const MAX_MAC = 24;
const MODE_CONTROL = 6;

/**
 * NTP (RFC 5905) on UDP port 123: the header, RFC 7822 extension fields and the MAC. Control (mode 6) and
 * private (mode 7) messages get their flags only.
 */
export const ntp: Dissector = {
  name: 'ntp',
  yields: ['ntp'],
  datagram(data, ctx) {
    const { tree, columns } = ctx;
    const flags = data.u8(0);
    const [li, vn, mode] = [flags >> 6, (flags >> 3) & 7, flags & 7];
    columns.protocol = 'NTP';
    columns.info = `NTP Version ${vn}, ${MODES[mode]}`;
    tree.open('ntp', data.abs(0), data.length, `Network Time Protocol (${columns.info})`);
    tree.open(
      'ntp.flags',
      data.abs(0),
      1,
      `Flags: 0x${flags.toString(16).padStart(2, '0')}, Leap Indicator: ${LEAP[li]}, Version number: NTP Version ${vn}, Mode: ${MODES[mode]}`,
      flags,
    );
    tree.add('ntp.flags.li', data.abs(0), 1, li);
    tree.add('ntp.flags.vn', data.abs(0), 1, vn);
    tree.add('ntp.flags.mode', data.abs(0), 1, mode);
    tree.close();
    if (mode < MODE_CONTROL) header(data, ctx.tree);
    tree.close();
  },
};

registerPort('udp', 123, ntp);

function header(data: Bytes, tree: TreeBuilder): void {
  const stratum = data.u8(1);
  const poll = data.u8(2);
  const precision = data.u8(3);
  tree.add('ntp.stratum', data.abs(1), 1, stratum, `Peer Clock Stratum: ${stratumName(stratum)} (${stratum})`);
  tree.add(
    'ntp.ppoll',
    data.abs(2),
    1,
    poll,
    `Peer Polling Interval: ${poll >= 4 && poll <= 17 ? `${poll} (${2 ** poll} seconds)` : `invalid (${poll})`}`,
  );
  tree.add(
    'ntp.precision',
    data.abs(3),
    1,
    precision,
    `Peer Clock Precision: ${(2 ** ((precision << 24) >> 24)).toFixed(6)} seconds`,
  );
  const rootDelay = data.u32(4);
  const rootDispersion = data.u32(8);
  tree.add('ntp.rootdelay', data.abs(4), 4, rootDelay, `Root Delay: ${(rootDelay / 65536).toFixed(6)} seconds`);
  tree.add(
    'ntp.rootdispersion',
    data.abs(8),
    4,
    rootDispersion,
    `Root Dispersion: ${(rootDispersion / 65536).toFixed(6)} seconds`,
  );
  const refid = data.bytes(12, 4);
  tree.add('ntp.refid', data.abs(12), 4, refid, `Reference ID: ${referenceText(refid, stratum)}`);
  ['ntp.reftime', 'ntp.org', 'ntp.rec', 'ntp.xmt'].forEach((field, i) =>
    tree.add(field, data.abs(16 + 8 * i), 8, ntpTime(data, 16 + 8 * i)),
  );
  let p = HEADER;
  while (data.length - p > MAX_MAC) {
    const length = data.u16(p + 2);
    if (length < 4) break;
    tree.open('ntp.ext', data.abs(p), length);
    tree.add('ntp.ext.type', data.abs(p), 2, data.u16(p));
    tree.add('ntp.ext.length', data.abs(p + 2), 2, length);
    tree.add('ntp.ext.value', data.abs(p + 4), length - 4, data.bytes(p + 4, length - 4));
    tree.close();
    p += length;
  }
  if (data.length - p >= 4) {
    tree.add('ntp.keyid', data.abs(p), 4, data.bytes(p, 4));
    if (data.length - p > 4)
      tree.add('ntp.mac', data.abs(p + 4), data.length - p - 4, data.bytes(p + 4, data.length - p - 4));
  }
}

/** 1900 to 1970, in seconds. */
const NTP_TO_UNIX = 2_208_988_800n;

/**
 * An NTP timestamp as nanoseconds since 1970 (undefined when zero: "no time"). Seconds with the top bit clear
 * are in era 1, from 2036 (RFC 4330 §3), as tshark reads them.
 */
export function ntpTime(data: Bytes, at: number): bigint | undefined {
  const sec = data.u32(at);
  const frac = data.u32(at + 4);
  if (sec === 0 && frac === 0) return undefined;
  const era = sec & 0x80000000 ? 0n : 2n ** 32n;
  const nanos = Math.trunc(1e9 * (frac / 2 ** 32));
  return (BigInt(sec) + era - NTP_TO_UNIX) * 1_000_000_000n + BigInt(nanos);
}

function stratumName(stratum: number): string {
  if (stratum === 0) return 'unspecified or invalid';
  if (stratum === 1) return 'primary reference';
  if (stratum < 16) return 'secondary reference';
  return stratum === 16 ? 'unsynchronized' : 'reserved';
}

/** A primary server's source or a kiss code (stratum 0 and 1: ASCII), else the reference's IPv4 address. */
function referenceText(refid: Uint8Array, stratum: number): string {
  if (stratum > 1) return ipv4(((refid[0] << 24) | (refid[1] << 16) | (refid[2] << 8) | refid[3]) >>> 0);
  const nul = refid.indexOf(0);
  const text = String.fromCharCode(...refid.subarray(0, nul < 0 ? 4 : nul));
  if (!text) return 'NULL';
  return REFERENCE_SOURCES[text] ?? `Unidentified reference source '${text}'`;
}
