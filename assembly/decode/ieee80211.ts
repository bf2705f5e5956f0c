// IEEE 802.11 (IEEE Std 802.11-2020 §9.2-9.4; LINKTYPE_IEEE802_11, 105, and inside radiotap). View: frame
// control(2: version, type, subtype; flags) duration(2, little-endian), then addresses as the type and the DS bits
// place them, sequence control, QoS control for QoS data. Management frames carry fixed parameters and tagged
// elements; data frames carry LLC (then SNAP and IP, which the LLC decoder opens) unless protected.
import { le16, le32, u8at, be32, be16 } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeEthertype, ETHERTYPE_LLC } from './by-ethertype';
import { bitFields } from './bit-fields';

const MGMT: u32 = 0;
const CTRL: u32 = 1;
const DATA: u32 = 2;
const PROTECTED: u32 = 0x40;
const ORDER: u32 = 0x80;

// Frame control's flags, then the capability information's (§9.4.1.4): each field and its bit.
const FC_FLAG_FIELDS: StaticArray<u16> = [
  F.WLAN_FC_TODS,
  F.WLAN_FC_FROMDS,
  F.WLAN_FC_FRAG,
  F.WLAN_FC_RETRY,
  F.WLAN_FC_PWRMGT,
  F.WLAN_FC_MOREDATA,
  F.WLAN_FC_PROTECTED,
  F.WLAN_FC_ORDER,
];
const FC_FLAG_BITS: StaticArray<u8> = [0, 1, 2, 3, 4, 5, 6, 7];
const CAPABILITY_FIELDS: StaticArray<u16> = [
  F.WLAN_FIXED_CAPABILITIES_ESS,
  F.WLAN_FIXED_CAPABILITIES_IBSS,
  F.WLAN_FIXED_CAPABILITIES_RESERVED1,
  F.WLAN_FIXED_CAPABILITIES_RESERVED2,
  F.WLAN_FIXED_CAPABILITIES_PRIVACY,
  F.WLAN_FIXED_CAPABILITIES_SHORT_PREAMBLE,
  F.WLAN_FIXED_CAPABILITIES_RESERVED3,
  F.WLAN_FIXED_CAPABILITIES_RESERVED4,
  F.WLAN_FIXED_CAPABILITIES_SPEC_MAN,
  F.WLAN_FIXED_CAPABILITIES_QOS,
  F.WLAN_FIXED_CAPABILITIES_SHORT_SLOT_TIME,
  F.WLAN_FIXED_CAPABILITIES_APSD,
  F.WLAN_FIXED_CAPABILITIES_RADIO_MEASUREMENT,
  F.WLAN_FIXED_CAPABILITIES_EPD,
  F.WLAN_FIXED_CAPABILITIES_RESERVED5,
  F.WLAN_FIXED_CAPABILITIES_RESERVED6,
];
const CAPABILITY_BITS: StaticArray<u8> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

