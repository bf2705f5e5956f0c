import type { Bytes } from '../bytes';
import { readLabels } from '../dns/names';

/** What the 16th byte of a NetBIOS name says the name is for (Microsoft's registered suffixes). */
const SUFFIXES: Record<number, string> = {
  0x00: 'Workstation/Redirector',
  0x01: 'Browser',
  0x02: 'Workstation/Redirector',
  0x03: 'Messenger service/Main name',
  0x05: 'Forwarded name',
  0x06: 'RAS Server service',
  0x1b: 'Domain Master Browser',
  0x1c: 'Domain Controllers',
  0x1d: 'Local Master Browser',
  0x1e: 'Browser Election Service',
  0x1f: 'Net DDE Service',
  0x20: 'Server service',
  0x21: 'RAS client service',
  0x22: 'Exchange Interchange (MSMail Connector)',
  0x23: 'Exchange Store',
  0x24: 'Exchange Directory',
  0x2b: 'Lotus Notes Server service',
  0x30: 'Modem sharing server service',
  0x31: 'Modem sharing client service',
  0x43: 'SMS Clients Remote Control',
  0x44: 'SMS Administrators Remote Control Tool',
  0x45: 'SMS Clients Remote Chat',
  0x46: 'SMS Clients Remote Transfer',
  0x4c: 'DEC Pathworks TCP/IP Service on Windows NT',
  0x52: 'DEC Pathworks TCP/IP Service on Windows NT',
  0x6a: 'Microsoft Exchange IMC',
  0x87: 'Microsoft Exchange MTA',
  0xbe: 'Network Monitor Agent',
  0xbf: 'Network Monitor Analyzer',
};

export function suffixName(suffix: number): string {
  return SUFFIXES[suffix] ?? 'Unknown';
}

/** A NetBIOS name as read from the wire. */
export interface NetbiosName {
  /** "NAME<20>" with its scope (".scope.id"), or why it cannot be decoded. */
  text: string;
  /** The 16th byte, when the name decoded. */
  suffix?: number;
  /** Bytes it occupies where it was read. */
  length: number;
}

/** The name's first 15 bytes without their space padding, bytes outside printable ASCII as <xx>. */
export function plainName(raw: Uint8Array): string {
  let end = Math.min(raw.length, 15);
  while (end > 0 && raw[end - 1] === 0x20) end--;
  let s = '';
  for (let i = 0; i < end; i++) s += printable(raw[i]);
  return s;
}

function printable(c: number): string {
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `<${c.toString(16).padStart(2, '0')}>`;
}

/**
 * A first-level encoded name (RFC 1001 §14.1: 32 letters, two per byte, each 'A' plus a nibble), then its
 * scope labels, read as a DNS name (NBNS may compress it).
 */
export function readNetbiosName(msg: Bytes, at: number): NetbiosName {
  const { labels, length } = readLabels(msg, at);
  const first = labels[0] ?? new Uint8Array(0);
  if (first.length !== 32) return { text: `Illegal NetBIOS name (${Math.floor(first.length / 2)} bytes long)`, length };
  const raw = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const [hi, lo] = [first[2 * i], first[2 * i + 1]];
    if (hi < 0x41 || hi > 0x5a)
      return { text: 'Illegal NetBIOS name (1st character not between A and Z in first-level encoding)', length };
    if (lo < 0x41 || lo > 0x5a)
      return { text: 'Illegal NetBIOS name (2nd character not between A and Z in first-level encoding)', length };
    raw[i] = (((hi - 0x41) << 4) | (lo - 0x41)) & 0xff;
  }
  const scope = labels
    .slice(1)
    .map((l) => '.' + Array.from(l, printable).join(''))
    .join('');
  return { text: `${plainName(raw)}<${raw[15].toString(16).padStart(2, '0')}>${scope}`, suffix: raw[15], length };
}
