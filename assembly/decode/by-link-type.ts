// The link layer's dispatch: a frame's link type names the decoder of its first header.
import { DispatchTable } from './dispatch';

export const linkTypes = new DispatchTable();

/** Decodes a frame's link layer (and what it carries); link types without a decoder get only frame fields. */
export function decodeLink(base: usize, end: i32, reported: i32, linkType: u32): void {
  linkTypes.decode(linkType, base, 0, end, reported);
}
