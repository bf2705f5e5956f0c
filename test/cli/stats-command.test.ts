import { describe, expect, it } from 'vitest';
import { parseStat, requestFilters } from '../../src/cli/stats-command';

describe('parseStat', () => {
  it('reads tshark -z statistic names', () => {
    expect(parseStat('conv,tcp')).toEqual({ kind: 'conv', layer: 'tcp' });
    expect(parseStat('endpoints,ip,ip.len>100,x')).toEqual({ kind: 'endpoints', layer: 'ip', filter: 'ip.len>100,x' });
    expect(parseStat('io,phs')).toEqual({ kind: 'phs' });
    expect(parseStat('io,stat,0.25,tcp,udp')).toEqual({
      kind: 'io',
      interval: '0.25',
      intervalUs: 250_000,
      columns: ['tcp', 'udp'],
      specs: [{ filter: 'tcp' }, { filter: 'udp' }],
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parseStat('conv,sctp')).toMatch(/conv needs one of/);
    expect(parseStat('io,stat,fast')).toMatch(/interval/);
    expect(parseStat('io,stat,0.0000001')).toMatch(/0.000001/);
    expect(parseStat('rtp,streams')).toMatch(/unknown statistic/);
  });

  it('lists the filters the requests use', () => {
    const requests = ['conv,ip,tcp', 'io,stat,1,udp,dns', 'io,phs'].map((t) => parseStat(t)) as Exclude<
      ReturnType<typeof parseStat>,
      string
    >[];
    expect(requestFilters(requests)).toEqual(['tcp', 'udp', 'dns']);
  });
});
