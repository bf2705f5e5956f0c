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
  return ethernet(ipv4(tcp(payload, { sport, dport, seq, ack: 1, flags: 0x18, src, dst }), { proto: 6, src, dst }), 0x0800);
}

/** `loupe fields` over frames, one line per frame, columns split. */
export async function fieldRows(frames: Uint8Array[], fields: string[]): Promise<string[][]> {
  const capture = pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })));
  const { text } = await fieldsOf(capture, fields);
  return text.replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
}

export const ascii = (s: string) => new TextEncoder().encode(s);
