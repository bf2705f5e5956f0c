import { describe, expect, it } from 'vitest';
import { frameFacts } from '../../src/stats/frame-facts';
import type { DissectedFrame } from '../../src/passes/dissect-frames';

function frame(layers: DissectedFrame['app']['layers']): DissectedFrame {
  return {
    number: 1,
    input: { records: new Uint32Array(0), start: 0, end: 0 },
    app: { items: [], protocol: '', info: '', layers },
    comments: [],
  };
}

describe('frameFacts', () => {
  it("takes the hierarchy path from the frame's counted layers", () => {
    const facts = frameFacts(
      frame([
        { name: 'eth', listed: true, counted: true },
        { name: 'ethertype', listed: true, counted: false },
        { name: 'ip', listed: true, counted: true },
        { name: 'tcp', listed: true, counted: true },
        { name: 'http', listed: true, counted: true },
        { name: 'data-text-lines', listed: true, counted: true },
        { name: 'tcp.segments', listed: false, counted: true },
      ]),
    );
    expect(facts.stack).toEqual(['eth', 'ip', 'tcp', 'http', 'data-text-lines', 'tcp.segments']);
  });
});
