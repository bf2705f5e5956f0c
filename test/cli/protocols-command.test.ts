import { describe, expect, it } from 'vitest';
import { protocolsCommand } from '../../src/cli/protocols-command';

function run(args: string[]): { code: number; out: string } {
  let out = '';
  const code = protocolsCommand(args, (s) => (out += s));
  return { code, out };
}

describe('loupe protocols', () => {
  it('prints one line per protocol with where it is found and its field count', () => {
    const { code, out } = run([]);
    expect(code).toBe(0);
    expect(out).toContain('ldap\tLightweight Directory Access Protocol\ttcp/389, tcp/3268\t');
    expect(out).toContain('msnms\tMSN Messenger Service\ttcp/1863, heuristic msnms_tcp (off by default)\t');
    expect(out).toMatch(/^tcp\tTransmission Control Protocol\tcore\t\d+ fields$/m);
  });

  it('searches, lists fields and prints JSON', () => {
    expect(run(['1812']).out.split('\n')[0]).toMatch(/^radius\t/);
    expect(run(['--fields', 'tpkt']).out).toContain('  tpkt.length\tLength\tuint\n');
    const json = JSON.parse(run(['--json', 'snmp']).out);
    expect(json[0]).toMatchObject({ name: 'snmp', ports: ['udp/161', 'udp/162'] });
  });

  it('refuses an unknown option', () => {
    expect(run(['--bogus'])).toEqual({ code: 1, out: 'loupe protocols: unknown option --bogus\n' });
  });
});
