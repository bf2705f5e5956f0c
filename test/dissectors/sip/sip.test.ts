import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { ascii, fieldRows, tcpFrame, udpFrame } from '../support/frames';

async function rows(fields: string[], frames: number[]): Promise<string[]> {
  const { text } = await fieldsOf(join(__dirname, '../../fixtures/sip.pcap'), ['frame.number', ...fields]);
  return text.split('\n').filter((line) => frames.includes(Number(line.split('\t')[0])));
}

describe('SIP dissector', () => {
  // Expected lines are what tshark 4.0 prints for the same capture (a scripted call over UDP, REGISTER over TCP).
  it('dissects requests and responses, pairing UDP transactions', async () => {
    expect(
      await rows(
        [
          'sip.Method',
          'sip.r-uri',
          'sip.Status-Code',
          'sip.from.user',
          'sip.to.user',
          'sip.CSeq.seq',
          'sip.CSeq.method',
          'sip.response-request',
          'sip.response-time',
          '_ws.col.Protocol',
          '_ws.col.Info',
        ],
        [1, 2, 4, 5, 19, 21],
      ),
    ).toEqual([
      '1\tINVITE\tsip:bob@example.test\t\talice\tbob\t314159\tINVITE\t\t\tSIP/SDP\tRequest: INVITE sip:bob@example.test | ',
      '2\t\t\t100\talice\tbob\t314159\tINVITE\t1\t55\tSIP\tStatus: 100 Trying | ',
      '4\t\t\t200\talice\tbob\t314159\tINVITE\t1\t119\tSIP/SDP\tStatus: 200 OK (INVITE) | ',
      '5\tACK\tsip:bob@127.0.0.1:5060\t\talice\tbob\t314159\tACK\t1\t159\tSIP\tRequest: ACK sip:bob@127.0.0.1:5060 | ',
      '19\tREGISTER\tsip:example.test\t\talice\talice\t2\tREGISTER\t\t\tSIP\tRequest: REGISTER sip:example.test  (1 binding) | ',
      '21\t\t\t200\talice\talice\t2\tREGISTER\t\t\tSIP\tStatus: 200 OK (REGISTER)  (1 binding) | ',
    ]);
  });

  it('splits headers into their parts', async () => {
    expect(
      await rows(
        [
          'sip.Via.transport',
          'sip.Via.sent-by.port',
          'sip.Via.branch',
          'sip.from.tag',
          'sip.to.tag',
          'sip.contact.uri',
          'sip.Max-Forwards',
        ],
        [3],
      ),
    ).toEqual(['3\tUDP\t5062\tz9hG4bK776asdhds\t1928301774\ta6c85cf\tsip:bob@127.0.0.1:5060\t']);
  });

  it('dissects the SDP body', async () => {
    expect(
      await rows(
        ['sdp.owner', 'sdp.connection_info', 'sdp.media', 'sdp.media.port', 'sdp.media.format', 'sdp.mime.type'],
        [4],
      ),
    ).toEqual([
      '4\tbob 2890844527 2890844527 IN IP4 127.0.0.1\tIN IP4 127.0.0.1\taudio 3456 RTP/AVP 0 8 101\t3456\tITU-T G.711 PCMU,ITU-T G.711 PCMA,DynamicRTP-Type-101,0,8,101\tPCMU,PCMA,telephone-event',
    ]);
  });

  it('takes truncated and garbled messages without throwing', async () => {
    const result = await fieldRows(
      [
        udpFrame(
          ascii(
            'INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP\r\nFrom: <sip:@>\r\nCSeq: x\r\nContent-Type: application/sdp\r\n\r\nm=audio x\r\nzz\r\n',
          ),
          5062,
          5060,
        ),
        udpFrame(Uint8Array.of(0xff, 0, 0x0a), 5062, 5060),
        tcpFrame(ascii('SIP/2.0 200 OK\r\nContent-Length: 50\r\n\r\nv=0'), 40000, 5060, 1),
      ],
      ['sip.Method', 'sdp.media', '_ws.col.Protocol', '_ws.malformed'],
    );
    expect(result[0]).toEqual(['INVITE', 'audio x', 'SIP/SDP', '']);
    expect(result[1]).toEqual(['', '', 'UDP', '']);
    expect(result[2].slice(0, 3)).toEqual(['', '', 'TCP']);
  });
});
