import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcapFile, hex } from '../support/pcap-builder';
import { comment, PcapngWriter } from '../support/pcapng-builder';

// Black-box: the built CLI as users run it (`npm test` builds dist/ first).
const loupe = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/loupe.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
const file = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const frame = hex('ffffffffffff 001122334455 88cc 0000');

describe('loupe fields', () => {
  it('prints tab-separated columns, one line per frame', () => {
    const path = file(
      'two.pcap',
      pcapFile([
        { sec: 1, frac: 2, data: frame },
        { sec: 3, frac: 4, data: frame },
      ]),
    );
    const r = loupe('fields', path, '-e', 'frame.number', '-e', 'eth.src', '-e', 'vlan.id');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('1\t00:11:22:33:44:55\t\n2\t00:11:22:33:44:55\t\n');
  });

  it('reads packet comments from pcapng and has no marks of its own, as tshark', () => {
    const ifName = { code: 2, value: new TextEncoder().encode('eth7') };
    const bytes = new PcapngWriter()
      .shb()
      .idb(1, 0, [ifName])
      .epb(0, 1n, frame, { options: [comment('first'), comment('second')] })
      .epb(0, 2n, frame)
      .epb(0, 3n, frame, { options: [comment('third')] })
      .bytes();
    const path = file('comments.pcapng', bytes);
    const all = loupe(
      'fields',
      path,
      '-e',
      'frame.number',
      '-e',
      'frame.comment',
      '-e',
      'frame.marked',
      '-e',
      'pkt_comment',
      '-e',
      'frame.comment.expert',
    );
    expect(all).toMatchObject({ code: 0, err: '' });
    expect(all.out).toBe('1\tfirst,second\t0\tpkt_comment\t1,1\n2\t\t0\t\t\n3\tthird\t0\tpkt_comment\t1\n');
    expect(loupe('fields', path, '-Y', 'frame.comment contains "ir"', '-e', 'frame.number').out).toBe('1\n3\n');
    expect(loupe('fields', path, '-Y', '!frame.marked', '-e', 'frame.number').out).toBe('');
    const shown = loupe('show', path, '3').out;
    expect(shown).toMatch(/^Packet comments\n    third\n        \[Expert Info \(Comment\/Comment\): third\]\n/);
    expect(shown).toContain('on interface eth7, id 0\n');
  });

  it('show takes the dissection options fields does (Decode As), before or after the frame number', () => {
    const h2c = new URL('../fixtures/http2/h2c.pcap', import.meta.url).pathname;
    expect(loupe('show', h2c, '42').out).not.toContain('HyperText Transfer Protocol 2');
    const shown = loupe('show', '-d', 'tcp.port==7080,http2', h2c, '42');
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toContain(
      'HyperText Transfer Protocol 2\n    Stream: HEADERS, Stream ID: 1, Length 58, GET /index.html\n',
    );
    expect(loupe('show', h2c, '42', '-d', 'tcp.port==7080,http2').out).toBe(shown.out);
    expect(loupe('show', h2c, '42', '-d', 'tcp.port==7080,nope').code).toBe(1);
  });

  it('times each frame from the last one the display filter let through, as tshark does in one pass', () => {
    const big = hex('ffffffffffff 001122334455 88cc' + '00'.repeat(100));
    const path = file(
      'times.pcap',
      pcapFile([
        { sec: 1, frac: 0, data: frame },
        { sec: 1, frac: 500_000, data: big },
        { sec: 3, frac: 0, data: frame },
        { sec: 4, frac: 0, data: big },
      ]),
    );
    expect(loupe('fields', path, '-e', 'frame.time_delta_displayed').out).toBe(
      '0.000000000\n0.500000000\n1.500000000\n1.000000000\n',
    );
    expect(
      loupe('fields', path, '-Y', 'frame.len < 50', '-e', 'frame.number', '-e', 'frame.time_delta_displayed').out,
    ).toBe('1\t0.000000000\n3\t2.000000000\n');
    // Nothing was displayed before: every frame's delta is 0 while the filter tests it (tshark agrees).
    expect(loupe('fields', path, '-Y', 'frame.time_delta_displayed > 1.2', '-e', 'frame.number').out).toBe('');
    expect(loupe('fields', path, '-Y', 'frame.time_delta_displayed >= 0', '-e', 'frame.time_delta_displayed').out).toBe(
      '0.000000000\n0.500000000\n1.500000000\n1.000000000\n',
    );
  });

  it('rejects an unknown field with exit 1, naming it', () => {
    const path = file('one.pcap', pcapFile([{ sec: 1, frac: 2, data: frame }]));
    const r = loupe('fields', path, '-e', 'frame.number', '-e', 'tcp.bogus');
    expect(r.code).toBe(1);
    expect(r.err).toContain("'tcp.bogus'");
    expect(r.out).toBe('');
  });

  it('exits 2 on a file that is no capture', () => {
    const r = loupe('fields', file('notes.txt', new TextEncoder().encode('GET / HTTP/1.1\r\n')), '-e', 'frame.number');
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a capture file (starts with 0x47455420)');
  });

  it('lists what it can of a capture cut short and warns with the offset', () => {
    const whole = pcapFile([
      { sec: 1, frac: 2, data: frame },
      { sec: 3, frac: 4, data: frame },
    ]);
    const r = loupe('fields', file('cut.pcap', whole.subarray(0, whole.length - 5)), '-e', 'frame.number');
    expect(r.code).toBe(0);
    expect(r.out).toBe('1\n');
    expect(r.err).toMatch(/cut short.*byte offset 56/);
  });

  it('says how to use it when arguments are missing', () => {
    const r = loupe('fields');
    expect(r.code).toBe(1);
    expect(r.err).toContain('usage: loupe fields');
  });

  it('reports a missing file plainly', () => {
    const r = loupe('fields', join(dir, 'nope.pcap'), '-e', 'frame.number');
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot open');
  });
});

describe('loupe export-objects', () => {
  it('writes the objects into the directory, silently', () => {
    const out = join(dir, 'objects');
    const r = loupe('export-objects', 'test/fixtures/http-objects.pcap', 'http', out);
    expect(r).toMatchObject({ code: 0, out: '', err: '' });
    expect(readdirSync(out)).toContain('page(2).txt');
  }, 20_000);

  it('refuses a protocol it cannot export, and missing arguments', () => {
    const bad = loupe('export-objects', 'test/fixtures/http-objects.pcap', 'smb', dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("cannot export 'smb' objects (http or ftp)");
    expect(loupe('export-objects', 'test/fixtures/http-objects.pcap').err).toContain('usage:');
  }, 20_000);
});
