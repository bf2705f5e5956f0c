import { Malformed, type Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { GTPV2_IES, GTPV2_MESSAGES } from '../../fields/gtp-names';
import { apnText, imsi, msisdn } from './digits';

const IE_HEADER = 4;

/** GTPv2-C (TS 29.274 §5.1): flags(1) type(1) length(2) [teid(4) when T] seq(3) spare(1), then IEs. */
export function gtpV2(data: Bytes, ctx: PacketContext): { type: number; seq: number } {
  const { tree } = ctx;
  const flags = data.u8(0);
  const type = data.u8(1);
  const length = data.u16(2);
  const name = GTPV2_MESSAGES[type] ?? 'Unknown';
  ctx.columns.protocol = 'GTPv2';
  ctx.columns.info = name;
  // Wireshark's GTP dissector hands version 2 to GTPv2: frame.protocols lists both.
  tree.layer('gtp');
  tree.open('gtpv2', data.abs(0), Math.min(data.length, 4 + length));
  tree.open('gtpv2.flags', data.abs(0), 1, undefined, flags);
  tree.add('gtpv2.version', data.abs(0), 1, flags >> 5);
  tree.add('gtpv2.p', data.abs(0), 1, (flags >> 4) & 1);
  tree.add('gtpv2.t', data.abs(0), 1, (flags >> 3) & 1);
  tree.add('gtpv2.mp', data.abs(0), 1, (flags >> 2) & 1);
  tree.close();
  tree.add('gtpv2.message_type', data.abs(1), 1, type);
  tree.add('gtpv2.msg_length', data.abs(2), 2, length);
  let at = 4;
  if (flags & 0x08) {
    tree.add('gtpv2.teid', data.abs(at), 4, data.u32(at));
    at += 4;
  }
  const seq = data.u24(at);
  tree.add('gtpv2.seq', data.abs(at), 3, seq);
  tree.add('gtpv2.spare', data.abs(at + 3), 1, data.u8(at + 3));
  at += 4;
  const end = Math.min(data.length, 4 + length);
  while (at < end) at = element(data, at, ctx);
  return { type, seq };
}

function element(data: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const type = data.u8(at);
  const len = data.u16(at + 1);
  const v = at + IE_HEADER;
  if (len > 0) data.u8(v + len - 1);
  else if (at + IE_HEADER > data.length) throw new Malformed('GTPv2 information element cut short');
  tree.openText(GTPV2_IES[type] ?? `Unknown IE (${type})`, data.abs(at), IE_HEADER + len);
  tree.add('gtpv2.ie_type', data.abs(at), 1, type);
  tree.add('gtpv2.ie_len', data.abs(at + 1), 2, len);
  tree.add('gtpv2.cr', data.abs(at + 3), 1, data.u8(at + 3) >> 4);
  tree.add('gtpv2.instance', data.abs(at + 3), 1, data.u8(at + 3) & 0x0f);
  const byte = data.u8(v);
  switch (type) {
    case 1:
      imsi(tree, data, v, len);
      break;
    case 2:
      tree.add('gtpv2.cause', data.abs(v), 1, byte);
      if (len >= 2) {
        const bits = data.u8(v + 1);
        tree.add('gtpv2.spare_b7_b3', data.abs(v + 1), 1, bits >> 3);
        tree.add('gtpv2.pce', data.abs(v + 1), 1, (bits >> 2) & 1);
        tree.add('gtpv2.bce', data.abs(v + 1), 1, (bits >> 1) & 1);
        tree.add('gtpv2.cs', data.abs(v + 1), 1, bits & 1);
      }
      break;
    case 3:
      tree.add('gtpv2.rec', data.abs(v), 1, byte);
      break;
    case 71:
      tree.add('gtpv2.apn', data.abs(v), len, apnText(data, v, len));
      break;
    case 73:
      tree.add('gtpv2.spare_bits', data.abs(v), 1, byte & 0xf0);
      tree.add('gtpv2.ebi', data.abs(v), 1, byte & 0x0f);
      break;
    case 76:
      msisdn(tree, data, v, len);
      break;
    case 79: {
      const pdn = byte & 7;
      tree.add('gtpv2.pdn_type', data.abs(v), 1, pdn);
      if (pdn === 1 && len >= 5) tree.add('gtpv2.pdn_addr_and_prefix.ipv4', data.abs(v + 1), 4, data.u32(v + 1));
      break;
    }
    case 82:
      tree.add('gtpv2.rat_type', data.abs(v), 1, byte);
      break;
    case 87: {
      tree.add('gtpv2.f_teid_v4', data.abs(v), 1, byte >> 7);
      tree.add('gtpv2.f_teid_v6', data.abs(v), 1, (byte >> 6) & 1);
      tree.add('gtpv2.f_teid_interface_type', data.abs(v), 1, byte & 0x3f);
      tree.add('gtpv2.f_teid_gre_key', data.abs(v + 1), 4, data.u32(v + 1));
      let p = v + 5;
      if (byte & 0x80) {
        tree.add('gtpv2.f_teid_ipv4', data.abs(p), 4, data.u32(p));
        p += 4;
      }
      if (byte & 0x40) tree.add('gtpv2.f_teid_ipv6', data.abs(p), 16, data.bytes(p, 16));
      break;
    }
    case 99:
      tree.add('gtpv2.spare_bits', data.abs(v), 1, byte >> 3);
      tree.add('gtpv2.pdn_type', data.abs(v), 1, byte & 7);
      break;
    case 128:
      tree.add('gtpv2.selec_mode', data.abs(v), 1, byte & 3);
      break;
  }
  tree.close();
  return v + len;
}
