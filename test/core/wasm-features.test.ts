import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core } from '../../src/core/core';
import { ingest } from '../../src/core/ingest';
import { coreFileName, simdSupported } from '../../src/core/wasm-features';
import { CORPUS, hasCorpus } from '../support/corpus';
import { ethernet, ipv4, tcp, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';

const dist = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url));

/** Every row column and field record of a field-mode pass, as numbers. */
async function everything(wasm: Uint8Array, blob: Blob): Promise<number[]> {
  const out: number[] = [];
  const add = (values: ArrayLike<number>) => {
    for (let i = 0; i < values.length; i++) out.push(values[i]);
  };
  await ingest(await Core.instantiate(wasm), blob, true, {
    onFields: add,
    onRows: (rows) => {
      for (const column of Object.values(rows)) if (typeof column !== 'number') add(column);
    },
  });
  return out;
}

/** Frames of every length around the SIMD loop's 32-byte steps, half of them with a checksum spoilt. */
function checksummed(): Blob {
  const a = { src: '192.0.2.1', dst: '198.51.100.2' };
  const frames = [];
  for (let n = 0; n < 80; n++) {
    const payload = Uint8Array.from({ length: n * 7 }, (_, i) => (i * 31 + n) & 0xff);
    const l4 =
      n % 2
        ? tcp(payload, { ...a, sport: 1000 + n, dport: 80, seq: n })
        : udp(payload, { ...a, sport: 53, dport: 2000 + n });
    const frame = ethernet(ipv4(l4, { proto: n % 2 ? 6 : 17, ...a }), 0x0800);
    if (n % 4 < 2) frame[frame.length - 1] ^= 0x5a;
    frames.push(frame);
  }
  return new Blob([pcapFile(frames.map((data, i) => ({ sec: 1, frac: i, data }))) as BlobPart]);
}

describe('the SIMD and scalar builds of the core', () => {
  it('picks the SIMD build where WebAssembly has SIMD (Node has)', () => {
    expect(simdSupported()).toBe(true);
    expect(coreFileName()).toBe('core.wasm');
    expect(coreFileName(false)).toBe('core-scalar.wasm');
  });

  it('give the same rows and field records: checksums right and wrong at every length', async () => {
    const captures = [checksummed()];
    if (hasCorpus)
      for (const folder of ['real', 'apps'])
        for (const f of readdirSync(join(CORPUS, folder)).filter((f) => /\.(pcap|pcapng)$/.test(f)))
          captures.push(new Blob([readFileSync(join(CORPUS, folder, f)) as BlobPart]));
    const simd = dist('core.wasm');
    const scalar = dist('core-scalar.wasm');
    expect(simd).not.toEqual(scalar);
    for (const blob of captures) expect(await everything(simd, blob)).toEqual(await everything(scalar, blob));
  }, 60_000);
});
