import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError } from '../../src/filter';
import { editDistance } from '../../src/filter/suggest';

// Which filters tshark 4.0.17 accepts and which it refuses (and why) was checked with `tshark -Y` on each.

function refusal(text: string): FilterError {
  try {
    compileFilter(text);
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
  throw new Error(`accepted: ${text}`);
}

describe('checking against the registry', () => {
  it.each([
    'tcp.port == 80',
    'tcp.port eq 80',
    'ip.addr == 10.0.0.0/8',
    'eth.dst == ff:ff:ff:ff:ff:ff',
    'eth.src == 0016.ce6e.8b24',
    'eth.src == 00-16-ce-6e-8b-24',
    'eth.src == 0016ce6e8b24',
    'eth.src[0:3] == 00:16:ce',
    'ip.src[0] == 0xac',
    'frame contains 47',
    'frame matches "(?-i)get"',
    'ipv6.addr == fe80::/10',
    'ipv6.addr == ::ffff:1.2.3.4',
    'frame.len == 0b1010',
    "frame.len > '\\n'",
    'frame.len > 012',
    'tcp.flags.syn == True',
    'tcp.flags.syn == 2',
    'ip.proto == TCP',
    'ip.proto == "tcp"',
    'arp.opcode == reply',
    'frame.time_epoch > 1000.5',
    'max(tcp.srcport, 80) > 0',
    'count(ip.addr) == 2',
    'len(tcp.port) == 2',
    'string(ip.src) matches "^10"',
    'tcp.flags & 0x02',
    'frame.number - 5 == -1',
    'tcp.port in {80, 443, 8000..8999}',
    'all tcp.port > 1024',
    'ip.addr#2 == 1.2.3.4',
    'tcp.port == ${tcp.port}',
    'tcp.port !== 80',
    'tcp.port not in {80}',
  ])('accepts %s', (text) => {
    expect(() => compileFilter(text)).not.toThrow();
  });

  it.each([
    ['foo.bar', 'unknown-field'],
    ['tcp.prot == 80', 'unknown-field'],
    ['80 == tcp.port', 'invalid'],
    ['"abc"', 'invalid'],
    ['ip.src == "abc"', 'invalid'],
    ['ip.src == abc', 'invalid'],
    ['frame.number == "5"', 'invalid'],
    ['tcp.flags.syn == true', 'invalid'],
    ['ip.proto == tcp', 'invalid'],
    ['ip.src == eth.src', 'invalid'],
    ['tcp.port matches "80"', 'invalid'],
    ['tcp.port contains 80', 'invalid'],
    ['tcp.port[0] == 0', 'invalid'],
    ['frame[0] == 0x1ff', 'invalid'],
    ['ip.src == 172.16.16.128/33', 'invalid'],
    ['tcp.port == 80.0', 'invalid'],
    ['tcp.port == 0x', 'invalid'],
    ['frame.len > 1e3', 'invalid'],
    ['frame.number == 4294967296', 'invalid'],
    ['tcp.checksum == 0x10000', 'invalid'],
    ['frame.time_epoch == "2010-01-01"', 'invalid'],
    ['tcp.port in {80, "x"}', 'invalid'],
    ['upper(eth.src) == "X"', 'invalid'],
    ['string(tcp.flags.syn) == "1"', 'invalid'],
    ['string(frame.time_epoch) == "1"', 'invalid'],
    ['frobnicate(tcp.port) == 1', 'invalid'],
  ])('refuses %s (%s)', (text, reason) => {
    expect(refusal(text).reason).toBe(reason);
  });

  it.each([
    'tcp.analysis.flags',
    '!tcp.analysis.flags',
    'count(tcp.analysis.flags) == 1',
    'len(tcp.analysis.flags) == 0',
    'tcp.analysis.acks_frame in {1..5}',
    'tcp.analysis.acks_frame == frame.number',
    'tcp.analysis.ack_rtt > 0.05',
    'tcp.analysis.ack_rtt > -0.5',
    'tcp.analysis.ack_rtt == frame.time_epoch',
    'ipv6.flow == 0xffffff',
    'vlan.priority == 8',
    '_ws.expert',
    '_ws.expert == "Duplicate ACK"',
    '_ws.expert contains "ACK"',
  ])('accepts %s, whatever the field type', (text) => {
    expect(() => compileFilter(text)).not.toThrow();
  });

  it.each([
    ['tcp.analysis.flags == 1', 'tcp.analysis.flags (type=Label) cannot participate in == comparison.'],
    ['tcp.analysis.flags in {1}', 'tcp.analysis.flags (type=Label) cannot participate in in comparison.'],
    ['tcp.analysis.flags contains 01', 'tcp.analysis.flags (type=Label) cannot participate in contains comparison.'],
    ['tcp.analysis.ack_rtt < "0.1"', 'tcp.analysis.ack_rtt is a time offset; "0.1" is not.'],
    ['tcp.analysis.acks_frame == 1.5', 'tcp.analysis.acks_frame is a number; "1.5" is not.'],
    ['ipv6.flow == 0x1000000', '"0x1000000" is too big for ipv6.flow, maximum 16777215.'],
    ['tcp.port == 65536', '"65536" is too big for tcp.port, maximum 65535.'],
    ['ip.ttl == 256', '"256" is too big for ip.ttl, maximum 255.'],
    ['frame.encap_type == 32768', '"32768" is too big for frame.encap_type, maximum 32767.'],
  ])('refuses %s as tshark does', (text, message) => {
    expect(refusal(text).message).toBe(message);
  });

  it('says what types disagree, in words', () => {
    expect(refusal('ip.src == "abc"').message).toBe('ip.src is an IPv4 address; "abc" is not.');
    expect(refusal('ip.src == eth.src').message).toBe('ip.src is an IPv4 address; eth.src is an Ethernet address.');
  });

  it('points at the offending text', () => {
    const e = refusal('ip.src == "abc"');
    expect([e.start, e.length]).toEqual([10, 5]);
  });

  it('suggests the closest field name', () => {
    expect(refusal('tcp.prot == 80').message).toContain('Did you mean tcp.port?');
    expect(refusal('ip.scr').message).toContain('Did you mean ip.src?');
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('accepts Message Analyzer and Network Monitor names case-insensitively and gives the Wireshark form', () => {
    const f = compileFilter(
      'IPv4.SourceAddress == 10.0.0.1 && TCP.DestinationPort == 80 || ipv4.addr == 1.2.3.4 || Ethernet.Address == ff:ff:ff:ff:ff:ff',
    );
    expect(f.canonical).toBe(
      'ip.src == 10.0.0.1 && tcp.dstport == 80 || ip.addr == 1.2.3.4 || eth.addr == ff:ff:ff:ff:ff:ff',
    );
    expect(compileFilter('UDP.Port in {53} and IPv6.Address == ::1 and tcp.Port == 1').canonical).toBe(
      'udp.port in {53} and ipv6.addr == ::1 and tcp.port == 1',
    );
  });

  it('keeps a bare value name a value, not an alias', () => {
    expect(compileFilter('ip.proto == TCP').canonical).toBe('ip.proto == TCP');
  });
});
