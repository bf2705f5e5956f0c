import { describe, expect, it } from 'vitest';
import { cutUtf8, limitedLabel, utf8Length } from '../../src/dissectors/label-limit';

const encoded = (text: string) => new TextEncoder().encode(text).length;

/** The prefix cut character by character with the encoder: what cutUtf8 must equal. */
function slowCut(text: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = encoded(ch);
    if (used + size > bytes) break;
    used += size;
    out += ch;
  }
  return out;
}

const SAMPLES = [
  '',
  'plain ascii',
  'caf\u00e9 \u2192 na\u00efve',
  '\u{1f600} emoji \u{1f680}',
  'lone \ud800 high',
  'lone \udc00 low',
  'end \ud83d',
];

describe('label limits', () => {
  it('counts UTF-8 bytes as TextEncoder writes them, lone surrogates included', () => {
    for (const text of SAMPLES) expect(utf8Length(text)).toBe(encoded(text));
    expect(utf8Length('x'.repeat(300) + '\u00e9')).toBe(302);
  });

  it('cuts at every byte budget without splitting a character', () => {
    for (const text of SAMPLES) {
      for (let bytes = 0; bytes <= encoded(text) + 1; bytes++) expect(cutUtf8(text, bytes)).toBe(slowCut(text, bytes));
    }
    const long = '\u00e9\u{1f600}a'.repeat(100);
    for (const bytes of [0, 1, 2, 5, 6, 7, 238, 239, 240]) expect(cutUtf8(long, bytes)).toBe(slowCut(long, bytes));
  });

  it("marks a line too long for Wireshark's label buffer", () => {
    expect(limitedLabel('Name', 'short')).toBe('Name: short');
    const line = limitedLabel('Name', 'v'.repeat(300));
    expect(line.startsWith('Name [truncated]: vvv')).toBe(true);
    expect(encoded(line)).toBe(238);
  });
});
