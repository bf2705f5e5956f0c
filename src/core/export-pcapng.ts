import type { PacketIndex } from './packet-index';
import type { SideEntry } from './ingest';
import { SideKind } from '../abi/core-constants';
import { readSlice } from './source';
import { DEFAULT_TSRESOL, PcapngWriter, SECRETS_TLS_KEY_LOG, type InterfaceSpec } from './pcapng-writer';

/** The core's mark for NetMon's own records (assembly/capture/netmon.ts): no pcap link type carries them. */
const NETMON_RECORD = 0xffff;
/** NetMon counts time in 100 ns (FILETIME) or microseconds: 10^-7 s holds both exactly. */
const NETMON_TSRESOL = 7;
/** Frames are read from the capture in slices of about this many bytes. */
const READ_SPAN = 4 << 20;

/** An interface the capture declared (pcapng IDB), with the frame index from which it applies. */
interface DeclaredInterface {
  id: number;
  fromFrame: number;
  linkType: number;
  snaplen: number;
  tsresol: number;
  /** if_name, when the block gives one. */
  name?: string;
}

/**
 * What an export needs of the capture beyond the index, gathered from the ingest's side data: its interfaces
 * (pcapng IDBs: snaplen and timestamp resolution) and decryption secrets (DSBs).
 */
export class ExportSideData {
  readonly interfaces: DeclaredInterface[] = [];
  /** Each DSB as [secrets type, secrets]. */
  readonly secrets: { type: number; data: Uint8Array }[] = [];

