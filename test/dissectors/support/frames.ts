import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ethernet, ipv4, tcp, udp } from '../../support/packet-builder';
import { pcapFile } from '../../support/pcap-builder';
import { fieldsOf } from '../../support/run';

const CLIENT = '192.0.2.1';
const SERVER = '198.51.100.2';

/** A UDP datagram in an Ethernet frame, from the client (192.0.2.1) or, `fromServer`, to it. */
export function udpFrame(payload: Uint8Array, sport: number, dport: number, fromServer = false): Uint8Array {
  const [src, dst] = fromServer ? [SERVER, CLIENT] : [CLIENT, SERVER];
  return ethernet(ipv4(udp(payload, { sport, dport, src, dst }), { proto: 17, src, dst }), 0x0800);
}

/** A TCP segment (ACK|PSH) in an Ethernet frame; the server is whichever end uses a port below 1024. */
export function tcpFrame(payload: Uint8Array, sport: number, dport: number, seq: number): Uint8Array {
  const [src, dst] = sport < 1024 ? [SERVER, CLIENT] : [CLIENT, SERVER];
  return ethernet(
    ipv4(tcp(payload, { sport, dport, seq, ack: 1, flags: 0x18, src, dst }), { proto: 6, src, dst }),
    0x0800,
  );
}

/** `loupe fields` over frames, one line per frame, columns split. */
export async function fieldRows(frames: Uint8Array[], fields: string[]): Promise<string[][]> {
  const capture = pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })));
  const { text } = await fieldsOf(capture, fields);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'));
}

export const ascii = (s: string) => new TextEncoder().encode(s);

const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/**
 * Runs `loupe fields` over a fixture capture with the fields of its tshark golden (`<capture>.tsv`, made by
 * `tshark -T fields -E header=y`, whose first line names the fields) and lists the lines that differ, but for
 * frames where Loupe deliberately differs (`except`: frame number to the Info Loupe gives instead).
 */
export async function goldenMismatches(capture: string, except: Record<number, string> = {}): Promise<string[]> {
  const [header, ...want] = readFileSync(join(FIXTURES, capture.replace(/\.pcap$/, '.tsv')), 'utf8')
    .replace(/\n$/, '')
    .split('\n');
  const fields = header.split('\t');
  const { text } = await fieldsOf(join(FIXTURES, capture), fields);
  const got = text.replace(/\n$/, '').split('\n');
  const mismatches: string[] = [];
  if (got.length !== want.length) mismatches.push(`${got.length} lines, tshark has ${want.length}`);
  want.forEach((line, i) => {
    const w = line.split('\t');
    const g = (got[i] ?? '').split('\t');
    const info = fields.indexOf('_ws.col.Info');
    if (except[Number(w[0])] !== undefined) {
      if (g[info] !== except[Number(w[0])])
        mismatches.push(
          `frame ${w[0]} _ws.col.Info: ${JSON.stringify(g[info])}, expected ${JSON.stringify(except[Number(w[0])])}`,
        );
      return;
    }
    fields.forEach((field, j) => {
      if (g[j] !== w[j])
        mismatches.push(`frame ${w[0]} ${field}: ${JSON.stringify(g[j])}, tshark ${JSON.stringify(w[j])}`);
    });
  });
  return mismatches;
}
