import { registerFields } from '../../fields/registry';
import { ipv6 } from '../../fields/format';
import type { Bytes } from '../bytes';
import { registerPort, type Dissector } from '../api';
import type { Columns } from '../core-columns';
import { words } from '../format';
import type { TreeBuilder } from '../tree';
import { readName } from '../dns/names';
import { OPTION_NAMES } from './options';
import { field } from '../../fields/define';

// RFC 8415 §7.3 and later registrations.
const MESSAGE_TYPES: Record<number, string> = {
  1: 'Solicit',
  2: 'Advertise',
  3: 'Request',
  4: 'Confirm',
  5: 'Renew',
  6: 'Rebind',
  7: 'Reply',
  8: 'Release',
  9: 'Decline',
  10: 'Reconfigure',
  11: 'Information-request',
  12: 'Relay-forw',
  13: 'Relay-reply',
  14: 'Leasequery',
  15: 'Leasequery-reply',
  16: 'Leasequery-done',
  17: 'Leasequery-data',
  18: 'Reconfigure-request',
  19: 'Reconfigure-reply',
};
const STATUS_CODES: Record<number, string> = {
  0: 'Success',
  1: 'UnspecFail',
  2: 'NoAddrAvail',
  3: 'NoBinding',
  4: 'NotOnLink',
  5: 'UseMulticast',
  6: 'NoPrefixAvail',
  7: 'UnknownQueryType',
  8: 'MalformedQuery',
  9: 'NotConfigured',
  10: 'NotAllowed',
  11: 'QueryTerminated',
  12: 'DataMissing',
  13: 'CatchUpComplete',
  14: 'NotSupported',
};
const DUID_TYPES: Record<number, string> = {
  1: 'link-layer address plus time',
  2: 'assigned by vendor based on Enterprise number',
  3: 'link-layer address',
  4: 'Universally Unique Identifier (UUID)',
};

registerFields([
  field('dhcpv6', 'DHCPv6', 'protocol'),
  field('dhcpv6.msgtype', 'Message type', 'uint', { values: MESSAGE_TYPES }),
  field('dhcpv6.hopcount', 'Hopcount', 'uint'),
  field('dhcpv6.xid', 'Transaction ID', 'hex24'),
  field('dhcpv6.linkaddr', 'Link address', 'ipv6'),
  field('dhcpv6.peeraddr', 'Peer address', 'ipv6'),
  field('dhcpv6.option.type', 'Option', 'uint', { values: OPTION_NAMES }),
  field('dhcpv6.option.length', 'Length', 'uint'),
  field('dhcpv6.option.type_str', 'Option', 'string'),
  field('dhcpv6.duid.bytes', 'DUID', 'bytes'),
  field('dhcpv6.duid.type', 'DUID Type', 'uint', { values: DUID_TYPES }),
  field('dhcpv6.duidllt.hwtype', 'Hardware type', 'uint'),
  field('dhcpv6.duidllt.time', 'DUID Time', 'abstime'),
  field('dhcpv6.duidllt.link_layer_addr', 'Link-layer address', 'string'),
  field('dhcpv6.duidll.hwtype', 'Hardware type', 'uint'),
  field('dhcpv6.duidll.link_layer_addr', 'Link-layer address', 'string'),
  field('dhcpv6.duiden.enterprise', 'Enterprise ID', 'uint'),
  field('dhcpv6.duiden.identifier', 'Identifier', 'bytes'),
  field('dhcpv6.duiduuid.bytes', 'UUID', 'bytes'),
  field('dhcpv6.iaid', 'IAID', 'string'),
  field('dhcpv6.iaid.t1', 'T1', 'uint'),
  field('dhcpv6.iaid.t2', 'T2', 'uint'),
  field('dhcpv6.iata', 'IATA', 'string'),
  field('dhcpv6.iaaddr.ip', 'IPv6 address', 'ipv6'),
  field('dhcpv6.iaaddr.pref_lifetime', 'Preferred lifetime', 'uint'),
  field('dhcpv6.iaaddr.valid_lifetime', 'Valid lifetime', 'uint'),
  field('dhcpv6.iaprefix.pref_lifetime', 'Preferred lifetime', 'uint'),
  field('dhcpv6.iaprefix.valid_lifetime', 'Valid lifetime', 'uint'),
  field('dhcpv6.iaprefix.pref_len', 'Prefix length', 'uint'),
  field('dhcpv6.iaprefix.pref_addr', 'Prefix address', 'ipv6'),
  field('dhcpv6.requested_option_code', 'Requested Option code', 'uint', { values: OPTION_NAMES }),
  field('dhcpv6.option_preference', 'Pref-value', 'uint'),
  field('dhcpv6.elapsed_time', 'Elapsed time', 'uint'),
  field('dhcpv6.unicast', 'IPv6 address', 'ipv6'),
  field('dhcpv6.status_code', 'Status Code', 'uint', { values: STATUS_CODES }),
  field('dhcpv6.status_msg', 'Status Message', 'string'),
  field('dhcpv6.vendorclass.enterprise', 'Enterprise ID', 'uint'),
  field('dhcpv6.vendorclass.data', 'vendor-class-data', 'string'),
  field('dhcpv6.vendoropts.enterprise', 'Enterprise ID', 'uint'),
  field('dhcpv6.interface_id', 'Interface-ID', 'bytes'),
  field('dhcpv6.reconf_msg', 'Reconfigure message type', 'uint', { values: MESSAGE_TYPES }),
  field('dhcpv6.dns_server', 'DNS server address', 'ipv6'),
  field('dhcpv6.sntp_server', 'SNTP server address', 'ipv6'),
  field('dhcpv6.search_list_entry', 'List entry', 'string'),
  field('dhcpv6.client_fqdn_flags', 'Flags', 'hex8'),
  field('dhcpv6.clientfqdn.client.n', 'N bit', 'bool'),
  field('dhcpv6.clientfqdn.client.s', 'S bit', 'bool'),
  field('dhcpv6.client_domain', 'Client Domain Name', 'string'),
  field('dhcpv6.ntpserver.option.type', 'Suboption', 'uint', {
    values: {
      1: 'NTP Server Address',
      2: 'NTP Multicast Address',
      3: 'NTP Server FQDN',
    },
  }),
  field('dhcpv6.ntpserver.option.length', 'Length', 'uint'),
  field('dhcpv6.ntpserver.addr', 'NTP Server Address', 'ipv6'),
  field('dhcpv6.ntpserver.mc_addr', 'NTP Multicast Address', 'ipv6'),
  field('dhcpv6.ntpserver.fqdn', 'NTP Server FQDN', 'string'),
]);

