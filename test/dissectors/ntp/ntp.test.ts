import { describe, expect, it } from 'vitest';
import { Bytes } from '../../../src/dissectors/bytes';
import { ntpTime } from '../../../src/dissectors/ntp/ntp';
import { absTimeUtc } from '../../../src/fields/format';
import { goldenMismatches } from '../support/frames';

const stamp = (sec: number, frac: number) =>
  new Bytes(
    Uint8Array.of(
      sec >>> 24,
      (sec >>> 16) & 255,
      (sec >>> 8) & 255,
      sec & 255,
      frac >>> 24,
      (frac >>> 16) & 255,
      (frac >>> 8) & 255,
      frac & 255,
    ),
  );

describe('NTP timestamps', () => {
  it('reads era 0 and era 1 seconds and truncates the fraction to nanoseconds', () => {
    expect(absTimeUtc(ntpTime(stamp(0xe8f0a1b2, 0x80000000), 0)!)).toBe('Nov  4, 2023 10:55:46.500000000 UTC');
    expect(absTimeUtc(ntpTime(stamp(0xe8f0a1b2, 0xffffffff), 0)!)).toBe('Nov  4, 2023 10:55:46.999999999 UTC');
    expect(absTimeUtc(ntpTime(stamp(1, 0), 0)!)).toBe('Feb  7, 2036 06:28:17.000000000 UTC');
    expect(ntpTime(stamp(0, 0), 0)).toBeUndefined();
  });
});

describe('NTP', () => {
  // Client, server, stratum 1 (GPS), kiss-o'-death, broadcast, symmetric active, an extension field, a MAC, a cut packet.
  it('matches tshark field for field on a loopback capture', async () => {
    expect(await goldenMismatches('names/ntp.pcap')).toEqual([]);
  });
});
