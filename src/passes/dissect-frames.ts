import { RECORD_WORDS, type Core } from '../core/core';
import { CHUNK, ingest, type IngestResult } from '../core/ingest';
import { FRAME_ID } from '../core/frame-records';
import { SideKind } from '../abi/core-constants';
import { fieldId } from '../fields/registry';
import { AppSession, type ExportedObject, type FrameDissection, type FrameInput } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { TlsDecryption } from '../tls/decryption';

/** One frame as tshark's single pass sees it: the core's field records and what the application layer made of it. */
export interface DissectedFrame {
  number: number;
  /** Views into the core's buffers: copy what outlives the callback. */
  input: FrameInput;
  app: FrameDissection;
  /** The frame's own comments (pcapng opt_comment), as the file holds them. */
  comments: readonly string[];
  /** The name of the interface it was captured on (pcapng if_name), when the file gives one. */
  interfaceName?: string;
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
    /** Only these frames (ascending) are dissected; the others are read for the core's state alone. */
    fieldFrames?: Uint32Array;
    /**
     * Of the frames with field records, those whose application layer is dissected (1 at index number - 1); the
     * others come with their core records alone (a query plan's frames that no application field can be in).
     */
    appFrames?: Uint8Array;
    /** See IngestHandlers.pause. */
    pause?: () => Promise<void> | undefined;
    /** Stops the pass at the next frame once aborted (the work was superseded); it then resolves undefined. */
    signal?: AbortSignal;
    /**
     * TLS keys (key logs and RSA keys the user gave) and where decrypted records go; the capture's own
     * Decryption Secrets Blocks are added to it as they are read. Without one, a pass of its own is made.
     */
    tls?: TlsDecryption;
    /**
     * Only Protocol and Info are wanted (the app's background pass): each frame's `app` then has no layers and no
     * frame.protocols or column items (see SessionOptions).
     */
    columnsOnly?: boolean;
    /**
     * Only the frames this accepts are handed to onFrame; the others are dissected as far as the state of later
     * frames needs (columns only), which saves their layers and column items (a display filter's undecided frames).
     */
    onlyFrames?: (number: number) => boolean;
    /**
     * Only these core fields' records are emitted (with each protocol's own record and DISSECT_FRAMES_FIELDS): for
     * a pass whose readers, the session's included, read no others (see IngestOptions.keepFields).
     */
    keepFields?: readonly number[];
  } = {},
): Promise<IngestResult | undefined> {
  const tls = options.tls ?? new TlsDecryption();
  const session =
    options.dissect === false
      ? undefined
      : new AppSession(options.settings, options.onObject, tls, { columnsOnly: options.columnsOnly });
  // Each frame's bytes, in frame order as the side data brings them (a cursor finds them: no Map per frame).
  const bytesFrames: number[] = [];
  const bytesOf: Uint8Array[] = [];
  let bytesAt = 0;
  const frameBytes = (number: number): Uint8Array | undefined => {
    while (bytesAt < bytesFrames.length && bytesFrames[bytesAt] < number) bytesAt++;
    return bytesFrames[bytesAt] === number ? bytesOf[bytesAt] : undefined;
  };
  const reassembled = new Map<number, Uint8Array>();
  const comments = new Map<number, string[]>();
  // By interface id; a new section's interfaces take the ids over.
  const interfaceNames = new Map<number, string>();
  const none: FrameDissection = { items: [], protocol: '', info: '', layers: [] };
  const text = new TextDecoder();
  try {
    return await ingest(
      core,
      blob,
      true,
      {
        onSide(entry) {
          if (entry.kind === SideKind.FrameBytes) {
            bytesFrames.push(entry.frame);
            bytesOf.push(entry.bytes);
          } else if (entry.kind === SideKind.Reassembled) reassembled.set(entry.frame, entry.bytes);
          else if (entry.kind === SideKind.PacketComment)
            comments.set(entry.frame, [...(comments.get(entry.frame) ?? []), text.decode(entry.bytes)]);
          else if (entry.kind === SideKind.Interface) noteInterface(interfaceNames, entry.bytes, text);
          else if (entry.kind === SideKind.DecryptionSecrets) addSecrets(tls, entry.bytes);
        },
        onFields(records) {
          // Frames start at each depth-0 `frame` record (as frameSpans splits them, without its allocations).
          let start = -1;
          const frameAt = (start: number, end: number) => {
            const number = frameNumber(records, start, end);
            const wanted = options.onlyFrames?.(number) ?? true;
            const input: FrameInput = {
              records,
              start,
              end,
              frameBytes: frameBytes(number),
              reassembled: reassembled.size ? reassembled.get(number) : undefined,
            };
            const interfaceName = interfaceNames.size
              ? interfaceNames.get(recordValue(records, start, end, FRAME_INTERFACE) ?? -1)
              : undefined;
            if (!wanted) {
              session?.dissect(input, false);
              if (options.signal?.aborted) throw new Stopped();
              return;
            }
            const frame = {
              number,
              input,
              app: (!options.appFrames || options.appFrames[number - 1] ? session?.dissect(input) : undefined) ?? none,
              comments: (comments.size && comments.get(number)) || NO_COMMENTS,
              interfaceName,
            };
            if (options.signal?.aborted || onFrame(frame) === STOP) throw new Stopped();
          };
          for (let at = 0; at < records.length; at += RECORD_WORDS) {
            if (records[at] === FRAME_ID && (records[at + 1] & 0xff) === 0) {
              if (start >= 0) frameAt(start, at);
              start = at;
            }
          }
          if (start >= 0) frameAt(start, records.length);
          bytesFrames.length = 0;
          bytesOf.length = 0;
          bytesAt = 0;
          reassembled.clear();
          comments.clear();
        },
        onProgress: (read, total) => {
          if (options.signal?.aborted) throw new Stopped();
          options.onProgress?.(read, total);
        },
        pause: options.pause,
      },
      {
        chunkBytes: options.chunkBytes,
        fieldFrames: options.fieldFrames,
        keepFields: options.keepFields && [...options.keepFields, ...DISSECT_FRAMES_FIELDS],
        // A background pass reads small chunks: a batch's side data is then small enough to share.
        sideBatchCopy: (options.chunkBytes ?? CHUNK) <= SHARED_SIDE_CHUNK,
      },
    );
  } catch (e) {
    if (e instanceof Stopped) return undefined;
    throw e;
  }
}

