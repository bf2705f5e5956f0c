import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOperations } from '../../src/cli/operations-command';
import { openCapture } from '../../src/core/source';
import { compileFilter } from '../../src/filter';
import { groupOperations, operationsJson, operationsText } from '../../src/operations/report';
import { TlsDecryption } from '../../src/tls/decryption';
import { newCore } from '../support/run';

const TLS = new URL('../fixtures/tls/', import.meta.url).pathname;

async function operations(name: string, filter?: string) {
  const source = await openCapture(new Blob([readFileSync(`${TLS}${name}.pcap`) as BlobPart]));
  const tls = new TlsDecryption();
  tls.keyring.addKeyLog(new Uint8Array(readFileSync(`${TLS}${name}.keylog`)), 'keylog');
  const compiled = filter === undefined ? undefined : compileFilter(filter);
  return (await findOperations(await newCore(), source.blob, { tls, filter: compiled })).operations;
}

describe('loupe operations', () => {
  it('lists HTTP/2 exchanges inside decrypted TLS, grouped by conversation', async () => {
    const ops = await operations('tls13_http2');
    expect(ops.map((o) => `${o.kind} ${o.summary} ${o.status}`)).toEqual([
      'http2 GET /first.txt 200',
      'http2 GET /second.txt 200',
    ]);
    const text = operationsText(groupOperations(ops, 1), 1);
    expect(text.split('\n')[0]).toBe('2 operations in 1 conversation: 0 failed (!), 0 slow (~, 1 s or more)');
    expect(text).toMatch(/^TCP 127\.0\.0\.1:\d+ ↔ 127\.0\.0\.1:\d+ {2}\(2 operations, 0 failed, 0 slow\)$/m);
    expect(text).toMatch(/^ {4}\s+9\s+11\s+\S+\s+70\.883 ms\s+HTTP\/2\s+GET \/first\.txt\s+200$/m);
  });

  it('marks slow operations and writes one JSON document', async () => {
    const ops = await operations('tls13_http2');
    const groups = groupOperations(ops, 0.05);
    expect(groups[0].slow).toBe(2);
    expect(operationsText(groups, 0.05)).toContain(' ~');
    const doc = JSON.parse(operationsJson(groups, 0.05, 'x.pcap'));
    expect(doc.operations).toBe(2);
    expect(doc.conversations[0].operations[0]).toMatchObject({ requestFrame: 9, responseFrame: 11, slow: true });
  });

  it('keeps the operations whose request or response the display filter matches', async () => {
    const all = await operations('tls12_resumed_ticket');
    expect(all.length).toBeGreaterThan(1);
    const first = all[0];
    const only = await operations('tls12_resumed_ticket', `frame.number == ${first.responseFrame}`);
    expect(only).toEqual([first]);
  });
});
