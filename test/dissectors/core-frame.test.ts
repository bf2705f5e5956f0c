import { describe, expect, it } from 'vitest';
import { RECORD_WORDS } from '../../src/core/core';
import { fieldId } from '../../src/fields/registry';
import { CoreFrame } from '../../src/dissectors/core-frame';

/** Field records [id, depth, start, length, v0..v3] for (name, v0) pairs, after `pad` words of another frame. */
function records(fields: [string, number][], pad = 0): { records: Uint32Array; start: number; end: number } {
  const r = new Uint32Array(pad + fields.length * RECORD_WORDS);
  fields.forEach(([name, value], i) => {
    const at = pad + i * RECORD_WORDS;
    r[at] = fieldId(name)!;
    r[at + 2] = i;
    r[at + 4] = value;
  });
  return { records: r, start: pad, end: r.length };
}

describe('CoreFrame', () => {
  it('finds the first, nth and every occurrence of a field, and none of an absent one', () => {
    const f = new CoreFrame(
      records(
        [
          ['frame.number', 7],
          ['ip.ttl', 64],
          ['tcp.srcport', 443],
          ['ip.ttl', 63],
          ['ip.ttl', 62],
        ],
        RECORD_WORDS * 3,
      ),
    );
    expect(f.number).toBe(7);
    expect(f.value('ip.ttl')).toBe(64);
    expect(f.value('ip.ttl', 2)).toBe(62);
    expect(f.value('ip.ttl', 3)).toBeUndefined();
    expect(f.values('ip.ttl')).toEqual([64, 63, 62]);
    expect(f.count('ip.ttl')).toBe(3);
    expect(f.has('udp')).toBe(false);
    expect(f.has('no.such.field')).toBe(false);
    expect(f.range('tcp.srcport')).toMatchObject({ start: 2 });
  });

  it('answers for its own frame after another frame was read', () => {
    const first = new CoreFrame(
      records([
        ['ip.ttl', 1],
        ['ip.ttl', 2],
        ['udp.srcport', 53],
      ]),
    );
    const second = new CoreFrame(
      records([
        ['ip.ttl', 9],
        ['tcp.srcport', 80],
      ]),
    );
    expect(first.values('ip.ttl')).toEqual([1, 2]);
    expect(first.has('tcp.srcport')).toBe(false);
    expect(second.values('ip.ttl')).toEqual([9]);
    expect(second.has('udp.srcport')).toBe(false);
    expect(first.value('udp.srcport')).toBe(53);
  });
});
