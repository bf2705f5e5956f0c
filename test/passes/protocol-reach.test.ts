import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/core/source';
import { CoreFrame } from '../../src/dissectors/core-frame';
import { dissectorNamed } from '../../src/dissectors/api';
import { DissectorChoice } from '../../src/dissectors/decode-as';
import { fieldById, fieldId } from '../../src/fields/registry';
import { dissectFrames } from '../../src/passes/dissect-frames';
import {
  dissectorsWithoutYields,
  isDissectedField,
  protocolOfField,
  ProtocolReach,
  yieldsOf,
} from '../../src/passes/protocol-reach';
import '../../src/dissectors';
import { CORPUS, hasCorpus } from '../support/corpus';
import { newCore } from '../support/run';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** What the session adds to every frame whatever its dissector: the columns, frame.protocols, damage. */
const FRAMEWORK = new Set(['_ws', 'frame', 'pkt_comment', 'tcp']);

/** The captures of one folder of test/fixtures, each made to exercise its dissectors. */
function fixtureFolder(name: string): string[] {
  return readdirSync(FIXTURES + name)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .map((f) => FIXTURES + name + '/' + f);
}

function captures(): string[] {
  const fixtures = [
    ...['query/http-dns-icmp.pcap', 'http-objects.pcap', 'imap.pcap', 'pop3.pcap', 'sip.pcap'].map((f) => FIXTURES + f),
    ...fixtureFolder('apps'),
    ...['gtpu.pcap', 'gtpv1c.pcap', 'gtpv2c.pcap'].map((f) => FIXTURES + 'linklayers/' + f),
  ];
  if (!hasCorpus) return fixtures;
  const folder = (name: string) =>
    readdirSync(join(CORPUS, name))
      .filter((f) => /\.(pcap|pcapng)$/.test(f))
      .map((f) => join(CORPUS, name, f));
  return [...fixtures, ...folder('apps'), ...folder('real')];
}

describe('what each dissector may add to a frame', () => {
  it('knows every registered dissector but TLS (which hands decrypted data to any)', () => {
    expect(dissectorsWithoutYields()).toEqual(['tls']);
  });

  for (const path of captures()) {
    it(`holds on ${path.replace(/.*\/(corpus|fixtures)\//, '')}`, async () => {
      const blob = (await openCapture(new Blob([readFileSync(path) as BlobPart]))).blob;
      const choice = new DissectorChoice();
      const seen: string[] = [];
      await dissectFrames(await newCore(), blob, ({ number, input, app }) => {
        // A tunnelled packet's dissector is its own conversation's (the packet inside), not the tunnel's.
        const f = new CoreFrame(input).innermost();
        const transport = f.has('tcp') ? 'tcp' : f.has('udp') ? 'udp' : undefined;
        if (!transport) return;
        const d = choice.forPorts(transport, f.value(`${transport}.srcport`)!, f.value(`${transport}.dstport`)!);
        // A conversation no port claims may be a heuristic's or an announced one's: not checked here.
        if (!d) return;
        const allowed = yieldsOf(d.name);
        if (!allowed) return;
        for (const item of app.items) {
          const name = fieldById(item.id)?.name;
          if (!name || !isDissectedField(item.id)) continue;
          const protocol = protocolOfField(name);
          if (!FRAMEWORK.has(protocol) && !allowed.includes(protocol)) seen.push(`frame ${number}: ${d.name} ${name}`);
        }
      });
      expect(seen).toEqual([]);
    }, 60_000);
  }

  it('gives each wanted protocol a bit, and rules out what a dissector cannot add', () => {
    const reach = new ProtocolReach([fieldId('dns.qry.name')!, fieldId('http.request')!], new DissectorChoice());
    expect(reach.selective).toBe(true);
    const dns = reach.bitOf(fieldId('dns.qry.name')!);
    const http = reach.bitOf(fieldId('http.request')!);
    expect(dns & http).toBe(0);
    expect(reach.yields(dissectorNamed('dns'))).toBe(dns);
    expect(reach.yields(dissectorNamed('mdns'))).toBe(dns);
    expect(reach.yields(dissectorNamed('http'))).toBe(http);
    expect(reach.yields(dissectorNamed('ntp'))).toBe(0);
    expect(reach.yields(dissectorNamed('tls'))).toBe(dns | http);
    expect(reach.yields(undefined)).toBe(0);
    expect(reach.bitOf(fieldId('ip.src')!)).toBe(0);
    // The columns belong to every frame: nothing can be ruled out.
    expect(new ProtocolReach([fieldId('_ws.col.Info')!], new DissectorChoice()).selective).toBe(false);
    // data comes from the core (fragments) and from payloads no dissector takes.
    const data = new ProtocolReach([fieldId('data.data')!], new DissectorChoice());
    expect(data.yields(undefined)).not.toBe(0);
    expect(data.yields(dissectorNamed('dns'))).toBe(0);
  });
});