const FRAME_NUMBER = fieldId('frame.number')!;
/** Up to this chunk size, frames' bytes are views into one copy of each batch (see IngestOptions.sideBatchCopy). */
const SHARED_SIDE_CHUNK = 256 << 10;
const NO_COMMENTS: readonly string[] = Object.freeze([]);
const FRAME_INTERFACE = fieldId('frame.interface_id')!;
/** The core fields dissectFrames itself reads of every frame. */
export const DISSECT_FRAMES_FIELDS: readonly number[] = [FRAME_NUMBER, FRAME_INTERFACE];

function recordValue(records: Uint32Array, start: number, end: number, id: number): number | undefined {
  for (let at = start; at < end; at += RECORD_WORDS) if (records[at] === id) return records[at + 4];
  return undefined;
}

const frameNumber = (records: Uint32Array, start: number, end: number) =>
  recordValue(records, start, end, FRAME_NUMBER) ?? 0;

/** A Decryption Secrets Block side entry: its secrets type (u32), then the secrets. */
function addSecrets(tls: TlsDecryption, bytes: Uint8Array): void {
  if (bytes.length < 4) return;
  tls.keyring.addSecretsBlock(
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true),
    bytes.slice(4),
  );
}

/** An interface side entry (assembly/capture/pcapng.ts): id, link type, snaplen, tsresol (u32 each), then if_name. */
function noteInterface(names: Map<number, string>, bytes: Uint8Array, text: TextDecoder): void {
  if (bytes.length < 16) return;
  const id = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (bytes.length > 16) names.set(id, text.decode(bytes.subarray(16)).replace(/\0+$/, ''));
  else names.delete(id);
}
