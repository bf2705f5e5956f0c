import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { printFields } from '../../../src/cli/fields-command';
import { printFrames } from '../../../src/cli/show-command';
import { parseStat, printStats } from '../../../src/cli/stats-command';
import { openCapture } from '../../../src/core/source';
import { defaultSettings, parseDecodeAs, type DissectionSettings } from '../../../src/dissectors/decode-as';
import { compileFilter } from '../../../src/filter';
import { pcapFile } from '../../support/pcap-builder';
import { newCore } from '../../support/run';
import { ascii, tcpFrame } from '../support/frames';

const FIXTURES = new URL('../../fixtures/http2/', import.meta.url).pathname;
const decodeAs = (rule: string): DissectionSettings => ({ ...defaultSettings(), decodeAs: [parseDecodeAs(rule)] });

async function fields(
  capture: Uint8Array,
  names: string[],
  settings?: DissectionSettings,
  filter?: string,
): Promise<string[][]> {
  const source = await openCapture(new Blob([capture as BlobPart]));
  let text = '';
  await printFields(
    await newCore(),
    source.blob,
    names,
    (s) => (text += s),
    filter ? compileFilter(filter) : undefined,
    settings,
  );
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'));
}

async function hierarchy(capture: Uint8Array, settings?: DissectionSettings): Promise<string> {
  const source = await openCapture(new Blob([capture as BlobPart]));
  let text = '';
  await printStats(
    await newCore(),
    source.blob,
    [parseStat('io,phs') as Exclude<ReturnType<typeof parseStat>, string>],
    (s) => (text += s),
    settings,
  );
  return text;
}

async function trees(capture: Uint8Array, settings?: DissectionSettings): Promise<string[]> {
  const source = await openCapture(new Blob([capture as BlobPart]));
  const out: string[] = [];
  await printFrames(
    await newCore(),
    source.blob,
    () => true,
    Infinity,
    (s) => out.push(s),
    undefined,
    settings,
  );
  return out;
}

/** The lines of a `-V` frame from its first HTTP/2 item on (the golden keeps only those). */
function http2Lines(frame: string): string[] {
  const lines = frame.replace(/\n+$/, '').split('\n');
  const first = lines.findIndex((l) => l.startsWith('HyperText Transfer Protocol 2'));
  return first < 0 ? [] : lines.slice(first);
}

/** A tshark golden made with -T fields -E header=y: its field names and each frame's cells. */
function golden(name: string): { names: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(FIXTURES + name, 'utf8')
    .replace(/\n$/, '')
    .split('\n');
  return { names: header.split('\t'), rows: rows.map((r) => r.split('\t')) };
}

/** Cells where Loupe and tshark differ, as "frame field: loupe | tshark". */
async function goldenDiff(
  capture: string,
  tsv: string,
  settings?: DissectionSettings,
  filter?: string,
): Promise<string[]> {
  const { names, rows } = golden(tsv);
  const got = await fields(readFileSync(FIXTURES + capture), names, settings, filter);
  const diff: string[] = [];
  if (got.length !== rows.length) diff.push(`${got.length} frames, tshark ${rows.length}`);
  rows.forEach((want, i) =>
    names.forEach((name, j) => {
      if (got[i]?.[j] !== want[j]) diff.push(`${want[0]} ${name}: ${got[i]?.[j]} | ${want[j]}`);
    }),
  );
  return diff;
}

// Frames built by hand (RFC 9113 §4.1), header blocks in HPACK without Huffman coding.
function h2frame(type: number, flags: number, stream: number, payload: Uint8Array | number[]): Uint8Array {
  const p = Uint8Array.from(payload);
  const out = new Uint8Array(9 + p.length);
  out.set([
    p.length >> 16,
    (p.length >> 8) & 255,
    p.length & 255,
    type,
    flags,
    stream >>> 24,
    (stream >> 16) & 255,
    (stream >> 8) & 255,
    stream & 255,
  ]);
  out.set(p, 9);
  return out;
}
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** A literal header with an indexed name, incremental indexing (RFC 7541 §6.2.1). */
const literal = (index: number, value: string) => [0x40 | index, value.length, ...ascii(value)];
const PREFACE = ascii('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const PORT = 7777;
const client = (payload: Uint8Array, seq: number) => tcpFrame(payload, 40000, PORT, seq);
const server = (payload: Uint8Array, seq: number) => tcpFrame(payload, PORT, 40000, seq);
const capture = (frames: Uint8Array[]) =>
  pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: 0, data })));

