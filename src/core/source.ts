/**
 * Where capture bytes come from: always a Blob (a dropped File in the browser, `fs.openAsBlob` in Node), read
 * by slices so a capture larger than memory (or than 4 GB) opens. A gzip-compressed capture is inflated once,
 * as a stream, into a new Blob, so later slicing (packet bytes for the tree and hex views) stays random access.
 */
import { CaptureFormat } from '../abi/core-constants';
import type { Core } from './core';

export interface CaptureSource {
  blob: Blob;
  /** Set when the file was gzip-compressed. */
  gzip: boolean;
  /** A damaged gzip stream keeps what inflated before the damage; this says where it broke. */
  warning?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export async function openCapture(blob: Blob): Promise<CaptureSource> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (head.length < 2 || head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return { blob, gzip: false };
  return { ...(await gunzip(blob)), gzip: true };
}

async function gunzip(blob: Blob): Promise<{ blob: Blob; warning?: string }> {
  const parts: Uint8Array[] = [];
  let inflated = 0;
  const reader = blob.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      inflated += value.length;
    }
  } catch {
    return {
      blob: new Blob(parts as BlobPart[]),
      warning: `the gzip stream is damaged or cut short after ${inflated} decompressed bytes; packets after that are lost`,
    };
  }
  return { blob: new Blob(parts as BlobPart[]) };
}

/**
 * A capture source the driver reads straight into the core's input window (a file in Node, FileBlob), instead
 * of a Blob slice copied in: no intermediate buffer per chunk. Synchronous, so the window cannot move meanwhile.
 */
export interface DirectSource {
  /** Reads up to target.length bytes at `offset` into target; returns how many it read (0 at the end). */
  readInto(offset: number, target: Uint8Array): number;
}

export function directSource(blob: Blob): DirectSource | undefined {
  const candidate = blob as unknown as Partial<DirectSource>;
  return typeof candidate.readInto === 'function' ? (candidate as DirectSource) : undefined;
}

export async function readSlice(blob: Blob, offset: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}

/**
 * The capture's format code (CaptureFormat), told by the core from the file's first four bytes: a frame decoded
 * alone needs it (a Network Monitor frame carries no FCS).
 */
export async function captureFormatOf(core: Core, blob: Blob): Promise<number> {
  const head = await readSlice(blob, 0, 4);
  return head.length < 4
    ? CaptureFormat.Unknown
    : core.exports.detectFormat(new DataView(head.buffer).getUint32(0, true));
}

/** Whether the capture is pcapng (its Section Header Block type opens the file). */
export async function isPcapng(blob: Blob): Promise<boolean> {
  const head = await readSlice(blob, 0, 4);
  return head.length === 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a;
}
