import { describe, expect, it } from 'vitest';
import {
  HpackDecoder,
  HpackError,
  huffmanCode,
  huffmanDecode,
  readInteger,
  type HpackEvent,
} from '../../../src/dissectors/http2/hpack';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((b) => parseInt(b, 16)),
  );
const text = (b: Uint8Array) => String.fromCharCode(...b);
/** "name: value" of each decoded field. */
const fields = (events: HpackEvent[]) =>
  events.flatMap((e) => (e.kind === 'field' ? [`${text(e.name)}: ${text(e.value)}`] : []));
const table = (d: HpackDecoder) => d.tableEntries.map((e) => `${text(e.name)}: ${text(e.value)}`);

describe('HPACK integers (RFC 7541 C.1)', () => {
  it('reads a value within the prefix, one past it, and one at an octet boundary', () => {
    expect(readInteger(Uint8Array.of(0b01010), 0, 5)).toEqual({ value: 10, end: 1 });
    expect(readInteger(Uint8Array.of(0b11111, 0b10011010, 0b00001010), 0, 5)).toEqual({ value: 1337, end: 3 });
    expect(readInteger(Uint8Array.of(42), 0, 8)).toEqual({ value: 42, end: 1 });
  });

  it('says when the integer is cut short, and refuses one past 32 bits', () => {
    expect(typeof readInteger(Uint8Array.of(0x1f, 0x80), 0, 5)).toBe('symbol');
    expect(() => readInteger(Uint8Array.of(0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), 0, 5)).toThrow(HpackError);
  });
});