  observe(entry: SideEntry): void {
    const v = new DataView(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
    if (entry.kind === SideKind.Interface && entry.bytes.length >= 16) {
      this.interfaces.push({
        id: v.getUint32(0, true),
        fromFrame: entry.frame,
        linkType: v.getUint32(4, true),
        snaplen: v.getUint32(8, true),
        tsresol: v.getUint32(12, true),
        name:
          entry.bytes.length > 16 ? new TextDecoder().decode(entry.bytes.subarray(16)).replace(/\0+$/, '') : undefined,
      });
    } else if (entry.kind === SideKind.DecryptionSecrets && entry.bytes.length >= 4) {
      this.secrets.push({ type: v.getUint32(0, true), data: entry.bytes.slice(4) });
    }
  }

  /** Whether the capture carries TLS key log secrets. */
  get hasTlsSecrets(): boolean {
    return this.secrets.some((s) => s.type === SECRETS_TLS_KEY_LOG);
  }
}

export interface ExportRequest {
  /** The capture's bytes (inflated when it was gzip-compressed). */
  blob: Blob;
  index: PacketIndex;
  side: ExportSideData;
  /** Frame numbers to write (1-based), in the order to write them. */
  frames: ArrayLike<number>;
  /** The comments of frame `number` (the file's own and the analyst's). */
  commentsOf(number: number): readonly string[];
  /** Write the capture's TLS secrets (its DSBs) and these key log texts as DSBs before the packets. */
  tlsSecrets?: { fromCapture: boolean; keyLogs: readonly Uint8Array[] };
  sink(bytes: Uint8Array): void | Promise<void>;
  /** Frames written so far, now and then. */
  onProgress?(written: number): void;
}

export interface ExportResult {
  written: number;
  /** NetMon's own records (no pcap link type): left out. */
  skipped: number;
}

/**
 * Writes the chosen frames as pcapng: each keeps its link type, timestamp resolution, original length and
 * comments. Frames are sliced from the capture in spans of a few megabytes, so memory stays bounded.
 */
export async function exportPcapng(request: ExportRequest): Promise<ExportResult> {
  const { blob, index, frames } = request;
  const writer = new PcapngWriter(request.sink);
  if (request.tlsSecrets) {
    if (request.tlsSecrets.fromCapture) {
      for (const s of request.side.secrets) if (s.type === SECRETS_TLS_KEY_LOG) writer.addSecrets(s.type, s.data);
    }
    for (const log of request.tlsSecrets.keyLogs) if (log.length) writer.addSecrets(SECRETS_TLS_KEY_LOG, log);
  }
  const layout = await captureLayout(blob, request.side);
  const ids = new Map<string, number>();
  let written = 0;
  let skipped = 0;
  for (let start = 0; start < frames.length;) {
    const { end, from, bytes } = await readSpan(blob, index, frames, start, layout.before);
    for (let k = start; k < end; k++) {
      const i = frames[k] - 1;
      const linkType = index.at('linkType', i);
      if (linkType === NETMON_RECORD) {
        skipped++;
        continue;
      }
      const offset = index.at('fileOffset', i);
      const capLen = index.at('capLen', i);
      const headerAt = offset - layout.before - from;
      const header = headerAt >= 0 ? bytes.subarray(headerAt, offset - from) : new Uint8Array(0);
      const spec = layout.interfaceOf(i, linkType, header, index);
      const key = `${spec.linkType}/${spec.snaplen}/${spec.tsresol}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = writer.addInterface(spec)));
      const sent = writer.addPacket({
        interfaceId: id,
        sec: index.at('tsSec', i),
        nsec: index.at('tsNsec', i),
        originalLength: index.at('origLen', i),
        bytes: bytes.subarray(offset - from, offset - from + capLen),
        comments: request.commentsOf(i + 1),
      });
      if (sent) await sent;
      written++;
    }
    request.onProgress?.(written);
    start = end;
  }
  await writer.close();
  return { written, skipped };
}

/** Frames [start, end) of the list read in one slice [from, from + bytes.length), each with `before` header bytes. */
async function readSpan(blob: Blob, index: PacketIndex, frames: ArrayLike<number>, start: number, before: number) {
  let lo = Infinity;
  let hi = 0;
  let end = start;
  while (end < frames.length) {
    const i = frames[end] - 1;
    const offset = index.at('fileOffset', i);
    const nextLo = Math.min(lo, Math.max(0, offset - before));
    const nextHi = Math.max(hi, offset + index.at('capLen', i));
    if (end > start && nextHi - nextLo > READ_SPAN) break;
    lo = nextLo;
    hi = nextHi;
    end++;
  }
  return { end, from: lo, bytes: await readSlice(blob, lo, hi - lo) };
}

interface CaptureLayout {
  /** Bytes before each frame's data to read along (pcapng: the packet block's header, to learn its interface). */
  before: number;
  /** The interface frame index i is written on; `header` holds the `before` bytes that precede its data. */
  interfaceOf(i: number, linkType: number, header: Uint8Array, index: PacketIndex): InterfaceSpec;
}

/** Where each frame's snaplen and timestamp resolution come from, by capture format. */
async function captureLayout(blob: Blob, side: ExportSideData): Promise<CaptureLayout> {
  const head = await readSlice(blob, 0, 24);
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = head.length >= 4 ? v.getUint32(0, true) : 0;
  if (magic === 0x0a0d0d0a) return pcapngLayout(side);
  const pcap = pcapHeader(v);
  if (pcap)
    return { before: 0, interfaceOf: (_i, linkType) => ({ linkType, snaplen: pcap.snaplen, tsresol: pcap.tsresol }) };
  // NetMon (or anything else the core reads): no snaplen; the index's link type is already pcap's.
  return { before: 0, interfaceOf: (_i, linkType) => ({ linkType, snaplen: 0, tsresol: NETMON_TSRESOL }) };
}

function pcapHeader(v: DataView): { snaplen: number; tsresol: number } | undefined {
  if (v.byteLength < 24) return undefined;
  for (const little of [true, false]) {
    const magic = v.getUint32(0, little);
    if (magic === 0xa1b2c3d4 || magic === 0xa1b2cd34)
      return { snaplen: v.getUint32(16, little), tsresol: DEFAULT_TSRESOL };
    if (magic === 0xa1b23c4d) return { snaplen: v.getUint32(16, little), tsresol: 9 };
  }
  return undefined;
}

/**
 * pcapng: a frame's interface id is in its packet block, just before the data (the index keeps only the data's
 * offset). An EPB's data follows [type 6][length][interface u32][ts high][ts low][captured][original], an
 * obsolete PB's [type 2][length][interface u16][drops u16][...], an SPB's [type 3][length][original] (interface 0).
 * The lengths are checked against the index's so that a coincidence cannot pass for a header.
 */
function pcapngLayout(side: ExportSideData): CaptureLayout {
  const before = 28;
  return {
    before,
    interfaceOf(i, linkType, header, index) {
      const capLen = index.at('capLen', i);
      const origLen = index.at('origLen', i);
      let id = 0;
      if (header.length === before) {
        const v = new DataView(header.buffer, header.byteOffset, before);
        for (const little of [true, false]) {
          const type = v.getUint32(0, little);
          if ((type === 6 || type === 2) && v.getUint32(20, little) === capLen && v.getUint32(24, little) === origLen) {
            id = type === 6 ? v.getUint32(8, little) : v.getUint16(8, little);
            break;
          }
        }
      }
      const declared = declaredInterface(side.interfaces, id, i);
      if (!declared) return { linkType, snaplen: 0, tsresol: 9 };
      // Resolutions the index's nanoseconds cannot give back exactly (binary, or finer than 1 ns) are written in ns.
      const tsresol = declared.tsresol <= 9 ? declared.tsresol : 9;
      return { linkType, snaplen: declared.snaplen, tsresol };
    },
  };
}

/** The latest IDB with this id declared before frame index i (ids start again in each section). */
function declaredInterface(
  interfaces: readonly DeclaredInterface[],
  id: number,
  i: number,
): DeclaredInterface | undefined {
  let found: DeclaredInterface | undefined;
  for (const d of interfaces) {
    if (d.fromFrame > i) break;
    if (d.id === id) found = d;
  }
  return found;
}
