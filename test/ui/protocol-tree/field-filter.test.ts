import { describe, expect, it } from 'vitest';
import '../../../src/dissectors';
import { compileFilter } from '../../../src/filter';
import { fieldFilter, quoteString } from '../../../src/ui/protocol-tree/field-filter';

describe('filters built from tree fields', () => {
  it('builds Wireshark\'s "Apply as Filter" text from the field registry', () => {
    expect(fieldFilter({ name: 'ip.src', value: '10.0.0.1' })).toBe('ip.src == 10.0.0.1');
    expect(fieldFilter({ name: 'tcp.flags.syn', value: '1' })).toBe('tcp.flags.syn == 1');
    expect(fieldFilter({ name: 'http.host', value: 'x' })).toBe('http.host == "x"');
    expect(fieldFilter({ name: 'eth.type', value: '0x0800' })).toBe('eth.type == 0x0800');
    expect(fieldFilter({ name: 'eth.src', value: '00:0c:29:aa:bb:cc' })).toBe('eth.src == 00:0c:29:aa:bb:cc');
    expect(fieldFilter({ name: 'ipv6.src', value: 'fe80::1' })).toBe('ipv6.src == fe80::1');
    expect(fieldFilter({ name: 'tcp' })).toBe('tcp');
    expect(fieldFilter({ name: 'data.data', value: '0a0b0c' })).toBe('data.data == 0a:0b:0c');
    expect(fieldFilter({ name: '' })).toBeUndefined();
  });

  it('escapes strings so the filter matches the raw value', () => {
    expect(quoteString('GET / HTTP/1.1\r\n')).toBe('"GET / HTTP/1.1\\r\\n"');
    expect(quoteString('say "hi" \\ \x01')).toBe('"say \\"hi\\" \\\\ \\x01"');
    expect(fieldFilter({ name: 'http.user_agent', value: 'curl/"8"' })).toBe('http.user_agent == "curl/\\"8\\""');
  });

  it('gives filters the compiler accepts', () => {
    for (const f of [
      { name: 'ip.src', value: '10.0.0.1' },
      { name: 'tcp.flags.syn', value: '1' },
      { name: 'http.host', value: 'a "b"\r\n' },
      { name: 'eth.type', value: '0x0800' },
      { name: 'tcp.srcport', value: '443' },
      { name: 'data.data', value: '0a0b' },
    ]) {
      expect(() => compileFilter(fieldFilter(f)!), JSON.stringify(f)).not.toThrow();
    }
  });
});
