import { hex, hexDump, printable } from '../../core/follow-format';
import type { FollowChunk } from '../../api/capture-api';

export type FollowMode = 'ascii' | 'hexdump' | 'raw';

export interface ChunkText {
  fromServer: boolean;
  frame: number;
  text: string;
}

/**
 * Each chunk as Follow Stream shows it in a mode, with tshark's characters: ASCII keeps line breaks and dots
 * the rest; the hex dump counts offsets per side; raw is plain hex.
 */
export function chunkTexts(chunks: readonly FollowChunk[], mode: FollowMode): ChunkText[] {
  const position = [0, 0];
  return chunks.map(({ fromServer, frame, bytes }) => {
    let text: string;
    if (mode === 'ascii') text = printable(bytes, true);
    else if (mode === 'raw') text = hex(bytes) + '\n';
    else {
      const side = fromServer ? 1 : 0;
      text = hexDump(bytes, position[side], '');
      position[side] += bytes.length;
    }
    return { fromServer, frame, text };
  });
}

/** The next match of `needle` (case-insensitive) after position (chunk, offset), wrapping around; undefined if none. */
export function findNext(
  texts: readonly ChunkText[],
  needle: string,
  after?: { chunk: number; offset: number },
): { chunk: number; offset: number } | undefined {
  if (!needle || texts.length === 0) return undefined;
  const lower = needle.toLowerCase();
  const start = after ?? { chunk: 0, offset: -1 };
  for (let step = 0; step <= texts.length; step++) {
    const chunk = (start.chunk + step) % texts.length;
    const from = step === 0 ? start.offset + 1 : 0;
    const offset = texts[chunk].text.toLowerCase().indexOf(lower, from);
    if (offset >= 0 && !(step === texts.length && offset > start.offset)) return { chunk, offset };
  }
  return undefined;
}

/** What "Save as" writes: the bytes themselves in raw mode (like Wireshark), the shown text otherwise. */
export function saveContent(chunks: readonly FollowChunk[], texts: readonly ChunkText[], mode: FollowMode): Blob {
  if (mode === 'raw')
    return new Blob(
      chunks.map((c) => c.bytes as BlobPart),
      { type: 'application/octet-stream' },
    );
  return new Blob(
    texts.map((t) => t.text),
    { type: 'text/plain' },
  );
}
