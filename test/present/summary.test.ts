import { beforeAll, describe, expect, it } from 'vitest';
import { addresses } from '../../src/present/summary';
import { loadVendorNames } from '../../src/vendors/load';
import { ip, records } from '../support/records';

const frame = (n: number): Parameters<typeof records>[number][] => [
  ['frame', 0, 0, 60],
  ['frame.number', 1, 0, 0, n],
];
const eth = (type: number): Parameters<typeof records>[number][] => [
  ['eth', 0, 0, 14],
  ['eth.dst', 1, 0, 6, 0xffffffff, 0xffff],
  ['eth.src', 1, 6, 6, 0x00112233, 0x4455],
  ['eth.type', 1, 12, 2, type],
];
const ipv4 = (proto: number): Parameters<typeof records>[number][] => [
  ['ip', 0, 14, 20],
  ['ip.ttl', 1, 22, 1, 64],
  ['ip.proto', 1, 23, 1, proto],
  ['ip.src', 1, 26, 4, ip(10, 0, 0, 1)],
  ['ip.dst', 1, 30, 4, ip(10, 0, 0, 2)],
];

describe('packet list addresses', () => {
  beforeAll(() => loadVendorNames(), 60_000);

  it('names IP addresses over Ethernet ones', () => {
    expect(addresses(records(...frame(1), ...eth(0x800), ...ipv4(6)))).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('falls back to Ethernet addresses without IP, named as Wireshark names them', () => {
    expect(addresses(records(...frame(1), ...eth(0x806), ['arp', 0, 14, 28]))).toEqual([
      'CIMSYS_33:44:55',
      'Broadcast',
    ]);
  });

  it('is empty when no layer has both', () => {
    expect(addresses(records(...frame(1)))).toEqual(['', '']);
  });
});
