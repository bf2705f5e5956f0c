import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src/filter';
import { ethernet, ipv4, tcp } from '../../support/packet-builder';
import { pcapFile } from '../../support/pcap-builder';
import { fieldsOf, showOf } from '../../support/run';
import { printFields } from '../../../src/cli/fields-command';
import { openCapture } from '../../../src/core/source';
import { newCore } from '../../support/run';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

/** The fields of the fixtures' *.fields.tsv (tshark -Y tls -T fields -e ...). */
const FIELDS = [
  'frame.number',
  'tls.handshake.type',
  'tls.handshake.ciphersuite',
  'tls.handshake.extensions_server_name',
  'x509ce.dNSName',
  'x509af.utcTime',
  'x509af.algorithm.id',
  'tls.alert_message.desc',
  'tls.handshake.extensions_alpn_str',
  'tls.handshake.extensions_key_share_group',
  'tls.handshake.certificate_length',
  'tls.handshake.ja3',
  'tls.handshake.ja3s',
  '_ws.col.Info',
];

async function tlsFields(capture: string | Uint8Array, fields = FIELDS): Promise<string> {
  const bytes = typeof capture === 'string' ? readFileSync(capture) : capture;
  const source = await openCapture(new Blob([bytes as BlobPart]));
  let text = '';
  await printFields(await newCore(), source.blob, fields, (s) => (text += s), compileFilter('tls'));
  return text;
}

describe('TLS on loopback captures (as tshark 4.0 prints them)', () => {
  for (const name of ['tls12_frag', 'tls12_dhe', 'tls13_hrr', 'tls_alert']) {
    it(`${name}: handshake, extension and certificate fields`, async () => {
      expect(await tlsFields(fixture(`${name}.pcap`))).toBe(readFileSync(fixture(`${name}.fields.tsv`), 'utf8'));
    });
  }

  it('shows a Certificate reassembled from three records in the record that completes it', async () => {
    const tree = await showOf(fixture('tls12_frag.pcap'), 6);
    expect(tree).toContain('\n    TLSv1.2 Record Layer: Handshake Protocol: Certificate (fragment)\n');
    expect(tree).toContain(
      '\n        Handshake Protocol: Certificate (last fragment)\n' +
        '        [3 Reassembled Handshake Fragments (1516 bytes): #6(512), #6(512), #6(492)]\n' +
        '            [Frame: 6, payload: 0-511 (512 bytes)]\n',
    );
    expect(tree).toContain(
      '                Certificate: 308201c93082016fa00302010202140d2e2b0944085ec5735bb13067815d8146807f7030… ' +
        '(id-at-commonName=Loupe Root CA,id-at-organizationName=Loupe Root,id-at-countryName=US)\n',
    );
    expect(tree).toContain(
      '\n                                    GeneralName: dNSName (2)\n                                        dNSName: alt.ec.example\n',
    );
    expect(tree).toContain(
      '\n                                ECParameters: namedCurve (1)\n                                    namedCurve: 1.3.132.0.34 (secp384r1)\n',
    );
  });

  it("lists the certificates' attribute, extension and key-parameter layers in frame.protocols, as tshark does", async () => {
    const x509 = (n: number) => 'x509sat:'.repeat(n);
    const ecCertificate = `${x509(6)}pkcs-1:x509ce:x509ce:x509ce`;
    const protocols = async (name: string) =>
      (await fieldsOf(fixture(`${name}.pcap`), ['frame.protocols'])).text.split('\n');
    expect((await protocols('tls12_frag'))[5]).toBe(
      `eth:ethertype:ip:tcp:tls:x509sat:${ecCertificate}:${ecCertificate}:${ecCertificate}`,
    );
    const dhe = await protocols('tls12_dhe');
    // The server's RSA certificate (its key has no parameters) and the CertificateRequest's distinguished name.
    expect(dhe[5]).toBe(`eth:ethertype:ip:tcp:tls:${x509(6)}x509ce:x509ce:x509ce:x509ce:${x509(3).slice(0, -1)}`);
    expect(dhe[7]).toBe(`eth:ethertype:ip:tcp:tls:x509sat:${ecCertificate}`);
  });

  it('shows the client certificate, CertificateRequest and DHE parameters', async () => {
    const serverFlight = await showOf(fixture('tls12_dhe.pcap'), 6);
    expect(serverFlight).toContain('\n                p Length: 256\n');
    expect(serverFlight).toContain('\n                Certificate type: ECDSA Sign (64)\n');
    expect(serverFlight).toContain(
      '\n                Distinguished Name: (id-at-commonName=Loupe Root CA,id-at-organizationName=Loupe Root,id-at-countryName=US)\n',
    );
    expect(serverFlight).toMatch(/\n {32}modulus: 0x00[0-9a-f]{70}…\n {32}publicExponent: 65537\n/);
    const clientFlight = await showOf(fixture('tls12_dhe.pcap'), 8);
    expect(clientFlight).toContain('\n            Diffie-Hellman Client Params\n                Pubkey Length: 256\n');
    expect(clientFlight).toContain('\n            Signature length: 72\n');
    expect(clientFlight).toContain('\n    TLSv1.2 Record Layer: Handshake Protocol: Encrypted Handshake Message\n');
  });

  it('shows TLS 1.3 randoms without a time, the HelloRetryRequest magic and its selected group', async () => {
    const retry = await showOf(fixture('tls13_hrr.pcap'), 6);
    expect(retry).toContain(
      'Random: cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c (HelloRetryRequest magic)\n',
    );
    expect(retry).toContain('\n                    Selected Group: x25519 (29)\n');
    const serverHello = await showOf(fixture('tls13_hrr.pcap'), 9);
    expect(serverHello).not.toContain('GMT Unix Time');
    expect(serverHello).toContain('\n        Opaque Type: Application Data (23)\n');
  });
});

