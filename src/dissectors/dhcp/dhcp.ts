import { registerFields } from '../../fields/registry';
import { registerPort, type Dissector } from '../api';
import { field } from '../../fields/define';

const MESSAGE_TYPES: Record<number, string> = {
  1: 'Discover',
  2: 'Offer',
  3: 'Request',
  4: 'Decline',
  5: 'ACK',
  6: 'NAK',
  7: 'Release',
  8: 'Inform',
  9: 'Force Renew',
  10: 'Lease query',
  11: 'Lease Unassigned',
  12: 'Lease Unknown',
  13: 'Lease Active',
};

registerFields([
  field('dhcp', 'Dynamic Host Configuration Protocol', 'protocol'),
  field('dhcp.type', 'Message type', 'uint', { values: { 1: 'Boot Request', 2: 'Boot Reply' } }),
  field('dhcp.hw.type', 'Hardware type', 'hex8'),
  field('dhcp.hw.len', 'Hardware address length', 'uint'),
  field('dhcp.hops', 'Hops', 'uint'),
  field('dhcp.id', 'Transaction ID', 'hex32'),
  field('dhcp.secs', 'Seconds elapsed', 'uint'),
  field('dhcp.flags', 'Bootp flags', 'hex16'),
  field('dhcp.ip.client', 'Client IP address', 'ipv4'),
  field('dhcp.ip.your', 'Your (client) IP address', 'ipv4'),
  field('dhcp.ip.server', 'Next server IP address', 'ipv4'),
  field('dhcp.ip.relay', 'Relay agent IP address', 'ipv4'),
  field('dhcp.hw.mac_addr', 'Client MAC address', 'ether'),
  field('dhcp.server', 'Server host name', 'string'),
  field('dhcp.file', 'Boot file name', 'string'),
  field('dhcp.cookie', 'Magic cookie', 'ipv4'),
  field('dhcp.option.type', 'Option', 'uint'),
  field('dhcp.option.length', 'Length', 'uint'),
  field('dhcp.option.value', 'Value', 'bytes'),
  field('dhcp.option.dhcp', 'DHCP', 'uint', { values: MESSAGE_TYPES }),
  field('dhcp.option.requested_ip_address', 'Requested IP Address', 'ipv4'),
  field('dhcp.option.dhcp_server_id', 'DHCP Server Identifier', 'ipv4'),
  field('dhcp.option.ip_address_lease_time', 'IP Address Lease Time', 'uint'),
  field('dhcp.option.subnet_mask', 'Subnet Mask', 'ipv4'),
  field('dhcp.option.router', 'Router', 'ipv4'),
  field('dhcp.option.domain_name_server', 'Domain Name Server', 'ipv4'),
  field('dhcp.option.hostname', 'Host Name', 'string'),
  field('dhcp.option.domain_name', 'Domain Name', 'string'),
  field('dhcp.option.end', 'Option End', 'uint'),
]);

// Options whose value is one or more IPv4 addresses, a 32-bit number, or text, by option code.
const ADDRESS_OPTIONS: Record<number, string> = {
  1: 'dhcp.option.subnet_mask',
  3: 'dhcp.option.router',
  6: 'dhcp.option.domain_name_server',
  50: 'dhcp.option.requested_ip_address',
  54: 'dhcp.option.dhcp_server_id',
};
const TEXT_OPTIONS: Record<number, string> = { 12: 'dhcp.option.hostname', 15: 'dhcp.option.domain_name' };

const MAGIC_COOKIE = 0x63825363;

/** DHCP (RFC 2131) / BOOTP with its options (RFC 2132). */
export const dhcp: Dissector = {
  name: 'dhcp',
  yields: ['dhcp'],
  datagram(data, ctx) {
    const { tree, columns } = ctx;
    const op = data.u8(0);
    const hwLen = data.u8(2);
    const xid = data.u32(4);
    tree.open('dhcp', data.abs(0), data.length);
    tree.add('dhcp.type', data.abs(0), 1, op);
    tree.add('dhcp.hw.type', data.abs(1), 1, data.u8(1));
    tree.add('dhcp.hw.len', data.abs(2), 1, hwLen);
    tree.add('dhcp.hops', data.abs(3), 1, data.u8(3));
    tree.add('dhcp.id', data.abs(4), 4, xid);
    tree.add('dhcp.secs', data.abs(8), 2, data.u16(8));
    tree.add('dhcp.flags', data.abs(10), 2, data.u16(10));
    ['dhcp.ip.client', 'dhcp.ip.your', 'dhcp.ip.server', 'dhcp.ip.relay'].forEach((name, i) =>
      tree.add(name, data.abs(12 + 4 * i), 4, data.u32(12 + 4 * i)),
    );
    if (data.u8(1) === 1 && hwLen === 6) tree.add('dhcp.hw.mac_addr', data.abs(28), 6, data.bytes(28, 6));
    tree.add('dhcp.server', data.abs(44), 64, cText(data.bytes(44, 64)));
    tree.add('dhcp.file', data.abs(108), 128, cText(data.bytes(108, 128)));
    let messageType: number | undefined;
    if (data.length >= 240 && data.u32(236) === MAGIC_COOKIE) {
      tree.add('dhcp.cookie', data.abs(236), 4, MAGIC_COOKIE);
      for (let p = 240; p < data.length;) {
        const code = data.u8(p);
        if (code === 0) {
          p++;
          continue;
        }
        if (code === 255) {
          tree.add('dhcp.option.end', data.abs(p), 1, 255);
          break;
        }
        const len = data.u8(p + 1);
        const value = data.sub(p + 2, len);
        tree.openText(`Option: (${code})`, data.abs(p), len + 2);
        tree.add('dhcp.option.type', data.abs(p), 1, code);
        tree.add('dhcp.option.length', data.abs(p + 1), 1, len);
        if (code === 53 && len >= 1) {
          messageType = value.u8(0);
          tree.add('dhcp.option.dhcp', value.abs(0), 1, messageType);
        } else if (ADDRESS_OPTIONS[code]) {
          for (let q = 0; q + 4 <= len; q += 4) tree.add(ADDRESS_OPTIONS[code], value.abs(q), 4, value.u32(q));
        } else if (code === 51 && len === 4) {
          tree.add('dhcp.option.ip_address_lease_time', value.abs(0), 4, value.u32(0));
        } else if (TEXT_OPTIONS[code]) {
          tree.add(TEXT_OPTIONS[code], value.abs(0), len, value.text(0, len));
        } else {
          tree.add('dhcp.option.value', value.abs(0), len);
        }
        tree.close();
        p += 2 + len;
      }
    }
    tree.close();
    const id = `0x${xid.toString(16).padStart(8, '0')}`;
    if (messageType !== undefined) {
      columns.protocol = 'DHCP';
      columns.info = `DHCP ${(MESSAGE_TYPES[messageType] ?? 'Unknown').padEnd(8)} - Transaction ID ${id}`;
    } else {
      columns.protocol = 'BOOTP';
      columns.info = `${op === 1 ? 'Boot Request' : 'Boot Reply'} - Transaction ID ${id}`;
    }
  },
};

registerPort('udp', 67, dhcp);
registerPort('udp', 68, dhcp);

/** A NUL-padded text field. */
function cText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? b : b.subarray(0, nul));
}
