import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { dissectFrames } from '../../src/passes/dissect-frames';
import { fieldId } from '../../src/fields/registry';
import { CapturedNames, namedAddress, reverseAddress } from '../../src/present/captured-names';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';
import '../../src/dissectors';

const item = (name: string, value: unknown) => ({ id: fieldId(name)!, value });

describe('captured names', () => {
  it('names A and AAAA addresses after their record, PTR addresses after the pointer, the first name winning', () => {
    const names = new CapturedNames();
    const v6 = new Uint8Array(16);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 1;
    names.addFrame([
      item('dns.resp.name', 'www.example.com'),
      item('dns.cname', 'edge.example.net'),
      item('dns.resp.name', 'edge.example.net'),
      item('dns.a', 0x0a000001),
      item('dns.resp.name', 'edge.example.net'),
      item('dns.aaaa', v6),
    ]);
    names.addFrame([item('dns.resp.name', 'other.example.com'), item('dns.a', 0x0a000001)]);
    names.addFrame([item('dns.resp.name', '2.0.0.10.in-addr.arpa'), item('dns.ptr.domain_name', 'host2.lan')]);
    expect(names.nameOf('10.0.0.1')).toBe('edge.example.net');
    expect(names.nameOf('2001::1')).toBe('edge.example.net');
    expect(names.nameOf('10.0.0.2')).toBe('host2.lan');
    expect(names.aliases('edge.example.net')).toEqual(['www.example.com']);
    expect(namedAddress('10.0.0.1', (a) => names.nameOf(a))).toBe('edge.example.net (10.0.0.1)');
    expect(namedAddress('10.9.9.9', (a) => names.nameOf(a))).toBe('10.9.9.9');
  });

  it('reads reverse names of both families', () => {
    expect(reverseAddress('4.3.2.1.in-addr.arpa.')).toBe('1.2.3.4');
    expect(reverseAddress('999.3.2.1.in-addr.arpa')).toBeUndefined();
    expect(reverseAddress(`1.${'0.'.repeat(27)}1.0.0.2.ip6.arpa`)).toBe('2001::1');
    expect(reverseAddress('example.com')).toBeUndefined();
  });
});

describe.skipIf(!hasCorpus)('captured names of a capture', () => {
  it('dns_query_response: wireshark.org, as tshark -T fields -e dns.resp.name -e dns.a reads the answer', async () => {
    const source = await openCapture(
      new Blob([readFileSync(join(CORPUS, 'real', 'dns_query_response.pcapng')) as BlobPart]),
    );
    const names = new CapturedNames();
    await dissectFrames(await newCore(), source.blob, (frame) => names.addFrame(frame.app.items));
    expect([...names.byAddress]).toEqual([['128.121.50.122', 'wireshark.org']]);
  });
});
