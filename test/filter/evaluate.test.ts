import { describe, expect, it } from 'vitest';
import { compileFilter, RecordFieldSource, type FrameFieldSource, type Value } from '../../src/filter';
import { fieldId } from '../../src/fields/registry';

/**
 * Frames 1-3 of the corpus capture http_google (a SYN from 172.16.16.128:1606 to 74.125.95.104:80, the SYN-ACK,
 * the ACK), given as field values; each expectation is what `tshark -Y` selected from that capture.
 */
type Fields = Record<string, Value[]>;
const mac = (s: string) => Uint8Array.from(s.split(':'), (h) => parseInt(h, 16));
const ip = (s: string) => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const client = mac('00:21:6a:5b:7d:4a');
const router = mac('00:05:5d:21:99:4c');

function frame(
  n: number,
  src: string,
  dst: string,
  sport: number,
  dport: number,
  flags: number,
  len: number,
  ttl: number,
): Fields {
  const [s, d] = n === 2 ? [router, client] : [client, router];
  return {
    frame: [new Uint8Array(len)],
    'frame.number': [n],
    'frame.len': [len],
    eth: [new Uint8Array(14)],
    'eth.src': [s],
    'eth.dst': [d],
    'eth.addr': [d, s],
    ip: [new Uint8Array(20)],
    'ip.src': [ip(src)],
    'ip.dst': [ip(dst)],
    'ip.addr': [ip(src), ip(dst)],
    'ip.ttl': [ttl],
    'ip.proto': [6],
    tcp: [new Uint8Array(20)],
    'tcp.srcport': [sport],
    'tcp.dstport': [dport],
    'tcp.port': [sport, dport],
    'tcp.flags': [flags],
    'tcp.flags.syn': [flags & 2 ? 1 : 0],
    'tcp.flags.ack': [flags & 0x10 ? 1 : 0],
    'frame.time_epoch': [1265678319_618072000n + BigInt(n - 1) * 30_000_000n],
  };
}

const FRAMES = [
  frame(1, '172.16.16.128', '74.125.95.104', 1606, 80, 0x002, 66, 128),
  frame(2, '74.125.95.104', '172.16.16.128', 80, 1606, 0x012, 66, 55),
  frame(3, '172.16.16.128', '74.125.95.104', 1606, 80, 0x010, 54, 128),
];

function source(fields: Fields): FrameFieldSource {
  const byId = new Map(Object.entries(fields).map(([name, values]) => [fieldId(name)!, values]));
  return {
    values: (id) => byId.get(id) ?? [],
    lengths: (id) => (byId.get(id) ?? []).map(() => 2),
    layers: (id) => (byId.get(id) ?? []).map(() => 1),
  };
}

function selected(filter: string): number[] {
  const f = compileFilter(filter);
  return FRAMES.filter((fr) => f.matches(source(fr))).map((fr) => fr['frame.number'][0] as number);
}

