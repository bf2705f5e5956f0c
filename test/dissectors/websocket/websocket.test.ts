import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('WebSocket dissector', () => {
  // apps/websocket.pcap: websocket.py's hand-written client and server on 127.0.0.1:8080 (see the README).
  it('matches tshark on an upgraded connection', async () => {
    expect(await goldenMismatches('apps/websocket.pcap')).toEqual([]);
  });

  // apps/websocket-edge.pcap: websocket-edge.py's frames written from RFC 6455 (see its docstring).
  it('matches tshark on split headers, close codes, reserved bits and opcodes, orphan continuations', async () => {
    expect(await goldenMismatches('apps/websocket-edge.pcap')).toEqual([]);
  });
});
