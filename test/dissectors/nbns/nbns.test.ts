import { describe, expect, it } from 'vitest';
import { Bytes } from '../../../src/dissectors/bytes';
import { readNetbiosName } from '../../../src/dissectors/nbns/netbios-name';
import { goldenMismatches } from '../support/frames';

const encode = (name: string, suffix: number) => [
  32,
  ...Array.from(name.padEnd(15).slice(0, 15) + String.fromCharCode(suffix), (c) => [
    0x41 + (c.charCodeAt(0) >> 4),
    0x41 + (c.charCodeAt(0) & 15),
  ]).flat(),
  0,
];

describe('NetBIOS names', () => {
  it('decodes the first-level encoding with its suffix and scope', () => {
    const scoped = Uint8Array.from([...encode('HOST', 0x20).slice(0, -1), 3, 0x6c, 0x61, 0x6e, 0]);
    expect(readNetbiosName(new Bytes(scoped), 0)).toEqual({ text: 'HOST<20>.lan', suffix: 0x20, length: 38 });
    expect(readNetbiosName(new Bytes(Uint8Array.from(encode('\x01\x02__MSBROWSE__\x02', 1))), 0).text).toBe(
      '<01><02>__MSBROWSE__<02><01>',
    );
  });

  it('says why a name cannot be decoded', () => {
    expect(readNetbiosName(new Bytes(Uint8Array.from([4, 0x41, 0x41, 0x41, 0x41, 0])), 0).text).toBe(
      'Illegal NetBIOS name (2 bytes long)',
    );
    const bad = encode('X', 0);
    bad[3] = 0x30;
    expect(readNetbiosName(new Bytes(Uint8Array.from(bad)), 0).text).toMatch(/^Illegal NetBIOS name \(1st character/);
  });
});

describe('NBNS', () => {
  // Query, positive/negative responses, registration, release, WACK, node status, truncation, a pointer loop.
  // tshark reads the looping name as an illegal one and goes on; Loupe calls the message malformed.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/nbns.pcap', { 10: 'Name query[Malformed Packet]' })).toEqual([]);
  });
});
