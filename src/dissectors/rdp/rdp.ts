import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { dissectorNamed, ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import { addData } from '../data/data';
import { bitLine } from '../bit-line';
import { cotpData, cotpParameters } from './cotp';
import { field } from '../../fields/define';

// X.224 (ISO 8073) TPDU codes, the high nibble of the second octet.
const TPDU_TYPES: Record<number, string> = {
  0x0e: 'CR Connect Request',
  0x0d: 'CC Connect Confirm',
  0x08: 'DR Disconnect Request',
  0x0c: 'DC Disconnect Confirm',
  0x0f: 'DT Data',
  0x07: 'ER TPDU Error',
};
const CONNECT_REQUEST = 0x0e;
const CONNECT_CONFIRM = 0x0d;
const DATA = 0x0f;
const RDP_PORT = 3389;
const ISO_TSAP_PORT = 102;
// MS-RDPBCGR 2.2.1.1.1, 2.2.1.2.1, 2.2.1.2.2.
const NEG_TYPES: Record<number, string> = {
  1: 'RDP Negotiation Request',
  2: 'RDP Negotiation Response',
  3: 'RDP Negotiation Failure',
};
const PROTOCOLS: Record<number, string> = {
  0: 'Standard RDP Security',
  1: 'TLS 1.0, 1.1 or 1.2',
  2: 'CredSSP',
  4: 'RDSTLS',
  8: 'CredSSP with Early User Authorization Result PDU',
};
const FAILURES: Record<number, string> = {
  1: 'TLS required by server',
  2: 'TLS not allowed by server',
  3: 'TLS certificate not on server',
  4: 'Inconsistent flags',
  5: 'Server requires Enhanced RDP Security with CredSSP',
  6: 'Server requires Enhanced RDP Security with TLS and certificate-based client authentication',
};
const REQUESTED = [
  ['ssl', 'TLS security supported'],
  ['hybrid', 'CredSSP supported'],
  ['rdstls', 'RDSTLS supported'],
  ['hybrid_ex', 'CredSSP with Early User Authorization Result PDU supported'],
] as const;
const RESPONSE_FLAGS = [
  ['extended_client_data_supported', 'Extended Client Data Blocks supported', 0x01],
  ['dynvc_gfx_protocol_supported', 'Graphics Pipeline Extension Protocol supported', 0x02],
  ['restricted_admin_mode_supported', 'Restricted admin mode supported', 0x08],
  ['restricted_authentication_mode_supported', 'Restricted authentication mode supported', 0x10],
] as const;
const TRUE_FALSE: [string, string] = ['False', 'True'];

registerFields([
  field('tpkt', 'TPKT - ISO on TCP - RFC1006', 'protocol'),
  field('tpkt.version', 'Version', 'uint', { bits: 8 }),
  field('tpkt.reserved', 'Reserved', 'uint', { bits: 8 }),
  field('tpkt.length', 'Length', 'uint', { bits: 16 }),
  field('cotp', 'ISO 8073/X.224 COTP Connection-Oriented Transport Protocol', 'protocol'),
  field('cotp.li', 'Length', 'uint', { bits: 8 }),
  field('cotp.type', 'PDU Type', 'hex8', { values: TPDU_TYPES }),
  field('cotp.destref', 'Destination reference', 'hex16'),
  field('cotp.srcref', 'Source reference', 'hex16'),
  field('cotp.class', 'Class', 'uint', { bits: 8 }),
  field('cotp.opts.extended_formats', 'Extended formats', 'bool', { boolLabels: TRUE_FALSE }),
  field('cotp.opts.no_explicit_flow_control', 'No explicit flow control', 'bool', { boolLabels: TRUE_FALSE }),
  field('rdp', 'Remote Desktop Protocol', 'protocol'),
  field('rdp.rt_cookie', 'Routing Token/Cookie', 'string'),
  field('rdp.neg_type', 'Type', 'hex8', { values: NEG_TYPES }),
  field('rdp.negReq.flags', 'Flags', 'hex8'),
  field('rdp.negReq.flags.restricted_admin_mode_req', 'Restricted admin mode required', 'bool'),
  field('rdp.negReq.flags.correlation_info_present', 'Correlation info present', 'bool'),
  field('rdp.neg_length', 'Length', 'uint', { bits: 16 }),
  field('rdp.negReq.requestedProtocols', 'requestedProtocols', 'hex32'),
  ...REQUESTED.map(([name, label]) => field(`rdp.negReq.requestedProtocols.${name}`, label, 'bool')),
  field('rdp.negRsp.flags', 'Flags', 'hex8'),
  ...RESPONSE_FLAGS.map(([name, label]) => field(`rdp.negRsp.flags.${name}`, label, 'bool')),
  field('rdp.negReq.selectedProtocol', 'selectedProtocol', 'hex32', { values: PROTOCOLS }),
  field('rdp.negFailure.failureCode', 'failureCode', 'hex32', { values: FAILURES }),
]);

const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;
const flag = (v: number, mask: number, width: number, label: string) =>
  `${bitLine(v, mask, width)} = ${label}: ${v & mask ? 'True' : 'False'}`;

/**
 * TPKT (RFC 1006) on TCP 3389 carrying X.224 (ISO 8073 class 0) TPDUs; in a Connection Request or Confirm,
 * RDP's negotiation (MS-RDPBCGR 2.2.1.1-2.2.1.2): the routing cookie, the security protocols asked for and chosen.
 * Once negotiated, the connection continues in TLS, which the TLS dissector reads.
 */
export const tpkt: Dissector = {
  name: 'tpkt',
  yields: ['tpkt', 'cotp', 'rdp', 's7comm', 'data'],
  stream(data, ctx) {
    if (data.u8(0) !== 3) {
      // RDP continues in TLS after the negotiation; other ISO transport users have no such second protocol.
      const tls = isRdp(ctx) ? dissectorNamed('tls') : undefined;
      if (tls?.stream) return tls.stream(data, ctx);
      addData(ctx.tree, data);
      return data.length;
    }
    if (data.length < 4) return { more: ONE_MORE_SEGMENT };
    const length = data.u16(2);
    if (length < 4) return data.length;
    if (data.length < length) return { more: length - data.length };
    const { tree } = ctx;
    const line = `TPKT, Version: 3, Length: ${length}`;
    // On RDP's port tshark lists the TPKT layer in frame.protocols for the server's packets only, though both
    // have its item (-Y tpkt finds them).
    const item = tree.open('tpkt', data.abs(0), 4, line);
    if (ctx.side === 0 && isRdp(ctx)) item.unlisted = true;
    tree.add('tpkt.version', data.abs(0), 1, 3);
    tree.add('tpkt.reserved', data.abs(1), 1, data.u8(1));
    tree.add('tpkt.length', data.abs(2), 2, length);
    tree.close();
    cotp(data.sub(4, length - 4), ctx);
    return length;
  },
};

registerPort('tcp', RDP_PORT, tpkt);
// ISO-TSAP (RFC 1006): Siemens S7 PLCs and other ISO transport users.
registerPort('tcp', ISO_TSAP_PORT, tpkt);

const isRdp = (ctx: PacketContext) => ctx.srcPort === RDP_PORT || ctx.dstPort === RDP_PORT;

function cotp(data: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  const li = data.u8(0);
  const type = data.u8(1) >> 4;
  ctx.columns.protocol = 'COTP';
  ctx.columns.info = TPDU_TYPES[type] ?? `Unknown TPDU ${hex(type, 2)}`;
  tree.open('cotp', data.abs(0), li + 1);
  tree.add('cotp.li', data.abs(0), 1, li);
  tree.add('cotp.type', data.abs(1), 1, type, `PDU Type: ${TPDU_TYPES[type] ?? 'Unknown'} (${hex(type, 2)})`);
  if (type === DATA) return cotpData(data, li, ctx);
  if (type !== CONNECT_REQUEST && type !== CONNECT_CONFIRM) {
    tree.close();
    if (data.length > li + 1) addData(tree, data.sub(li + 1));
    return;
  }
  tree.add('cotp.destref', data.abs(2), 2, data.u16(2));
  tree.add('cotp.srcref', data.abs(4), 2, data.u16(4));
  const options = data.u8(6);
  tree.add('cotp.class', data.abs(6), 1, options >> 4, `${bitLine(options, 0xf0, 8)} = Class: ${options >> 4}`);
  tree.add('cotp.opts.extended_formats', data.abs(6), 1, (options >> 1) & 1, flag(options, 2, 8, 'Extended formats'));
  tree.add(
    'cotp.opts.no_explicit_flow_control',
    data.abs(6),
    1,
    options & 1,
    flag(options, 1, 8, 'No explicit flow control'),
  );
  if (!isRdp(ctx)) {
    cotpParameters(data, 7, li + 1, tree);
    tree.close();
    ctx.columns.info = `${type === CONNECT_REQUEST ? 'CR' : 'CC'} TPDU src-ref: ${hex(data.u16(4), 4)} dst-ref: ${hex(data.u16(2), 4)}`;
    if (data.length > li + 1) addData(tree, data.sub(li + 1));
    return;
  }
  tree.close();
  if (data.length > 7) rdpNegotiation(data.sub(7), type, ctx);
}

function rdpNegotiation(data: Bytes, tpdu: number, ctx: PacketContext): void {
  const { tree } = ctx;
  ctx.columns.protocol = 'RDP';
  tree.open('rdp', data.abs(0), data.length);
  const parts: string[] = [];
  let at = 0;
  const text = data.latin1(0, Math.min(data.length, 17));
  if (tpdu === CONNECT_REQUEST && (text.startsWith('Cookie: ') || text.startsWith('Cookie: msts'))) {
    const end = data.indexOf(0x0a);
    const lineEnd = end > 0 && data.u8(end - 1) === 0x0d ? end - 1 : end < 0 ? data.length : end;
    const cookie = data.latin1(0, lineEnd);
    tree.add('rdp.rt_cookie', data.abs(0), lineEnd, cookie);
    parts.push(cookie);
    at = end < 0 ? data.length : end + 1;
  }
  if (data.length - at >= 8) {
    const type = data.u8(at);
    const flags = data.u8(at + 1);
    const length = data.u16le(at + 2);
    const value = data.u32le(at + 4);
    tree.add('rdp.neg_type', data.abs(at), 1, type, `Type: ${NEG_TYPES[type] ?? 'Unknown'} (${hex(type, 2)})`);
    // A failure's flags are read as a request's (tshark files them under negReq).
    if (type !== 2) {
      tree.open('rdp.negReq.flags', data.abs(at + 1), 1, `Flags: ${hex(flags, 2)}`, flags);
      tree.add(
        'rdp.negReq.flags.restricted_admin_mode_req',
        data.abs(at + 1),
        1,
        flags & 1,
        flag(flags, 1, 8, 'Restricted admin mode required'),
      );
      tree.add(
        'rdp.negReq.flags.correlation_info_present',
        data.abs(at + 1),
        1,
        (flags >> 3) & 1,
        flag(flags, 8, 8, 'Correlation info present'),
      );
      tree.close();
    } else {
      tree.open('rdp.negRsp.flags', data.abs(at + 1), 1, undefined, flags);
      for (const [name, label, mask] of RESPONSE_FLAGS)
        tree.add(`rdp.negRsp.flags.${name}`, data.abs(at + 1), 1, flags & mask ? 1 : 0, flag(flags, mask, 8, label));
      tree.close();
    }
    tree.add('rdp.neg_length', data.abs(at + 2), 2, length);
    if (type === 1) {
      tree.open('rdp.negReq.requestedProtocols', data.abs(at + 4), 4, undefined, value);
      REQUESTED.forEach(([name, label], bit) =>
        tree.add(
          `rdp.negReq.requestedProtocols.${name}`,
          data.abs(at + 4),
          4,
          (value >> bit) & 1,
          flag(value, 1 << bit, 32, label),
        ),
      );
      tree.close();
      parts.push('Negotiate Request');
    } else if (type === 2) {
      tree.add('rdp.negReq.selectedProtocol', data.abs(at + 4), 4, value);
      parts.push('Negotiate Response');
    } else if (type === 3) {
      tree.add('rdp.negFailure.failureCode', data.abs(at + 4), 4, value);
      parts.push(`Negotiate Failure, failureCode ${FAILURES[value] ?? `Unknown (${hex(value, 8)})`}`);
    }
  }
  tree.close();
  if (parts.length) ctx.columns.info = parts.join(', ');
}