describe('evaluation', () => {
  it.each([
    ['tcp', [1, 2, 3]],
    ['udp', []],
    ['!udp', [1, 2, 3]],
    ['tcp.flags.syn == 1 && tcp.flags.ack == 0', [1]],
    ['tcp.flags & 0x12 == 0x12', [2]],
    ['tcp.flags & 0x02', [1, 2]],
    ['tcp.port == 80', [1, 2, 3]],
    ['tcp.port != 80', []],
    ['tcp.port !== 80', [1, 2, 3]],
    ['tcp.port === 80', []],
    ['all tcp.port > 1024', []],
    ['any tcp.port > 1024', [1, 2, 3]],
    ['tcp.srcport > tcp.dstport', [1, 3]],
    ['tcp.port in {25, 80, 443}', [1, 2, 3]],
    ['tcp.port in {1000..2000}', [1, 2, 3]],
    ['tcp.port not in {80}', []],
    ['ip.src == 172.16.16.0/24', [1, 3]],
    ['ip.src != 172.16.16.0/24', [2]],
    ['ip.src < 172.16.16.0/24', [2]],
    ['ip.src in {172.16.16.0 .. 172.16.16.200}', [1, 3]],
    ['ip.ttl < 64', [2]],
    ['eth.src[0:2] == 0021', [1, 3]],
    ['eth.src[-1] == 4a', [1, 3]],
    ['eth.src == 0021.6a5b.7d4a', [1, 3]],
    ['eth.addr != 00:21:6a:5b:7d:4a', []],
    ['eth.src contains 6a:5b', [1, 3]],
    ['len(frame) == 54', [3]],
    ['count(ip.addr) == 2', [1, 2, 3]],
    ['count(udp.port) == 0', []],
    ['max(tcp.port) == 1606', [1, 2, 3]],
    ['min(ip.src, ip.dst) == 74.125.95.104', [1, 2, 3]],
    ['string(ip.src) == "172.16.16.128"', [1, 3]],
    ['string(tcp.flags) == "2"', [1]],
    ['frame.number % 2 == 0', [2]],
    ['{frame.number + 1} * 2 == 8', [3]],
    ['frame.number - 5 == -4', [1]],
    ['tcp.port > -1', []],
    ['-frame.number == -3', [3]],
    ['frame.time_epoch == 1265678319.648072', [2]],
    ['frame.time_epoch >= 1265678319.648072', [2, 3]],
    ['ip.proto == TCP', [1, 2, 3]],
    ['tcp.flags.syn == True', [1, 2]],
    ['tcp.flags.syn == 2', [1, 2]],
    ['not tcp.srcport == 80 and tcp.flags.syn == 1', [1]],
    ['frame.number == 1 || frame.number == 2 && frame.number == 3', [1]],
    ['tcp.port == ${tcp.port}', []],
  ])('%s', (filter, frames) => {
    expect(selected(filter)).toEqual(frames);
  });

  it('matches case-insensitively unless (?-i), over bytes and strings', () => {
    const get = { frame: [new TextEncoder().encode('xxGET / HTTP/1.1')] };
    const f = (text: string) => compileFilter(text).matches(source(get));
    expect(f('frame matches "get /"')).toBe(true);
    expect(f('frame matches "(?-i)get"')).toBe(false);
    expect(f('frame contains "GET"')).toBe(true);
    expect(f('frame contains "get"')).toBe(false);
    expect(f('frame contains 47:45:54')).toBe(true);
    expect(f('frame[2:3] == "GET"')).toBe(true);
    expect(f('frame[-4:] == "/1.1"')).toBe(true);
    expect(f('frame[100:1] == 00')).toBe(false);
    expect(f('frame[2:3]')).toBe(true);
    expect(f('frame[100-101]')).toBe(false);
  });
});

describe('RecordFieldSource', () => {
  const id = (name: string) => fieldId(name)!;
  const bytes = Uint8Array.from({ length: 34 }, (_, i) => i);
  // [id, depth | source << 8, start, length, v0, v1, v2, v3], as assembly/emit.ts writes them.
  const records = Uint32Array.from([
    id('frame'),
    0,
    0,
    34,
    0,
    0,
    0,
    0,
    id('eth'),
    1,
    0,
    14,
    0,
    0,
    0,
    0,
    id('eth.src'),
    2,
    6,
    6,
    0x00216a5b,
    0x7d4a,
    0,
    0,
    id('ip'),
    1,
    14,
    20,
    0,
    0,
    0,
    0,
    id('ip.src'),
    2,
    26,
    4,
    0xac101080,
    0,
    0,
    0,
    id('ip'),
    1,
    34,
    0,
    0,
    0,
    0,
    0,
    id('ip.src'),
    2,
    34,
    4,
    0x0a000001,
    0,
    0,
    0,
  ]);
  const frame = () => new RecordFieldSource({ records, start: 0, end: records.length, frameBytes: bytes });

  it('decodes values by type, lazily', () => {
    const s = frame();
    expect(s.values(id('ip.src'))).toEqual([0xac101080, 0x0a000001]);
    expect(s.values(id('eth.src'))).toEqual([Uint8Array.of(0, 0x21, 0x6a, 0x5b, 0x7d, 0x4a)]);
    expect(s.values(id('eth'))).toEqual([bytes.subarray(0, 14)]);
    expect(s.lengths(id('ip.src'))).toEqual([4, 4]);
    expect(s.values(id('tcp'))).toEqual([]);
  });

  it('numbers the layers of a protocol', () => {
    expect(frame().layers(id('ip.src'))).toEqual([1, 2]);
    expect(compileFilter('ip.src#2 == 10.0.0.1').matches(frame())).toBe(true);
    expect(compileFilter('ip.src#1 == 10.0.0.1').matches(frame())).toBe(false);
    expect(compileFilter('ip.src#[1-2] == 172.16.16.128').matches(frame())).toBe(true);
    expect(compileFilter('eth.src[0:3] == 00:21:6a && eth[6:2] == 06:07').matches(frame())).toBe(true);
  });
});