export function decodeIeee80211(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < 10) {
    if (end > off) frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const fc = u8at(p);
  const flags = u8at(p + 1);
  const type = (fc >> 2) & 3;
  const subtype = fc >> 4;
  const ds = flags & 3;
  emit.open(F.WLAN, off, end - off);
  emit.field(F.WLAN_FC_TYPE_SUBTYPE, off, 1, (type << 4) | subtype);
  emit.field(F.WLAN_FC, off, 2, (fc << 8) | flags);
  emit.field(F.WLAN_FC_VERSION, off, 1, fc & 3);
  emit.field(F.WLAN_FC_TYPE, off, 1, type);
  emit.field(F.WLAN_FC_SUBTYPE, off, 1, subtype);
  emit.field(F.WLAN_FLAGS, off + 1, 1, flags);
  emit.field(F.WLAN_FC_DS, off + 1, 1, ds);
  bitFields(FC_FLAG_FIELDS, FC_FLAG_BITS, off + 1, 1, flags);
  emit.field(F.WLAN_DURATION, off + 2, 2, le16(p + 2) & 0x7fff);
  if (type == CTRL) {
    control(base, off, end, subtype);
    emit.close();
    return;
  }
  if (type != MGMT && type != DATA) {
    emit.close();
    return;
  }
  const four = type == DATA && ds == 3;
  const qos = type == DATA && (subtype & 8) != 0;
  let header = 24 + (four ? 6 : 0) + (qos ? 2 : 0);
  if (qos && (flags & ORDER) != 0) header += 4;
  if (end - off < header) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const a1 = off + 4;
  const a2 = off + 10;
  const a3 = off + 16;
  emit.field(F.WLAN_RA, a1, 6, be32(base + <usize>a1), be16(base + <usize>a1 + 4));
  // Destination, source and BSSID by the DS bits (Table 9-30).
  let da = a1;
  let sa = a2;
  let bssid = a3;
  let staa = -1;
  if (type == DATA) {
    if (ds == 1) {
      bssid = a1;
      da = a3;
      staa = a2;
    } else if (ds == 2) {
      bssid = a2;
      sa = a3;
      staa = a1;
    } else if (ds == 3) {
      bssid = -1;
      da = a3;
      sa = off + 24;
    }
  }
  addr(F.WLAN_DA, base, da);
  addr(F.WLAN_TA, base, a2);
  addr(F.WLAN_SA, base, sa);
  if (bssid >= 0) addr(F.WLAN_BSSID, base, bssid);
  if (staa >= 0) addr(F.WLAN_STAA, base, staa);
  addr(F.WLAN_ADDR, base, a1);
  addr(F.WLAN_ADDR, base, a2);
  addr(F.WLAN_ADDR, base, a3);
  if (four) addr(F.WLAN_ADDR, base, off + 24);
  const seq = le16(p + 22);
  emit.field(F.WLAN_FRAG, off + 22, 2, seq & 0xf);
  emit.field(F.WLAN_SEQ, off + 22, 2, seq >> 4);
  if (qos) qosControl(base, off + 24 + (four ? 6 : 0), ds);
  emit.close();
  if ((flags & PROTECTED) != 0) return;
  if (type == MGMT) management(base, off + header, end, subtype);
  else if ((subtype & 4) == 0 && end > off + header) {
    decodeEthertype(base, off + header, end, reported - header, ETHERTYPE_LLC);
  }
}

function addr(id: u16, base: usize, at: i32): void {
  emit.field(id, at, 6, be32(base + <usize>at), be16(base + <usize>at + 4));
}

function qosControl(base: usize, at: i32, ds: u32): void {
  const q = le16(base + <usize>at);
  emit.field(F.WLAN_QOS, at, 2, q);
  emit.field(F.WLAN_QOS_TID, at, 2, q & 0xf);
  emit.field(F.WLAN_QOS_PRIORITY, at, 2, q & 7);
  emit.field(F.WLAN_QOS_EOSP, at, 2, (q >> 4) & 1);
  emit.field(F.WLAN_QOS_ACK, at, 2, (q >> 5) & 3);
  emit.field(F.WLAN_QOS_AMSDUPRESENT, at, 2, (q >> 7) & 1);
  // Sent by an AP: the top byte is its power-save buffer state.
  if (ds == 2) {
    emit.field(F.WLAN_QOS_PS_BUF_STATE, at, 2, q >> 8);
    emit.field(F.WLAN_QOS_BUF_STATE_INDICATED, at, 2, (q >> 9) & 1);
  }
}

