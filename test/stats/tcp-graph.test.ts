import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import {
  busierDirection,
  sackBlocks,
  setDirections,
  tcpGraph,
  tcpSegment,
  type TcpSegment,
} from '../../src/stats/tcp-graph';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

/** Every TCP segment of a capture, as the worker reads them for the stream graphs. */
async function segmentsOf(path: string): Promise<TcpSegment[]> {
  const source = await openCapture(new Blob([readFileSync(path) as BlobPart]));
  const segments: TcpSegment[] = [];
  await dissectFrames(
    await newCore(),
    source.blob,
    (frame) => {
      const s = tcpSegment(frame.input, frame.number, 0);
      if (s) segments.push(s);
    },
    { dissect: false },
  );
  return segments;
}

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../fixtures/graphs', `${name}.tcp.tsv`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));

describe.skipIf(!hasCorpus)('TCP segments against tshark', () => {
  for (const name of ['tcp_dupack', 'tcp_retransmissions', 'http_google']) {
    it(`${name}: seq, ack, len, window, ack_rtt, SACK blocks, retransmissions, bytes in flight`, async () => {
      const segments = await segmentsOf(join(CORPUS, 'real', `${name}.pcapng`));
      const expected = fixture(name);
      expect(segments.map((s) => String(s.frame))).toEqual(expected.map((row) => row[0]));
      segments.forEach((s, k) => {
        const [, , seq, ack, len, window, rtt, sackLe, sackRe, retransmission, inFlight] = expected[k];
        expect([s.seq, s.ack, s.len, s.window].map(String), `frame ${s.frame}`).toEqual([seq, ack, len, window]);
        expect(s.ackRtt === undefined ? '' : s.ackRtt.toFixed(9), `frame ${s.frame} ack_rtt`).toBe(rtt);
        expect(s.sack.map(([le]) => le).join(','), `frame ${s.frame} sack_le`).toBe(sackLe);
        expect(s.sack.map(([, re]) => re).join(','), `frame ${s.frame} sack_re`).toBe(sackRe);
        expect(s.retransmission, `frame ${s.frame} retransmission`).toBe(retransmission === '1');
        expect(s.bytesInFlight === undefined ? '' : String(s.bytesInFlight)).toBe(inFlight);
      });
    });
  }

  it('tcp_dupack: the graph puts the receiver SACK blocks and acks beside the sender data', async () => {
    const segments = setDirections(await segmentsOf(join(CORPUS, 'real', 'tcp_dupack.pcapng')));
    const direction = busierDirection(segments);
    const graph = tcpGraph(segments, direction);
    const dataRows = segments.flatMap((s, row) => (s.direction === direction && s.len > 0 ? [row] : []));
    expect(dataRows.length).toBeGreaterThan(0);
    for (const row of dataRows) {
      expect(graph.seq[row]).toBe(segments[row].seq);
      expect(graph.seqEnd[row]).toBe(segments[row].seq + segments[row].len);
    }
    expect(graph.sack.length).toBe(segments.filter((s) => s.direction !== direction).flatMap((s) => s.sack).length);
    for (const [row, le, re] of graph.sack) {
      expect(segments[row].direction).not.toBe(direction);
      expect(re).toBeGreaterThan(le);
    }
  });
});

const segment = (over: Partial<TcpSegment>): TcpSegment => ({
  frame: 1,
  time: 0,
  direction: 0,
  sender: 'a:1',
  seq: 1,
  ack: 1,
  len: 0,
  window: 1000,
  flags: 0x10,
  retransmission: false,
  sack: [],
  seqBase: 0,
  ackBase: 0,
  ...over,
});

describe('tcpGraph', () => {
  it('averages throughput over the last second and leaves retransmissions out of goodput', () => {
    const segments = [
      segment({ frame: 1, time: 0, seq: 1, len: 1000 }),
      segment({ frame: 2, time: 0.5, seq: 1001, len: 1000 }),
      segment({ frame: 3, time: 0.6, direction: 1, sender: 'b:2', ack: 2001, window: 5000, ackRtt: 0.1 }),
      segment({ frame: 4, time: 1.5, seq: 1001, len: 1000, retransmission: true }),
    ];
    const graph = tcpGraph(segments, 0);
    expect(graph.seq).toEqual([1, 1001, null, 1001]);
    expect(graph.retransmitted).toEqual([null, null, null, 1001]);
    expect(graph.ack).toEqual([null, null, 2001, null]);
    expect(graph.windowEdge).toEqual([null, null, 7001, null]);
    expect(graph.rtt).toEqual([null, null, 0.1, null]);
    // At 1.5 s the window (0.5, 1.5] holds frame 4 only: 1000 bytes in 1 s; goodput has none of it.
    expect(graph.throughput[3]).toBe(8000);
    expect(graph.goodput[3]).toBe(0);
    // At 0.5 s the stream has lasted 0.5 s: 2000 bytes over it.
    expect(graph.throughput[1]).toBe(32000);
  });

  it('the direction with more payload is the busier one', () => {
    expect(busierDirection([segment({ len: 10 }), segment({ direction: 1, len: 100 })])).toBe(1);
  });
});

describe('sackBlocks', () => {
  it('reads the blocks after NOPs and other options, and stops at a malformed length', () => {
    const options = Uint8Array.from([
      1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40,
    ]);
    expect(sackBlocks(options)).toEqual([
      [10, 20],
      [30, 40],
    ]);
    expect(sackBlocks(Uint8Array.from([5, 40, 0, 0]))).toEqual([]);
  });
});
