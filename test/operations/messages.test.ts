import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../support/corpus';
import { operationsOf } from './oracle';

// Protocols tshark 4.0 does not pair (FTP, SMTP, MSNP, DHCP): the pairs as the captures' conversations read
// (tshark -r ... -Y 'ftp || smtp || msnms || dhcp').
const run = (capture: string) => operationsOf(join(CORPUS, capture));
const brief = (o: { requestFrame: number; responseFrame?: number; status: string; severity: string }) =>
  `${o.requestFrame}>${o.responseFrame ?? '-'} ${o.severity} ${o.status}`;

describe.skipIf(!hasCorpus)('operations of protocols tshark does not pair', () => {
  it('FTP: each command answered by its final reply (150 is preliminary), 530 and 550 failed', async () => {
    const ops = (await run('apps/ftp_active_fail.pcap')).filter((o) => o.kind === 'ftp');
    expect(ops).toHaveLength(28);
    expect(ops.every((o) => o.responseFrame !== undefined)).toBe(true);
    const list = ops.find((o) => o.summary === 'LIST')!;
    expect(brief(list)).toBe('19>29 ok 226 Directory send OK.');
    expect(ops.filter((o) => o.severity === 'failed').map(brief)).toEqual([
      '173>175 failed 530 Login incorrect.',
      '195>196 failed 550 Failed to open file.',
    ]);
    expect(ops.find((o) => o.summary.startsWith('PASS'))!.summary).toBe('PASS ****');
  });

  it('SMTP: multi-line replies count once, message data is answered after the 354, 5xx failed', async () => {
    const ops = (await run('apps/smtp.pcap')).filter((o) => o.kind === 'smtp');
    expect(brief(ops[0])).toBe('6>8 ok 250 files');
    expect(ops[1].requestFrame).toBe(12); // the EHLO reply's second frame (10) answers nothing
    expect(brief(ops.find((o) => o.summary === 'Message data')!)).toBe('19>21 ok 250 OK');
    expect(ops.filter((o) => o.severity === 'failed').map((o) => o.status.slice(0, 3))).toEqual(['500', '550', '552']);
  });

  it('MSNP: replies by transaction ID, an error code fails, MSG U expects no answer', async () => {
    const ops = (await run('msn/msnp8_login_chat.pcap')).filter((o) => o.kind === 'msnp');
    expect(brief(ops.find((o) => o.requestFrame === 14)!)).toBe('14>15 failed 911 Authentication failed');
    const unacknowledged = ops.filter((o) => / U \d+$/.test(o.summary));
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(unacknowledged.every((o) => o.severity === 'ok' && o.responseFrame === undefined)).toBe(true);
    expect(ops.find((o) => o.requestFrame === 8)!.client).toBe('127.0.0.103:52333');
  });

  it('DHCP: a reply answers the request with its transaction ID', async () => {
    const ops = await run('real/dhcp_inlease_renewal.pcapng');
    expect(ops.map(brief)).toEqual(['1>2 ok ACK']);
    expect(ops[0].summary).toBe('REQUEST xid 0x81bcc90f');
  });

  it('DNS: NXDOMAIN fails; a conversation names both ends', async () => {
    const ops = await run('apps/dns.pcap');
    const failed = ops.filter((o) => o.severity === 'failed');
    expect(failed.map((o) => `${o.summary} ${o.status}`)).toEqual(['A nothere.example.test NXDOMAIN']);
    expect(ops[0].conversationLabel).toMatch(/^UDP 127\.0\.0\.1:\d+ ↔ 127\.0\.0\.53:53$/);
  });
});
