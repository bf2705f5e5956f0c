import { RECORD_WORDS, type Core } from './core';
import { ingest, type IngestResult } from './ingest';
import { frameSpans } from './frame-records';
import { SideKind } from './side-kinds';
import { fieldId } from '../fields/registry';
import { AppSession, type ExportedObject, type FrameDissection, type FrameInput } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';

/** One frame as tshark's single pass sees it: the core's field records and what the application layer made of it. */
export interface DissectedFrame {
  number: number;
  /** Views into the core's buffers: copy what outlives the callback. */
  input: FrameInput;
  app: FrameDissection;
}

/** Return from onFrame to end the pass early. */
export const STOP = false;

class Stopped extends Error {}

/**
 * Runs the core in field mode and the application dissectors over a capture, frame by frame in capture order:
 * the one path `loupe fields` and the app's Protocol/Info columns and protocol tree all take.
 * `dissect: false` skips the application layer (the CLI does when no field asks for it); `settings` are the
 * user's Decode As rules and protocol switches.
 */
export async function dissectFrames(
  core: Core,
  blob: Blob,
  onFrame: (frame: DissectedFrame) => boolean | void,
  options: {
    dissect?: boolean;
    /** Decode As rules and protocol switches. */
    settings?: DissectionSettings;
    onProgress?: (read: number, total: number) => void;
    /** Bytes read at a time (default: ingest's CHUNK); a pass sharing its thread reads less, to yield more often. */
    chunkBytes?: number;
    onObject?: (object: ExportedObject) => void;
  } = {},
): Promise<IngestResult | undefined> {
  const session = options.dissect === false ? undefined : new AppSession(options.settings, options.onObject);
  const frameBytes = new Map<number, Uint8Array>();
  const reassembled = new Map<number, Uint8Array>();
  const none: FrameDissection = { items: [], protocol: '', info: '' };
  try {
    return await ingest(core, blob, true, {
      onSide(entry) {
        if (entry.kind === SideKind.FrameBytes) frameBytes.set(entry.frame, entry.bytes);
        else if (entry.kind === SideKind.Reassembled) reassembled.set(entry.frame, entry.bytes);
      },
      onFields(records) {
        for (const span of frameSpans(records)) {
          const number = frameNumber(records, span.start, span.end);
          const input = { records, ...span, frameBytes: frameBytes.get(number), reassembled: reassembled.get(number) };
          if (onFrame({ number, input, app: session?.dissect(input) ?? none }) === STOP) throw new Stopped();
        }
        frameBytes.clear();
        reassembled.clear();
      },
      onProgress: options.onProgress,
    }, options.chunkBytes);
  } catch (e) {
    if (e instanceof Stopped) return undefined;
    throw e;
  }
}

const FRAME_NUMBER = fieldId('frame.number')!;

function frameNumber(records: Uint32Array, start: number, end: number): number {
  for (let at = start; at < end; at += RECORD_WORDS) if (records[at] === FRAME_NUMBER) return records[at + 4];
  return 0;
}
