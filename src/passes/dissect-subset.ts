import { RECORD_WORDS, type Core } from '../core/core';
import { STOP, type DissectedFrame } from './dissect-frames';
import type { PacketIndex } from '../core/packet-index';
import { frameBytes } from '../core/frame-bytes';
import { captureFormatOf } from '../core/source';
import { NO_STREAM, RowFlag, TcpAnalysis, Transport } from '../abi/core-constants';
import { AppSession, type FrameDissection } from '../dissectors';
import type { TlsDecryption } from '../tls/decryption';
import type { DissectionSettings } from '../dissectors/decode-as';

const NOT_DISSECTED: FrameDissection = { items: [], protocol: '', info: '', layers: [] };

/**
 * Dissects a chosen set of frames (ascending numbers, every frame of their conversations up to the last one)
 * without reading the rest of the file: their bytes are sliced out by the index, and the core is told what the
 * frames left out would have set (the previous frame's time, stream numbers). Frames come to onFrame as
 * dissectFrames() gives them, except that a TCP or UDP frame without payload, which changes no application
 * state, is not dissected unless it is the last (its `app` is empty). Resolves false when the set cannot stand
 * alone (IP fragments, tunnels, a port reused from an earlier conversation): the caller drops what onFrame got
 * and reads the file through. With `appFrames`, exactly the frames it marks are dissected.
 * `interfaceId`/`interfaceName`: the capture's one interface (pcapng); several interfaces need the file read.
 */
export async function dissectSubset(
  core: Core,
  blob: Blob,
  index: PacketIndex,
  frames: Uint32Array,
  onFrame: (frame: DissectedFrame) => boolean | void,
  options: {
    settings?: DissectionSettings;
    interfaceId?: number;
    interfaceName?: string;
    tls?: TlsDecryption;
    /** As dissectFrames' option: only these frames' application layer is dissected (1 at index number - 1). */
    appFrames?: Uint8Array;
  } = {},
): Promise<boolean> {
  for (const n of frames) {
    if (
      index.at('analysis', n - 1) & TcpAnalysis.ReusedPorts ||
      index.at('flags', n - 1) & (RowFlag.Fragment | RowFlag.Reassembled)
    )
      return false;
  }
  const x = core.exports;
  // The frames are sliced out: the capture's secrets (its DSBs) come with `tls`, not from the file.
  const session = new AppSession(options.settings, undefined, options.tls);
  x.beginSubset(await captureFormatOf(core, blob));
  const lastFrame = frames[frames.length - 1];
  const rows = frames.map((n) => n - 1);
  for await (const batch of frameBytes(blob, index, rows)) {
    for (const { row: i, bytes } of batch) {
      core.u8(x.scratch(bytes.length), bytes.length).set(bytes);
      const stream = index.at('stream', i);
      const udp = (index.at('transport', i) & Transport.Udp) !== 0;
      const previous = Math.max(0, i - 1);
      const count = x.decodeSubsetFrame(
        bytes.length,
        i + 1,
        index.at('origLen', i),
        index.at('tsSec', i),
        index.at('tsNsec', i),
        index.at('linkType', i),
        options.interfaceId ?? 0,
        index.at('tsSec', 0),
        index.at('tsNsec', 0),
        index.at('tsSec', previous),
        index.at('tsNsec', previous),
        stream !== NO_STREAM && !udp ? stream : 0,
        stream !== NO_STREAM && udp ? stream : 0,
      );
      if (count < 0) return false;
      const input = { records: core.fieldRecords(), start: 0, end: count * RECORD_WORDS, frameBytes: bytes };
      const bare = options.appFrames
        ? !options.appFrames[i]
        : stream !== NO_STREAM && index.at('payloadLen', i) === 0 && i + 1 !== lastFrame;
      const frame = {
        number: i + 1,
        input,
        app: bare ? NOT_DISSECTED : session.dissect(input),
        comments: [],
        interfaceName: options.interfaceName,
      };
      if (onFrame(frame) === STOP) return true;
    }
  }
  return true;
}