describe('Huffman code (RFC 7541 Appendix B)', () => {
  it("rebuilds the table's codes from their lengths", () => {
    expect(huffmanCode(0)).toEqual({ code: 0x1ff8, length: 13 });
    expect(huffmanCode(0x20)).toEqual({ code: 0x14, length: 6 });
    expect(huffmanCode(0x30)).toEqual({ code: 0x0, length: 5 });
    expect(huffmanCode(0x61)).toEqual({ code: 0x3, length: 5 });
    expect(huffmanCode(0xff)).toEqual({ code: 0x3ffffee, length: 26 });
    expect(huffmanCode(256)).toEqual({ code: 0x3fffffff, length: 30 });
  });

  it('decodes, and rejects bad padding and an encoded EOS', () => {
    expect(text(huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff')))).toBe('www.example.com');
    expect(text(huffmanDecode(hex('a8eb 1064 9cbf')))).toBe('no-cache');
    // Padding of 8 or more bits, or padding not made of ones.
    expect(() => huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff ff'))).toThrow(HpackError);
    expect(() => huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4fe'))).toThrow(HpackError);
    expect(() => huffmanDecode(hex('ffff fffc'))).toThrow(HpackError);
  });
});

describe('HPACK header blocks (RFC 7541 Appendix C)', () => {
  it('C.2: one representation of each kind', () => {
    const d = new HpackDecoder();
    const [custom] = d.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'), true);
    expect(custom).toMatchObject({ kind: 'field', representation: 'incremental' });
    expect(fields([custom])).toEqual(['custom-key: custom-header']);
    expect(d.tableSize).toBe(55);
    const d2 = new HpackDecoder();
    const [path] = d2.decode(hex('040c 2f73 616d 706c 652f 7061 7468'), true);
    expect(path).toMatchObject({ representation: 'without', index: 4 });
    expect(fields([path])).toEqual([':path: /sample/path']);
    expect(d2.tableSize).toBe(0);
    const [password] = new HpackDecoder().decode(hex('1008 7061 7373 776f 7264 0673 6563 7265 74'), true);
    expect(password).toMatchObject({ representation: 'never' });
    expect(password).not.toHaveProperty('index');
    expect(fields([password])).toEqual(['password: secret']);
    const [get] = new HpackDecoder().decode(hex('82'), true);
    expect(get).toMatchObject({ representation: 'indexed', index: 2 });
  });

  const requests = (blocks: string[]) => {
    const d = new HpackDecoder();
    return blocks.map((b) => ({ fields: fields(d.decode(hex(b), true)), table: table(d), size: d.tableSize }));
  };

  it('C.3 and C.4: three requests, plain and Huffman-coded, sharing the dynamic table', () => {
    const expected = [
      {
        fields: [':method: GET', ':scheme: http', ':path: /', ':authority: www.example.com'],
        table: [':authority: www.example.com'],
        size: 57,
      },
      {
        fields: [':method: GET', ':scheme: http', ':path: /', ':authority: www.example.com', 'cache-control: no-cache'],
        table: ['cache-control: no-cache', ':authority: www.example.com'],
        size: 110,
      },
      {
        fields: [
          ':method: GET',
          ':scheme: https',
          ':path: /index.html',
          ':authority: www.example.com',
          'custom-key: custom-value',
        ],
        table: ['custom-key: custom-value', 'cache-control: no-cache', ':authority: www.example.com'],
        size: 164,
      },
    ];
    expect(
      requests([
        '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '8286 84be 5808 6e6f 2d63 6163 6865',
        '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
      ]),
    ).toEqual(expected);
    expect(
      requests([
        '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
        '8286 84be 5886 a8eb 1064 9cbf',
        '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
      ]),
    ).toEqual(expected);
  });

  const responses = (blocks: string[]) => {
    const d = new HpackDecoder(256);
    return blocks.map((b) => ({ fields: fields(d.decode(hex(b), true)), table: table(d), size: d.tableSize }));
  };

  it('C.5 and C.6: three responses in a 256-octet table, evicting as they go', () => {
    const date1 = 'date: Mon, 21 Oct 2013 20:13:21 GMT';
    const date2 = 'date: Mon, 21 Oct 2013 20:13:22 GMT';
    const cookie = 'set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
    const location = 'location: https://www.example.com';
    const expected = [
      {
        fields: [':status: 302', 'cache-control: private', date1, location],
        table: [location, date1, 'cache-control: private', ':status: 302'],
        size: 222,
      },
      {
        fields: [':status: 307', 'cache-control: private', date1, location],
        table: [':status: 307', location, date1, 'cache-control: private'],
        size: 222,
      },
      {
        fields: [':status: 200', 'cache-control: private', date2, location, 'content-encoding: gzip', cookie],
        table: [cookie, 'content-encoding: gzip', date2],
        size: 215,
      },
    ];
    expect(
      responses([
        '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '4803 3330 37c1 c0bf',
        '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
      ]),
    ).toEqual(expected);
    expect(
      responses([
        '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
        '4883 640e ffc1 c0bf',
        '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
      ]),
    ).toEqual(expected);
  });
});

describe('HPACK decoder state', () => {
  it('hands back each representation once its bytes have all come, across fragments', () => {
    const d = new HpackDecoder();
    const block = hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d');
    expect(fields(d.decode(block.subarray(0, 5), false))).toEqual([':method: GET', ':scheme: http', ':path: /']);
    expect(fields(d.decode(block.subarray(5), true))).toEqual([':authority: www.example.com']);
  });

  it('applies size updates within the announced limit and evicts to fit', () => {
    const d = new HpackDecoder();
    d.decode(hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d'), true);
    const events = d.decode(hex('20'), true);
    expect(events).toEqual([{ kind: 'size-update', size: 0 }]);
    expect(d.tableSize).toBe(0);
    expect(() => new HpackDecoder(100).decode(hex('3f46'), true)).toThrow(/over the limit/);
  });

  it('shrinks the table when a smaller limit takes effect', () => {
    const d = new HpackDecoder();
    d.decode(hex('8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d 5808 6e6f 2d63 6163 6865'), true);
    expect(d.tableSize).toBe(110);
    d.setLimit(60);
    expect(table(d)).toEqual(['cache-control: no-cache']);
  });

  it('fails on a bad index or a block cut short, and stays failed', () => {
    const d = new HpackDecoder();
    expect(() => d.decode(hex('be'), true)).toThrow(/past the dynamic table/);
    expect(() => d.decode(hex('82'), true)).toThrow(HpackError);
    expect(() => new HpackDecoder().decode(hex('80'), true)).toThrow(/index 0/);
    expect(() => new HpackDecoder().decode(hex('410f77'), true)).toThrow(/ends inside/);
  });
});
