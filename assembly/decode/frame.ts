// Decodes one frame: the frame's own fields, then the link layer its link type names.
import * as emit from '../emit';
import * as F from '../generated/field-ids';
import * as frame from './frame-state';
import * as LT from './link-types';
import { decodeEthernet } from './ethernet';

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
  decodeLink(base, capLen, linkType);
}

function decodeLink(base: usize, end: i32, linkType: u32): void {
  if (linkType == LT.ETHERNET) decodeEthernet(base, 0, end);
}
