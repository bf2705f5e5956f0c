import { registerFields } from '../../fields/registry';
import { ipv4 } from '../../fields/format';
import type { Bytes } from '../bytes';
import { registerPort, type Dissector } from '../api';
import type { TreeBuilder } from '../tree';
import { plainName, readNetbiosName, suffixName } from './netbios-name';
import { field } from '../../fields/define';

// RFC 1002 §4.2.1.1 opcodes and RCODEs.
const OPCODES: Record<number, string> = {
  0: 'Name query',
  5: 'Registration',
  6: 'Release',
  7: 'Wait for acknowledgment',
  8: 'Refresh',
  9: 'Refresh (alternate opcode)',
  15: 'Multi-homed registration',
};
const RCODES: Record<number, string> = {
  0: 'No error',
  1: 'Request was invalidly formatted',
  2: 'Server failure',
  3: 'Requested name does not exist',
  4: 'Request is not implemented',
  5: 'Request was refused',
  6: 'Name is owned by another node',
  7: 'Name is in conflict',
};
const TYPES: Record<number, string> = { 32: 'NB', 33: 'NBSTAT' };
const NODE_TYPES: Record<number, string> = { 0: 'B-node', 1: 'P-node', 2: 'M-node', 3: 'Unknown' };
const OPCODE_WACK = 7;
const TYPE_NB = 32;
const TYPE_NBSTAT = 33;

registerFields([
  field('nbns', 'NetBIOS Name Service', 'protocol'),
  field('nbns.id', 'Transaction ID', 'hex16'),
  field('nbns.flags', 'Flags', 'hex16'),
  field('nbns.flags.response', 'Response', 'bool'),
  field('nbns.flags.opcode', 'Opcode', 'uint', { values: OPCODES }),
  field('nbns.flags.authoritative', 'Authoritative', 'bool'),
  field('nbns.flags.truncated', 'Truncated', 'bool'),
  field('nbns.flags.recdesired', 'Recursion desired', 'bool'),
  field('nbns.flags.recavail', 'Recursion available', 'bool'),
  field('nbns.flags.broadcast', 'Broadcast', 'bool'),
  field('nbns.flags.rcode', 'Reply code', 'uint', { values: RCODES }),
  field('nbns.count.queries', 'Questions', 'uint'),
  field('nbns.count.answers', 'Answer RRs', 'uint'),
  field('nbns.count.auth_rr', 'Authority RRs', 'uint'),
  field('nbns.count.add_rr', 'Additional RRs', 'uint'),
  field('nbns.name', 'Name', 'string'),
  field('nbns.type', 'Type', 'uint', { values: TYPES }),
  field('nbns.class', 'Class', 'uint', { values: { 1: 'IN' } }),
  field('nbns.ttl', 'Time to live', 'uint'),
  field('nbns.data_length', 'Data length', 'uint'),
  field('nbns.nb_flags', 'Name flags', 'hex16'),
  field('nbns.nb_flags.group', 'Name type', 'bool'),
  field('nbns.nb_flags.ont', 'ONT', 'uint', { values: NODE_TYPES }),
  field('nbns.addr', 'Addr', 'ipv4'),
  field('nbns.number_of_names', 'Number of names', 'uint'),
  field('nbns.netbios_name', 'Name', 'string'),
  field('nbns.name_flags', 'Name flags', 'hex16'),
  field('nbns.name_flags.group', 'Name type', 'bool'),
  field('nbns.name_flags.ont', 'ONT', 'uint', { values: NODE_TYPES }),
  field('nbns.name_flags.drg', 'Name is being deregistered', 'bool'),
  field('nbns.name_flags.cnf', 'Name is in conflict', 'bool'),
  field('nbns.name_flags.act', 'Name is active', 'bool'),
  field('nbns.name_flags.prm', 'Permanent node name', 'bool'),
  field('nbns.unit_id', 'Unit ID', 'ether'),
  field('nbns.jumpers', 'Jumpers', 'hex8'),
  field('nbns.test_result', 'Test result', 'hex8'),
  field('nbns.version_number', 'Version number', 'hex16'),
  field('nbns.period_of_statistics', 'Period of statistics', 'hex16'),
  field('nbns.num_crcs', 'Number of CRCs', 'uint'),
  field('nbns.num_alignment_errors', 'Number of alignment errors', 'uint'),
  field('nbns.num_collisions', 'Number of collisions', 'uint'),
  field('nbns.num_send_aborts', 'Number of send aborts', 'uint'),
  field('nbns.num_good_sends', 'Number of good sends', 'uint'),
  field('nbns.num_good_receives', 'Number of good receives', 'uint'),
  field('nbns.numretransmits', 'Number of retransmits', 'uint'),
  field('nbns.num_no_resource_conditions', 'Number of no resource conditions', 'uint'),
  field('nbns.numcommand_blocks', 'Number of command blocks', 'uint'),
  field('nbns.numpending_sessions', 'Number of pending sessions', 'uint'),
  field('nbns.max_num_pending_sessions', 'Max number of pending sessions', 'uint'),
  field('nbns.max_total_sessions_possible', 'Max total sessions possible', 'uint'),
  field('nbns.session_data_packet_size', 'Session data packet size', 'uint'),
  field('nbns.data', 'Data', 'bytes'),
]);

