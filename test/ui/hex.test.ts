import { describe, expect, it } from 'vitest';
import { hexLine } from '../../src/ui/hex-view/hex';

describe('hex view lines', () => {
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => 0x41 + i);

  it('prints offset, hex and ASCII without highlight', () => {
    const line = hexLine(bytes, 16);
    expect(line.offset).toBe('0010');
    expect(line.hex.join('')).toBe('51 52 53 54');
    expect(line.ascii.join('')).toBe('QRST');
  });

  it('splits around the highlighted bytes, spaces outside the highlight', () => {
    const line = hexLine(bytes, 0, 2, 4);
    expect(line.hex).toEqual(['41 42 ', '43 44', ' 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50']);
    expect(line.ascii).toEqual(['AB', 'CD', 'EFGHIJKLMNOP']);
    expect(hexLine(bytes, 16, 2, 4).hex).toEqual(['', '', '51 52 53 54']);
    expect(hexLine(bytes, 16, 10, 40).hex).toEqual(['', '51 52 53 54', '']);
  });

  it('shows dots for unprintable bytes', () => {
    expect(hexLine(Uint8Array.of(0, 0x7f, 0x20), 0).ascii.join('')).toBe('.. ');
  });
});
