// IPsec: ESP (RFC 4303), whose payload is encrypted and so left opaque: spi(4) sequence(4); and AH (RFC 4302):
// next header(1) length(1, in 4-byte words minus 2) reserved(2) spi(4) sequence(4) ICV, then the payload
// its next header names.
import { be32, u8at } from '../bytes';
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import { FLAG_MALFORMED } from '../rows';
import { decodeIpPayload } from './by-ip-protocol';

const ESP_HEADER = 8;
const AH_FIXED = 12;

export function decodeEsp(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < ESP_HEADER) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  emit.open(F.ESP, off, min(reported, end - off));
  emit.field(F.ESP_SPI, off, 4, be32(p));
  emit.field(F.ESP_SEQUENCE, off + 4, 4, be32(p + 4));
  emit.close();
}

export function decodeAh(base: usize, off: i32, end: i32, reported: i32): void {
  if (end - off < AH_FIXED) {
    frame.flag(FLAG_MALFORMED);
    return;
  }
  const p = base + <usize>off;
  const next = u8at(p);
  const lenField = u8at(p + 1);
  const len = (<i32>lenField + 2) * 4;
  emit.open(F.AH, off, min(len, end - off));
  emit.field(F.AH_NEXT_HEADER, off, 1, next);
  emit.field(F.AH_LENGTH, off + 1, 1, lenField);
  emit.field(F.AH_RESERVED, off + 2, 2);
  emit.field(F.AH_SPI, off + 4, 4, be32(p + 4));
  emit.field(F.AH_SEQUENCE, off + 8, 4, be32(p + 8));
  if (len < AH_FIXED || end - off < len) {
    emit.close();
    frame.flag(FLAG_MALFORMED);
    return;
  }
  if (len > AH_FIXED) emit.field(F.AH_ICV, off + AH_FIXED, len - AH_FIXED);
  emit.close();
  decodeIpPayload(base, off + len, end, reported - len, next);
}
