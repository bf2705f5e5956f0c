import { describe, expect, it } from 'vitest';
import { newCore } from '../support/run';
import { ethernet, ipv4, udp } from '../support/packet-builder';
import { pcapFile } from '../support/pcap-builder';
import { ingest } from '../../src/core/ingest';
import { SideKind } from '../../src/abi/core-constants';
import { followChunks, segmentBytes, streamMap } from '../../src/core/streams';

const a = { src: '10.0.0.1', dst: '10.0.0.2' };

/** A UDP datagram in IPv4 fragments given as [offset, end, more, fill byte or undefined for the real bytes]. */
function fragmented(payload: Uint8Array, fragments: [number, number, boolean, number?][]): Uint8Array {
  const whole = udp(payload, { ...a, sport: 4000, dport: 5000 });
  return pcapFile(
    fragments.map(([offset, end, mf, fill], i) => {
      const bytes = fill === undefined ? whole.subarray(offset, end) : new Uint8Array(end - offset).fill(fill);
      const data = ethernet(ipv4(bytes, { ...a, proto: 17, id: 9, mf, fragmentOffset: offset }), 0x0800);
      return { sec: 1_700_000_000, frac: i, data, origLen: data.length };
    }),
  );
}

/** The UDP payload of the datagram the core reassembled, as field mode hands it over. */
async function reassembledPayload(capture: Uint8Array): Promise<Uint8Array | undefined> {
  let datagram: Uint8Array | undefined;
  await ingest(await newCore(), new Blob([capture as BlobPart]), true, {
    onSide: (e) => {
      if (e.kind === SideKind.Reassembled) datagram = e.bytes;
    },
  });
  return datagram?.subarray(8);
}

describe('stream segment map of IP-reassembled datagrams', () => {
  const payload = new Uint8Array(120).map((_, i) => i + 1);

  it('points into every fragment, in datagram order, whatever order they came in', async () => {
    const capture = fragmented(payload, [
      [64, 128, false],
      [0, 32, true],
      [32, 64, true],
    ]);
    const map = await streamMap(await newCore(), new Blob([capture as BlobPart]), 'udp', 0);
    expect(map.segments).toHaveLength(1);
    const [segment] = map.segments;
    expect(segment.frame).toBe(3);
    // Each fragment's payload follows its Ethernet and IPv4 headers (34 bytes) in its pcap record.
    const record = (n: number, sizes: number[]) =>
      24 + sizes.slice(0, n).reduce((s, x) => s + 16 + 34 + x, 0) + 16 + 34;
    const sizes = [64, 32, 32];
    expect(segment.pieces).toEqual([
      { offset: record(1, sizes) + 8, length: 24 },
      { offset: record(2, sizes), length: 32 },
      { offset: record(0, sizes), length: 64 },
    ]);
    expect(await segmentBytes(new Blob([capture as BlobPart]), segment)).toEqual(payload);
  });

  it('serves the bytes the core reassembled where fragments overlap', async () => {
    // The second fragment rewrites bytes 16..24 of the first with other contents before the last one arrives.
    const capture = fragmented(payload, [
      [0, 64, true],
      [16, 24, true, 0xee],
      [64, 128, false],
    ]);
    const want = await reassembledPayload(capture);
    expect(want?.subarray(8, 16)).toEqual(new Uint8Array(8).fill(0xee));
    const blob = new Blob([capture as BlobPart]);
    const map = await streamMap(await newCore(), blob, 'udp', 0);
    expect(map.segments[0].pieces.map((p) => p.length)).toEqual([8, 8, 40, 64]);
    const chunks = await followChunks(blob, map);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].bytes).toEqual(want);
  });
});
