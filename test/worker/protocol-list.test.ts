import { describe, expect, it } from 'vitest';
import '../../src/dissectors';
import { ProtocolList } from '../../src/worker/protocol-list';

describe('ProtocolList', () => {
  it('serves the catalog of registered dissectors, computed once', async () => {
    const list = new ProtocolList();
    const first = await list.protocols();
    expect(first.find((e) => e.name === 'radius')?.ports).toContain('udp/1812');
    expect(await list.protocols()).toBe(first);
  });
});