const RELAY_FORW = 12;
const RELAY_REPLY = 13;
const RECONFIGURE_MESSAGE = 19;
/** DUID-LLT times count from 2000-01-01 00:00 UTC (RFC 8415 §11.2). */
const DUID_EPOCH = 946_684_800n;

/** DHCPv6 (RFC 8415) on UDP ports 546 (client) and 547 (server, relay). */
export const dhcpv6: Dissector = {
  name: 'dhcpv6',
  yields: ['dhcpv6'],
  datagram(data, ctx) {
    ctx.columns.protocol = 'DHCPv6';
    ctx.columns.info = '';
    ctx.tree.open('dhcpv6', data.abs(0), data.length);
    message(data, ctx.tree, ctx.columns);
    ctx.tree.close();
  },
};

registerPort('udp', 546, dhcpv6);
registerPort('udp', 547, dhcpv6);

/** One message: a relay's header then options (a Relay Message option nests the next message). */
function message(data: Bytes, tree: TreeBuilder, columns: Columns): void {
  const type = data.u8(0);
  tree.add('dhcpv6.msgtype', data.abs(0), 1, type);
  const name = MESSAGE_TYPES[type] ?? `Message Type ${type}`;
  columns.info += `${name} `;
  let p = 4;
  if (type === RELAY_FORW || type === RELAY_REPLY) {
    tree.add('dhcpv6.hopcount', data.abs(1), 1, data.u8(1));
    const link = data.bytes(2, 16);
    tree.add('dhcpv6.linkaddr', data.abs(2), 16, link);
    tree.add('dhcpv6.peeraddr', data.abs(18), 16, data.bytes(18, 16));
    columns.info += `L: ${ipv6(words(link))} `;
    p = 34;
  } else {
    const xid = data.u24(1);
    tree.add('dhcpv6.xid', data.abs(1), 3, xid);
    columns.info += `XID: 0x${xid.toString(16).padStart(6, '0')} `;
  }
  options(data, p, data.length, tree, columns);
}

