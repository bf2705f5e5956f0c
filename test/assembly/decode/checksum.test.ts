import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { ethernet, ipv4, ipv6, udp } from '../../support/packet-builder';

// The checksum loop takes 8 bytes at a time with tails of 4, 2 and 1: every length up to 40 and a few large
// ones exercise each path, with good and with corrupted data.
const lengths = [...Array.from({ length: 41 }, (_, i) => i), 255, 1024, 1471, 8000];

describe('Internet checksum', () => {
  it('verifies UDP over IPv4 and IPv6 at every tail length', async () => {
    const frames = lengths.flatMap((n) => {
      const body = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
      return [
        ethernet(ipv4(udp(body, { sport: 9, dport: 9 }), { proto: 17 }), 0x0800),
        ethernet(ipv6(udp(body, { sport: 9, dport: 9, v6: true }), { next: 17 }), 0x86dd),
      ];
    });
    const rows = await decode(frames, ['udp.checksum.status']);
    expect(rows.map((r) => r[0])).toEqual(frames.map(() => '1'));
  });

  it('catches a single flipped bit anywhere', async () => {
    const frames = lengths
      .filter((n) => n > 0)
      .map((n) => {
        const frame = ethernet(ipv4(udp(new Uint8Array(n).fill(0x55), { sport: 9, dport: 9 }), { proto: 17 }), 0x0800);
        frame[frame.length - 1 - (n >> 1)] ^= 0x10;
        return frame;
      });
    const rows = await decode(frames, ['udp.checksum.status', 'ip.checksum.status']);
    expect(rows).toEqual(frames.map(() => ['0', '1']));
  });
});
