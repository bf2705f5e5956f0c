import { describe, expect, it } from 'vitest';
import { directionBytes, frameAt, readCommands, type DirectionPiece } from '../../src/msn/direction';

const enc = (s: string) => new TextEncoder().encode(s);
const piece = (frame: number, s: string | Uint8Array): DirectionPiece => ({
  frame,
  bytes: typeof s === 'string' ? enc(s) : s,
});
const typing = 'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: a@b.example\r\n\r\n\r\n';
const typingLen = enc(typing).length;

describe("reading one direction's commands", () => {
  it('gives a command split over segments the frame of its last byte', () => {
    const dir = directionBytes([
      piece(10, 'MSG 3 U '),
      piece(12, `${typingLen}\r\n${typing.slice(0, 20)}`),
      piece(15, typing.slice(20)),
    ]);
    const { commands } = readCommands(dir);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ name: 'MSG', trid: '3', frame: 15, payloadLength: typingLen });
    expect(new TextDecoder().decode(commands[0].payload)).toBe(typing);
  });

  it('reads commands coalesced in one segment, each with that frame', () => {
    const { commands } = readCommands(directionBytes([piece(7, `MSG 2 U ${typingLen}\r\n${typing}ACK 4\r\nOUT\r\n`)]));
    expect(commands.map((c) => [c.name, c.frame])).toEqual([
      ['MSG', 7],
      ['ACK', 7],
      ['OUT', 7],
    ]);
  });

  it('counts payload lengths in bytes, not characters', () => {
    const body = 'ü😀';
    const { commands } = readCommands(directionBytes([piece(1, `MSG a@b.example A 6\r\n${body}BYE a@b.example\r\n`)]));
    expect(commands.map((c) => c.name)).toEqual(['MSG', 'BYE']);
  });

  it('resynchronises at the next command line when it starts inside a payload', () => {
    const { commands, skipped } = readCommands(
      directionBytes([piece(1, `e there!\r\nMIME-Version: 1.0\r\n\r\nOK\r\nJOI b@c.example Bee\r\n`)]),
    );
    expect(commands.map((c) => c.name)).toEqual(['JOI']);
    expect(skipped[0]).toMatchObject({ start: 0 });
  });

  it('skips garbage and carries on at the next command', () => {
    const junk = Uint8Array.of(0, 1, 2, 0xff, 0x0d, 0x0a);
    const dir = directionBytes([piece(1, junk), piece(2, 'VER 1 MSNP8 CVR0\r\n')]);
    const { commands, skipped } = readCommands(dir);
    expect(commands.map((c) => c.text)).toEqual(['VER 1 MSNP8 CVR0']);
    expect(skipped).toEqual([{ start: 0, end: 6, frame: 1 }]);
  });

  it('drops a command whose bytes a capture gap cut, and resumes after the gap', () => {
    const dir = directionBytes([
      piece(1, `MSG 2 A ${typingLen}\r\n${typing.slice(0, 10)}`),
      { frame: 3, missing: 40 },
      piece(3, `${typing.slice(50)}ACK 9\r\nOUT\r\n`),
    ]);
    const { commands, skipped } = readCommands(dir);
    expect(commands.map((c) => c.name)).toEqual(['ACK', 'OUT']);
    expect(skipped[0].gap).toEqual({ missing: 40, frame: 3 });
  });

  it('marks a command whose payload runs past the end of the capture', () => {
    const { commands } = readCommands(directionBytes([piece(4, 'MSG 5 A 100\r\nshort')]));
    expect(commands[0]).toMatchObject({ name: 'MSG', truncated: true, frame: 4 });
  });

  it('maps offsets to frames', () => {
    const dir = directionBytes([piece(3, 'abc'), piece(8, 'de')]);
    expect([0, 2, 3, 4].map((o) => frameAt(dir, o))).toEqual([3, 3, 8, 8]);
  });
});