/** Options from `p` to `end`; an option longer than what remains ends the list, as tshark leaves it. */
function options(data: Bytes, p: number, end: number, tree: TreeBuilder, columns: Columns): void {
  while (p + 4 <= end) {
    const code = data.u16(p);
    const length = data.u16(p + 2);
    if (p + 4 + length > end) break;
    const name = OPTION_NAMES[code] ?? `DHCP option ${code}`;
    tree.openText(name, data.abs(p), 4 + length);
    tree.add('dhcpv6.option.type', data.abs(p), 2, code);
    tree.add('dhcpv6.option.length', data.abs(p + 2), 2, length);
    tree.add('dhcpv6.option.type_str', data.abs(p), 2, name);
    // tshark reads a reconfigure message's byte whatever the length says (past an empty option, too), and
    // shows it only when the length is right.
    if (code === RECONFIGURE_MESSAGE) {
      const value = data.u8(p + 4);
      if (length === 1) tree.add('dhcpv6.reconf_msg', data.abs(p + 4), 1, value);
    } else {
      option(data.sub(p + 4, length), code, tree, columns);
    }
    tree.close();
    p += 4 + length;
  }
}

function option(v: Bytes, code: number, tree: TreeBuilder, columns: Columns): void {
  const n = v.length;
  const ipv6List = (field: string) => {
    for (let q = 0; q + 16 <= n; q += 16) tree.add(field, v.abs(q), 16, v.bytes(q, 16));
  };
  switch (code) {
    case 1:
    case 2:
      duid(v, tree);
      if (code === 1) columns.info += `CID: ${hex(v.bytes(0, n))} `;
      return;
    case 3:
    case 25:
      if (n < 12) return;
      tree.add('dhcpv6.iaid', v.abs(0), 4, hex(v.bytes(0, 4)));
      tree.add('dhcpv6.iaid.t1', v.abs(4), 4, v.u32(4));
      tree.add('dhcpv6.iaid.t2', v.abs(8), 4, v.u32(8));
      options(v, 12, n, tree, columns);
      return;
    case 4:
      if (n < 4) return;
      tree.add('dhcpv6.iata', v.abs(0), 4, hex(v.bytes(0, 4)));
      options(v, 4, n, tree, columns);
      return;
    case 5: {
      if (n < 24) return;
      const address = v.bytes(0, 16);
      tree.add('dhcpv6.iaaddr.ip', v.abs(0), 16, address);
      tree.add('dhcpv6.iaaddr.pref_lifetime', v.abs(16), 4, v.u32(16));
      tree.add('dhcpv6.iaaddr.valid_lifetime', v.abs(20), 4, v.u32(20));
      columns.info += `IAA: ${ipv6(words(address))} `;
      options(v, 24, n, tree, columns);
      return;
    }
    case 26: {
      if (n < 25) return;
      tree.add('dhcpv6.iaprefix.pref_lifetime', v.abs(0), 4, v.u32(0));
      tree.add('dhcpv6.iaprefix.valid_lifetime', v.abs(4), 4, v.u32(4));
      tree.add('dhcpv6.iaprefix.pref_len', v.abs(8), 1, v.u8(8));
      tree.add('dhcpv6.iaprefix.pref_addr', v.abs(9), 16, v.bytes(9, 16));
      options(v, 25, n, tree, columns);
      return;
    }
    case 6:
      for (let q = 0; q + 2 <= n; q += 2) tree.add('dhcpv6.requested_option_code', v.abs(q), 2, v.u16(q));
      return;
    case 7:
      if (n >= 1) tree.add('dhcpv6.option_preference', v.abs(0), 1, v.u8(0));
      return;
    case 8:
      // Hundredths of a second on the wire; tshark keeps milliseconds.
      if (n >= 2) tree.add('dhcpv6.elapsed_time', v.abs(0), 2, v.u16(0) * 10);
      return;
    case 9:
      tree.open('dhcpv6', v.abs(0), n);
      message(v, tree, columns);
      tree.close();
      return;
    case 12:
      if (n >= 16) tree.add('dhcpv6.unicast', v.abs(0), 16, v.bytes(0, 16));
      return;
    case 13:
      tree.add('dhcpv6.status_code', v.abs(0), 2, v.u16(0));
      tree.add('dhcpv6.status_msg', v.abs(2), n - 2, v.text(2, n - 2));
      return;
    case 16: {
      tree.add('dhcpv6.vendorclass.enterprise', v.abs(0), 4, v.u32(0));
      for (let q = 4; q + 2 <= n;) {
        const len = v.u16(q);
        tree.add('dhcpv6.vendorclass.data', v.abs(q + 2), len, v.text(q + 2, len));
        q += 2 + len;
      }
      return;
    }
    case 17:
      tree.add('dhcpv6.vendoropts.enterprise', v.abs(0), 4, v.u32(0));
      return;
    case 18:
      tree.add('dhcpv6.interface_id', v.abs(0), n, v.bytes(0, n));
      return;
    case 23:
      ipv6List('dhcpv6.dns_server');
      return;
    case 31:
      ipv6List('dhcpv6.sntp_server');
      return;
    case 24:
      for (const entry of domainList(v))
        tree.add('dhcpv6.search_list_entry', v.abs(entry.at), entry.length, entry.text);
      return;
    case 39: {
      const flags = v.u8(0);
      tree.open('dhcpv6.client_fqdn_flags', v.abs(0), 1, undefined, flags);
      tree.add('dhcpv6.clientfqdn.client.n', v.abs(0), 1, (flags >> 2) & 1);
      tree.add('dhcpv6.clientfqdn.client.s', v.abs(0), 1, flags & 1);
      tree.close();
      for (const entry of domainList(v.sub(1)))
        tree.add('dhcpv6.client_domain', v.abs(1 + entry.at), entry.length, entry.text);
      return;
    }
    case 56:
      for (let q = 0; q + 4 <= n;) {
        const sub = v.u16(q);
        const len = v.u16(q + 2);
        tree.add('dhcpv6.ntpserver.option.type', v.abs(q), 2, sub);
        tree.add('dhcpv6.ntpserver.option.length', v.abs(q + 2), 2, len);
        if (sub === 1 && len === 16) tree.add('dhcpv6.ntpserver.addr', v.abs(q + 4), 16, v.bytes(q + 4, 16));
        else if (sub === 2 && len === 16) tree.add('dhcpv6.ntpserver.mc_addr', v.abs(q + 4), 16, v.bytes(q + 4, 16));
        else if (sub === 3)
          for (const entry of domainList(v.sub(q + 4, len)))
            tree.add('dhcpv6.ntpserver.fqdn', v.abs(q + 4 + entry.at), entry.length, entry.text);
        q += 4 + len;
      }
  }
}

