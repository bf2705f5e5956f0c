// Radiotap (radiotap.org, LINKTYPE_IEEE802_11_RADIOTAP, 127): version(1) pad(1) length(2, little-endian)
// present(4, bit 31: another present word follows), then the fields the present bits name, each aligned to its
// size from the header's start. The 802.11 frame follows at `length`. Like Wireshark, the radio information the
// fields give (PHY, rate, channel, signal) is shown again as wlan_radio.
import { le16, le32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { linkTypes } from './by-link-type';
import { IEEE802_11 } from './link-types';
import { bitFields } from './bit-fields';

const HEADER = 8;
const EXT: u32 = 0x80000000;
const FLAG_FCS: u32 = 0x10;

// Size and alignment of the fields of present bits 0..27 (radiotap.org/fields/defined-fields); 0: unknown.
const SIZES: StaticArray<u8> = [8, 1, 1, 4, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 8, 3, 8, 12, 12, 12, 12, 6, 1, 4];
const ALIGNS: StaticArray<u8> = [8, 1, 1, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 4, 1, 4, 2, 8, 2, 2, 2, 1, 2];
const BIT_MCS = 19;
const BIT_VHT = 21;
const BIT_HE = 23;

// The flags of the present word, the Flags field and the channel: each field and its bit.
const FLAG_FIELDS: StaticArray<u16> = [
  F.RADIOTAP_FLAGS_CFP,
  F.RADIOTAP_FLAGS_PREAMBLE,
  F.RADIOTAP_FLAGS_WEP,
  F.RADIOTAP_FLAGS_FRAG,
  F.RADIOTAP_FLAGS_FCS,
  F.RADIOTAP_FLAGS_DATAPAD,
  F.RADIOTAP_FLAGS_BADFCS,
  F.RADIOTAP_FLAGS_SHORTGI,
];
const FLAG_BITS: StaticArray<u8> = [0, 1, 2, 3, 4, 5, 6, 7];
const PRESENT_FIELDS: StaticArray<u16> = [
  F.RADIOTAP_PRESENT_TSFT,
  F.RADIOTAP_PRESENT_FLAGS,
  F.RADIOTAP_PRESENT_RATE,
  F.RADIOTAP_PRESENT_CHANNEL,
  F.RADIOTAP_PRESENT_FHSS,
  F.RADIOTAP_PRESENT_DBM_ANTSIGNAL,
  F.RADIOTAP_PRESENT_DBM_ANTNOISE,
  F.RADIOTAP_PRESENT_LOCK_QUALITY,
  F.RADIOTAP_PRESENT_TX_ATTENUATION,
  F.RADIOTAP_PRESENT_DB_TX_ATTENUATION,
  F.RADIOTAP_PRESENT_DBM_TX_POWER,
  F.RADIOTAP_PRESENT_ANTENNA,
  F.RADIOTAP_PRESENT_DB_ANTSIGNAL,
  F.RADIOTAP_PRESENT_DB_ANTNOISE,
  F.RADIOTAP_PRESENT_RXFLAGS,
  F.RADIOTAP_PRESENT_TXFLAGS,
  F.RADIOTAP_PRESENT_DATA_RETRIES,
  F.RADIOTAP_PRESENT_XCHANNEL,
  F.RADIOTAP_PRESENT_MCS,
  F.RADIOTAP_PRESENT_AMPDU,
  F.RADIOTAP_PRESENT_VHT,
  F.RADIOTAP_PRESENT_TIMESTAMP,
  F.RADIOTAP_PRESENT_HE,
  F.RADIOTAP_PRESENT_HE_MU,
  F.RADIOTAP_PRESENT_0_LENGTH_PSDU,
  F.RADIOTAP_PRESENT_L_SIG,
  F.RADIOTAP_PRESENT_TLV,
  F.RADIOTAP_PRESENT_RTAP_NS,
  F.RADIOTAP_PRESENT_VENDOR_NS,
  F.RADIOTAP_PRESENT_EXT,
];
const PRESENT_BITS: StaticArray<u8> = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31,
];
const CHANNEL_FIELDS: StaticArray<u16> = [
  F.RADIOTAP_CHANNEL_FLAGS_700MHZ,
  F.RADIOTAP_CHANNEL_FLAGS_800MHZ,
  F.RADIOTAP_CHANNEL_FLAGS_900MHZ,
  F.RADIOTAP_CHANNEL_FLAGS_TURBO,
  F.RADIOTAP_CHANNEL_FLAGS_CCK,
  F.RADIOTAP_CHANNEL_FLAGS_OFDM,
  F.RADIOTAP_CHANNEL_FLAGS_2GHZ,
  F.RADIOTAP_CHANNEL_FLAGS_5GHZ,
  F.RADIOTAP_CHANNEL_FLAGS_PASSIVE,
  F.RADIOTAP_CHANNEL_FLAGS_DYNAMIC,
  F.RADIOTAP_CHANNEL_FLAGS_GFSK,
  F.RADIOTAP_CHANNEL_FLAGS_GSM,
  F.RADIOTAP_CHANNEL_FLAGS_STURBO,
  F.RADIOTAP_CHANNEL_FLAGS_HALF,
  F.RADIOTAP_CHANNEL_FLAGS_QUARTER,
];
const CHANNEL_BITS: StaticArray<u8> = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

