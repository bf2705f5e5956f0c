import { RowFlag } from '../../core/row-flags';
import { Transport } from '../../core/stream-rows';
import { isBadTcp } from './tcp-analysis';

/** A packet list row's colouring rule (Wireshark's default colorfilters, first match wins). */
export type Colouring = 'bad-tcp' | 'arp' | 'icmp' | 'tcp-rst' | 'checksum' | 'http' | 'syn-fin' | 'tcp' | 'udp' | '';

export interface RowFacts {
  protocol: string;
  flags: number;
  analysis: number;
  transport: number;
}

/** Rules in Wireshark's order: Bad TCP, ARP, ICMP, TCP RST, Checksum Errors, HTTP, TCP SYN/FIN, TCP, UDP. */
export function colouring(row: RowFacts): Colouring {
  // Only TCP segments carry analysis flags.
  if (isBadTcp(row.analysis)) return 'bad-tcp';
  if (row.protocol === 'ARP') return 'arp';
  if (row.protocol === 'ICMP' || row.protocol === 'ICMPv6') return 'icmp';
  if (row.transport & Transport.Rst) return 'tcp-rst';
  if (row.flags & RowFlag.ChecksumBad) return 'checksum';
  if (row.protocol.startsWith('HTTP')) return 'http';
  if (row.transport & (Transport.Syn | Transport.Fin)) return 'syn-fin';
  if (row.protocol === 'TCP') return 'tcp';
  if (row.protocol === 'UDP' || row.transport & Transport.Udp) return 'udp';
  return '';
}
