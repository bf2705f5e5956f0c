import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { OperationsBuilder } from '../../src/operations/pairing';
import type { Operation } from '../../src/operations/types';
import { TlsDecryption } from '../../src/tls/decryption';
import { newCore } from '../support/run';

/** tshark's pairing, as test/fixtures/operations/make-goldens.sh saved it: one pair per response it marks. */
export interface TsharkPair {
  kind: 'dns' | 'http' | 'smb2' | 'icmp';
  request: number;
  response: number;
  /** Seconds. */
  time: number;
}

export const OPERATION_FIXTURES = new URL('../fixtures/operations/', import.meta.url).pathname;

/** The golden files of a folder of test/fixtures/operations, by capture file name. */
export function goldenFiles(folder: string): string[] {
  const dir = join(OPERATION_FIXTURES, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.tsv'))
        .sort()
    : [];
}

/** Columns: frame, dns.response_to, dns.time, http.request_in, http.time, smb2.response_to, smb2.time, icmp.resp_to, icmp.resptime (ms), icmpv6 likewise. */
export function tsharkPairs(text: string): TsharkPair[] {
  const pairs: TsharkPair[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const c = line.split('\t');
    const response = Number(c[0]);
    const add = (kind: TsharkPair['kind'], to: string, time: string, scale = 1) => {
      if (!to) return;
      const times = time.split(',');
      to.split(',').forEach((r, i) =>
        pairs.push({ kind, request: Number(r), response, time: Number(times[i]) * scale }),
      );
    };
    add('dns', c[1], c[2]);
    add('http', c[3], c[4]);
    add('smb2', c[5], c[6]);
    add('icmp', c[7], c[8], 1e-3);
    add('icmp', c[9], c[10], 1e-3);
  }
  return pairs;
}

/** Our operations for a capture on disk, decrypted with the key log beside it when there is one. */
export async function operationsOf(capture: string): Promise<Operation[]> {
  const source = await openCapture(new Blob([readFileSync(capture) as BlobPart]));
  const keylog = capture.replace(/\.pcap(ng)?$/, '.keylog');
  let tls: TlsDecryption | undefined;
  if (keylog !== capture && existsSync(keylog)) {
    tls = new TlsDecryption();
    tls.keyring.addKeyLog(readFileSync(keylog), keylog);
  }
  const builder = new OperationsBuilder();
  await dissectFrames(await newCore(), source.blob, (frame) => builder.add(frame), { tls });
  return builder.operations();
}
