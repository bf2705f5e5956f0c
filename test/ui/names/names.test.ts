import { describe, expect, it } from 'vitest';
import { hostName, isAddressField, treeAnnotation } from '../../../src/ui/names/names';

describe('host names', () => {
  const captured = new Map([
    ['10.0.0.1', 'www.example.com'],
    ['10.0.0.2', 'mail.example.com'],
  ]);
  const aliases = { '10.0.0.2': 'Mail server' };

  it("prefers the analyst's alias, then the captured name, and uses captured names only when asked", () => {
    expect(hostName('10.0.0.2', aliases, captured)).toBe('Mail server');
    expect(hostName('10.0.0.1', aliases, captured)).toBe('www.example.com');
    expect(hostName('10.0.0.1', aliases, undefined)).toBeUndefined();
    expect(hostName('10.0.0.3', aliases, captured)).toBeUndefined();
  });

  it('annotates address lines of the tree as Wireshark does', () => {
    const nameOf = (a: string) => hostName(a, aliases, captured);
    expect(treeAnnotation({ name: 'ip.src', value: '10.0.0.1' }, nameOf)).toBe(' [Source Host: www.example.com]');
    expect(treeAnnotation({ name: 'ipv6.dst', value: '10.0.0.2' }, nameOf)).toBe(' [Destination Host: Mail server]');
    expect(treeAnnotation({ name: 'ip.src', value: '10.9.9.9' }, nameOf)).toBe('');
    expect(treeAnnotation({ name: 'tcp.srcport', value: '80' }, nameOf)).toBe('');
    expect(isAddressField({ name: 'ip.dst', value: '10.0.0.1' })).toBe(true);
    expect(isAddressField({ name: 'ip', value: undefined })).toBe(false);
  });
});