// The node status statistics (RFC 1002 §4.2.18) as tshark 4.0 lists them: [field, size].
const STATISTICS: [string, number][] = [
  ['nbns.unit_id', 6],
  ['nbns.jumpers', 1],
  ['nbns.test_result', 1],
  ['nbns.version_number', 2],
  ['nbns.period_of_statistics', 2],
  ['nbns.num_crcs', 2],
  ['nbns.num_alignment_errors', 2],
  ['nbns.num_collisions', 2],
  ['nbns.num_send_aborts', 2],
  ['nbns.num_good_sends', 4],
  ['nbns.num_good_receives', 4],
  ['nbns.numretransmits', 2],
  ['nbns.num_no_resource_conditions', 2],
  ['nbns.numcommand_blocks', 2],
  ['nbns.numpending_sessions', 2],
  ['nbns.max_num_pending_sessions', 2],
  ['nbns.max_total_sessions_possible', 2],
  ['nbns.session_data_packet_size', 2],
];

const SECTIONS = ['Answers', 'Authoritative nameservers', 'Additional records'] as const;

/** NetBIOS Name Service (RFC 1001/1002) on UDP port 137: DNS-shaped messages about NetBIOS names. */
export const nbns: Dissector = {
  name: 'nbns',
  yields: ['nbns'],
  datagram(msg, ctx) {
    const { tree, columns } = ctx;
    columns.protocol = 'NBNS';
    columns.info = '';
    tree.open('nbns', msg.abs(0), msg.length);
    tree.add('nbns.id', msg.abs(0), 2, msg.u16(0));
    const flags = msg.u16(2);
    const opcode = (flags >> 11) & 0xf;
    const response = (flags & 0x8000) !== 0;
    flagsTree(tree, msg, 2, flags);
    let info = OPCODES[opcode] ?? `Unknown operation (${opcode})`;
    if (response)
      info += (flags & 0xf) === 0 ? ' response' : ` response, ${RCODES[flags & 0xf] ?? `Unknown (${flags & 0xf})`}`;
    columns.info = info;
    const counts = [msg.u16(4), msg.u16(6), msg.u16(8), msg.u16(10)];
    ['nbns.count.queries', 'nbns.count.answers', 'nbns.count.auth_rr', 'nbns.count.add_rr'].forEach((name, i) =>
      tree.add(name, msg.abs(4 + 2 * i), 2, counts[i]),
    );
    let p = 12;
    if (counts[0] > 0) {
      tree.openText('Queries', msg.abs(p), 0);
      for (let i = 0; i < counts[0]; i++) {
        const name = readNetbiosName(msg, p);
        const type = msg.u16(p + name.length);
        const cls = msg.u16(p + name.length + 2);
        tree.openText(`${name.text}: type ${typeName(type)}, class ${className(cls)}`, msg.abs(p), name.length + 4);
        tree.add('nbns.name', msg.abs(p), name.length, name.text);
        tree.add('nbns.type', msg.abs(p + name.length), 2, type);
        tree.add('nbns.class', msg.abs(p + name.length + 2), 2, cls);
        tree.close();
        info += ` ${typeName(type)} ${name.text}`;
        columns.info = info;
        p += name.length + 4;
      }
      tree.close();
    }
    for (let s = 0; s < 3; s++) {
      if (counts[s + 1] === 0) continue;
      tree.openText(SECTIONS[s], msg.abs(p), 0);
      for (let i = 0; i < counts[s + 1]; i++) {
        // Only answers (and never a WACK's) go to Info: a type, and an NB record's first address.
        const note =
          s === 0 && opcode !== OPCODE_WACK
            ? (text: string) => {
                info += text;
                columns.info = info;
              }
            : () => {};
        p = record(tree, msg, p, opcode, note);
      }
      tree.close();
    }
    tree.close();
  },
};

registerPort('udp', 137, nbns);

function typeName(type: number): string {
  return TYPES[type] ?? 'Unknown';
}

function className(cls: number): string {
  return cls === 1 ? 'IN' : 'Unknown';
}

