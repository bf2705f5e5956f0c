import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { goldenFiles, OPERATION_FIXTURES, operationsOf, tsharkPairs } from './oracle';

// tshark's own pairing fields (dns.response_to/dns.time, http.request_in/http.time, smb2.response_to/smb2.time,
// icmp.resp_to/icmp.resptime) are the oracle: every pair tshark makes is an operation of ours with the same
// frames and time, and every answered operation of those protocols is a pair tshark makes.
const corpusCases = ['real', 'apps', 'msn', 'tls'].flatMap((folder) =>
  goldenFiles(folder).map((file) => ({
    name: `${folder}/${file.replace(/\.tsv$/, '')}`,
    capture: join(CORPUS, folder, file.replace(/\.tsv$/, '')),
    golden: join(OPERATION_FIXTURES, folder, file),
  })),
);
const fixtureCases = goldenFiles('tls-fixtures').map((file) => ({
  name: `tls/${file.replace(/\.tsv$/, '')}`,
  capture: join(OPERATION_FIXTURES, '../tls', file.replace(/\.tsv$/, '')),
  golden: join(OPERATION_FIXTURES, 'tls-fixtures', file),
}));

async function compare(capture: string, golden: string) {
  const want = tsharkPairs(readFileSync(golden, 'utf8'));
  const operations = await operationsOf(capture);
  for (const pair of want) {
    const found = operations.find((o) => o.responseFrame === pair.response && o.requestFrame === pair.request);
    expect(found, `${pair.kind} ${pair.request} -> ${pair.response}`).toBeDefined();
    expect(found!.kind).toBe(pair.kind);
    expect(found!.responseTime).toBeCloseTo(pair.time, 6);
  }
  // tshark 4.0 pairs no HTTP/2, FTP, SMTP, MSNP or DHCP exchanges: those have tests of their own.
  const oracleKinds = new Set(['dns', 'http', 'smb2', 'icmp']);
  for (const o of operations.filter((o) => oracleKinds.has(o.kind) && o.responseFrame)) {
    expect(
      want.some((p) => p.request === o.requestFrame && p.response === o.responseFrame),
      `${o.kind} ${o.requestFrame} -> ${o.responseFrame} (${o.summary})`,
    ).toBe(true);
  }
  return operations;
}

describe.skipIf(!hasCorpus)('operations pair as tshark pairs (corpus)', () => {
  it.each(corpusCases)('$name', async ({ capture, golden }) => {
    await compare(capture, golden);
  });
});

describe('operations pair as tshark pairs (TLS fixtures, decrypted)', () => {
  it.each(fixtureCases)('$name', async ({ capture, golden }) => {
    await compare(capture, golden);
  });
});
