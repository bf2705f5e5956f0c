import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

describe('SMTP', () => {
  it('shows message fragments as text lines inside SMTP, the whole message as IMF beside it', async () => {
    const head = ascii('From: a@x.test\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n');
    const rest = ascii('line 1\r\nline 2\r\n.\r\n');
    let seq = 1;
    const client = (b: Uint8Array) => {
      const frame = tcpFrame(b, 40000, 25, seq);
      seq += b.length;
      return frame;
    };
    const rows = await fieldRows(
      [client(ascii('DATA\r\n')), client(head), client(rest)],
      ['frame.protocols', 'imf.subject'],
    );
    expect(rows).toEqual([
      ['eth:ethertype:ip:tcp:smtp', ''],
      ['eth:ethertype:ip:tcp:smtp:data-text-lines', ''],
      ['eth:ethertype:ip:tcp:smtp:imf:data-text-lines', 'hi'],
    ]);
  });
});
