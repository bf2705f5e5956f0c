import { commandLineEnd, splitCommand, startsCommand, type CommandLine } from './protocol';

/**
 * One direction of a TCP connection as the peer received it: its bytes in sequence order (retransmissions
 * shown once), which frame brought each byte first, and where the capture missed bytes.
 */
export interface DirectionBytes {
  bytes: Uint8Array;
  /** The frame that first carried the byte at `offset` and the bytes after it (ascending offsets). */
  marks: { offset: number; frame: number }[];
  /** Bytes the capture lost before `offset` (the peer acknowledged them). */
  gaps: { offset: number; missing: number; frame: number }[];
}

/** A run of a direction's bytes (a Follow chunk): bytes with the frame that carried them, or a gap. */
export interface DirectionPiece {
  frame: number;
  bytes?: Uint8Array;
  /** Bytes missing from the capture here. */
  missing?: number;
}

/** Joins a direction's pieces into one buffer, remembering frames and gaps. */
export function directionBytes(pieces: readonly DirectionPiece[]): DirectionBytes {
  const size = pieces.reduce((n, p) => n + (p.bytes?.length ?? 0), 0);
  const bytes = new Uint8Array(size);
  const marks: DirectionBytes['marks'] = [];
  const gaps: DirectionBytes['gaps'] = [];
  let at = 0;
  for (const p of pieces) {
    if (p.missing !== undefined) {
      gaps.push({ offset: at, missing: p.missing, frame: p.frame });
    } else if (p.bytes && p.bytes.length) {
      bytes.set(p.bytes, at);
      if (marks.length === 0 || marks[marks.length - 1].frame !== p.frame) marks.push({ offset: at, frame: p.frame });
      at += p.bytes.length;
    }
  }
  return { bytes, marks, gaps };
}

/** The frame that carried the byte at `offset`. */
export function frameAt(dir: DirectionBytes, offset: number): number {
  const marks = dir.marks;
  let lo = 0,
    hi = marks.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return marks[lo].frame;
}

/** One command found in a direction's bytes. */
export interface StreamCommand extends CommandLine {
  /** Offsets in the direction's bytes: the command's first byte, after its CRLF, and after its payload. */
  start: number;
  lineEnd: number;
  end: number;
  /** The command line's text (without CRLF). */
  text: string;
  payload?: Uint8Array;
  /** The frame carrying the command's last byte (its payload's, when it has one). */
  frame: number;
  /** The payload (or line) runs past the end of the capture. */
  truncated?: boolean;
}

/** Bytes that were not commands: a mid-session start, bytes around a capture gap, garbage. */
export interface SkippedBytes {
  start: number;
  end: number;
  /** A capture gap made them unreadable (a command whose middle is missing). */
  gap?: { missing: number; frame: number };
  frame: number;
}

const latin1 = new TextDecoder('latin1');

/**
 * Reads every command of one direction. Bytes that do not form a command (a capture that starts in the middle
 * of a payload, garbage, a command cut by a capture gap) are skipped up to the next line that starts with a
 * known command: resynchronisation.
 */
export function readCommands(dir: DirectionBytes): { commands: StreamCommand[]; skipped: SkippedBytes[] } {
  const { bytes } = dir;
  const commands: StreamCommand[] = [];
  const skipped: SkippedBytes[] = [];
  const gapStarts = new Set(dir.gaps.map((g) => g.offset));
  const gapInside = (from: number, to: number) => dir.gaps.find((g) => g.offset > from && g.offset < to);
  const skip = (start: number, end: number, gap?: SkippedBytes['gap']) => {
    if (end > start)
      skipped.push({ start, end, frame: frameAt(dir, Math.max(start, end - 1)), ...(gap ? { gap } : {}) });
  };
  /** The next offset >= from where a known command starts a line (after LF, at a gap or at the start). */
  const resync = (from: number): number => {
    for (let q = from; q < bytes.length; q++) {
      if (q > 0 && bytes[q - 1] !== 0x0a && !gapStarts.has(q)) continue;
      if (startsCommand(bytes, q, true) && commandLineEnd(bytes, q) >= 0) return q;
    }
    return bytes.length;
  };
  let p = startsCommand(bytes, 0, true) && commandLineEnd(bytes, 0) !== -1 ? 0 : resync(0);
  skip(0, p);
  while (p < bytes.length) {
    const cr = startsCommand(bytes, p, false) ? commandLineEnd(bytes, p) : -1;
    if (cr === -1) {
      const next = resync(p + 1);
      skip(p, next);
      p = next;
      continue;
    }
    const lineStop = cr === -2 ? bytes.length : cr;
    const text = latin1.decode(bytes.subarray(p, lineStop));
    const line = splitCommand(text);
    const lineEnd = cr === -2 ? bytes.length : cr + 2;
    let end = lineEnd + (line.payloadLength ?? 0);
    const truncated = cr === -2 || end > bytes.length;
    if (truncated) end = bytes.length;
    const gap = gapInside(p, end);
    if (gap) {
      // Bytes of this command are missing: its length can no longer be trusted.
      const next = resync(gap.offset);
      skip(p, next, { missing: gap.missing, frame: gap.frame });
      p = next;
      continue;
    }
    const command: StreamCommand = { ...line, start: p, lineEnd, end, text, frame: frameAt(dir, end - 1) };
    if (line.payloadLength !== undefined) command.payload = bytes.subarray(Math.min(lineEnd, end), end);
    if (truncated) command.truncated = true;
    commands.push(command);
    p = end;
  }
  return { commands, skipped };
}