/** Control frames: RA, then TA for RTS, block ack request and block ack (§9.3.1). */
function control(base: usize, off: i32, end: i32, subtype: u32): void {
  const withTa = subtype == 11 || subtype == 8 || subtype == 9;
  const len = withTa ? 16 : 10;
  if (end - off < len) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const a1 = off + 4;
  addr(F.WLAN_RA, base, a1);
  if (withTa) addr(F.WLAN_TA, base, off + 10);
  addr(F.WLAN_ADDR, base, a1);
  if (withTa) addr(F.WLAN_ADDR, base, off + 10);
  if (subtype != 8 && subtype != 9) return;
  // Block ack request (8) and block ack (9), basic and compressed variants: control, starting sequence, bitmap.
  if (end - off < len + 4) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const at = off + len;
  const c = le16(base + <usize>at);
  const ssc = le16(base + <usize>at + 2);
  emit.field(F.WLAN_BA_CONTROL, at, 2, c);
  emit.field(F.WLAN_BA_CONTROL_ACKPOLICY, at, 2, c & 1);
  emit.field(F.WLAN_BA_CONTROL_BA_TYPE, at, 2, (c >> 1) & 0xf);
  emit.field(F.WLAN_BA_CONTROL_RESERVED, at, 2, (c >> 5) & 0x7f);
  emit.field(F.WLAN_BA_BASIC_TIDINFO, at, 2, c >> 12);
  emit.field(F.WLAN_FIXED_SSC, at + 2, 2, ssc);
  emit.field(F.WLAN_FIXED_SSC_FRAGMENT, at + 2, 2, ssc & 0xf);
  emit.field(F.WLAN_FIXED_SSC_SEQUENCE, at + 2, 2, ssc >> 4);
  const baType = (c >> 1) & 0xf;
  // A compressed block ack (type 2) carries an 8-byte bitmap, one bit a frame from the starting sequence.
  if (subtype == 9 && baType == 2 && end - at >= 12) {
    const bm = at + 4;
    emit.field(F.WLAN_BA_BM, bm, 8);
    for (let i = 0; i < 64; i++) {
      if ((u8at(base + <usize>bm + (i >> 3)) & (1 << (i & 7))) == 0)
        emit.field(F.WLAN_BA_BM_MISSING_FRAME, bm, 8, ((ssc >> 4) + <u32>i) & 0xfff);
    }
  }
}

// Management subtypes (Table 9-1).
const ASSOC_REQ: u32 = 0;
const ASSOC_RESP: u32 = 1;
const REASSOC_REQ: u32 = 2;
const REASSOC_RESP: u32 = 3;
const PROBE_RESP: u32 = 5;
const BEACON: u32 = 8;
const DISASSOC: u32 = 10;
const AUTH: u32 = 11;
const DEAUTH: u32 = 12;

/** Fixed parameters by subtype (§9.3.3), then tagged elements (§9.4.2). */
function management(base: usize, off: i32, end: i32, subtype: u32): void {
  let fixed = 0;
  if (subtype == BEACON || subtype == PROBE_RESP) fixed = 12;
  else if (subtype == ASSOC_REQ) fixed = 4;
  else if (subtype == REASSOC_REQ) fixed = 10;
  else if (subtype == ASSOC_RESP || subtype == REASSOC_RESP || subtype == AUTH) fixed = 6;
  else if (subtype == DISASSOC || subtype == DEAUTH) fixed = 2;
  if (end - off < fixed) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  if (fixed > 0) {
    emit.open(F.WLAN_FIXED_ALL, off, fixed);
    if (subtype == BEACON || subtype == PROBE_RESP) {
      emit.field(F.WLAN_FIXED_TIMESTAMP, off, 8, le32(p), le32(p + 4));
      emit.field(F.WLAN_FIXED_BEACON, off + 8, 2, le16(p + 8));
      capabilities(off + 10, le16(p + 10));
    } else if (subtype == ASSOC_REQ || subtype == REASSOC_REQ) {
      capabilities(off, le16(p));
      emit.field(F.WLAN_FIXED_LISTEN_IVAL, off + 2, 2, le16(p + 2));
    } else if (subtype == ASSOC_RESP || subtype == REASSOC_RESP) {
      capabilities(off, le16(p));
      emit.field(F.WLAN_FIXED_STATUS_CODE, off + 2, 2, le16(p + 2));
      emit.field(F.WLAN_FIXED_AID, off + 4, 2, le16(p + 4) & 0x3fff);
    } else if (subtype == AUTH) {
      emit.field(F.WLAN_FIXED_AUTH_ALG, off, 2, le16(p));
      emit.field(F.WLAN_FIXED_AUTH_SEQ, off + 2, 2, le16(p + 2));
      emit.field(F.WLAN_FIXED_STATUS_CODE, off + 4, 2, le16(p + 4));
    }
    emit.close();
  }
  let at = off + fixed;
  if (at >= end) return;
  emit.open(F.WLAN_TAGGED_ALL, at, end - at);
  while (end - at >= 2) {
    const tag = u8at(base + <usize>at);
    const len = <i32>u8at(base + <usize>at + 1);
    if (at + 2 + len > end) {
      frame.flag(FLAG_MALFORMED);
      break;
    }
    emit.open(F.WLAN_TAG, at, 2 + len);
    emit.field(F.WLAN_TAG_NUMBER, at, 1, tag);
    emit.field(F.WLAN_TAG_LENGTH, at + 1, 1, <u32>len);
    element(base, at + 2, len, tag);
    emit.close();
    at += 2 + len;
  }
  emit.close();
}

