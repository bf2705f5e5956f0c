import { describe, expect, it } from 'vitest';
import { frameLayers, hierarchyPath, protocolsText } from '../../src/dissectors/frame-layers';
import { TreeBuilder } from '../../src/dissectors/tree';
import '../../src/dissectors';
import { ethernet, icmp, ipv4, udp } from '../support/packet-builder';
import { fieldRows } from './support/frames';

const NO_RECORDS = { records: new Uint32Array(0), start: 0, end: 0 };

describe('frameLayers', () => {
  it('lists the core layers with the EtherType dispatch, then each application protocol', async () => {
    const rows = await fieldRows(
      [ethernet(ipv4(udp(Uint8Array.of(1, 2, 3), { sport: 5000, dport: 5001 }), { proto: 17 }), 0x0800)],
      ['frame.protocols'],
    );
    expect(rows[0]).toEqual(['eth:ethertype:ip:udp:data']);
  });

  it('adds the data an ICMP echo carries, inside ICMP', async () => {
    const rows = await fieldRows(
      [
        ethernet(ipv4(icmp(8, 0, Uint8Array.of(0, 1, 0, 1), new Uint8Array(32)), { proto: 1 }), 0x0800),
        ethernet(ipv4(icmp(8, 0, Uint8Array.of(0, 1, 0, 2), new Uint8Array(0)), { proto: 1 }), 0x0800),
      ],
      ['frame.protocols'],
    );
    expect(rows.map((r) => r[0])).toEqual(['eth:ethertype:ip:icmp:data', 'eth:ethertype:ip:icmp']);
  });

  it('takes top-level protocol items once per buffer, nested ones and layer markers as they come', () => {
    const frame = new Uint8Array(40);
    const tree = new TreeBuilder(frame);
    tree.open('smb2', 0, 10);
    tree.open('gss-api', 0, 4);
    tree.layer('x509sat');
    tree.add('ntlmssp', 0, 2);
    tree.close();
    tree.close();
    tree.open('smb2', 10, 10);
    tree.close();
    const reassembled = new Uint8Array(8);
    tree.source(reassembled, [1, 2]);
    tree.open('smb2', 0, 8);
    tree.close();
    tree.add('_ws.col.Info', 0, 0, 'x');
    const layers = frameLayers(NO_RECORDS, tree.items);
    expect(protocolsText(layers)).toBe('smb2:gss-api:x509sat:ntlmssp:smb2');
    expect(hierarchyPath(layers)).toEqual(['smb2', 'smb2']);
  });

  it("counts each HTTP/2 frame and the body inside one, as tshark's hierarchy does, listing HTTP/2 once", () => {
    const tree = new TreeBuilder(new Uint8Array(40));
    tree.open('http2', 0, 9);
    tree.close();
    tree.open('http2', 9, 20);
    tree.open('data-text-lines', 18, 11);
    tree.close();
    tree.close();
    tree.open('http2', 29, 9);
    tree.close();
    const layers = frameLayers(NO_RECORDS, tree.items);
    expect(protocolsText(layers)).toBe('http2:data-text-lines');
    expect(hierarchyPath(layers)).toEqual(['http2', 'http2', 'data-text-lines', 'http2']);
  });

  it('counts tcp.segments where the reassembled PDU ended, without listing it', () => {
    const tree = new TreeBuilder(new Uint8Array(8), [1, 2]);
    tree.open('tls', 0, 8);
    tree.close();
    tree.source(new Uint8Array(8));
    tree.open('tls', 0, 8);
    tree.close();
    const layers = frameLayers(NO_RECORDS, tree.items, 1);
    expect(protocolsText(layers)).toBe('tls:tls');
    expect(hierarchyPath(layers)).toEqual(['tls', 'tcp.segments', 'tls']);
    expect(hierarchyPath(frameLayers(NO_RECORDS, tree.items.slice(0, 1), 1))).toEqual(['tls', 'tcp.segments']);
  });
});
