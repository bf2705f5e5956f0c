import type { FieldDef } from './types';
import { field as f, mask } from './define';

/**
 * Multipath TCP's option fields (RFC 8684), under TCP as Wireshark registers them (assembly/decode/mptcp.ts emits
 * them in field mode). Appended to CORE_FIELDS (src/fields/core.ts).
 */
const SUBTYPES: Record<number, string> = {
  0: 'Multipath Capable',
  1: 'Join Connection',
  2: 'Data Sequence Signal',
  3: 'Add Address',
  4: 'Remove Address',
  5: 'Change Subflow Priority',
  6: 'TCP Fallback',
  7: 'Fast Close',
  8: 'TCP Reset',
};
const flag = (name: string, label: string, bit: number): FieldDef =>
  f(`tcp.options.mptcp.${name}`, label, 'uint', { bits: 8, ...mask(bit, 8) });

export const MPTCP_FIELDS: readonly FieldDef[] = [
  f('tcp.options.mptcp.subtype', 'Multipath TCP subtype', 'uint', { bits: 8, ...mask(0xf0, 8), values: SUBTYPES }),
  f('tcp.options.mptcp.version', 'Multipath TCP version', 'uint', { bits: 8, ...mask(0x0f, 8) }),
  f('tcp.options.mptcp.reserved', 'Reserved', 'hex16', { bits: 16, ...mask(0xfff, 16) }),
  f('tcp.options.mptcp.flags', 'Multipath TCP flags', 'hex8', { bits: 8 }),
  flag('checksumreq.flags', 'Checksum required', 0x80),
  flag('extensibility.flag', 'Extensibility', 0x40),
  flag('nomoresubflows.flag', 'Do not attempt to establish new subflows to this address and port', 0x20),
  flag('sha1.flag', 'Use HMAC-SHA1', 0x01),
  flag('sha256.flag', 'Use HMAC-SHA256', 0x01),
  // Version 0's five reserved bits; version 1 has four (0x1e), shown so in the tree.
  f('tcp.options.mptcp.reserved.flag', 'Reserved', 'hex8', { bits: 8, ...mask(0x3e, 8) }),
  flag('datafin.flag', 'DATA_FIN', 0x10),
  flag('dseqn8.flag', 'Data Sequence Number is 8 octets', 0x08),
  flag('dseqnpresent.flag', 'Data Sequence Number, Subflow Sequence Number, Data-level Length, Checksum present', 0x04),
  flag('dataack8.flag', 'Data ACK is 8 octets', 0x02),
  flag('dataackpresent.flag', 'Data ACK is present', 0x01),
  flag('backup.flag', 'Backup flag', 0x01),
  f('tcp.options.mptcp.addrid', 'Address ID', 'uint', { bits: 8 }),
  f('tcp.options.mptcp.sendkey', "Sender's Key", 'uint64'),
  f('tcp.options.mptcp.recvkey', "Receiver's Key", 'uint64'),
  f('tcp.options.mptcp.recvtok', "Receiver's Token", 'uint'),
  f('tcp.options.mptcp.sendrand', "Sender's Random Number", 'uint'),
  f('tcp.options.mptcp.sendtrunchmac', "Sender's Truncated HMAC", 'uint64'),
  f('tcp.options.mptcp.sendhmac', "Sender's HMAC", 'bytes'),
  f('tcp.options.mptcp.rawdataack', 'Original MPTCP Data ACK', 'uint64'),
  f('tcp.options.mptcp.rawdataseqno', 'Data Sequence Number', 'uint64'),
  f('tcp.options.mptcp.subflowseqno', 'Subflow Sequence Number', 'uint'),
  f('tcp.options.mptcp.datalvllen', 'Data-level Length', 'uint', { bits: 16 }),
  f('tcp.options.mptcp.checksum', 'Checksum', 'hex16', { bits: 16 }),
];