/** A DUID (RFC 8415 §11) with its type's parts. */
function duid(v: Bytes, tree: TreeBuilder): void {
  const n = v.length;
  tree.add('dhcpv6.duid.bytes', v.abs(0), n, v.bytes(0, n));
  const type = v.u16(0);
  tree.add('dhcpv6.duid.type', v.abs(0), 2, type);
  if (type === 1 && n >= 8) {
    tree.add('dhcpv6.duidllt.hwtype', v.abs(2), 2, v.u16(2));
    tree.add('dhcpv6.duidllt.time', v.abs(4), 4, (BigInt(v.u32(4)) + DUID_EPOCH) * 1_000_000_000n);
    tree.add('dhcpv6.duidllt.link_layer_addr', v.abs(8), n - 8, colonHex(v.bytes(8, n - 8)));
  } else if (type === 2 && n >= 6) {
    tree.add('dhcpv6.duiden.enterprise', v.abs(2), 4, v.u32(2));
    tree.add('dhcpv6.duiden.identifier', v.abs(6), n - 6, v.bytes(6, n - 6));
  } else if (type === 3 && n >= 4) {
    tree.add('dhcpv6.duidll.hwtype', v.abs(2), 2, v.u16(2));
    tree.add('dhcpv6.duidll.link_layer_addr', v.abs(4), n - 4, colonHex(v.bytes(4, n - 4)));
  } else if (type === 4 && n === 18) {
    tree.add('dhcpv6.duiduuid.bytes', v.abs(2), 16, v.bytes(2, 16));
  }
}

/** Uncompressed DNS names back to back (RFC 8415 §10), each written with its final dot, as tshark lists them. */
function domainList(v: Bytes): { at: number; length: number; text: string }[] {
  const out: { at: number; length: number; text: string }[] = [];
  for (let q = 0; q < v.length;) {
    const name = readName(v.sub(q), 0);
    out.push({ at: q, length: name.length, text: name.labels ? `${name.text}.` : '' });
    q += name.length;
  }
  return out;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function colonHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}
