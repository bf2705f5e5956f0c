import { describe, expect, it } from 'vitest';
import {
  bareAccount,
  commandLineEnd,
  errorMeaning,
  splitCommand,
  startsCommand,
  urlDecode,
} from '../../src/msn/protocol';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('MSNP command lines', () => {
  it('splits a client MSG: TrID, acknowledgement type and payload length', () => {
    expect(splitCommand('MSG 4 A 141')).toEqual({
      name: 'MSG',
      args: ['4', 'A', '141'],
      trid: '4',
      payloadLength: 141,
    });
  });

  it('reads a relayed MSG as sender, name and length, without TrID', () => {
    const c = splitCommand('MSG alice@hotmail.example Alice%20L 102');
    expect(c.trid).toBeUndefined();
    expect(c.payloadLength).toBe(102);
  });

  it('tells the client QRY (32-byte payload) from the server reply (none)', () => {
    expect(splitCommand('QRY 7 PROD0114ES4Z%Q5W 32').payloadLength).toBe(32);
    expect(splitCommand('QRY 7').payloadLength).toBeUndefined();
  });

  it('takes a payload only when the length word is a number (ADL reply "OK")', () => {
    expect(splitCommand('ADL 5 120').payloadLength).toBe(120);
    expect(splitCommand('ADL 5 OK').payloadLength).toBeUndefined();
    expect(splitCommand('UBX 1:bob@example.com 87').payloadLength).toBe(87);
  });

  it('reads numeric errors with their TrID and meaning', () => {
    expect(splitCommand('217 2')).toMatchObject({ error: 217, trid: '2' });
    expect(errorMeaning(217)).toBe('Principal not online');
    expect(errorMeaning(911)).toBe('Authentication failed');
    expect(errorMeaning(999)).toBe('Unknown error');
  });

  it('has no TrID on server-initiated commands', () => {
    expect(splitCommand('NLN NLN bob@example.com Bob 0').trid).toBeUndefined();
    expect(splitCommand('CHG 6 NLN 0').trid).toBe('6');
  });

  it('knows a command line start: known command or three digits and a TrID', () => {
    expect(startsCommand(bytes('VER 1 MSNP8\r\n'), 0)).toBe(true);
    expect(startsCommand(bytes('OUT\r\n'), 0)).toBe(true);
    expect(startsCommand(bytes('911 3\r\n'), 0)).toBe(true);
    expect(startsCommand(bytes('XYZ 1\r\n'), 0)).toBe(false);
    expect(startsCommand(bytes('XYZ 1\r\n'), 0, false)).toBe(true);
    expect(startsCommand(bytes('MIME-Version: 1.0\r\n'), 0)).toBe(false);
    expect(startsCommand(bytes('VERY long'), 0)).toBe(false);
  });

  it('finds the end of a line, refusing control bytes and saying when it is cut', () => {
    expect(commandLineEnd(bytes('OUT\r\nX'), 0)).toBe(3);
    expect(commandLineEnd(bytes('OUT\0\r\n'), 0)).toBe(-1);
    expect(commandLineEnd(bytes('MSG 1 U 9'), 0)).toBe(-2);
  });

  it('URL-decodes UTF-8 display names and keeps bad escapes', () => {
    expect(urlDecode('Alice%20%E2%98%95%20Liddell')).toBe('Alice ☕ Liddell');
    expect(urlDecode('100%zz')).toBe('100%zz');
    expect(bareAccount('1:bob@example.com')).toBe('bob@example.com');
    expect(bareAccount('bob@example.com')).toBe('bob@example.com');
    expect(bareAccount('bob@example.com;{8a8b42ac-0a72-4de6-b1ea-c2bd29b8e2c5}')).toBe('bob@example.com');
    expect(bareAccount('1:bob@example.com;{8a8b42ac-0a72-4de6-b1ea-c2bd29b8e2c5}')).toBe('bob@example.com');
    expect(bareAccount('Hotmail')).toBe('Hotmail');
  });
});
