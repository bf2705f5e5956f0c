import { describe, expect, it } from 'vitest';
import { bitPattern } from '../../src/present/core-layers';
import { buildTree } from '../../src/present/tree';
import { records } from '../support/records';

describe('bit-field lines', () => {
  it('shows the field bits within its width, the rest as dots, in groups of four', () => {
    expect(bitPattern(4, 0xf0, 8)).toBe('0100 ....');
    expect(bitPattern(5, 0x0f, 8)).toBe('.... 0101');
    expect(bitPattern(1, 0x010, 12)).toBe('.... ...1 ....');
    expect(bitPattern(0, 0x1fff, 16)).toBe('...0 0000 0000 0000');
  });
});

describe('TCP as tshark -V shows it', () => {
  const tree = buildTree(
    records(
      ['tcp', 0, 0, 20],
      ['tcp.srcport', 1, 0, 2, 1606],
      ['tcp.dstport', 1, 2, 2, 80],
      ['tcp.len', 1, 0, 0, 10],
      ['tcp.hdr_len', 1, 12, 1, 20],
      ['tcp.flags', 1, 12, 2, 0x018],
      ['tcp.flags.ack', 2, 12, 2, 1],
      ['tcp.flags.push', 2, 12, 2, 1],
      ['tcp.flags.syn', 2, 12, 2, 0],
      ['tcp.window_size_value', 1, 14, 2, 100],
      ['tcp.stream', 1, 0, 0, 3],
      ['tcp.seq', 1, 0, 0, 1],
      ['tcp.nxtseq', 1, 0, 0, 11],
      ['tcp.ack', 1, 0, 0, 1],
      ['tcp.window_size', 1, 0, 0, 400],
      ['tcp.payload', 1, 20, 10],
    ),
    new Uint8Array(30),
    [],
    { protocols: 'tcp', tcp: { sinceFirstNs: 1_500_000_000n, sincePreviousNs: 0n, sincePush: 10 } },
  );
  const tcp = tree[0];

  it('summarises the segment and orders its fields as Wireshark does', () => {
    expect(tcp.text).toBe('Transmission Control Protocol, Src Port: 1606, Dst Port: 80, Seq: 1, Ack: 1, Len: 10');
    expect(tcp.children.map((n) => n.text)).toEqual([
      'Source Port: 1606',
      'Destination Port: 80',
      '[Stream index: 3]',
      '[TCP Segment Len: 10]',
      'Sequence Number: 1    (relative sequence number)',
      '[Next Sequence Number: 11    (relative sequence number)]',
      'Acknowledgment Number: 1    (relative ack number)',
      '0101 .... = Header Length: 20 bytes (5)',
      'Flags: 0x018 (PSH, ACK)',
      'Window: 100',
      '[Calculated window size: 400]',
      '[Window size scaling factor: 4]',
      '[Timestamps]',
      'TCP payload (10 bytes)',
    ]);
  });

  it('nests the flag bits with their letters line', () => {
    expect(tcp.children[8].children.map((n) => n.text)).toEqual([
      '.... ...1 .... = Acknowledgment: Set',
      '.... .... 1... = Push: Set',
      '.... .... ..0. = Syn: Not set',
      '[TCP Flags: ·······AP···]',
    ]);
    expect(tcp.children[12].children.map((n) => n.text)).toEqual([
      '[Time since first frame in this TCP stream: 1.500000000 seconds]',
      '[Time since previous frame in this TCP stream: 0.000000000 seconds]',
    ]);
  });
});
