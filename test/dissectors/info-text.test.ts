import { describe, expect, it } from 'vitest';
import { FrameColumns, InfoWriter, deferredText, utf8, type DeferredInfo } from '../../src/dissectors/info-text';

const decoder = new TextDecoder();

function written(write: (w: InfoWriter) => void, room = 1024): { text: string; overflowed: boolean } {
  const bytes = new Uint8Array(room + 8);
  const w = new InfoWriter().into(bytes, 3, 3 + room);
  write(w);
  return { text: decoder.decode(bytes.subarray(3, Math.min(w.at, 3 + room))), overflowed: w.overflowed };
}

describe('InfoWriter', () => {
  it('writes numbers as a template string does', () => {
    for (const n of [0, 7, 9, 10, 65535, 100000, 2 ** 31, 0xffffffff, 2 ** 32, 2 ** 53, 1.5, -3, NaN, undefined]) {
      expect(written((w) => w.number(n)).text).toBe(`${n}`);
    }
  });

  it('writes text as UTF-8, as TextEncoder does (lone surrogates as U+FFFD)', () => {
    for (const s of ['', 'plain', '443 → 80', 'é ü', '😀 ok', 'bad \ud800 x', 'end \udc00']) {
      expect(written((w) => w.text(s)).text).toBe(decoder.decode(new TextEncoder().encode(s)));
    }
    expect(written((w) => w.raw(utf8(' → '))).text).toBe(' → ');
  });

  it('says when what it was given did not fit', () => {
    expect(written((w) => w.ascii('12345'), 5)).toEqual({ text: '12345', overflowed: false });
    expect(written((w) => w.ascii('123456'), 5).overflowed).toBe(true);
    expect(written((w) => w.number(123456), 5).overflowed).toBe(true);
    expect(written((w) => w.text('→→'), 5).overflowed).toBe(true);
  });
});

describe('FrameColumns', () => {
  let made = 0;
  const deferred: DeferredInfo = {
    write(w) {
      made++;
      w.ascii('core');
    },
  };

  it('keeps a deferred Info unwritten while notes are appended, and writes it with them', () => {
    made = 0;
    const columns = new FrameColumns('TCP', deferred);
    columns.append('[one]', true);
    columns.append('[two]', false);
    expect(made).toBe(0);
    expect(written((w) => columns.write(w)).text).toBe('core [one][two]');
    expect(columns.info).toBe('core [one][two]');
    columns.append('[three]', true);
    expect(columns.info).toBe('core [one][two] [three]');
  });

  it('forgets the deferred Info once a dissector sets one', () => {
    const columns = new FrameColumns('TCP', deferred);
    columns.append('[note]', true);
    columns.info = '';
    columns.append('[after]', true);
    expect(columns.info).toBe('[after]');
    expect(written((w) => columns.write(w)).text).toBe('[after]');
  });

  it('holds a plain string as a plain object would', () => {
    const columns = new FrameColumns('ICMP', 'Echo');
    columns.append('x', false);
    expect([columns.protocol, columns.info]).toEqual(['ICMP', 'Echox']);
    expect(deferredText(deferred)).toBe('core');
  });
});
