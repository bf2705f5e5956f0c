import type { ColumnName, Columns } from '../core/packet-index';
import type { ColumnTableSnapshot, ExpertEntry, IndexSnapshot } from '../api/analysis';
import type { PiecesByFrame } from '../core/streams';

/**
 * What the worker made of a capture, as the library keeps it: the packet index and, once the background pass
 * is through, every frame's Protocol and Info and the expert items. With all three a reopened capture is
 * ready at once: nothing is parsed or dissected again.
 */
export interface AnalysisParts {
  index: IndexSnapshot;
  /** Where IP-reassembled payloads lie in the file (read while indexing, so a reopened capture follows them too). */
  pieces?: PiecesByFrame;
  columns?: ColumnTableSnapshot;
  expert?: ExpertEntry[];
}

/** 'LPAK', little-endian: the first word of every packed analysis. */
const MAGIC = 0x4b41504c;
/** Bumped when the layout below changes; an older layout is refused (the capture is then parsed again). */
const LAYOUT = 1;
const PREAMBLE = 12;

type Typed = Uint8Array | Uint16Array | Uint32Array | Float64Array;
const TYPES = { Uint8Array, Uint16Array, Uint32Array, Float64Array } as const;
type TypeName = keyof typeof TYPES;

interface Header {
  count: number;
  indexColumns: ColumnName[];
  columns?: { names: string[]; chunks: number };
  /** Three arrays follow the index's: frames, pieces per frame, then [offset, length] per piece. */
  pieces?: boolean;
  expert?: Omit<ExpertEntry, 'frames'>[];
  arrays: { type: TypeName; length: number }[];
}

/**
 * Packs an analysis into one Blob, so the library stores and loads it in a single record:
 * [magic, layout, header length: u32][header: JSON][typed arrays in header order, each 8-byte aligned].
 */
export function packAnalysis(parts: AnalysisParts): Blob {
  return new Blob([...packedParts(parts)]);
}

/**
 * packAnalysis() for a thread that must keep answering (the worker, right after a million packets are indexed):
 * each array is copied into a Blob of its own, between tasks, and the Blob made of them copies nothing more.
 */
export async function packAnalysisGently(parts: AnalysisParts): Promise<Blob> {
  const blobs: Blob[] = [];
  for (const part of packedParts(parts)) {
    blobs.push(new Blob([part]));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Blob(blobs);
}

/** The packed layout's pieces in order; each typed array is given as a view (a Blob copies it). */
function* packedParts({
  index,
  pieces,
  columns,
  expert,
}: AnalysisParts): Generator<Uint8Array<ArrayBuffer> | Uint32Array<ArrayBuffer>> {
  const indexColumns = Object.keys(index.columns) as ColumnName[];
  const arrays: Typed[] = indexColumns.map((name) => index.columns[name]);
  if (pieces) arrays.push(...packPieces(pieces));
  if (columns) arrays.push(columns.protocols, columns.starts, columns.lengths, ...columns.chunks);
  if (expert) arrays.push(...expert.map((e) => Uint32Array.from(e.frames)));
  const header: Header = {
    count: index.count,
    indexColumns,
    pieces: Boolean(pieces),
    columns: columns && { names: columns.names, chunks: columns.chunks.length },
    expert: expert?.map(({ frames: _, ...entry }) => entry),
    arrays: arrays.map((a) => ({ type: a.constructor.name as TypeName, length: a.length })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  yield Uint32Array.of(MAGIC, LAYOUT, json.length);
  yield json;
  let at = PREAMBLE + json.length;
  for (const array of arrays) {
    const pad = -at & 7;
    if (pad) yield new Uint8Array(pad);
    yield new Uint8Array(array.buffer as ArrayBuffer, array.byteOffset, array.byteLength);
    at += pad + array.byteLength;
  }
}

/** Reads a packed analysis back with one read; the arrays are views into that one buffer. */
export async function unpackAnalysis(packed: Blob): Promise<AnalysisParts> {
  const buffer = await packed.arrayBuffer();
  const broken = (why: string) => new Error(`the stored analysis is damaged (${why})`);
  if (buffer.byteLength < PREAMBLE) throw broken('too short');
  const [magic, layout, jsonLength] = new Uint32Array(buffer, 0, 3);
  if (magic !== MAGIC) throw broken('not a packed analysis');
  if (layout !== LAYOUT) throw broken(`layout ${layout}, this Loupe reads ${LAYOUT}`);
  if (PREAMBLE + jsonLength > buffer.byteLength) throw broken('header runs past the end');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREAMBLE, jsonLength))) as Header;
  let at = PREAMBLE + jsonLength;
  const arrays = header.arrays.map(({ type, length }) => {
    const Type = TYPES[type];
    if (!Type) throw broken(`unknown array type ${type}`);
    at += -at & 7;
    if (at + length * Type.BYTES_PER_ELEMENT > buffer.byteLength) throw broken('an array runs past the end');
    const array = new Type(buffer, at, length);
    at += array.byteLength;
    return array;
  });
  const next = <T extends TypeName>(type?: T) => {
    const array = arrays.shift();
    if (!array) throw broken('fewer arrays than the header names');
    if (type && !(array instanceof TYPES[type])) throw broken(`expected a ${type}`);
    return array as InstanceType<(typeof TYPES)[T]>;
  };
  const index: IndexSnapshot = {
    count: header.count,
    columns: Object.fromEntries(header.indexColumns.map((name) => [name, next()])) as unknown as Columns,
  };
  const pieces = header.pieces
    ? unpackPieces(next('Uint32Array'), next('Uint32Array'), next('Float64Array'))
    : undefined;
  const protocolIds = (array: Typed) => {
    if (!(array instanceof Uint16Array || array instanceof Uint32Array))
      throw broken('expected Uint16Array or Uint32Array protocol ids');
    return array;
  };
  const columns: ColumnTableSnapshot | undefined = header.columns && {
    names: header.columns.names,
    protocols: protocolIds(next()),
    starts: next('Uint32Array'),
    lengths: next('Uint16Array'),
    chunks: Array.from({ length: header.columns.chunks }, () => next('Uint8Array')),
  };
  const expert = header.expert?.map((entry) => ({ ...entry, frames: Array.from(next('Uint32Array')) }));
  return { index, pieces, columns, expert };
}

function packPieces(pieces: PiecesByFrame): [Uint32Array, Uint32Array, Float64Array] {
  const frames = Uint32Array.from(pieces.keys());
  const counts = Uint32Array.from(pieces.values(), (list) => list.length);
  const places = Float64Array.from([...pieces.values()].flatMap((list) => list.flatMap((p) => [p.offset, p.length])));
  return [frames, counts, places];
}

function unpackPieces(frames: Uint32Array, counts: Uint32Array, places: Float64Array): PiecesByFrame {
  const pieces: PiecesByFrame = new Map();
  let at = 0;
  frames.forEach((frame, i) => {
    const list = Array.from({ length: counts[i] }, (_, k) => ({
      offset: places[at + 2 * k],
      length: places[at + 2 * k + 1],
    }));
    at += 2 * counts[i];
    pieces.set(frame, list);
  });
  return pieces;
}