// A ClientHello for "a.example" with one cipher suite and the server_name extension.
function clientHello(extensionsLengthDelta = 0): Uint8Array {
  const name = new TextEncoder().encode('a.example');
  const sni = [0, 0, 0, name.length + 5, 0, name.length + 3, 0, 0, name.length, ...name];
  const body = [
    3,
    3,
    ...new Array(32).fill(7),
    0,
    0,
    2,
    0x13,
    0x01,
    1,
    0,
    0,
    sni.length + extensionsLengthDelta,
    ...sni,
  ];
  return Uint8Array.from([1, 0, body.length >> 8, body.length & 255, ...body]);
}

const record = (type: number, body: Uint8Array) =>
  Uint8Array.from([type, 3, 1, body.length >> 8, body.length & 255, ...body]);

function capture(segments: Uint8Array[]): Uint8Array {
  let seq = 1;
  return pcapFile(
    segments.map((payload, i) => {
      const data = ethernet(
        ipv4(
          tcp(payload, { sport: 40000, dport: 443, seq, ack: 1, flags: 0x18, src: '192.0.2.1', dst: '198.51.100.2' }),
          { proto: 6, src: '192.0.2.1', dst: '198.51.100.2' },
        ),
        0x0800,
      );
      seq += payload.length;
      return { sec: 1_700_000_000 + i, frac: 0, data };
    }),
  );
}

describe('TLS reassembly and malformed input', () => {
  const fields = [
    'frame.number',
    'tls.handshake.type',
    'tls.handshake.extensions_server_name',
    '_ws.col.Protocol',
    '_ws.col.Info',
  ];

  it('gives a record split over two segments to the segment that completes it', async () => {
    const rec = record(22, clientHello());
    const { text } = await fieldsOf(capture([rec.subarray(0, 20), rec.subarray(20)]), fields);
    expect(text).toBe('1\t\t\tTCP\t[TCP segment of a reassembled PDU]\n' + '2\t1\ta.example\tTLSv1\tClient Hello\n');
  });

  it('gives a handshake message split over two records in two frames to the second frame', async () => {
    const hello = clientHello();
    const { text } = await fieldsOf(
      capture([record(22, hello.subarray(0, 30)), record(22, hello.subarray(30))]),
      fields,
    );
    expect(text).toBe('1\t\t\tTLSv1\t[Client Hello Fragment]\n2\t1\ta.example\tTLSv1\tClient Hello\n');
    const pcap = '/tmp/loupe-tls-fragments.pcap';
    (await import('node:fs')).writeFileSync(
      pcap,
      capture([record(22, hello.subarray(0, 30)), record(22, hello.subarray(30))]),
    );
    expect(await showOf(pcap, 2)).toContain(
      `[2 Reassembled Handshake Fragments (${hello.length} bytes): #1(30), #2(${hello.length - 30})]`,
    );
  });

  it('marks extensions that overrun their message malformed, keeping what came before', async () => {
    const { text } = await fieldsOf(capture([record(22, clientHello(40))]), fields);
    expect(text).toBe('1\t1\t\tTLSv1\tClient Hello[Malformed Packet]\n');
  });

  it('marks a certificate that is no DER malformed instead of throwing', async () => {
    const certificate = [0, 0, 7, 0, 0, 4, 0x30, 0x85, 1, 2];
    const message = Uint8Array.from([11, 0, 0, certificate.length, ...certificate]);
    const { text } = await fieldsOf(capture([record(22, message)]), fields);
    expect(text).toBe('1\t11\t\tTLSv1\tCertificate[Malformed Packet]\n');
  });
});
