import { describe, expect, it } from 'vitest';
import '../../src/dissectors';
import { printFields } from '../../src/cli/fields-command';
import { compileFilter } from '../../src/filter';
import {
  DecodeAsError,
  DissectorChoice,
  defaultSettings,
  formatDecodeAs,
  parseDecodeAs,
  type DissectionSettings,
} from '../../src/dissectors/decode-as';
import { newCore } from '../support/run';
import { oddPortHttp } from '../support/odd-port-http';

async function fields(
  settings: DissectionSettings,
  names = ['frame.number', '_ws.col.Protocol', 'http.request.uri'],
  filter?: string,
) {
  let text = '';
  await printFields(
    await newCore(),
    new Blob([oddPortHttp() as BlobPart]),
    names,
    (s) => (text += s),
    filter ? compileFilter(filter) : undefined,
    settings,
  );
  return text;
}

const settings = (over: Partial<DissectionSettings>): DissectionSettings => ({ ...defaultSettings(), ...over });

describe('parsing -d', () => {
  it.each([
    ['tcp.port==8001,http', { layer: 'tcp.port', first: 8001, last: 8001, protocol: 'http' }],
    ['tcp.port=8001,http', { layer: 'tcp.port', first: 8001, last: 8001, protocol: 'http' }],
    ['tcp.port==8000-8002,http', { layer: 'tcp.port', first: 8000, last: 8002, protocol: 'http' }],
    ['tcp.port==8888:3,http', { layer: 'tcp.port', first: 8888, last: 8890, protocol: 'http' }],
    ['udp.port==5353,dns', { layer: 'udp.port', first: 5353, last: 5353, protocol: 'dns' }],
    ['tcp.stream==4,tls', { layer: 'tcp.stream', first: 4, last: 4, protocol: 'tls' }],
  ])('%s', (text, rule) => {
    expect(parseDecodeAs(text)).toEqual(rule);
  });

  it.each([
    ['tcp.port==8001,nosuch', /unknown protocol "nosuch" for tcp.port; valid protocols are .*http/],
    ['tcp.port==8001,HTTP', /unknown protocol "HTTP"/],
    ['udp.port==53,http', /unknown protocol "http" for udp.port/], // HTTP does not read datagrams
    ['foo.port==1,http', /unknown layer type "foo.port"/],
    ['tcp.port==abc,http', /invalid selector number "abc"/],
    ['tcp.port==9-3,http', /invalid selector range/],
    ['tcp.port==70000,http', /invalid selector range/],
    ['tcp.port', /is not <layer type>==<selector>,<decode-as protocol>/],
  ])('refuses %s', (text, message) => {
    expect(() => parseDecodeAs(text)).toThrow(DecodeAsError);
    expect(() => parseDecodeAs(text)).toThrow(message);
  });

  it('writes a rule back in the same syntax', () => {
    expect(formatDecodeAs(parseDecodeAs('tcp.port==8888:3,http'))).toBe('tcp.port==8888-8890,http');
    expect(formatDecodeAs(parseDecodeAs('tcp.stream==2,(none)'))).toBe('tcp.stream==2,(none)');
  });
});

describe('the dissector choice', () => {
  it('tries the lower port first, a rule replacing the registered entry; the last rule for a port wins', () => {
    const choice = new DissectorChoice(
      settings({
        decodeAs: [
          parseDecodeAs('tcp.port==80,tls'),
          parseDecodeAs('tcp.port==8001,http'),
          parseDecodeAs('tcp.port==8001,telnet'),
        ],
      }),
    );
    expect(choice.forPorts('tcp', 40000, 80)?.name).toBe('tls');
    expect(choice.forPorts('tcp', 8001, 40000)?.name).toBe('telnet');
    expect(choice.forPorts('tcp', 21, 8001)?.name).toBe('ftp');
    expect(new DissectorChoice().forPorts('tcp', 40000, 8001)).toBeUndefined();
  });

  it('passes over disabled protocols and "(none)" ports to the other port', () => {
    const choice = new DissectorChoice(
      settings({ disabledProtocols: ['ftp'], decodeAs: [parseDecodeAs('tcp.port==25,(none)')] }),
    );
    expect(choice.forPorts('tcp', 21, 80)?.name).toBe('http');
    expect(choice.forPorts('tcp', 25, 443)?.name).toBe('tls');
    expect(choice.forStream('tcp', 0)).toBeUndefined();
  });

  it('switches heuristics by their tshark names', () => {
    const names = (s: DissectionSettings) => new DissectorChoice(s).heuristics('tcp').map((d) => d.name);
    expect(names(defaultSettings())).toEqual(['http', 'tls', 'dcerpc', 'rpc']);
    expect(names(settings({ disabledHeuristics: ['http_tcp', 'rpc_tcp'] }))).toEqual(['tls', 'dcerpc']);
    expect(names(settings({ disabledProtocols: ['tls'] }))).toEqual(['http', 'dcerpc', 'rpc']);
  });
});

// Expectations are what tshark 4.0 prints for the same capture with the same options.
describe('Decode As over a capture with HTTP on port 8001', () => {
  const http = '4\tHTTP\t/a\n5\tHTTP\t\n9\tHTTP\t/b\n10\tHTTP\t\n';

  it('finds HTTP by its heuristic, as tshark does by default', async () => {
    expect(
      (await fields(defaultSettings()))
        .split('\n')
        .filter((l) => l.includes('HTTP'))
        .join('\n') + '\n',
    ).toBe(http);
  });

  it('leaves it TCP with the heuristic off, and -d tcp.port==8001,http brings it back', async () => {
    const off = settings({ disabledHeuristics: ['http_tcp'] });
    expect(await fields(off)).not.toContain('HTTP');
    const ruled = await fields({ ...off, decodeAs: [parseDecodeAs('tcp.port==8001,http')] });
    expect(
      ruled
        .split('\n')
        .filter((l) => l.includes('HTTP'))
        .join('\n') + '\n',
    ).toBe(http);
  });

  it('decodes one conversation by its stream number (a Loupe extension)', async () => {
    const one = settings({ disabledHeuristics: ['http_tcp'], decodeAs: [parseDecodeAs('tcp.stream==1,http')] });
    expect(await fields(one, ['frame.number'], 'http')).toBe('9\n10\n');
    const none = settings({ decodeAs: [parseDecodeAs('tcp.stream==0,(none)')] });
    expect(await fields(none, ['frame.number'], 'http')).toBe('9\n10\n');
  });

  it('--disable-protocol http keeps even a ruled port undissected', async () => {
    const disabled = settings({ disabledProtocols: ['http'], decodeAs: [parseDecodeAs('tcp.port==8001,http')] });
    expect(await fields(disabled, ['frame.number'], 'http')).toBe('');
  });
});
