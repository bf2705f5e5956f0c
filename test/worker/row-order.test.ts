import { describe, expect, it } from 'vitest';
import { byKey, compareText, rowOfFrame, sortFrames } from '../../src/worker/row-order';

describe('packet list order', () => {
  it('sorts frame numbers by a key, equal keys in frame order both ways', () => {
    const length = Uint32Array.of(60, 1500, 60, 40, 1500);
    const frames = Uint32Array.of(1, 2, 3, 4, 5);
    expect(Array.from(sortFrames(frames, byKey(length), false))).toEqual([4, 1, 3, 2, 5]);
    expect(Array.from(sortFrames(frames, byKey(length), true))).toEqual([2, 5, 1, 3, 4]);
    // A display filter's frames: only those are permuted.
    expect(Array.from(sortFrames(Uint32Array.of(2, 3, 4), byKey(length), false))).toEqual([4, 3, 2]);
    expect(frames).toEqual(Uint32Array.of(1, 2, 3, 4, 5));
  });

  it('sorts many frames into a typed permutation, stable', () => {
    const n = 200_000;
    const key = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const order = sortFrames(
      Uint32Array.from({ length: n }, (_, i) => i + 1),
      byKey(key),
      false,
    );
    expect(order).toBeInstanceOf(Uint32Array);
    expect(order.length).toBe(n);
    let ordered = true;
    for (let k = 1; k < n; k++) {
      const [a, b] = [order[k - 1] - 1, order[k] - 1];
      ordered &&= key[a] < key[b] || (key[a] === key[b] && a < b);
    }
    expect(ordered).toBe(true);
  }, 30_000);

  it('orders texts as a reader expects: numbers and IPv4 addresses by value, empty first', () => {
    const sorted = ['10.0.0.10', '', '10.0.0.9', '192.168.1.1', '9.9.9.9'].sort(compareText);
    expect(sorted).toEqual(['', '9.9.9.9', '10.0.0.9', '10.0.0.10', '192.168.1.1']);
    expect(['100', '20', '3.5'].sort(compareText)).toEqual(['3.5', '20', '100']);
    expect(['TCP', 'ARP', 'HTTP', 'DNS'].sort(compareText)).toEqual(['ARP', 'DNS', 'HTTP', 'TCP']);
  });

  it("finds a frame's row in the displayed order", () => {
    expect(rowOfFrame(undefined, 10, 4)).toBe(3);
    expect(rowOfFrame(undefined, 10, 11)).toBe(-1);
    expect(rowOfFrame(Uint32Array.of(7, 2, 9), 10, 9)).toBe(2);
    expect(rowOfFrame(Uint32Array.of(7, 2, 9), 10, 3)).toBe(-1);
  });
});
