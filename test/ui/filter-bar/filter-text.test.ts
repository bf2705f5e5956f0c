import { describe, expect, it } from 'vitest';
import { checkFilter, completions, FilterHistory } from '../../../src/ui/filter-bar/filter-text';

describe('the filter box', () => {
  it('says whether a filter is valid, refused (with where) or spelled with aliases', () => {
    expect(checkFilter('  ')).toEqual({ state: 'empty' });
    expect(checkFilter('tcp.port == 80')).toEqual({ state: 'valid' });
    expect(checkFilter('IPv4.SourceAddress == 10.0.0.1')).toEqual({ state: 'alias', canonical: 'ip.src == 10.0.0.1' });
    expect(checkFilter('ip.src == "abc"')).toEqual({
      state: 'invalid',
      message: 'ip.src is an IPv4 address; "abc" is not.',
      start: 10,
      length: 5,
    });
  });

  it('completes the field name being typed, keeping the rest of the filter', () => {
    expect(completions('tcp.analysis.ret', 16)).toEqual(['tcp.analysis.retransmission']);
    expect(completions('ip.src == 1.2.3.4 && tcp.srcp', 29)).toEqual(['ip.src == 1.2.3.4 && tcp.srcport']);
    expect(completions('udp.p == 53', 5)).toEqual(['udp.payload == 53', 'udp.port == 53']);
    expect(completions('tcp.port == 8', 13)).toEqual([]);
    expect(completions('', 0)).toEqual([]);
  });

  it("completes a field's value names from the registry, quoted", () => {
    expect(completions('ip.proto == t', 13)).toEqual(['ip.proto == "TCP"']);
    expect(completions('ipv6.nxt == "IPv6 N', 19)).toEqual(['ipv6.nxt == "IPv6 No Next Header"']);
    expect(completions('tcp && ip.dsfield.dscp != "assured forwarding 1" && udp', 47)).toEqual(
      ['Assured Forwarding 11', 'Assured Forwarding 12', 'Assured Forwarding 13'].map(
        (n) => `tcp && ip.dsfield.dscp != "${n}" && udp`,
      ),
    );
    expect(completions('ip.flags.df == n', 16)).toEqual(['ip.flags.df == "Not set"']);
    expect(completions('ip.proto == 6', 13)).toEqual([]);
  });

  it('keeps applied filters newest first, without repeats, in its storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const history = new FilterHistory(storage);
    history.remember('tcp');
    history.remember('udp');
    history.remember('tcp');
    history.remember(' ');
    expect(history.entries).toEqual(['tcp', 'udp']);
    expect(new FilterHistory(storage).entries).toEqual(['tcp', 'udp']);
  });
});
