import { describe, expect, it } from 'vitest';
import { reconstructChats, type MsnConnection } from '../../src/msn/chat';
import { directionBytes, type DirectionPiece } from '../../src/msn/direction';

const enc = (s: string) => new TextEncoder().encode(s);

/** A connection from its segments in capture order: [frame, 'c' (client sent) | 's', text]. */
function connection(stream: number, segments: [number, 'c' | 's', string | DirectionPiece][]): MsnConnection {
  const up: DirectionPiece[] = [],
    down: DirectionPiece[] = [];
  for (const [frame, who, data] of segments)
    (who === 'c' ? up : down).push(typeof data === 'string' ? { frame, bytes: enc(data) } : data);
  return {
    stream,
    clientAddress: `10.0.0.${stream}:5000`,
    serverAddress: '10.0.0.99:1863',
    toServer: directionBytes(up),
    toClient: directionBytes(down),
    firstFrame: segments[0][0],
  };
}

const msg = (head: string, body: string) => `${head} ${enc(body).length}\r\n${body}`;
const text = (t: string, format = 'FN=Arial; EF=B; CO=ff; CS=0; PF=0') =>
  `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: ${format}\r\n\r\n${t}`;
const typing = (who: string) =>
  `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: ${who}\r\n\r\n\r\n`;
const nudge = 'MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n';
const invite = (cmd: string, extra = '') =>
  `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\nApplication-Name: File Transfer\r\nInvitation-Command: ${cmd}\r\nInvitation-Cookie: 42\r\n${extra}\r\n`;
const time = (frame: number) => 1000 + frame / 10;

const ns = connection(0, [
  [1, 'c', 'VER 1 MSNP8 MSNP7 CVR0\r\n'],
  [2, 's', 'VER 1 MSNP8 CVR0\r\n'],
  [3, 'c', 'CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS ann@x.example\r\n'],
  [4, 's', 'CVR 2 6.2 6.2 6.2 a b\r\n'],
  [5, 'c', 'USR 3 TWN I ann@x.example\r\n'],
  [6, 's', 'USR 3 TWN S lc=1033\r\n'],
  [7, 'c', 'USR 4 TWN S t=1\r\n'],
  [8, 's', 'USR 4 OK ann@x.example Ann%20%C3%85 1 0\r\n'],
  [9, 'c', 'CHG 5 NLN 0\r\n'],
  [10, 's', 'CHG 5 NLN 0\r\nILN 5 AWY bo@y.example Bo%20%E2%9C%93 0\r\n'],
  [11, 's', 'NLN BSY bo@y.example Bo 0\r\n'],
  [12, 's', 'FLN bo@y.example\r\n'],
]);
const failed = connection(1, [
  [13, 'c', 'VER 1 MSNP15 CVR0\r\n'],
  [14, 's', 'VER 1 MSNP15 CVR0\r\n'],
  [15, 'c', 'USR 2 SSO I eve@x.example\r\n'],
  [16, 's', '911 2\r\n'],
]);
const sb = connection(2, [
  [20, 'c', 'USR 1 ann@x.example 123.456\r\n'],
  [21, 's', 'USR 1 OK ann@x.example Ann%20%C3%85\r\n'],
  [22, 'c', 'CAL 2 bo@y.example\r\n'],
  [23, 's', 'CAL 2 RINGING 99\r\n'],
  [24, 'c', 'CAL 3 zed@y.example\r\n'],
  [25, 's', '217 3\r\n'],
  [26, 's', 'JOI bo@y.example Bo%20%E2%9C%93\r\n'],
  [27, 'c', msg('MSG 4 U', typing('ann@x.example')) + msg('MSG 5 A', text('hello Bo ☕'))],
  [28, 's', 'ACK 5\r\n'],
  [29, 's', msg('MSG bo@y.example Bo%20%E2%9C%93', nudge)],
  [30, 'c', msg('MSG 6 N', invite('INVITE', 'Application-File: a.zip\r\nApplication-FileSize: 1234\r\n'))],
  [31, 's', msg('MSG bo@y.example Bo%20%E2%9C%93', invite('ACCEPT'))],
  [32, 'c', msg('MSG 7 A', text('still there?'))],
  [33, 's', 'BYE bo@y.example\r\n'],
  [34, 'c', msg('MSG 8 A', text('bye'))],
  [35, 's', 'NAK 8\r\n'],
  [36, 'c', 'OUT\r\n'],
]);

