import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/dissectors/decode-as';
import {
  asTsharkOptions,
  heuristicEnabled,
  ruledProtocol,
  selectorChoices,
  withHeuristic,
  withoutRule,
  withProtocolEnabled,
  withRule,
} from '../../../src/ui/decode-as/rules';
import type { DecodeAsTarget } from '../../../src/api/capture-api';

const target: DecodeAsTarget = {
  transport: 'tcp',
  ports: [40001, 8001],
  stream: 1,
  protocols: ['http', 'telnet'],
  allProtocols: ['http', 'telnet'],
  heuristics: [
    { name: 'http_tcp', enabledByDefault: true },
    { name: 'x_udp', enabledByDefault: false },
  ],
};

describe('Decode As dialog rules', () => {
  it('offers the destination port, the source port, then the conversation', () => {
    expect(selectorChoices(target).map((c) => c.label)).toEqual([
      'TCP port 8001',
      'TCP port 40001',
      'This TCP stream (1)',
    ]);
    expect(
      selectorChoices({ ...target, transport: 'udp', ports: [53, 53] }).map((c) => `${c.layer}=${c.value}`),
    ).toEqual(['udp.port=53', 'udp.stream=1']);
  });

  it('replaces the rule for the same selector and removes rules by position', () => {
    const [port, , stream] = selectorChoices(target);
    let s = withRule(defaultSettings(), port, 'http');
    s = withRule(s, stream, '(none)');
    s = withRule(s, port, 'telnet');
    expect(asTsharkOptions(s)).toBe('-d tcp.stream==1,(none) -d tcp.port==8001,telnet');
    expect(ruledProtocol(s, port)).toBe('telnet');
    expect(ruledProtocol(withoutRule(s, 1), port)).toBeUndefined();
  });

  it('records heuristics and protocols only where they differ from the defaults', () => {
    let s = withHeuristic(defaultSettings(), 'http_tcp', true, false);
    s = withHeuristic(s, 'x_udp', false, true);
    s = withProtocolEnabled(s, 'telnet', false);
    expect(asTsharkOptions(s)).toBe('--disable-protocol telnet --enable-heuristic x_udp --disable-heuristic http_tcp');
    expect(heuristicEnabled(s, 'http_tcp', true)).toBe(false);
    s = withHeuristic(withHeuristic(s, 'http_tcp', true, true), 'x_udp', false, false);
    expect(withProtocolEnabled(s, 'telnet', true)).toEqual(defaultSettings());
  });
});
