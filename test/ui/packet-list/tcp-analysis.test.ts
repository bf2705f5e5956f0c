import { describe, expect, it } from 'vitest';
import { Analysis, isBadTcp } from '../../../src/ui/packet-list/tcp-analysis';
import { colouring } from '../../../src/ui/packet-list/colouring';

describe('TCP analysis in the packet list', () => {
  it('colours bad TCP, resets, SYN/FIN and checksum errors by Wireshark rules', () => {
    expect(isBadTcp(Analysis.WindowUpdate)).toBe(false);
    expect(isBadTcp(Analysis.DuplicateAck)).toBe(true);
    const row = { protocol: 'TCP', flags: 0, analysis: 0, transport: 0 };
    expect(colouring({ ...row, analysis: Analysis.Retransmission, transport: 2 })).toBe('bad-tcp');
    expect(colouring({ ...row, transport: 8 })).toBe('tcp-rst');
    expect(colouring({ ...row, transport: 2 })).toBe('syn-fin');
    expect(colouring({ ...row, flags: 1 })).toBe('checksum');
    expect(colouring(row)).toBe('tcp');
    expect(colouring({ ...row, protocol: 'HTTP' })).toBe('http');
    expect(colouring({ ...row, protocol: 'UDP', transport: 16 })).toBe('udp');
  });
});
