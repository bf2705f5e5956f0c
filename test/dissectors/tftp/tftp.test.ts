import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, udpFrame } from '../support/frames';

describe('TFTP', () => {
  it("shows a Data packet's block as Data after TFTP", async () => {
    const request = Uint8Array.from([0, 1, ...ascii('f.bin'), 0, ...ascii('octet'), 0]);
    const block = Uint8Array.from([0, 3, 0, 1, 0xaa, 0xbb]);
    const rows = await fieldRows(
      [udpFrame(request, 40000, 69), udpFrame(block, 40001, 40000, true)],
      ['frame.protocols', 'tftp.block', 'data.data'],
    );
    expect(rows).toEqual([
      ['eth:ethertype:ip:udp:tftp', '', ''],
      ['eth:ethertype:ip:udp:tftp:data', '1', 'aabb'],
    ]);
  });
});
