import { describe, expect, it } from 'vitest';
import { ascii, fieldRows, tcpFrame } from '../support/frames';

describe('FTP data', () => {
  it("hands a data connection's bytes to line-based text", async () => {
    const rows = await fieldRows(
      [tcpFrame(ascii('a.txt\r\nb.txt\r\n'), 20, 40000, 1)],
      ['frame.protocols', '_ws.col.Protocol'],
    );
    expect(rows).toEqual([['eth:ethertype:ip:tcp:ftp-data:data-text-lines', 'FTP-DATA']]);
  });
});