describe('chat reconstruction', () => {
  const report = reconstructChats([ns, failed, sb], time);

  it('reports logins: protocol chosen, client version, success or the error and its meaning', () => {
    expect(report.logins.map((l) => [l.account, l.protocol, l.client, l.ok, l.error])).toEqual([
      ['ann@x.example', 'MSNP8', 'MSNMSGR 6.2.0208', true, null],
      ['eve@x.example', 'MSNP15', '', false, '911'],
    ]);
    expect(report.logins[1].errorMeaning).toBe('Authentication failed');
    expect(report.logins[0].displayName).toBe('Ann Å');
  });

  it('reports presence: own CHG, then ILN/NLN/FLN received', () => {
    expect(report.presence.map((p) => [p.frame, p.account, p.status, p.command])).toEqual([
      [9, 'ann@x.example', 'NLN', 'CHG'],
      [10, 'bo@y.example', 'AWY', 'ILN'],
      [11, 'bo@y.example', 'BSY', 'NLN'],
      [12, 'bo@y.example', 'FLN', 'FLN'],
    ]);
  });

  it('rebuilds the conversation: participants, events in order with their frames', () => {
    const [c] = report.conversations;
    expect(c.client).toBe('ann@x.example');
    expect(c.participants).toEqual([
      { account: 'ann@x.example', displayName: 'Ann Å' },
      { account: 'bo@y.example', displayName: 'Bo ✓' },
    ]);
    expect(c.messages.map((m) => [m.frame, m.from, m.kind, m.text])).toEqual([
      [26, 'bo@y.example', 'join', ''],
      [27, 'ann@x.example', 'typing', ''],
      [27, 'ann@x.example', 'message', 'hello Bo ☕'],
      [29, 'bo@y.example', 'nudge', ''],
      [30, 'ann@x.example', 'file', 'a.zip'],
      [32, 'ann@x.example', 'message', 'still there?'],
      [33, 'bo@y.example', 'leave', ''],
      [34, 'ann@x.example', 'message', 'bye'],
      [36, 'ann@x.example', 'leave', ''],
    ]);
  });

  it('gives each own message its delivery: ACK with latency, NAK, none', () => {
    const m = report.conversations[0].messages;
    expect(m[2]).toMatchObject({ trid: '5', ackType: 'A', delivery: 'ACK', deliveryFrame: 28 });
    expect(m[2].deliveryLatency).toBeCloseTo(0.1, 6);
    expect(m[5].delivery).toBe('none');
    expect(m[7].delivery).toBe('NAK');
    expect(m[1].delivery).toBeUndefined();
  });

  it('keeps formatting, file size and the answer to a file invitation', () => {
    const m = report.conversations[0].messages;
    expect(m[2].format).toMatchObject({ font: 'Arial', effects: 'B', color: '#ff0000' });
    expect(m[4]).toMatchObject({ fileSize: 1234, invitation: 'INVITE', accepted: true });
  });

  it('lists invitations and numeric errors with their meaning', () => {
    const c = report.conversations[0];
    expect(c.invitations.map((i) => [i.account, i.result])).toEqual([
      ['bo@y.example', 'RINGING'],
      ['zed@y.example', '217'],
    ]);
    expect(c.errors).toEqual([{ frame: 25, time: time(25), code: '217', trid: '3', meaning: 'Principal not online' }]);
  });

  it('shows a conversation whose start is missing, with the client inferred from its own typing', () => {
    const late = connection(5, [
      [50, 'c', ' there\r\n'],
      [51, 's', msg('MSG bo@y.example Bo', text('hi'))],
      [52, 'c', msg('MSG 9 U', typing('ann@x.example'))],
    ]);
    const [c] = reconstructChats([late], time).conversations;
    expect(c.partial).toBe(true);
    expect(c.client).toBe('ann@x.example');
    expect(c.participants.map((p) => p.account)).toEqual(['ann@x.example', 'bo@y.example']);
  });

  it('flags bytes lost in a capture gap', () => {
    const gappy = connection(6, [
      [60, 'c', 'USR 1 ann@x.example 1.2\r\n'],
      [61, 'c', { frame: 62, missing: 120 }],
      [62, 'c', msg('MSG 3 A', text('after'))],
    ]);
    const [c] = reconstructChats([gappy], time).conversations;
    expect(c.gaps).toEqual([{ frame: 62, time: time(62), direction: 'client', missingBytes: 120 }]);
    expect(c.messages.map((m) => m.text)).toEqual(['after']);
  });

  it('reads an MSNP7 MD5 login and MSNP18 switchboard accounts with endpoints', () => {
    const md5 = connection(7, [
      [70, 'c', 'VER 1 MSNP7 MSNP6 CVR0\r\n'],
      [71, 's', 'VER 1 MSNP7\r\n'],
      [72, 'c', 'USR 2 MD5 I old@x.example\r\n'],
      [73, 's', 'USR 2 MD5 S 1013928519.693957190\r\n'],
      [74, 'c', 'USR 3 MD5 S 23e54e7d0e7c6bb6d36d3d4ad4e4f41b\r\n'],
      [75, 's', 'USR 3 OK old@x.example Old%20Timer\r\n'],
    ]);
    const sb18 = connection(8, [
      [80, 'c', 'USR 1 new@x.example;{11111111-2222-3333-4444-555555555555} 9.9\r\n'],
      [81, 's', 'USR 1 OK new@x.example;{11111111-2222-3333-4444-555555555555} New 2789003324:48\r\n'],
      [82, 's', 'JOI bo@y.example;{66666666-2222-3333-4444-555555555555} Bo 2789003324:48\r\n'],
      [83, 's', msg('MSG bo@y.example;{66666666-2222-3333-4444-555555555555} Bo', text('hey'))],
    ]);
    const r = reconstructChats([md5, sb18], time);
    expect(r.logins.map((l) => [l.account, l.protocol, l.ok, l.displayName])).toEqual([
      ['old@x.example', 'MSNP7', true, 'Old Timer'],
    ]);
    const [c] = r.conversations;
    expect(c.client).toBe('new@x.example');
    expect(c.participants).toEqual([
      { account: 'new@x.example', displayName: 'New' },
      { account: 'bo@y.example', displayName: 'Bo' },
    ]);
    expect(c.messages.map((m) => [m.from, m.kind, m.text])).toEqual([
      ['bo@y.example', 'join', ''],
      ['bo@y.example', 'message', 'hey'],
    ]);
  });

  it("names the account of a CHG whose login the capture missed from the same address's switchboard client", () => {
    const lateNs = connection(9, [
      [90, 'c', 'CHG 12 AWY 0\r\n'],
      [91, 's', 'CHG 12 AWY 0\r\n'],
    ]);
    const sbSameHost = {
      ...connection(10, [[92, 'c', 'USR 1 ann@x.example 1.2\r\n']]),
      clientAddress: '10.0.0.9:6000',
    };
    const r = reconstructChats([lateNs, sbSameHost], time);
    expect(r.presence).toEqual([
      { frame: 90, time: time(90), stream: 9, account: 'ann@x.example', status: 'AWY', command: 'CHG' },
    ]);
  });
});
