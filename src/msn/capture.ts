import type { Core } from '../core/core';
import type { PacketIndex } from '../core/packet-index';
import {
  followChunks,
  segmentBytes,
  streamMapFromIndex,
  type Endpoint,
  type PiecesByFrame,
  type StreamChunk,
} from '../core/streams';
import type { StreamRows } from '../core/stream-rows';
import { reconstructChats, type MsnConnection } from './chat';
import { directionBytes } from './direction';
import { looksLikeMsnp } from './protocol';
import type { ChatReport } from './types';

export const MSNP_PORT = 1863;

/** What the chat reconstruction reads of an indexed capture (the CLI's one pass, or the app worker's index). */
export interface IndexedCapture {
  core: Core;
  blob: Blob;
  index: PacketIndex;
  streams: StreamRows;
  pieces?: PiecesByFrame;
}

/** The MSNP connections of a capture: TCP streams on port 1863, or whose first payload is an MSNP command. */
export async function msnConnections(capture: IndexedCapture): Promise<MsnConnection[]> {
  const { core, blob, index, streams, pieces } = capture;
  const out: MsnConnection[] = [];
  for (let stream = 0; stream < streams.count('tcp'); stream++) {
    const rows = streams.of('tcp', stream);
    if (rows.length === 0) continue;
    // Decide from the index (ports) or the first payload alone before mapping the whole stream.
    const opener = await msnpOpener(capture, stream, rows);
    if (!opener) continue;
    const map = streamMapFromIndex(core, index, rows, 'tcp', stream, pieces);
    // A capture reopened from the library has its index but no core state: read the ends from the index.
    map.endpoints = indexEndpoints(index, rows) ?? map.endpoints;
    if (map.endpoints.length < 2) continue;
    const serverSide = serverSideOf(map.endpoints, opener);
    const chunks = await followChunks(blob, map);
    const of = (side: 0 | 1) => directionBytes(chunks.filter((c) => c.side === side).map(piece));
    out.push({
      stream,
      clientAddress: address(map.endpoints[serverSide ^ 1]),
      serverAddress: address(map.endpoints[serverSide]),
      toServer: of((serverSide ^ 1) as 0 | 1),
      toClient: of(serverSide),
      firstFrame: rows[0] + 1,
    });
  }
  return out;
}

/**
 * Why a stream is MSNP: 'port' (1863 at either end), or the side that sent its first payload, an MSNP command
 * line (the client: the heuristic for other ports); undefined when it is not MSNP.
 */
async function msnpOpener(
  capture: IndexedCapture,
  stream: number,
  rows: readonly number[],
): Promise<'port' | 0 | 1 | undefined> {
  const { core, blob, index, pieces } = capture;
  const first = rows[0];
  if (index.at('shape', first) & SHAPE_PORTS) {
    if (index.at('srcPort', first) === MSNP_PORT || index.at('dstPort', first) === MSNP_PORT) return 'port';
  } else if (
    streamMapFromIndex(core, index, [first], 'tcp', stream, pieces).endpoints.some((e) => e.port === MSNP_PORT)
  ) {
    // Tunnelled or VLAN-tagged frames keep no ports in the index: the core knows the stream's ends.
    return 'port';
  }
  const payloadRow = rows.find((r) => index.at('payloadLen', r) > 0);
  if (payloadRow === undefined) return undefined;
  const [segment] = streamMapFromIndex(core, index, [payloadRow], 'tcp', stream, pieces).segments;
  if (segment.pieces.length === 0) return undefined;
  return looksLikeMsnp(await segmentBytes(blob, segment)) ? segment.side : undefined;
}

/** The server's side: the end on port 1863, else the one that did not send the first command. */
function serverSideOf(endpoints: Endpoint[], opener: 'port' | 0 | 1): 0 | 1 {
  if (opener !== 'port') return (opener ^ 1) as 0 | 1;
  return endpoints[1].port === MSNP_PORT ? 1 : endpoints[0].port === MSNP_PORT ? 0 : 1;
}

function piece(c: StreamChunk) {
  return c.missing !== undefined ? { frame: c.frame, missing: c.missing } : { frame: c.frame, bytes: c.bytes };
}

const SHAPE_IPV4 = 1;
const SHAPE_PORTS = 4;
const SHAPE_COMPLEX = 8;
const FROM_B = 1;

/** A stream's two ends by side from its first plain IPv4 row (undefined for IPv6 or tunnelled streams). */
function indexEndpoints(index: PacketIndex, rows: readonly number[]): Endpoint[] | undefined {
  for (const i of rows.slice(0, 4)) {
    const shape = index.at('shape', i);
    if (shape & SHAPE_COMPLEX || !(shape & SHAPE_IPV4) || !(shape & SHAPE_PORTS)) continue;
    const src: Endpoint = { address: ipv4(index.at('ipSrc', i)), port: index.at('srcPort', i), ipv6: false };
    const dst: Endpoint = { address: ipv4(index.at('ipDst', i)), port: index.at('dstPort', i), ipv6: false };
    return index.at('transport', i) & FROM_B ? [dst, src] : [src, dst];
  }
  return undefined;
}

const ipv4 = (v: number) => `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

function address(e: Endpoint): string {
  return e.ipv6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** Whether any indexed frame has port 1863 at either end (a quick look at the index's port columns). */
export function hasMsnpPort(index: PacketIndex): boolean {
  const src = index.column('srcPort');
  const dst = index.column('dstPort');
  for (let i = 0; i < index.count; i++) if (src[i] === MSNP_PORT || dst[i] === MSNP_PORT) return true;
  return false;
}

/** The epoch time of a frame from the index. */
export function frameTime(index: PacketIndex, frame: number): number {
  const i = frame - 1;
  if (i < 0 || i >= index.count) return 0;
  // The nearest double to the decimal time, as tshark's frame.time_epoch prints it.
  return Number(`${index.at('tsSec', i)}.${String(index.at('tsNsec', i)).padStart(9, '0')}`);
}

/** Every chat, login and presence change of an indexed capture. */
export async function chatReport(capture: IndexedCapture): Promise<ChatReport> {
  const connections = await msnConnections(capture);
  return reconstructChats(connections, (frame) => frameTime(capture.index, frame));
}
