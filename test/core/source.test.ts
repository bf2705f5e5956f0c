import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../support/run';
import { openCapture } from '../../src/core/source';
import { PcapngWriter } from '../support/pcapng-builder';

const FRAME = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];

function capture(packets: number): Uint8Array {
  const w = new PcapngWriter().shb().idb();
  // Pseudo-random (incompressible) payloads, so a cut through the gzip stream lands among the packets.
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  for (let i = 0; i < packets; i++) w.epb(0, BigInt(i) * 1000n, Uint8Array.from({ length: 200 }, next));
  return w.bytes();
}

describe('gzip-compressed captures', () => {
  it('give the same frames as the plain file', async () => {
    const plain = capture(400);
    const gz = gzipSync(plain);
    const a = await fieldsOf(plain, FRAME);
    const b = await fieldsOf(gz, FRAME);
    expect(b.text).toBe(a.text);
    expect(b.text.split('\n').length).toBe(401);
    expect((await openCapture(new Blob([gz as BlobPart]))).gzip).toBe(true);
  });

  it('keep the packets before the damage of a truncated stream, with a warning', async () => {
    const gz = gzipSync(capture(400));
    const source = await openCapture(new Blob([gz.subarray(0, gz.length >> 1) as BlobPart]));
    expect(source.warning).toContain('gzip stream is damaged or cut short');
    const inflated = new Uint8Array(await source.blob.arrayBuffer());
    const { text, result } = await fieldsOf(inflated, ['frame.number']);
    const frames = text.split('\n').filter(Boolean);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThan(400);
    expect(frames).toEqual(frames.map((_, i) => String(i + 1)));
    expect(result.problem?.message).toContain('cut short');
  });
});
