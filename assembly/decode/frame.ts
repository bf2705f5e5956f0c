// Decodes one frame: the frame's own fields, then the link layer its link type names. Link types the core
// does not know still get their frame fields.
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import * as LT from './link-types';
import { decodeEthernet } from './ethernet';
import { decodeSll, decodeSll2 } from './sll';
import { decodeNull } from './null';
import { decodeRawIp } from './ethertype';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';

export function decodeFrame(base: usize, capLen: i32, origLen: i32, number: u32, tsSec: i64, tsNsec: u32,
                            linkType: u32, interfaceId: u32): void {
  frame.begin(number, capLen, origLen);
  emit.resetDepth();
  emit.open(F.FRAME, 0, capLen);
  emit.field(F.FRAME_INTERFACE_ID, 0, 0, interfaceId);
  emit.field(F.FRAME_TIME_EPOCH, 0, 0, <u32>tsSec, <u32>(tsSec >> 32), tsNsec);
  emit.field(F.FRAME_NUMBER, 0, 0, number);
  emit.field(F.FRAME_LEN, 0, 0, <u32>origLen);
  emit.field(F.FRAME_CAP_LEN, 0, 0, <u32>capLen);
  emit.close();
  decodeLink(base, capLen, max(origLen, capLen), linkType);
}

/** end: captured bytes; reported: bytes on the wire (the frame length), which truncated headers may need. */
function decodeLink(base: usize, end: i32, reported: i32, linkType: u32): void {
  switch (linkType) {
    case LT.ETHERNET: decodeEthernet(base, 0, end, reported); break;
    case LT.LINUX_SLL: decodeSll(base, 0, end, reported); break;
    case LT.LINUX_SLL2: decodeSll2(base, 0, end, reported); break;
    case LT.NULL: decodeNull(base, 0, end, reported, false); break;
    case LT.LOOP: decodeNull(base, 0, end, reported, true); break;
    case LT.RAW: case LT.RAW_BSD_12: case LT.RAW_BSD_14: decodeRawIp(base, 0, end, reported); break;
    case LT.IPV4: decodeIpv4(base, 0, end, reported); break;
    case LT.IPV6: decodeIpv6(base, 0, end, reported); break;
  }
}
