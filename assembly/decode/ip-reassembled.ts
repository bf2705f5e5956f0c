// What IPv4 and IPv6 do alike once reassembly completes a datagram: list its fragments in the IP layer's tree,
// and decode the payload from the reassembled bytes, which field mode hands over as side data.
import * as emit from '../emit';
import * as side from '../side';
import * as frame from './frame-state';
import * as reassembly from './reassembly';
import { FLAG_REASSEMBLED } from '../rows';

/** The fragment list of the datagram reassembly just completed, in the IP layer's tree. */
export function emitReassembly(fragmentId: u16, countId: u16, lengthId: u16): void {
  const n = reassembly.fragmentCount();
  for (let i = 0; i < n; i++) emit.field(fragmentId, 0, 0, reassembly.fragmentFrame(i));
  emit.field(countId, 0, 0, <u32>n);
  emit.field(lengthId, 0, 0, <u32>reassembly.length());
}

/**
 * Starts decoding the datagram reassembly just completed and returns its bytes. Fields until
 * endReassembled() point into them (source 1), which field mode hands over as side data.
 */
export function beginReassembled(): usize {
  const bytes = reassembly.data();
  frame.flag(FLAG_REASSEMBLED);
  if (emit.enabled) side.add(side.REASSEMBLED, frame.number, bytes, <u32>reassembly.length());
  emit.setSource(1);
  return bytes;
}

export function endReassembled(): void {
  emit.setSource(0);
}
