/**
 * Follow TLS Stream: the decrypted application data of one TCP conversation, record by record, as
 * `loupe follow <capture> tls N` prints it. Only that conversation's frames are dissected (its handshake and
 * records are all in it); the capture's own secrets come with the pass, the user's keys with `tls`.
 */
import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import type { DissectionSettings } from '../dissectors/decode-as';
import type { TlsDecryption } from '../tls/decryption';
import type { FollowChunk } from '../api/capture-api';

/** Application data records of TCP stream `stream` (frames `frames`, ascending), each side's in capture order. */
export async function followTls(
  core: Core,
  blob: Blob,
  stream: number,
  frames: Uint32Array,
  tls: TlsDecryption,
  settings?: DissectionSettings,
): Promise<FollowChunk[]> {
  const chunks: FollowChunk[] = [];
  tls.onRecord = (record) => {
    // Side 0 sent the conversation's first packet: Follow's client, as for TCP.
    if (record.stream === stream && record.type === 23 && record.bytes.length) {
      chunks.push({ fromServer: record.side === 1, frame: record.frame, bytes: record.bytes.slice() });
    }
  };
  await dissectFrames(core, blob, () => {}, { tls, settings, fieldFrames: frames });
  return chunks;
}
