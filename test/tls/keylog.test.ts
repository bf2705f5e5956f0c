import { describe, expect, it } from 'vitest';
import { parseKeyLog } from '../../src/tls/keylog';

const R = 'ab'.repeat(32);
const S48 = 'cd'.repeat(48);
const S32 = 'ef'.repeat(32);

describe('NSS key log', () => {
  it('reads every label, skipping comments and blank lines', () => {
    const labels = [
      'CLIENT_EARLY_TRAFFIC_SECRET',
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      'CLIENT_TRAFFIC_SECRET_0',
      'SERVER_TRAFFIC_SECRET_0',
      'EXPORTER_SECRET',
      'EARLY_EXPORTER_SECRET',
    ];
    const text =
      [
        '# SSL/TLS secrets log file',
        '',
        `CLIENT_RANDOM ${R} ${S48}`,
        `RSA ${'01'.repeat(8)} ${S48}`,
        '   ',
        ...labels.map((l) => `${l} ${R} ${S32}`),
        `CLIENT_TRAFFIC_SECRET_0 ${R.toUpperCase()} ${S48}`,
      ].join('\r\n') + '\r\n';
    const parsed = parseKeyLog(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.truncated).toBe(false);
    expect(parsed.entries.map((e) => [e.label, e.line])).toEqual([
      ['CLIENT_RANDOM', 3],
      ['RSA', 4],
      ...labels.map((l, i) => [l, 6 + i]),
      ['CLIENT_TRAFFIC_SECRET_0', 13],
    ]);
    expect(parsed.entries[0].secret).toEqual(new Uint8Array(48).fill(0xcd));
    // Hex case does not matter for the lookup key.
    expect(parsed.entries.at(-1)!.key).toBe(R);
  });

  it('reports malformed lines by number and keeps the rest', () => {
    const text =
      [
        `CLIENT_RANDOM ${R} ${S48}`,
        'SERVER_SECRET_OF_SOMETHING aa bb',
        `CLIENT_RANDOM ${R}`,
        `CLIENT_RANDOM ${R.slice(2)} ${S48}`,
        `CLIENT_RANDOM ${R} ${S48.slice(2)}`,
        `CLIENT_RANDOM ${R} zz${S48.slice(2)}`,
        `SERVER_TRAFFIC_SECRET_0 ${R} ${S48}`,
      ].join('\n') + '\n';
    const parsed = parseKeyLog(text);
    expect(parsed.entries.map((e) => e.line)).toEqual([1, 7]);
    expect(parsed.problems).toEqual([
      { line: 2, reason: "unknown label 'SERVER_SECRET_OF_SOMETHING'" },
      { line: 3, reason: 'CLIENT_RANDOM needs 2 hex values, found 1' },
      { line: 4, reason: 'CLIENT_RANDOM: client random has 31 bytes, not 32' },
      { line: 5, reason: 'CLIENT_RANDOM: secret has 47 bytes, not 48' },
      { line: 6, reason: 'CLIENT_RANDOM: not hexadecimal' },
    ]);
    expect(parsed.truncated).toBe(false);
  });

  it('says when the text ends inside a line that is no whole secret', () => {
    const parsed = parseKeyLog(`CLIENT_RANDOM ${R} ${S48}\nCLIENT_RANDOM ${R} ${S48.slice(0, 20)}`);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.truncated).toBe(true);
    expect(parsed.problems[0]).toEqual({
      line: 2,
      reason: 'CLIENT_RANDOM: secret has 10 bytes, not 48 (the file ends inside this line: cut short?)',
    });
  });

  it('a last line without a newline is fine when it is whole', () => {
    expect(parseKeyLog(`CLIENT_RANDOM ${R} ${S48}`)).toMatchObject({ truncated: false, problems: [] });
  });

  it("ignores OpenSSL's KeyUpdate secret lines, which decryption does not need", () => {
    expect(parseKeyLog(`CLIENT_TRAFFIC_SECRET_N ${R} ${S32}\n`)).toMatchObject({ entries: [], problems: [] });
  });
});
