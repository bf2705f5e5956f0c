import { describe, expect, it } from 'vitest';
import { Analysis, analysisPrefix, isBadTcp } from '../../../src/ui/packet-list/tcp-analysis';
import { colouring } from '../../../src/ui/packet-list/colouring';

describe('TCP analysis in the packet list', () => {
  it('prefixes Info as Wireshark does, last added first', () => {
    expect(analysisPrefix(Analysis.Retransmission)).toBe('[TCP Retransmission] ');
    expect(analysisPrefix(Analysis.DuplicateAck, { frame: 5, count: 1 })).toBe('[TCP Dup ACK 5#1] ');
    expect(analysisPrefix(Analysis.FastRetransmission | Analysis.Retransmission)).toBe('[TCP Fast Retransmission] ');
    expect(analysisPrefix(Analysis.ZeroWindow | Analysis.LostSegment)).toBe('[TCP ZeroWindow] [TCP Previous segment not captured] ');
    expect(analysisPrefix(0)).toBe('');
  });

  it('colours bad TCP, resets, SYN/FIN and checksum errors by Wireshark rules', () => {
    expect(isBadTcp(Analysis.WindowUpdate)).toBe(false);
    expect(isBadTcp(Analysis.DuplicateAck)).toBe(true);
    const row = { protocol: 'TCP', flags: 0, analysis: 0, transport: 0 };
    expect(colouring({ ...row, analysis: Analysis.Retransmission, transport: 2 })).toBe('bad-tcp');
    expect(colouring({ ...row, transport: 8 })).toBe('tcp-rst');
    expect(colouring({ ...row, transport: 2 })).toBe('syn-fin');
    expect(colouring({ ...row, flags: 1 })).toBe('checksum');
    expect(colouring(row)).toBe('tcp');
    expect(colouring({ ...row, protocol: 'UDP', transport: 16 })).toBe('udp');
  });
});
