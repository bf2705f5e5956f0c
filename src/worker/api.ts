import type { Problem } from '../core/problems';
import type { PacketSummary } from '../ui/packet-list/summary';

/** What the capture worker offers the UI, through comlink (src/worker/capture-worker.ts). */
export interface CaptureApi {
  /** Reads a whole capture into the packet index; replaces the previous one. */
  open(file: Blob, name: string, onProgress: (progress: LoadProgress) => void): Promise<CaptureSummary>;
  /** Rows [from, from + count) of the packet list, clamped to what is indexed. */
  rows(from: number, count: number): Promise<RowPage>;
  /** Frame `number` (1-based) for the protocol tree and hex view. */
  frame(number: number): Promise<FrameDetail | undefined>;
}

export interface LoadProgress {
  bytesRead: number;
  bytesTotal: number;
  frames: number;
}

export interface CaptureSummary {
  name: string;
  frames: number;
  /** 'pcap', 'pcapng', 'netmon' or 'unknown'. */
  format: string;
  compressed: boolean;
  /** Why reading stopped early; `fatal` with no frames means the file is no capture. */
  problem?: Problem;
  warnings: string[];
}

/** Packet list rows: numeric columns as typed arrays (transferred), decoded columns as strings. */
export interface RowPage {
  from: number;
  count: number;
  /** Seconds since the first packet. */
  time: Float64Array;
  length: Uint32Array;
  flags: Uint32Array;
  summaries: PacketSummary[];
}

export interface FrameDetail {
  number: number;
  /** The captured bytes. */
  bytes: Uint8Array;
  /** Field records of this frame (8 words each, src/core/core.ts). */
  records: Uint32Array;
  flags: number;
}
