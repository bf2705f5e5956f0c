import { Malformed, type Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { GTP_CAUSES, GTP_MESSAGES } from '../../fields/gtp-names';
import { apnText, imsi, mccMnc, msisdn } from './digits';
import { bitLine } from '../bit-line';

/**
 * Fixed lengths of the TV information elements of GTPv1 (TS 29.060 §7.7: types below 128); types from 128 on are
 * TLV with a two-byte length.
 */
const TV_LENGTHS: Record<number, number> = {
  1: 1,
  2: 8,
  3: 6,
  4: 4,
  5: 4,
  8: 1,
  9: 28,
  11: 1,
  12: 3,
  13: 1,
  14: 1,
  15: 1,
  16: 4,
  17: 4,
  18: 5,
  19: 1,
  20: 1,
  21: 1,
  22: 9,
  23: 1,
  24: 1,
  25: 2,
  26: 2,
  27: 2,
  28: 2,
  29: 1,
  127: 4,
};

const HEADER = 8;
const hex = (v: number, digits: number) => '0x' + v.toString(16).padStart(digits, '0');

/** GTPv1 (GTP-C on 2123, and GTP-U's own messages on 2152: echo, Error Indication, End Marker). */
export function gtpV1(data: Bytes, ctx: PacketContext): { type: number; seq?: number } {
  const { tree } = ctx;
  const flags = data.u8(0);
  const type = data.u8(1);
  const length = data.u16(2);
  const name = GTP_MESSAGES[type] ?? 'Unknown';
  ctx.columns.protocol = 'GTP';
  ctx.columns.info = name;
  tree.open('gtp', data.abs(0), Math.min(data.length, HEADER + length));
  tree.open('gtp.flags', data.abs(0), 1, undefined, flags);
  tree.add('gtp.flags.version', data.abs(0), 1, flags >> 5);
  tree.add('gtp.flags.payload', data.abs(0), 1, (flags >> 4) & 1);
  tree.add('gtp.flags.reserved', data.abs(0), 1, (flags >> 3) & 1);
  tree.add('gtp.flags.e', data.abs(0), 1, (flags >> 2) & 1);
  tree.add('gtp.flags.s', data.abs(0), 1, (flags >> 1) & 1);
  tree.add('gtp.flags.pn', data.abs(0), 1, flags & 1);
  tree.close();
  tree.add('gtp.message', data.abs(1), 1, type, `Message Type: ${name} (${hex(type, 2)})`);
  tree.add('gtp.length', data.abs(2), 2, length);
  tree.add('gtp.teid', data.abs(4), 4, data.u32(4));
  let at = HEADER;
  let seq: number | undefined;
  if (flags & 0x07) {
    if (flags & 0x02) tree.add('gtp.seq_number', data.abs(at), 2, (seq = data.u16(at)));
    if (flags & 0x01) tree.add('gtp.npdu_number', data.abs(at + 2), 1, data.u8(at + 2));
    let next = data.u8(at + 3);
    at += 4;
    if (flags & 0x04) {
      tree.add('gtp.ext_hdr.next', data.abs(at - 1), 1, next);
      while (next !== 0) {
        const len = data.u8(at) * 4;
        if (len === 0) throw new Malformed('GTP extension header of length 0');
        tree.open('gtp.ext_hdr', data.abs(at), len);
        tree.add('gtp.ext_hdr.length', data.abs(at), 1, len / 4);
        next = data.u8(at + len - 1);
        tree.add('gtp.ext_hdr.next', data.abs(at + len - 1), 1, next);
        tree.close();
        at += len;
      }
    }
  }
  const end = Math.min(data.length, HEADER + length);
  while (at < end) at = element(data, at, ctx);
  return { type, seq };
}

/** One information element at `at`; returns where the next starts. */
function element(data: Bytes, at: number, ctx: PacketContext): number {
  const { tree } = ctx;
  const type = data.u8(at);
  if (type < 128) {
    const len = TV_LENGTHS[type];
    if (len === undefined) throw new Malformed(`GTP information element ${type} of unknown length`);
    tvElement(data, type, at + 1, ctx);
    return at + 1 + len;
  }
  const len = data.u16(at + 1);
  const v = at + 3;
  data.u8(v + len - 1);
  switch (type) {
    case 128: {
      const org = data.u8(v) & 0x0f;
      const pdp = data.u8(v + 1);
      const address = len > 2 && pdp === 0x21 ? data.u32(v + 2) : undefined;
      const kind = pdp === 0x21 ? 'IETF/IPv4' : pdp === 0x57 ? 'IETF/IPv6' : pdp === 0x8d ? 'IETF/IPv4v6' : 'ETSI';
      tree.openText(`End user address (${kind})`, data.abs(at), len + 3);
      tree.add('gtp.length', data.abs(at + 1), 2, len);
      tree.add('gtp.user_addr_pdp_org', data.abs(v), 1, org);
      tree.add('gtp.user_addr_pdp_type', data.abs(v + 1), 1, pdp);
      if (address !== undefined) tree.add('gtp.user_ipv4', data.abs(v + 2), 4, address);
      else if (pdp === 0x57 && len >= 18) tree.add('gtp.user_ipv6', data.abs(v + 2), 16, data.bytes(v + 2, 16));
      tree.close();
      break;
    }
    case 131: {
      const apn = apnText(data, v, len);
      tree.openText(`Access Point Name: ${apn}`, data.abs(at), len + 3);
      tree.add('gtp.apn_length', data.abs(at + 1), 2, len);
      tree.add('gtp.apn', data.abs(v), len, apn);
      tree.close();
      break;
    }
    case 133: {
      tree.openText('GSN address', data.abs(at), len + 3);
      tree.add('gtp.gsn_address_length', data.abs(at + 1), 2, len);
      if (len === 4) tree.add('gtp.gsn_ipv4', data.abs(v), 4, data.u32(v));
      else if (len === 16) tree.add('gtp.gsn_ipv6', data.abs(v), 16, data.bytes(v, 16));
      tree.close();
      break;
    }
    case 134: {
      tree.openText('MS international PSTN/ISDN number', data.abs(at), len + 3);
      tree.add('gtp.length', data.abs(at + 1), 2, len);
      if (len > 1) msisdn(tree, data, v + 1, len - 1);
      tree.close();
      break;
    }
    default:
      tree.add('gtp.ie_id', data.abs(at), 1, type);
  }
  return v + len;
}

function tvElement(data: Bytes, type: number, v: number, ctx: PacketContext): void {
  const { tree } = ctx;
  const byte = () => data.u8(v);
  switch (type) {
    case 1:
      tree.add('gtp.cause', data.abs(v), 1, byte(), `Cause: ${GTP_CAUSES[byte()] ?? 'Unknown'} (${byte()})`);
      break;
    case 2:
      imsi(tree, data, v, 8);
      break;
    case 3: {
      const { mcc, mnc } = mccMnc(data, v);
      tree.openText('Routing Area Identity', data.abs(v - 1), 7);
      tree.add('e212.rai.mcc', data.abs(v), 2, mcc);
      tree.add('e212.rai.mnc', data.abs(v + 1), 2, mnc);
      tree.add('gtp.lac', data.abs(v + 3), 2, data.u16(v + 3));
      tree.add('gtp.rai_rac', data.abs(v + 5), 1, data.u8(v + 5));
      tree.close();
      break;
    }
    case 8:
      tree.add('gtp.reorder', data.abs(v), 1, byte() & 1);
      break;
    case 14:
      tree.add('gtp.recovery', data.abs(v), 1, byte());
      break;
    case 15:
      tree.add('gtp.sel_mode', data.abs(v), 1, byte() & 3, `${bitLine(byte(), 3, 8)} = Selection mode: ${byte() & 3}`);
      break;
    case 16:
      tree.add('gtp.teid_data', data.abs(v), 4, data.u32(v));
      break;
    case 17:
      tree.add('gtp.teid_cp', data.abs(v), 4, data.u32(v));
      break;
    case 19:
      tree.add('gtp.tear_ind', data.abs(v), 1, byte() & 1);
      break;
    case 20:
      tree.add('gtp.nsapi', data.abs(v), 1, byte() & 0x0f);
      break;
    case 127:
      tree.add('gtp.chrg_id', data.abs(v), 4, data.u32(v));
      break;
    default:
      tree.add('gtp.ie_id', data.abs(v - 1), 1, type);
  }
}
