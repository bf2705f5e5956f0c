import { fromBER, type BaseBlock } from 'asn1js';
import { Malformed } from '../bytes';

/** One DER element with its place: `start` is absolute (in the buffer the caller's tree points into). */
export interface Der {
  tagClass: number; // 1 universal, 2 application, 3 context-specific, 4 private
  tag: number;
  start: number;
  /** Header (identifier and length octets) plus content. */
  length: number;
  content: Uint8Array;
  contentStart: number;
  children: Der[];
}

export const UNIVERSAL = 1;
export const CONTEXT = 3;

/**
 * Parses DER with asn1js and flattens its blocks into positioned elements (asn1js keeps each block's raw
 * bytes, from which the offsets follow). Bad encodings throw Malformed, as every short read does.
 */
export function parseDer(bytes: Uint8Array, base: number): Der {
  const parsed = fromBER(bytes);
  if (parsed.offset === -1 || parsed.result.error) throw new Malformed(`bad DER: ${parsed.result.error}`);
  const origin = parsed.result.valueBeforeDecodeView.byteOffset;
  return element(parsed.result, origin, base);
}

function element(block: BaseBlock, origin: number, base: number): Der {
  const raw = block.valueBeforeDecodeView;
  const header = block.idBlock.blockLength + block.lenBlock.blockLength;
  const start = base + raw.byteOffset - origin;
  const value = (block.valueBlock as { value?: unknown }).value;
  const constructed = block.idBlock.isConstructed && Array.isArray(value);
  return {
    tagClass: block.idBlock.tagClass,
    tag: block.idBlock.tagNumber,
    start,
    length: raw.length,
    content: raw.subarray(header),
    contentStart: start + header,
    children: constructed ? (value as BaseBlock[]).map((child) => element(child, origin, base)) : [],
  };
}

/** The child at `index`, or Malformed. */
export function child(node: Der, index: number): Der {
  const c = node.children[index];
  if (!c) throw new Malformed(`DER element has no child ${index}`);
  return c;
}

/** Dotted text of an OBJECT IDENTIFIER's content (X.690 §8.19). */
export function oidText(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const b of content) {
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

/** A DER INTEGER of up to 48 bits as a number (two's complement). */
export function integerValue(content: Uint8Array): number {
  let v = content.length && content[0] & 0x80 ? -1 : 0;
  for (const b of content) v = v * 256 + b;
  return v;
}
