import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PcapngWriter as PcapngBuilder, comment, tsresol } from '../support/pcapng-builder';
import { ethernet, ipv4, tcp, udp } from '../support/packet-builder';
import { fieldsOf, newCore } from '../support/run';
import { ingest } from '../../src/core/ingest';
import { SideKind } from '../../src/abi/core-constants';

// Black-box: the built CLI as users run it (`npm test` builds dist/ first), read back by Loupe and by tshark.
const loupe = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/loupe.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tshark = (...args: string[]) => spawnSync('tshark', args, { encoding: 'utf8' });
const hasTshark = tshark('-v').status === 0;
const dir = mkdtempSync(join(tmpdir(), 'loupe-export-cli-'));
const a = { src: '10.0.0.1', dst: '10.0.0.2' };

/** Two interfaces (µs and ns), a commented TCP frame, a UDP frame, another TCP frame. */
function capture(): string {
  const web = ethernet(
    ipv4(tcp(new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n'), { ...a, sport: 40000, dport: 80, flags: 0x18 }), {
      ...a,
      proto: 6,
    }),
    0x0800,
  );
  const dns = ethernet(ipv4(udp(new Uint8Array(12), { ...a, sport: 5353, dport: 53 }), { ...a, proto: 17 }), 0x0800);
  const bytes = new PcapngBuilder()
    .shb()
    .idb(1, 0)
    .idb(1, 262144, [tsresol(9)])
    .epb(0, 1_700_000_000_000_001n, web, { options: [comment('the request')] })
    .epb(1, 1_700_000_000_500_000_007n, dns)
    .epb(1, 1_700_000_001_000_000_009n, web, { origLen: 1514 })
    .bytes();
  const path = join(dir, 'in.pcapng');
  writeFileSync(path, bytes);
  return path;
}

describe('loupe export', () => {
  it('writes the frames -Y matches with their times, lengths and comments', async () => {
    const out = join(dir, 'tcp.pcapng');
    expect(loupe('export', capture(), out, '-Y', 'tcp.port == 80')).toMatchObject({ code: 0, err: '' });
    const { text } = await fieldsOf(out, ['frame.number', 'frame.time_epoch', 'frame.len']);
    expect(text).toBe('1\t1700000000.000001000\t72\n2\t1700000001.000000009\t1514\n');
    const comments: [number, string][] = [];
    await ingest(await newCore(), new Blob([readFileSync(out)]), false, {
      onSide: (e) =>
        void (e.kind === SideKind.PacketComment && comments.push([e.frame, new TextDecoder().decode(e.bytes)])),
    });
    expect(comments).toEqual([[1, 'the request']]);
  });

  it('adds a key log as a Decryption Secrets Block', async () => {
    const keylog = join(dir, 'keys.log');
    writeFileSync(keylog, 'CLIENT_RANDOM 00 11\n');
    const out = join(dir, 'keys.pcapng');
    expect(loupe('export', capture(), out, '--keylog', keylog).code).toBe(0);
    const file = readFileSync(out);
    const at = file.indexOf(Buffer.from('CLIENT_RANDOM 00 11\n'));
    expect(at).toBeGreaterThan(0);
    expect(file.readUInt32LE(at - 16)).toBe(0x0a); // DSB block type
    expect(file.readUInt32LE(at - 8)).toBe(0x544c534b); // TLS key log
  });

  it.skipIf(!hasTshark)(
    'gives tshark what tshark -Y -w gives it',
    () => {
      const input = capture();
      const out = join(dir, 'udp.pcapng');
      const ref = join(dir, 'ref.pcapng');
      expect(loupe('export', input, out, '-Y', 'udp || frame.number == 1').code).toBe(0);
      expect(tshark('-r', input, '-Y', 'udp || frame.number == 1', '-w', ref, '-F', 'pcapng').status).toBe(0);
      const fields = [
        '-T',
        'fields',
        '-e',
        'frame.number',
        '-e',
        'frame.time_epoch',
        '-e',
        'frame.len',
        '-e',
        'frame.comment',
      ];
      const mine = tshark('-r', out, ...fields);
      expect(mine.status).toBe(0);
      expect(mine.stdout).toBe(tshark('-r', ref, ...fields).stdout);
      expect(tshark('-r', out, '-x').stdout).toBe(tshark('-r', ref, '-x').stdout);
    },
    60_000,
  );

  it('refuses a bad filter, a missing key log and missing arguments', () => {
    const input = capture();
    expect(loupe('export', input, join(dir, 'x.pcapng'), '-Y', 'tcp.port ==')).toMatchObject({ code: 1 });
    expect(loupe('export', input, join(dir, 'x.pcapng'), '--keylog', join(dir, 'none.log')).err).toContain(
      'cannot read key log',
    );
    const r = loupe('export', input);
    expect(r.code).toBe(1);
    expect(r.err).toContain('export needs <capture> <out.pcapng>');
  });
});
