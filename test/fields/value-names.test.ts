import { describe, expect, it } from 'vitest';
import { fieldById, fieldId } from '../../src/fields/registry';
import { IP_PROTOCOL_NAMES } from '../../src/fields/value-names';
import { fieldText } from '../../src/present/tree';
import { records } from '../support/records';

const def = (name: string) => fieldById(fieldId(name)!)!;

describe('value names, bitmasks and bases in the registry', () => {
  it('gives every field that carries IP protocol numbers the one table (Wireshark names, as tshark -G values lists)', () => {
    for (const name of [
      'ip.proto',
      'ipv6.nxt',
      'ipv6.hopopts.nxt',
      'ipv6.routing.nxt',
      'ipv6.fraghdr.nxt',
      'ipv6.dstopts.nxt',
    ]) {
      expect(def(name).values).toBe(IP_PROTOCOL_NAMES);
    }
    expect(IP_PROTOCOL_NAMES[89]).toBe('OSPF IGP');
  });

  it('shows a bit field with its pattern and an integer in both bases, from the registry alone', () => {
    const frame = records(
      ['ip.version', 1, 14, 1, 4],
      ['ip.id', 1, 18, 2, 0x1234],
      ['icmp.seq', 1, 40, 2, 7],
      ['tcp.flags.syn', 2, 47, 1, 1],
    );
    expect(fieldText(def('ip.version'), frame, 0)).toBe('0100 .... = Version: 4');
    expect(fieldText(def('ip.id'), frame, 8)).toBe('Identification: 0x1234 (4660)');
    expect(fieldText(def('icmp.seq'), frame, 16)).toBe('Sequence Number (BE): 7 (0x0007)');
    expect(fieldText(def('tcp.flags.syn'), frame, 24)).toBe('.... .... ..1. = Syn: Set');
  });
});
