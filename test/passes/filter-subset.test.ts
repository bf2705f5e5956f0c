import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/core/ingest';
import { PacketIndex } from '../../src/core/packet-index';
import { compileFilter } from '../../src/filter';
import { framesWith, YES } from '../../src/filter/columns';
import { settleByDecoding } from '../../src/passes/filter-pass';
import { settleAlone } from '../../src/passes/filter-subset';
import { planQuery } from '../../src/passes/query-plan';
import { ethernet, ipv4, tcp, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';
import { newCore } from '../support/run';

const a = { src: '192.0.2.1', dst: '198.51.100.2' };
const b = { src: '198.51.100.2', dst: '192.0.2.1' };
const v4 = (l4: Uint8Array, proto: number, o: { src: string; dst: string }) =>
  ethernet(ipv4(l4, { proto, ...o }), 0x0800);
const text = (s: string) => new TextEncoder().encode(s);

/** A DNS query (or its response, with one A record) for `name`. */
function dnsMessage(id: number, name: string, response: boolean): Uint8Array {
  const labels = name.split('.').flatMap((l) => [l.length, ...text(l)]);
  const question = [...labels, 0, 0, 1, 0, 1];
  const answer = response ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7] : [];
  return Uint8Array.from([
    id >> 8,
    id & 0xff,
    response ? 0x81 : 0x01,
    response ? 0x80 : 0x00,
    0,
    1,
    0,
    response ? 1 : 0,
    0,
    0,
    0,
    0,
    ...question,
    ...answer,
  ]);
}

/**
 * Bulk transfers (large segments on the HTTPS port, each acknowledged, no keys to decrypt them) with a few DNS lookups and one
 * HTTP exchange among them: the application frames hold a small part of the file, as in a real capture.
 */
function capture(): Blob {
  const frames: Uint8Array[] = [];
  const names = ['alpha.example', 'xray.example', 'beta.test', 'xylo.example'];
  let seq = 1;
  for (let i = 0; i < 240; i++) {
    frames.push(v4(tcp(new Uint8Array(1200).fill(i), { ...a, sport: 41000, dport: 443, seq, flags: 0x18 }), 6, a));
    seq += 1200;
    frames.push(v4(tcp(new Uint8Array(0), { ...b, sport: 443, dport: 41000, seq: 1, ack: seq, flags: 0x10 }), 6, b));
    if (i % 40 === 7) {
      const k = i / 40;
      const name = names[Math.floor(k) % names.length];
      frames.push(v4(udp(dnsMessage(k, name, false), { ...a, sport: 53000 + k, dport: 53 }), 17, a));
      frames.push(v4(udp(dnsMessage(k, name, true), { ...b, sport: 53, dport: 53000 + k }), 17, b));
    }
    if (i === 100) {
      const get = text('GET /index.html HTTP/1.1\r\nHost: example\r\n\r\n');
      const ok = text('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      frames.push(v4(tcp(new Uint8Array(0), { ...a, sport: 42000, dport: 80, seq: 10, flags: 0x02 }), 6, a));
      frames.push(v4(tcp(get, { ...a, sport: 42000, dport: 80, seq: 11, ack: 0, flags: 0x18 }), 6, a));
      frames.push(v4(tcp(ok, { ...b, sport: 80, dport: 42000, seq: 0, ack: 11 + get.length, flags: 0x18 }), 6, b));
    }
  }
  return new Blob([pcapFile(frames.map((data, i) => ({ sec: 1_700_000_000 + i, frac: i, data }))) as BlobPart]);
}

async function indexOf(blob: Blob): Promise<PacketIndex> {
  const index = new PacketIndex();
  await ingest(await newCore(), blob, false, { onRows: (rows) => index.append(rows) });
  return index;
}

describe('settleAlone', () => {
  const FILTERS = [
    'dns.qry.name contains "x"',
    'http.request.method == "GET"',
    'dns.flags.response == 1 && dns.a == 192.0.2.7',
    'dns.time > 0 || http',
  ];

  it('settles application-field filters from their conversations alone, as a pass over the file does', async () => {
    const blob = capture();
    const index = await indexOf(blob);
    for (const text of FILTERS) {
      const filter = compileFilter(text);
      const full = planQuery(index, { filter });
      await settleByDecoding(await newCore(), blob, filter, full.verdicts, { plan: full });
      // No keys: TLS, which the port gives the bulk transfers, adds no DNS or HTTP.
      const alone = planQuery(index, { filter, decrypts: false });
      const progress: number[] = [];
      const taken = await settleAlone(await newCore(), blob, index, filter, alone.verdicts, alone, {
        onProgress: (p) => progress.push(p.bytesRead / p.bytesTotal),
      });
      expect(taken, text).toBe(true);
      const frames = Array.from(framesWith(alone.verdicts, YES));
      expect(frames, text).toEqual(Array.from(framesWith(full.verdicts, YES)));
      expect(frames.length, text).toBeGreaterThan(0);
      for (const p of progress) expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('declines, the verdicts untouched, when the frames to decode are a large part of the file', async () => {
    const blob = capture();
    const index = await indexOf(blob);
    // tcp.len is not in the index: every TCP frame needs decoding.
    const filter = compileFilter('tcp.len > 1000');
    const plan = planQuery(index, { filter, decrypts: false });
    const before = plan.verdicts.slice();
    expect(await settleAlone(await newCore(), blob, index, filter, plan.verdicts, plan)).toBe(false);
    expect(plan.verdicts).toEqual(before);
  });

  it('stops when cancelled', async () => {
    const blob = capture();
    const index = await indexOf(blob);
    const filter = compileFilter('dns.qry.name contains "x"');
    const plan = planQuery(index, { filter, decrypts: false });
    const cancelled = new Error('cancelled');
    await expect(
      settleAlone(await newCore(), blob, index, filter, plan.verdicts, plan, {
        checkCancelled: () => {
          throw cancelled;
        },
      }),
    ).rejects.toBe(cancelled);
  });
});
