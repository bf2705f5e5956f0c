import { registerFields } from '../../fields/registry';
import { registerPort, type Dissector, SMB_YIELDS } from '../api';
import { readNetbiosName } from '../nbns/netbios-name';
import { dissectSmbMailslot, isSmb } from '../smb/smb';
import { field } from '../../fields/define';

// RFC 1002 §4.4.1.
const TYPES: Record<number, string> = {
  0x10: 'Direct_unique datagram',
  0x11: 'Direct_group datagram',
  0x12: 'Broadcast datagram',
  0x13: 'Datagram error',
  0x14: 'Datagram query request',
  0x15: 'Datagram positive query response',
  0x16: 'Datagram negative query response',
};
const NODE_TYPES: Record<number, string> = { 0: 'B node', 1: 'P node', 2: 'M node', 3: 'NBDD' };
const ERRORS: Record<number, string> = {
  0x82: 'Destination name not present',
  0x83: 'Invalid source name format',
  0x84: 'Invalid destination name format',
};

registerFields([
  field('nbdgm', 'NetBIOS Datagram Service', 'protocol'),
  field('nbdgm.type', 'Message Type', 'uint', { values: TYPES }),
  field('nbdgm.flags', 'Flags', 'hex8'),
  field('nbdgm.next', 'More fragments follow', 'bool'),
  field('nbdgm.first', 'This is first fragment', 'bool'),
  field('nbdgm.node_type', 'Node Type', 'uint', { values: NODE_TYPES }),
  field('nbdgm.dgram_id', 'Datagram ID', 'hex16'),
  field('nbdgm.src.ip', 'Source IP', 'ipv4'),
  field('nbdgm.src.port', 'Source Port', 'uint'),
  field('nbdgm.dgram_len', 'Datagram length', 'uint'),
  field('nbdgm.pkt_offset', 'Packet offset', 'uint'),
  field('nbdgm.source_name', 'Source name', 'string'),
  field('nbdgm.destination_name', 'Destination name', 'string'),
  field('nbdgm.error_code', 'Error code', 'hex8', { values: ERRORS }),
]);

const DIRECT_UNIQUE = 0x10;
const BROADCAST = 0x12;
const ERROR = 0x13;

/** NetBIOS datagram service (RFC 1002 §4.4) on UDP port 138; its user data is usually an SMB mailslot write. */
export const nbds: Dissector = {
  name: 'nbdgm',
  yields: ['nbdgm', ...SMB_YIELDS],
  datagram(data, ctx) {
    const { tree, columns } = ctx;
    const type = data.u8(0);
    columns.protocol = 'NBDS';
    columns.info = TYPES[type] ?? 'Unknown message type';
    tree.open('nbdgm', data.abs(0), data.length);
    tree.add('nbdgm.type', data.abs(0), 1, type);
    const flags = data.u8(1);
    tree.open('nbdgm.flags', data.abs(1), 1, undefined, flags);
    tree.add('nbdgm.next', data.abs(1), 1, flags & 1);
    tree.add('nbdgm.first', data.abs(1), 1, (flags >> 1) & 1);
    tree.add('nbdgm.node_type', data.abs(1), 1, (flags >> 2) & 3);
    tree.close();
    tree.add('nbdgm.dgram_id', data.abs(2), 2, data.u16(2));
    tree.add('nbdgm.src.ip', data.abs(4), 4, data.u32(4));
    tree.add('nbdgm.src.port', data.abs(8), 2, data.u16(8));
    if (type >= DIRECT_UNIQUE && type <= BROADCAST) {
      tree.add('nbdgm.dgram_len', data.abs(10), 2, data.u16(10));
      tree.add('nbdgm.pkt_offset', data.abs(12), 2, data.u16(12));
      const source = readNetbiosName(data, 14);
      tree.add('nbdgm.source_name', data.abs(14), source.length, source.text);
      const destination = readNetbiosName(data, 14 + source.length);
      tree.add('nbdgm.destination_name', data.abs(14 + source.length), destination.length, destination.text);
      tree.close();
      const user = data.sub(14 + source.length + destination.length);
      if (isSmb(user)) dissectSmbMailslot(user, ctx);
      return;
    }
    if (type === ERROR) tree.add('nbdgm.error_code', data.abs(10), 1, data.u8(10));
    else {
      const destination = readNetbiosName(data, 10);
      tree.add('nbdgm.destination_name', data.abs(10), destination.length, destination.text);
    }
    tree.close();
  },
};

registerPort('udp', 138, nbds);