/** The header's flags, also the whole data of a WACK record. */
function flagsTree(tree: TreeBuilder, msg: Bytes, at: number, flags: number): void {
  const response = (flags & 0x8000) !== 0;
  tree.open('nbns.flags', msg.abs(at), 2, undefined, flags);
  const bit = (name: string, mask: number) => tree.add(name, msg.abs(at), 2, flags & mask ? 1 : 0);
  bit('nbns.flags.response', 0x8000);
  tree.add('nbns.flags.opcode', msg.abs(at), 2, (flags >> 11) & 0xf);
  if (response) bit('nbns.flags.authoritative', 0x0400);
  bit('nbns.flags.truncated', 0x0200);
  bit('nbns.flags.recdesired', 0x0100);
  if (response) bit('nbns.flags.recavail', 0x0080);
  bit('nbns.flags.broadcast', 0x0010);
  if (response) tree.add('nbns.flags.rcode', msg.abs(at), 2, flags & 0xf);
  tree.close();
}

/** One resource record; returns where the next one starts. */
function record(tree: TreeBuilder, msg: Bytes, p: number, opcode: number, note: (text: string) => void): number {
  const name = readNetbiosName(msg, p);
  const q = p + name.length;
  const type = msg.u16(q);
  const cls = msg.u16(q + 2);
  const ttl = msg.u32(q + 4);
  const length = msg.u16(q + 8);
  const rdata = q + 10;
  const end = rdata + length;
  // An NB record's name carries what its suffix means.
  const nameText =
    type === TYPE_NB && name.suffix !== undefined ? `${name.text} (${suffixName(name.suffix)})` : name.text;
  tree.openText(`${name.text}: type ${typeName(type)}, class ${className(cls)}`, msg.abs(p), end - p);
  tree.add('nbns.name', msg.abs(p), name.length, nameText);
  tree.add('nbns.type', msg.abs(q), 2, type);
  tree.add('nbns.class', msg.abs(q + 2), 2, cls);
  tree.add('nbns.ttl', msg.abs(q + 4), 4, ttl);
  tree.add('nbns.data_length', msg.abs(q + 8), 2, length);
  note(` ${typeName(type)}`);
  if (opcode === OPCODE_WACK) {
    flagsTree(tree, msg, rdata, msg.u16(rdata));
  } else if (type === TYPE_NB) {
    for (let at = rdata; at < end; at += 6) {
      const flags = msg.u16(at);
      tree.open('nbns.nb_flags', msg.abs(at), 2, undefined, flags);
      tree.add('nbns.nb_flags.group', msg.abs(at), 2, flags >> 15);
      tree.add('nbns.nb_flags.ont', msg.abs(at), 2, (flags >> 13) & 3);
      tree.close();
      const addr = msg.u32(at + 2);
      tree.add('nbns.addr', msg.abs(at + 2), 4, addr);
      if (at === rdata) note(` ${ipv4(addr)}`);
    }
  } else if (type === TYPE_NBSTAT) {
    nodeStatus(tree, msg, rdata, end);
  } else if (length > 0) {
    tree.add('nbns.data', msg.abs(rdata), length, msg.bytes(rdata, length));
  }
  tree.close();
  return end;
}

/** A node status response: the node's names with their flags, then its statistics as far as the data goes. */
function nodeStatus(tree: TreeBuilder, msg: Bytes, at: number, end: number): void {
  const count = msg.u8(at);
  tree.add('nbns.number_of_names', msg.abs(at), 1, count);
  let p = at + 1;
  for (let i = 0; i < count; i++) {
    const raw = msg.bytes(p, 16);
    tree.add('nbns.netbios_name', msg.abs(p), 16, plainName(raw));
    const flags = msg.u16(p + 16);
    tree.open('nbns.name_flags', msg.abs(p + 16), 2, undefined, flags);
    tree.add('nbns.name_flags.group', msg.abs(p + 16), 2, flags >> 15);
    tree.add('nbns.name_flags.ont', msg.abs(p + 16), 2, (flags >> 13) & 3);
    [
      ['nbns.name_flags.drg', 0x1000],
      ['nbns.name_flags.cnf', 0x0800],
      ['nbns.name_flags.act', 0x0400],
      ['nbns.name_flags.prm', 0x0200],
    ].forEach(([name, mask]) => tree.add(name as string, msg.abs(p + 16), 2, flags & (mask as number) ? 1 : 0));
    tree.close();
    p += 18;
  }
  for (const [field, size] of STATISTICS) {
    if (p >= end) break;
    const value = size === 6 ? msg.bytes(p, 6) : size === 4 ? msg.u32(p) : size === 2 ? msg.u16(p) : msg.u8(p);
    tree.add(field, msg.abs(p), size, value);
    p += size;
  }
}
