import type { Core } from '../core/core';
import { ingest, type IngestResult } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { StreamRows } from '../core/stream-rows';
import { notePayloadPieces, type PiecesByFrame } from '../core/streams';
import { chatReport } from '../msn/capture';
import { reportText } from '../msn/transcript';
import type { ChatReport } from '../msn/types';

/** `loupe chat`: every MSN Messenger conversation, login and presence change, as JSON or readable transcripts. */
export async function chatCommand(
  core: Core,
  blob: Blob,
  capture: string,
  json: boolean,
  write: (s: string) => void,
): Promise<IngestResult> {
  const index = new PacketIndex();
  const pieces: PiecesByFrame = new Map();
  const result = await ingest(core, blob, false, {
    onRows: (batch) => index.append(batch),
    onSide: (entry) => notePayloadPieces(pieces, entry),
  });
  // Not a capture at all: the caller says why, and there is nothing to report.
  if (result.problem?.fatal && result.frames === 0) return result;
  const streams = new StreamRows();
  streams.update(index);
  const report: ChatReport = await chatReport({ core, blob, index, streams, pieces });
  write(json ? JSON.stringify({ capture, ...report }, null, 1) + '\n' : reportText(report));
  return result;
}
