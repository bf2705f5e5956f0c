import { existsSync, readFileSync } from 'node:fs';
import { TlsDecryption } from '../../src/tls/decryption';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenFields, hasCorpus } from '../support/corpus';
import { fieldsOf } from '../support/run';

// app.tsv: application fields plus _ws.col.Protocol and _ws.col.Info. Every column must be identical, Info on
// every line but the known differences below. TLS goldens were made with key logs (the .dsb.pcapng ones with the
// secrets in the file): they are compared decrypted, with the capture's key log.
const cases = ['real', 'variants', 'tls', 'msn', 'apps'].flatMap((set) => goldenCases(set, 'app.tsv'));
const infoTally = { same: 0, protocolSame: 0, total: 0 };

/**
 * Info lines (1-based) known to differ from tshark's today, by capture: one fixed is taken off the list, and any
 * other difference fails.
 */
const KNOWN_INFO_DIFFERENCES: Record<string, number[]> = {};

/** The key log beside a TLS capture (tshark's -o tls.keylog_file in COMMAND.txt), loaded. */
function keyLogOf(capture: string): TlsDecryption | undefined {
  const path = capture.replace(/\.pcap$/, '.keylog');
  if (path === capture || !existsSync(path)) return undefined;
  const tls = new TlsDecryption();
  tls.keyring.addKeyLog(readFileSync(path), path);
  return tls;
}

describe.skipIf(!hasCorpus)('application fields match tshark', () => {
  it.each(cases)(
    '$name',
    async ({ name, capture, golden }) => {
      const { text } = await fieldsOf(capture, goldenFields(golden), keyLogOf(capture));
      const wantLines = readFileSync(golden, 'utf8').split('\n');
      const gotLines = text.split('\n');
      expect(gotLines.length).toBe(wantLines.length);
      const mismatches: string[] = [];
      const infoDifferences: number[] = [];
      wantLines.forEach((line, i) => {
        if (!line) return;
        const want = line.split('\t');
        const got = gotLines[i].split('\t');
        infoTally.total++;
        if (got.at(-1) === want.at(-1)) infoTally.same++;
        else infoDifferences.push(i + 1);
        if (got.at(-2) === want.at(-2)) infoTally.protocolSame++;
        if (got.slice(0, -1).join('\t') !== want.slice(0, -1).join('\t'))
          mismatches.push(`line ${i + 1}: ${got.slice(0, -1).join('|')} != ${want.slice(0, -1).join('|')}`);
      });
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(infoDifferences).toEqual(KNOWN_INFO_DIFFERENCES[name] ?? []);
    },
    60_000,
  );

  it('reports Protocol and Info agreement', () => {
    console.log(
      `Protocol identical on ${infoTally.protocolSame}/${infoTally.total}, Info on ${infoTally.same}/${infoTally.total} lines`,
    );
    expect(infoTally.protocolSame).toBe(infoTally.total);
    expect(infoTally.total - infoTally.same).toBe(Object.values(KNOWN_INFO_DIFFERENCES).flat().length);
  });
});