function capabilities(o: i32, c: u32): void {
  emit.field(F.WLAN_FIXED_CAPABILITIES, o, 2, c);
  bitFields(CAPABILITY_FIELDS, CAPABILITY_BITS, o, 2, c);
}

// Element IDs (Table 9-92).
const SSID: u32 = 0;
const RATES: u32 = 1;
const DS_PARAMS: u32 = 3;
const TIM: u32 = 5;
const ERP: u32 = 42;
const EXT_RATES: u32 = 50;

function element(base: usize, v: i32, len: i32, tag: u32): void {
  const q = base + <usize>v;
  if (tag == SSID) emit.field(F.WLAN_SSID, v, len);
  else if (tag == RATES || tag == EXT_RATES) {
    const id = tag == RATES ? F.WLAN_SUPPORTED_RATES : F.WLAN_EXTENDED_SUPPORTED_RATES;
    for (let i = 0; i < len; i++) emit.field(id, v + i, 1, u8at(q + <usize>i));
  } else if (tag == DS_PARAMS && len >= 1) emit.field(F.WLAN_DS_CURRENT_CHANNEL, v, 1, u8at(q));
  else if (tag == TIM && len >= 3) {
    const ctl = u8at(q + 2);
    emit.field(F.WLAN_TIM_DTIM_COUNT, v, 1, u8at(q));
    emit.field(F.WLAN_TIM_DTIM_PERIOD, v + 1, 1, u8at(q + 1));
    emit.field(F.WLAN_TIM_BMAPCTL, v + 2, 1, ctl);
    emit.field(F.WLAN_TIM_BMAPCTL_MULTICAST, v + 2, 1, ctl & 1);
    emit.field(F.WLAN_TIM_BMAPCTL_OFFSET, v + 2, 1, ctl >> 1);
    if (len > 3) emit.field(F.WLAN_TIM_PARTIAL_VIRTUAL_BITMAP, v + 3, len - 3);
  } else if (tag == ERP && len >= 1) {
    const e = u8at(q);
    emit.field(F.WLAN_ERP_INFO, v, 1, e);
    emit.field(F.WLAN_ERP_INFO_ERP_PRESENT, v, 1, e & 1);
    emit.field(F.WLAN_ERP_INFO_USE_PROTECTION, v, 1, (e >> 1) & 1);
    emit.field(F.WLAN_ERP_INFO_BARKER_PREAMBLE_MODE, v, 1, (e >> 2) & 1);
    emit.field(F.WLAN_ERP_INFO_RESERVED, v, 1, e >> 3);
  }
}
