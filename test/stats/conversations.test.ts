import { describe, expect, it } from 'vitest';
import { byFramesDescending, conversations, endpoints } from '../../src/stats/conversations';
import { FrameFacts, type Tap } from '../../src/stats/frame-facts';

/** Facts for frames given as [seconds, length, taps]. */
function factsOf(frames: [number, number, Tap[]][]): FrameFacts {
  const facts = new FrameFacts();
  for (const [t, length, taps] of frames)
    facts.push(100 + Math.floor(t), Math.round((t % 1) * 1e9), length, taps, ['eth']);
  return facts;
}

const ip = (src: string, dst: string): Tap => ({ kind: 'ip', src, dst });
const tcp = (src: string, srcPort: number, dst: string, dstPort: number, stream: number): Tap => ({
  kind: 'tcp',
  src,
  dst,
  srcPort,
  dstPort,
  stream,
});

describe('conversations', () => {
  it('keys address pairs in either direction; A is the first frame source', () => {
    const facts = factsOf([
      [0, 60, [ip('10.0.0.2', '10.0.0.1')]],
      [0.5, 100, [ip('10.0.0.1', '10.0.0.2')]],
      [1.25, 40, [ip('10.0.0.2', '10.0.0.1')]],
      [2, 70, [ip('10.0.0.3', '10.0.0.1')]],
    ]);
    expect(conversations(facts, 'ip')).toEqual([
      {
        a: '10.0.0.2',
        b: '10.0.0.1',
        framesAToB: 2,
        bytesAToB: 100,
        framesBToA: 1,
        bytesBToA: 100,
        start: 0,
        duration: 1.25,
      },
      {
        a: '10.0.0.3',
        b: '10.0.0.1',
        framesAToB: 1,
        bytesAToB: 70,
        framesBToA: 0,
        bytesBToA: 0,
        start: 2,
        duration: 0,
      },
    ]);
  });

  it('tells TCP conversations on the same ports apart by stream, and counts only the frames asked for', () => {
    const facts = factsOf([
      [0, 60, [ip('a', 'b'), tcp('a', 1000, 'b', 80, 0)]],
      [1, 60, [ip('b', 'a'), tcp('b', 80, 'a', 1000, 0)]],
      [2, 60, [ip('a', 'b'), tcp('a', 1000, 'b', 80, 1)]],
    ]);
    const all = conversations(facts, 'tcp');
    expect(all.map((r) => [r.stream, r.portA, r.portB, r.framesAToB, r.framesBToA])).toEqual([
      [0, 1000, 80, 1, 1],
      [1, 1000, 80, 1, 0],
    ]);
    const some = conversations(facts, 'tcp', Uint32Array.from([2, 3]));
    expect(some.map((r) => [r.a, r.portA, r.stream, r.start])).toEqual([
      ['b', 80, 0, 1],
      ['a', 1000, 1, 2],
    ]);
    expect(conversations(facts, 'udp')).toEqual([]);
  });
});

describe('endpoints', () => {
  it('counts what each address sent and received, in order of first appearance', () => {
    const facts = factsOf([
      [0, 10, [ip('x', 'y')]],
      [1, 20, [ip('z', 'y')]],
      [2, 30, [ip('y', 'x')]],
    ]);
    expect(endpoints(facts, 'ip')).toEqual([
      { address: 'x', txFrames: 1, txBytes: 10, rxFrames: 1, rxBytes: 30 },
      { address: 'y', txFrames: 1, txBytes: 30, rxFrames: 2, rxBytes: 30 },
      { address: 'z', txFrames: 1, txBytes: 20, rxFrames: 0, rxBytes: 0 },
    ]);
  });

  it('keys TCP endpoints by address and port', () => {
    const facts = factsOf([
      [0, 10, [tcp('x', 1, 'y', 2, 0)]],
      [1, 10, [tcp('x', 3, 'y', 2, 1)]],
    ]);
    expect(endpoints(facts, 'tcp').map((r) => `${r.address}:${r.port} ${r.txFrames}/${r.rxFrames}`)).toEqual([
      'x:1 1/0',
      'y:2 0/2',
      'x:3 1/0',
    ]);
  });
});

describe('byFramesDescending', () => {
  it('orders by frames, most first, keeping the order of ties', () => {
    expect(
      byFramesDescending(
        [
          ['a', 1],
          ['b', 3],
          ['c', 1],
          ['d', 3],
        ] as const,
        (r) => r[1],
      ).map((r) => r[0]),
    ).toEqual(['b', 'd', 'a', 'c']);
  });
});
