import { describe, expect, it } from 'vitest';
import { gzipSync, zlibSync } from 'fflate';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

const FIELDS = [
  'http.request.method',
  'http.response.code',
  'http.content_length',
  'http.request_in',
  '_ws.col.Protocol',
  '_ws.col.Info',
];

describe('HTTP dissector', () => {
  it('puts a response spanning segments in the frame that completes it', async () => {
    const request = ascii('GET /x HTTP/1.1\r\nHost: h\r\n\r\n');
    const response = ascii('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n0123456789');
    const rows = await fieldRows(
      [
        tcpFrame(request, 40000, 80, 1000),
        tcpFrame(response.subarray(0, 30), 80, 40000, 5000),
        tcpFrame(response.subarray(30, 70), 80, 40000, 5030),
        tcpFrame(response.subarray(70), 80, 40000, 5070),
      ],
      FIELDS,
    );
    expect(rows[0]).toEqual(['GET', '', '', '', 'HTTP', 'GET /x HTTP/1.1 ']);
    expect(rows[1][4]).toBe('TCP');
    expect(rows[1][5]).toBe('HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]');
    expect(rows[2][4]).toBe('TCP');
    // The first segment ended inside the headers, so HTTP is asked again and names the response.
    expect(rows[2][5]).toBe('HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]');
    expect(rows[3]).toEqual(['', '200', '10', '1', 'HTTP', 'HTTP/1.1 200 OK  (text/plain)']);
  });

  it('joins chunks and waits for the last one', async () => {
    const response = ascii('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    const rows = await fieldRows(
      [tcpFrame(response.subarray(0, 50), 80, 40000, 1), tcpFrame(response.subarray(50), 80, 40000, 51)],
      FIELDS,
    );
    expect(rows[0].slice(4)).toEqual(['TCP', 'HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]']);
    expect(rows[1].slice(1, 2)).toEqual(['200']);
  });

  it('survives garbage and a truncated header', async () => {
    const rows = await fieldRows(
      [tcpFrame(Uint8Array.of(0, 255, 13, 10), 40001, 80, 1), tcpFrame(ascii('GET / HTTP/1.1\r\nHost'), 40002, 80, 1)],
      FIELDS,
    );
    expect(rows[0][4]).toBe('TCP');
    expect(rows[1].slice(4)).toEqual(['TCP', 'GET / HTTP/1.1  [TCP segment of a reassembled PDU]']);
  });

  it('pairs requests and responses in order, with the time between them', async () => {
    const get = (path: string) => ascii(`GET ${path} HTTP/1.1\r\nHost: h.test\r\n\r\n`);
    const ok = ascii('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const a = get('/a');
    const b = get('/b');
    const rows = await fieldRows(
      [
        tcpFrame(a, 40000, 80, 1),
        tcpFrame(b, 40000, 80, 1 + a.length),
        tcpFrame(ok, 80, 40000, 1),
        tcpFrame(ok, 80, 40000, 1 + ok.length),
      ],
      [
        'http.request_number',
        'http.prev_request_in',
        'http.request_in',
        'http.prev_response_in',
        'http.time',
        'http.response_for.uri',
      ],
    );
    expect(rows[0]).toEqual(['1', '', '', '', '', '']);
    expect(rows[1]).toEqual(['2', '1', '', '', '', '']);
    expect(rows[2]).toEqual(['', '', '1', '', '2.000000000', 'http://h.test/a']);
    expect(rows[3]).toEqual(['', '1', '2', '3', '2.000000000', 'http://h.test/b']);
  });

  it('undoes gzip and deflate content coding, and notes a body that does not inflate', async () => {
    const text = 'hello\\world\n'.repeat(3);
    const response = (coding: string, body: Uint8Array) => {
      const head = ascii(
        `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: ${coding}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      const all = new Uint8Array(head.length + body.length);
      all.set(head);
      all.set(body, head.length);
      return all;
    };
    const rows = await fieldRows(
      [
        tcpFrame(response('gzip', gzipSync(ascii(text))), 80, 40000, 1),
        tcpFrame(response('deflate', zlibSync(ascii(text))), 80, 40001, 1),
        tcpFrame(response('gzip', ascii('not gzip at all')), 80, 40002, 1),
      ],
      ['http.file_data', '_ws.col.Info'],
    );
    expect(rows[0]).toEqual(['hello\\world\\nhello\\world\\nhello\\world\\n', 'HTTP/1.1 200 OK  (text/plain)']);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(['', 'HTTP/1.1 200 OK ']);
  });
});

describe('HTTP bodies as layers of their own', () => {
  it('hands a text body to line-based text, a form to its dissector, a dechunked body too', async () => {
    const page = ascii('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 8\r\n\r\n<p>\r\n</p>');
    const form = ascii(
      'POST /f HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2',
    );
    const chunked = ascii(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab\n\r\n0\r\n\r\n',
    );
    const rows = await fieldRows(
      [tcpFrame(page, 80, 40000, 1), tcpFrame(form, 40001, 80, 1), tcpFrame(chunked, 80, 40002, 1)],
      ['frame.protocols', 'urlencoded-form.key'],
    );
    expect(rows).toEqual([
      ['eth:ethertype:ip:tcp:http:data-text-lines', ''],
      ['eth:ethertype:ip:tcp:http:urlencoded-form', 'a,b'],
      ['eth:ethertype:ip:tcp:http:data-text-lines', ''],
    ]);
  });
});