describe('HTTP/2 dissector', () => {
  it('takes no port of its own: the Decode As rule makes a conversation HTTP/2', async () => {
    const pcap = capture([client(cat(PREFACE, h2frame(4, 0, 0, [])), 1)]);
    expect(await fields(pcap, ['_ws.col.Protocol', 'frame.protocols'])).toEqual([['TCP', 'eth:ethertype:ip:tcp:data']]);
    expect(
      await fields(pcap, ['_ws.col.Protocol', '_ws.col.Info', 'http2.type'], decodeAs(`tcp.port==${PORT},http2`)),
    ).toEqual([['HTTP2', 'Magic, SETTINGS[0]', '4']]);
  });

  it('reads several frames per segment and a frame spanning segments, named by the segment that completes it', async () => {
    const get = h2frame(1, 0x05, 1, [0x82, 0x86, 0x84, ...literal(1, 'example.test')]);
    const first = cat(PREFACE, h2frame(4, 0, 0, [0, 3, 0, 0, 0, 100]), get.subarray(0, 6));
    const pcap = capture([client(first, 1), client(get.subarray(6), 1 + first.length)]);
    const rows = await fields(
      pcap,
      [
        '_ws.col.Protocol',
        '_ws.col.Info',
        'http2.settings.max_concurrent_streams',
        'http2.headers.method',
        'http2.request.full_uri',
      ],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toEqual([
      ['HTTP2', 'Magic, SETTINGS[0]', '100', '', ''],
      ['HTTP2', 'HEADERS[1]: GET /', '', 'GET', 'http://example.test/'],
    ]);
  });

  it('gathers a body from padded DATA frames and hands it to its media type with the frame that ends the stream', async () => {
    const headers = h2frame(1, 0x04, 1, [0x88, ...literal(31, 'text/plain')]);
    const data1 = h2frame(0, 0x08, 1, [2, ...ascii('one\n'), 0, 0]);
    const data2 = h2frame(0, 0x01, 1, ascii('two\n'));
    const pcap = capture([server(cat(headers, data1), 1), server(data2, 1 + headers.length + data1.length)]);
    const rows = await fields(
      pcap,
      [
        '_ws.col.Info',
        'http2.headers.status',
        'http2.pad_length',
        'http2.data.padding',
        'http2.body.fragment',
        'http2.body.reassembled.length',
        'frame.protocols',
      ],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toEqual([
      ['HEADERS[1]: 200 OK, DATA[1]', '200', '0,2', '0000', '', '', 'eth:ethertype:ip:tcp:http2'],
      ['DATA[1] (text/plain)', '', '0', '', '1,2', '8', 'eth:ethertype:ip:tcp:http2:data-text-lines'],
    ]);
    const tree = (await trees(pcap, decodeAs(`tcp.port==${PORT},http2`)))[1];
    expect(tree).toContain('    Stream: DATA, Stream ID: 1, Length 4\n');
    expect(tree).toContain('        [2 Body fragments (8 bytes): #1(4), #2(4)]\n');
    expect(tree).toContain('    Line-based text data: text/plain (2 lines)\n        one\\n\n        two\\n\n');
  });

  it("undoes a gzip content coding before the media type's dissector, and shows a body that does not inflate as it came", async () => {
    const gz = gzipSync(ascii('hello gzip world\n'.repeat(20)));
    const headers = [0x88, ...literal(31, 'text/plain'), ...literal(26, 'gzip')];
    const segment = cat(
      h2frame(1, 0x04, 1, headers),
      h2frame(0, 0, 1, gz.subarray(0, 30)),
      h2frame(0, 0x01, 1, gz.subarray(30)),
      h2frame(1, 0x04, 3, [0x88, 0xbe, 0xbf]),
      h2frame(0, 0x01, 3, ascii('not gzip at all')),
    );
    const pcap = capture([server(segment, 1)]);
    const rows = await fields(
      pcap,
      ['_ws.col.Info', 'frame.protocols', 'http2.body_decompression_failed'],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toEqual([
      [
        'HEADERS[1]: 200 OK, DATA[1], DATA[1] (text/plain), HEADERS[3]: 200 OK, DATA[3] (text/plain)',
        'eth:ethertype:ip:tcp:http2:data-text-lines:data-text-lines',
        '1',
      ],
    ]);
    // As tshark 4.0 shows them (checked on a loopback capture): the decoded body and its text inside the Stream line.
    const tree = (await trees(pcap, decodeAs(`tcp.port==${PORT},http2`)))[0];
    expect(tree).toContain(
      `        Content-encoded entity body (gzip): ${gz.length} bytes -> 340 bytes\n            Data: 68656c6c6f20677a697020776f726c640a68656c6c6f20677a697020776f726c640a6865…\n        Line-based text data: text/plain (20 lines)\n`,
    );
    expect(tree).toContain(
      [
        '        Content-encoded entity body (gzip): 15 bytes',
        '            Body decompression failed',
        '                [Expert Info (Warning/Undecoded): Body decompression failed]',
        '                    [Body decompression failed]',
        '                    [Severity level: Warning]',
        '                    [Group: Undecoded]',
        '            Data: 6e6f7420677a697020617420616c6c',
        '        Line-based text data: text/plain (1 lines)',
        '            not gzip at all',
      ].join('\n'),
    );
  });

  it('hands JSON to its dissector (Protocol HTTP2/JSON), and keeps bodies of types without one as Data alone', async () => {
    const json = cat(
      h2frame(1, 0x04, 1, [0x88, ...literal(31, 'application/json')]),
      h2frame(0, 0x01, 1, ascii('{"a":1}')),
    );
    // A type no dissector takes (image/gif has one now: GIF).
    const gif = cat(
      h2frame(1, 0x04, 3, [0x88, ...literal(31, 'application/x-unknown')]),
      h2frame(0, 0x01, 3, ascii('GIF89a')),
    );
    const rows = await fields(
      capture([server(json, 1), server(gif, 1 + json.length)]),
      ['_ws.col.Protocol', '_ws.col.Info', 'frame.protocols'],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows[0]).toEqual([
      'HTTP2/JSON',
      'HEADERS[1]: 200 OK, DATA[1], JavaScript Object Notation (application/json)',
      'eth:ethertype:ip:tcp:http2:json',
    ]);
    expect(rows[1]).toEqual(['HTTP2', 'HEADERS[3]: 200 OK, DATA[3]', 'eth:ethertype:ip:tcp:http2']);
  });

  it('names errors, settings and unknown frame types, and keeps going after a header block HPACK refuses', async () => {
    const frames = cat(
      h2frame(3, 0, 1, [0, 0, 0, 8]),
      h2frame(7, 0, 0, [0, 0, 0, 3, 0, 0, 0, 11, ...ascii('calm')]),
      h2frame(0xfa, 0x5a, 0, [1, 2, 3]),
      h2frame(1, 0x05, 3, [0xff, 0x7f]),
      h2frame(8, 0, 0, [0, 0, 0x10, 0]),
    );
    const rows = await fields(
      capture([client(frames, 1)]),
      [
        '_ws.col.Info',
        'http2.rst_stream.error',
        'http2.goaway.error',
        'http2.goaway.addata',
        'http2.unknown',
        'http2.header.count',
        'http2.window_update.window_size_increment',
      ],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toEqual([
      [
        'RST_STREAM[1], GOAWAY[0], Unknown type (250)[0], HEADERS[3], WINDOW_UPDATE[0]',
        '8',
        '11',
        '63616c6d',
        '010203',
        '',
        '4096',
      ],
    ]);
    const tree = (await trees(capture([client(frames, 1)]), decodeAs(`tcp.port==${PORT},http2`)))[0];
    expect(tree).toContain('        Error: CANCEL (8)\n');
    expect(tree).toContain('        Error: ENHANCE_YOUR_CALM (11)\n');
    expect(tree).toContain('        Type: Unknown (250)\n        Flags: 0x5a\n            0101 1010 = Unused: 0x5a\n');
  });

  it('marks a frame whose padding runs past its end as malformed', async () => {
    const pcap = capture([client(h2frame(0, 0x08, 1, [9, 1, 2]), 1)]);
    const rows = await fields(
      pcap,
      ['_ws.col.Info', 'http2.type', 'http2.pad_length'],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toEqual([['DATA[1][Malformed Packet]', '0', '9']]);
    const tree = (await trees(pcap, decodeAs(`tcp.port==${PORT},http2`)))[0];
    expect(tree).toContain('    Stream: DATA, Stream ID: 1, Length 3 (partial entity body)\n');
    expect(tree).toContain('\n[Malformed Packet: HTTP2]\n');
  });
});

describe('HTTP/2 on bad input', () => {
  it('turns random frames into items or malformed notes, never a dissector bug', async () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const segments: Uint8Array[] = [];
    let seq = 1;
    for (let i = 0; i < 60; i++) {
      // Plausible frame headers (small lengths, known and unknown types, any flags) over random payloads.
      const payload = Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
      const frameBytes = h2frame(
        Math.floor(random() * 12),
        Math.floor(random() * 256),
        Math.floor(random() * 8),
        payload,
      );
      const segment = i === 0 ? cat(PREFACE, frameBytes) : frameBytes;
      segments.push(client(segment, seq));
      seq += segment.length;
    }
    const rows = await fields(
      capture(segments),
      ['_ws.col.Protocol', '_ws.col.Info', '_ws.expert'],
      decodeAs(`tcp.port==${PORT},http2`),
    );
    expect(rows).toHaveLength(60);
    expect(rows.filter(([protocol]) => protocol === 'HTTP2').length).toBe(60);
    expect(rows.map((r) => r[2]).join()).not.toContain('Dissector bug');
    // Some of them are malformed (a PING of the wrong size, padding past the end): the test does reach that path.
    expect(rows.some(([, info]) => info.endsWith('[Malformed Packet]'))).toBe(true);
  });
});

describe('HTTP/2 against tshark 4.0 on loopback captures (test/fixtures/http2)', () => {
  const h2c = decodeAs('tcp.port==7080,http2');

  it('h2c.pcap: every field of every frame', async () => {
    expect(await goldenDiff('h2c.pcap', 'h2c.tsv', h2c)).toEqual([]);
  });

  it('h2c.pcap: bodies and header blocks as bytes', async () => {
    expect(await goldenDiff('h2c.pcap', 'h2c-bytes.tsv', h2c, 'frame.len < 2000')).toEqual([]);
  });

  it('h2c.pcap: the HTTP/2 layers of the tree, line for line', async () => {
    const want = readFileSync(FIXTURES + 'h2c.V', 'utf8').split(/^(?=Frame \d+:)/m);
    const got = await trees(readFileSync(FIXTURES + 'h2c.pcap'), h2c);
    for (const frame of want) {
      const number = Number(/^Frame (\d+):/.exec(frame)![1]);
      expect(http2Lines(got[number - 1]), `frame ${number}`).toEqual(http2Lines(frame));
    }
  });

  it("h2c.pcap and h2c-http-port.pcap: the protocol hierarchy counts every frame's item and the bodies inside", async () => {
    expect(await hierarchy(readFileSync(FIXTURES + 'h2c.pcap'), h2c)).toBe(readFileSync(FIXTURES + 'h2c.phs', 'utf8'));
    expect(await hierarchy(readFileSync(FIXTURES + 'h2c-http-port.pcap'))).toBe(
      readFileSync(FIXTURES + 'h2c-http-port.phs', 'utf8'),
    );
  });

  it("h2c-http-port.pcap: HTTP on port 8080 hands the preface's connection to HTTP/2, an upgrade's settings decoded", async () => {
    expect(await goldenDiff('h2c-http-port.pcap', 'h2c-http-port.tsv')).toEqual([]);
  });

  it("h2-tls.pcapng: HTTP/2 inside TLS 1.3 (ALPN h2), decrypted with the capture's own key log", async (ctx) => {
    const pcap = readFileSync(FIXTURES + 'h2-tls.pcapng');
    const protocols = (await fields(pcap, ['_ws.col.Protocol'])).map(([p]) => p);
    // Loupe hands decrypted TLS application data to the ALPN's dissector once TLS decryption lands (src/tls/).
    if (!protocols.includes('HTTP2')) ctx.skip('TLS decryption is not there yet: no frame reaches HTTP/2');
    expect(await goldenDiff('h2-tls.pcapng', 'h2-tls.tsv')).toEqual([]);
    expect(await goldenDiff('h2-tls.pcapng', 'h2-tls-bytes.tsv')).toEqual([]);
    const want = readFileSync(FIXTURES + 'h2-tls.V', 'utf8').split(/^(?=Frame \d+:)/m);
    const got = await trees(pcap);
    for (const frame of want) {
      const number = Number(/^Frame (\d+):/.exec(frame)![1]);
      expect(http2Lines(got[number - 1]), `frame ${number}`).toEqual(http2Lines(frame));
    }
  });
});
