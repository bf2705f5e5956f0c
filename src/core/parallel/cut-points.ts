/**
 * Where a capture can be cut into pieces read by several cores (parallel-ingest.ts): record boundaries found near
 * evenly spaced offsets by plausibility alone (a few consecutive records that all look right), without reading
 * the file up to them. A guess that is wrong costs speed, never correctness: the join checks that the reading
 * before a piece stopped exactly where the piece began, and reads the piece itself otherwise.
 */
import { readSlice } from '../source';

export interface PiecePlan {
  format: 'pcap' | 'pcapng';
  /** The file's header (pcap) or its blocks before the first packet (pcapng: section and interfaces). */
  prefixEnd: number;
  /** Section and interface blocks in that prefix (assembly/capture/pcapng.ts: layoutBlocks). */
  layoutBlocks: number;
  /** Each piece's first byte, ascending; the first piece starts at 0 (the prefix included). */
  starts: number[];
}

/** How far past each target offset a boundary is looked for. */
const SEARCH_BYTES = 1 << 20;
/** Consecutive plausible records that make a boundary. */
const CHAIN = 6;
const PCAP_HEADER = 24;
const MAX_PCAP_RECORD = 262144;
const MAX_BLOCK = 64 << 20;
/** pcapng blocks a piece may start with: packets, statistics, names, secrets (never section or interface). */
const PIECE_BLOCKS = new Set([2, 3, 4, 5, 6, 10]);

/**
 * Cut points for `pieces` pieces, the first `firstShare` of the bytes for the first piece (whose reader also
 * tracks conversations) and the rest evenly; undefined when the file is no pcap or pcapng file or no cut is found.
 */
export async function planPieces(blob: Blob, pieces: number, firstShare = 1 / pieces): Promise<PiecePlan | undefined> {
  if (pieces < 2) return undefined;
  const head = await readSlice(blob, 0, 4096);
  if (head.length < 24) return undefined;
  const layout = pcapLayout(head) ?? (await pcapngLayout(blob, head));
  if (!layout) return undefined;
  const starts = [0];
  const span = blob.size - layout.prefixEnd;
  for (let k = 1; k < pieces; k++) {
    const share = firstShare + ((1 - firstShare) * (k - 1)) / (pieces - 1);
    const target = Math.max(
      layout.prefixEnd,
      Math.floor(layout.prefixEnd + span * share),
      starts[starts.length - 1] + 1,
    );
    const window = await readSlice(blob, target, SEARCH_BYTES + (layout.format === 'pcap' ? CHAIN * 64 * 1024 : 0));
    const at = layout.find(window, target, target + window.length >= blob.size);
    if (at === undefined) continue;
    if (at > starts[starts.length - 1]) starts.push(at);
  }
  if (starts.length < 2) return undefined;
  return { format: layout.format, prefixEnd: layout.prefixEnd, layoutBlocks: layout.layoutBlocks, starts };
}

interface Layout {
  format: 'pcap' | 'pcapng';
  prefixEnd: number;
  layoutBlocks: number;
  /**
   * The file offset of the first boundary in window (read at file offset `at`), if any; `atEnd`: the window
   * reaches the end of the file, where a shorter chain of records ending exactly there counts too.
   */
  find(window: Uint8Array, at: number, atEnd: boolean): number | undefined;
}

function pcapLayout(head: Uint8Array): Layout | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const magic = view.getUint32(0, true);
  const kinds: Record<number, { little: boolean; nanos: boolean }> = {
    0xa1b2c3d4: { little: true, nanos: false },
    0xa1b23c4d: { little: true, nanos: true },
    0xd4c3b2a1: { little: false, nanos: false },
    0x4d3cb2a1: { little: false, nanos: true },
  };
  // The modified variant (0xa1b2cd34) and unusual link types' larger records are read in one pass.
  const kind = kinds[magic];
  if (!kind) return undefined;
  const snaplen = view.getUint32(16, kind.little);
  const limit = snaplen > 0 && snaplen <= MAX_PCAP_RECORD ? snaplen : MAX_PCAP_RECORD;
  const firstSec = head.length >= 28 ? view.getUint32(24, kind.little) : 0;
  const fracLimit = kind.nanos ? 1e9 : 1e6;
  return {
    format: 'pcap',
    prefixEnd: PCAP_HEADER,
    layoutBlocks: 0,
    find(window, at, atEnd) {
      const w = new DataView(window.buffer, window.byteOffset, window.length);
      const plausible = (p: number, previousSec: number) => {
        if (p + 16 > window.length) return -1;
        const sec = w.getUint32(p, kind.little);
        const frac = w.getUint32(p + 4, kind.little);
        const incl = w.getUint32(p + 8, kind.little);
        const orig = w.getUint32(p + 12, kind.little);
        if (incl === 0 || incl > limit || orig < incl || frac >= fracLimit) return -1;
        // Monotone-ish times: within a day of the record before (and of the first record's year).
        if (previousSec >= 0 ? Math.abs(sec - previousSec) > 86400 : Math.abs(sec - firstSec) > 366 * 86400) return -1;
        return sec;
      };
      for (let p = 0; p + 16 <= SEARCH_BYTES && p + 16 <= window.length; p++) {
        let q = p;
        let sec = -1;
        let ok = 0;
        for (; ok < CHAIN; ok++) {
          sec = plausible(q, sec);
          if (sec < 0) break;
          q += 16 + w.getUint32(q + 8, kind.little);
        }
        if (ok === CHAIN || (atEnd && ok > 0 && q === window.length)) return at + p;
      }
      return undefined;
    },
  };
}

async function pcapngLayout(blob: Blob, head: Uint8Array): Promise<Layout | undefined> {
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  if (view.getUint32(0, true) !== 0x0a0d0d0a) return undefined;
  const bom = view.getUint32(8, true);
  const little = bom === 0x1a2b3c4d;
  if (!little && bom !== 0x4d3c2b1a) return undefined;
  // The prefix: the section header and interface blocks before the first other block.
  let at = 0;
  let layoutBlocks = 0;
  for (;;) {
    const header = await readSlice(blob, at, 8);
    if (header.length < 8) return undefined;
    const h = new DataView(header.buffer, header.byteOffset, 8);
    const type = h.getUint32(0, little);
    const length = h.getUint32(4, little);
    if (type !== 0x0a0d0d0a && type !== 1) break;
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) return undefined;
    at += length;
    layoutBlocks++;
  }
  return {
    format: 'pcapng',
    prefixEnd: at,
    layoutBlocks,
    find(window, start, atEnd) {
      const w = new DataView(window.buffer, window.byteOffset, window.length);
      const plausible = (p: number) => {
        if (p + 12 > window.length) return -1;
        const type = w.getUint32(p, little);
        const length = w.getUint32(p + 4, little);
        if (!PIECE_BLOCKS.has(type) || length < 12 || length % 4 !== 0 || length > MAX_BLOCK) return -1;
        if (p + length > window.length || w.getUint32(p + length - 4, little) !== length) return -1;
        return length;
      };
      // Blocks are 4-byte aligned in the file.
      for (let p = (4 - (start % 4)) % 4; p + 12 <= window.length; p += 4) {
        let q = p;
        let ok = 0;
        for (; ok < CHAIN; ok++) {
          const length = plausible(q);
          if (length < 0) break;
          q += length;
        }
        if (ok === CHAIN || (atEnd && ok > 0 && q === window.length)) return start + p;
      }
      return undefined;
    },
  };
}
