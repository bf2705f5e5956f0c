import { describe, expect, it } from 'vitest';
import { decodeOne } from '../../support/decode';
import { concat } from '../../support/pcap-builder';
import { be16, be32, ethernet, ipv4, ipv6, macBytes, udp } from '../../support/packet-builder';

const datagram = ipv4(udp(Uint8Array.of(1, 2, 3), { sport: 5000, dport: 53 }), { proto: 17 });
const datagram6 = ipv6(udp(Uint8Array.of(1, 2, 3), { sport: 5000, dport: 53, v6: true }), { next: 17 });
const L3 = ['ip.src', 'ip.dst', 'ipv6.src', 'udp.dstport', 'udp.checksum.status'];

describe('link layers', () => {
  it('decodes Ethernet II addresses and type', async () => {
    const f = await decodeOne(ethernet(datagram, 0x0800, { src: '00:11:22:33:44:55', dst: 'ff:ff:ff:ff:ff:ff' }), [
      'eth.src',
      'eth.dst',
      'eth.addr',
      'eth.type',
      'ip.src',
    ]);
    expect(f).toEqual({
      'eth.src': '00:11:22:33:44:55',
      'eth.dst': 'ff:ff:ff:ff:ff:ff',
      'eth.addr': 'ff:ff:ff:ff:ff:ff,00:11:22:33:44:55',
      'eth.type': '0x0800',
      'ip.src': '192.0.2.1',
    });
  });

  it('decodes stacked 802.1Q tags, outer first', async () => {
    const frame = ethernet(datagram, 0x0800, {
      vlans: [
        { tpid: 0x8100, tci: 0x2064 },
        { tpid: 0x8100, tci: 0xa00a },
      ],
    });
    const f = await decodeOne(frame, ['eth.type', 'vlan.id', 'vlan.priority', 'vlan.dei', 'vlan.etype', 'ip.dst']);
    expect(f).toEqual({
      'eth.type': '0x8100',
      'vlan.id': '100,10',
      'vlan.priority': '1,5',
      'vlan.dei': '0,0',
      'vlan.etype': '0x8100,0x0800',
      'ip.dst': '198.51.100.2',
    });
  });

  it('passes an 802.1ad service tag without vlan fields, as tshark', async () => {
    const frame = ethernet(datagram, 0x0800, {
      vlans: [
        { tpid: 0x88a8, tci: 0x2064 },
        { tpid: 0x8100, tci: 0xa00a },
      ],
    });
    const f = await decodeOne(frame, ['eth.type', 'vlan.id', 'vlan.priority', 'vlan.dei', 'vlan.etype', 'ip.dst']);
    expect(f).toEqual({
      'eth.type': '0x88a8',
      'vlan.id': '10',
      'vlan.priority': '5',
      'vlan.dei': '0',
      'vlan.etype': '0x0800',
      'ip.dst': '198.51.100.2',
    });
  });

  it('decodes Linux cooked capture v1 (113)', async () => {
    const sll = concat([be16(4), be16(1), be16(6), macBytes('00:11:22:33:44:55'), Uint8Array.of(0, 0), be16(0x0800)]);
    const f = await decodeOne(
      concat([sll, datagram]),
      ['sll.pkttype', 'sll.hatype', 'sll.src.eth', 'sll.etype', ...L3],
      113,
    );
    expect(f).toMatchObject({
      'sll.pkttype': '4',
      'sll.hatype': '1',
      'sll.src.eth': '00:11:22:33:44:55',
      'sll.etype': '0x0800',
      'ip.src': '192.0.2.1',
      'udp.dstport': '53',
      'udp.checksum.status': '1',
    });
  });

  it('decodes Linux cooked capture v2 (276)', async () => {
    const sll2 = concat([
      be16(0x86dd),
      be16(0),
      be32(3),
      be16(1),
      Uint8Array.of(0, 6),
      macBytes('00:11:22:33:44:55'),
      Uint8Array.of(0, 0),
    ]);
    const f = await decodeOne(concat([sll2, datagram6]), ['sll.ifindex', 'sll.pkttype', 'sll.etype', ...L3], 276);
    expect(f).toMatchObject({
      'sll.ifindex': '3',
      'sll.pkttype': '0',
      'sll.etype': '0x86dd',
      'ipv6.src': '2001:db8::1',
      'udp.checksum.status': '1',
    });
  });

  it('reads the BSD null family in either byte order, and LOOP in network order', async () => {
    const le = await decodeOne(concat([Uint8Array.of(2, 0, 0, 0), datagram]), ['null.family', ...L3], 0);
    const be = await decodeOne(concat([Uint8Array.of(0, 0, 0, 30), datagram6]), ['null.family', ...L3], 0);
    const loop = await decodeOne(concat([be32(24), datagram6]), ['null.family', ...L3], 108);
    expect([le['null.family'], le['ip.src']]).toEqual(['2', '192.0.2.1']);
    expect([be['null.family'], be['ipv6.src']]).toEqual(['30', '2001:db8::1']);
    expect([loop['null.family'], loop['udp.dstport']]).toEqual(['24', '53']);
  });

  it('decodes raw IP link types by the version nibble', async () => {
    for (const lt of [101, 12, 14]) {
      expect((await decodeOne(datagram, L3, lt))['ip.src']).toBe('192.0.2.1');
      expect((await decodeOne(datagram6, L3, lt))['ipv6.src']).toBe('2001:db8::1');
    }
    expect((await decodeOne(datagram, L3, 228))['udp.dstport']).toBe('53');
    expect((await decodeOne(datagram6, L3, 229))['udp.dstport']).toBe('53');
  });

  it('lists frames of link types it does not decode with frame fields only', async () => {
    const f = await decodeOne(datagram, ['frame.number', 'frame.len', 'ip.src'], 147);
    expect(f).toEqual({ 'frame.number': '1', 'frame.len': String(datagram.length), 'ip.src': '' });
  });

  it('does not read past a frame shorter than an Ethernet header', async () => {
    const f = await decodeOne(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), ['frame.cap_len', 'eth.src']);
    expect(f).toEqual({ 'frame.cap_len': '8', 'eth.src': '' });
  });
});