export function decodeRadiotap(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const length = <i32>le16(p + 2);
  const present = le32(p + 4);
  emit.open(F.RADIOTAP, off, min(length, end - off));
  emit.field(F.RADIOTAP_VERSION, off, 1, u8at(p));
  emit.field(F.RADIOTAP_PAD, off + 1, 1, u8at(p + 1));
  emit.field(F.RADIOTAP_LENGTH, off + 2, 2, <u32>length);
  emit.open(F.RADIOTAP_PRESENT, off + 4, 4);
  emit.field(F.RADIOTAP_PRESENT_WORD, off + 4, 4, present);
  bitFields(PRESENT_FIELDS, PRESENT_BITS, off + 4, 4, present);
  emit.close();
  // Further present words (bit 31) come before the fields.
  let at = HEADER;
  for (let word = present; (word & EXT) != 0 && at + 4 <= length && off + at + 4 <= end; at += 4) {
    word = le32(p + <usize>at);
  }
  if (length < at || end - off < length) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  let flags: u32 = 0;
  let rate: u32 = 0;
  let freq: u32 = 0;
  let channelFlags: u32 = 0;
  let signal: i32 = 0;
  let hasSignal = false;
  let phy: u32 = 0;
  for (let bit = 0; bit < SIZES.length; bit++) {
    if ((present & (1 << bit)) == 0) continue;
    const align = <i32>unchecked(ALIGNS[bit]);
    at = (at + align - 1) & ~(align - 1);
    const size = <i32>unchecked(SIZES[bit]);
    if (at + size > length) break;
    const q = p + <usize>at;
    const o = off + at;
    if (bit == 0) emit.field(F.RADIOTAP_MACTIME, o, 8, le32(q), le32(q + 4));
    else if (bit == 1) {
      flags = u8at(q);
      emit.field(F.RADIOTAP_FLAGS, o, 1, flags);
      bitFields(FLAG_FIELDS, FLAG_BITS, o, 1, flags);
    } else if (bit == 2) {
      rate = u8at(q);
      emit.field(F.RADIOTAP_DATARATE, o, 1, reinterpret<u32>(<f32>rate / 2));
    } else if (bit == 3) {
      freq = le16(q);
      channelFlags = le16(q + 2);
      emit.field(F.RADIOTAP_CHANNEL_FREQ, o, 2, freq);
      emit.field(F.RADIOTAP_CHANNEL_FLAGS, o + 2, 2, channelFlags);
      bitFields(CHANNEL_FIELDS, CHANNEL_BITS, o + 2, 2, channelFlags);
    } else if (bit == 5) {
      signal = <i32>(<i8>u8at(q));
      hasSignal = true;
      emit.field(F.RADIOTAP_DBM_ANTSIGNAL, o, 1, <u32>signal);
    } else if (bit == 11) emit.field(F.RADIOTAP_ANTENNA, o, 1, u8at(q));
    else if (bit == BIT_MCS) phy = 7;
    else if (bit == BIT_VHT) phy = 8;
    else if (bit == BIT_HE) phy = 11;
    at += size;
  }
  emit.close();
  if (phy == 0) phy = phyOfChannel(channelFlags);
  emit.open(F.WLAN_RADIO, off, 0);
  if (phy != 0) emit.field(F.WLAN_RADIO_PHY, off, 0, phy);
  if (rate != 0) emit.field(F.WLAN_RADIO_DATA_RATE, off, 0, reinterpret<u32>(<f32>rate / 2));
  if (freq != 0) {
    emit.field(F.WLAN_RADIO_CHANNEL, off, 0, channelOf(freq));
    emit.field(F.WLAN_RADIO_FREQUENCY, off, 0, freq);
  }
  if (hasSignal) emit.field(F.WLAN_RADIO_SIGNAL_DBM, off, 0, <u32>signal);
  emit.close();
  // An FCS at the end belongs to the 802.11 frame's trailer, not its body.
  const fcs = (flags & FLAG_FCS) != 0 ? 4 : 0;
  linkTypes.decode(IEEE802_11, base, off + length, max(off + length, end - fcs), reported - length - fcs);
}

/** wlan_radio.phy from the channel's modulation flags: 802.11b (4), a (5), g (6), FHSS (1). */
function phyOfChannel(c: u32): u32 {
  if ((c & 0x0800) != 0) return 1;
  if ((c & 0x0100) != 0 && (c & 0x0040) != 0) return 5;
  if ((c & 0x0080) != 0 && (c & 0x0440) != 0) return 6;
  if ((c & 0x0080) != 0 && (c & 0x0020) != 0) return 4;
  return 0;
}

/** IEEE 802.11 channel number of a centre frequency in MHz. */
function channelOf(freq: u32): u32 {
  if (freq == 2484) return 14;
  if (freq >= 2412 && freq < 2484) return (freq - 2407) / 5;
  if (freq >= 5000 && freq < 5900) return (freq - 5000) / 5;
  if (freq >= 5950 && freq < 7125) return (freq - 5950) / 5;
  return 0;
}
