import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/filter';
import { printFields } from '../../src/cli/fields-command';
import { openCapture } from '../../src/core/source';
import { pcapFile } from '../support/pcap-builder';
import { newCore } from '../support/run';
import { ascii, fieldRows, tcpFrame, udpFrame } from './support/frames';

const DNS_QUERY = Uint8Array.of(0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1);

describe('AppSession', () => {
  it('gives every frame frame.protocols, from the same layers as the columns', async () => {
    const rows = await fieldRows(
      [udpFrame(DNS_QUERY, 40000, 53), udpFrame(Uint8Array.of(7), 40000, 40001)],
      ['frame.protocols', '_ws.col.Protocol'],
    );
    expect(rows).toEqual([
      ['eth:ethertype:ip:udp:dns', 'DNS'],
      ['eth:ethertype:ip:udp:data', 'UDP'],
    ]);
  });

  it('leaves a segment of a PDU still incomplete to TCP, and lists the protocol on the frame completing it', async () => {
    const response = ascii('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nhi\n');
    const rows = await fieldRows(
      [tcpFrame(response.subarray(0, 20), 80, 40000, 1), tcpFrame(response.subarray(20), 80, 40000, 21)],
      ['frame.protocols'],
    );
    expect(rows.map((r) => r[0])).toEqual(['eth:ethertype:ip:tcp', 'eth:ethertype:ip:tcp:http:data-text-lines']);
  });

  it('lets display filters test frame.protocols', async () => {
    const capture = pcapFile(
      [udpFrame(DNS_QUERY, 40000, 53), udpFrame(Uint8Array.of(7), 40000, 40001)].map((data, i) => ({
        sec: i,
        frac: 0,
        data,
      })),
    );
    const source = await openCapture(new Blob([capture as BlobPart]));
    let text = '';
    await printFields(
      await newCore(),
      source.blob,
      ['frame.number'],
      (s) => (text += s),
      compileFilter('frame.protocols contains "dns"'),
    );
    expect(text).toBe('1\n');
  });
});
