import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldRows, tcpFrame } from '../support/frames';
import { CORPUS, hasCorpus } from '../../support/corpus';
import { fieldsOf } from '../../support/run';

const FIELDS = ['nbss.length', 'smb2.cmd', 'smb2.filename', '_ws.col.Protocol', '_ws.col.Info', '_ws.malformed'];

/** An SMB2 header (MS-SMB2 2.2.1.2) for a command, little-endian, then the body. */
function smb2(command: number, messageId: number, body: number[], response = false, status = 0): number[] {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  header.set([0xfe, 0x53, 0x4d, 0x42]);
  view.setUint16(4, 64, true);
  view.setUint32(8, status, true);
  view.setUint16(12, command, true);
  view.setUint32(16, response ? 1 : 0, true);
  view.setUint32(24, messageId, true);
  return [...header, ...body];
}

const nbss = (pdu: number[]) =>
  Uint8Array.from([0, pdu.length >> 16, (pdu.length >> 8) & 255, pdu.length & 255, ...pdu]);
const utf16 = (s: string) => Array.from(s).flatMap((c) => [c.charCodeAt(0), 0]);

/** A CREATE request (MS-SMB2 2.2.13) for `name`, the name right after the 56 fixed body bytes. */
function createRequest(name: string): number[] {
  const body = new Array(56).fill(0);
  body[0] = 57;
  body[44] = 64 + 56;
  body[46] = name.length * 2;
  return [...body, ...utf16(name)];
}

describe('SMB2 dissector', () => {
  it('names a Create request and its response by the file', async () => {
    const response = new Array(88).fill(0);
    response[0] = 89;
    response.fill(7, 64, 80);
    const rows = await fieldRows(
      [
        tcpFrame(nbss(smb2(5, 9, createRequest('a.txt'))), 40000, 445, 1),
        tcpFrame(nbss(smb2(5, 9, response, true)), 445, 40000, 1),
      ],
      FIELDS,
    );
    expect(rows[0].slice(1)).toEqual(['5', 'a.txt', 'SMB2', 'Create Request File: a.txt', '']);
    expect(rows[1].slice(3, 5)).toEqual(['SMB2', 'Create Response File: a.txt']);
  });

  it('shows a failed response with its status name and no body', async () => {
    const rows = await fieldRows(
      [tcpFrame(nbss(smb2(5, 3, [9, 0, 0, 0, 0, 0, 0, 0, 0], true, 0xc0000034)), 445, 40000, 1)],
      FIELDS,
    );
    expect(rows[0].slice(3)).toEqual(['SMB2', 'Create Response, Error: STATUS_OBJECT_NAME_NOT_FOUND', '']);
  });

  it('keeps a session message spanning segments for the segment that completes it', async () => {
    const whole = nbss(smb2(5, 1, createRequest('big')));
    const rows = await fieldRows(
      [tcpFrame(whole.subarray(0, 40), 40000, 445, 1), tcpFrame(whole.subarray(40), 40000, 445, 41)],
      FIELDS,
    );
    expect(rows[0].slice(3, 5)).toEqual(['TCP', 'Session message [TCP segment of a reassembled PDU]']);
    expect(rows[1].slice(3, 5)).toEqual(['SMB2', 'Create Request File: big']);
  });

  it('marks a truncated SMB2 header and a name past the PDU malformed', async () => {
    const truncated = nbss([0xfe, 0x53, 0x4d, 0x42, 64, 0, 0, 0]);
    const badName = createRequest('x');
    badName[46] = 200;
    const rows = await fieldRows(
      [tcpFrame(truncated, 40000, 445, 1), tcpFrame(nbss(smb2(5, 2, badName)), 40000, 445, 13)],
      FIELDS,
    );
    expect(rows[0].slice(3, 5)).toEqual(['SMB2', '[Malformed Packet]']);
    expect(rows[1].slice(3, 5)).toEqual(['SMB2', 'Create Request[Malformed Packet]']);
  });

  it('leaves garbage on port 445 to NBSS', async () => {
    const rows = await fieldRows(
      [
        tcpFrame(Uint8Array.of(0x85, 0, 0, 0), 40000, 445, 1),
        tcpFrame(Uint8Array.of(0x42, 0, 0, 2, 1, 2), 40000, 445, 5),
      ],
      FIELDS,
    );
    expect(rows[0].slice(3, 5)).toEqual(['NBSS', 'Session keep-alive']);
    expect(rows[1].slice(3, 5)).toEqual(['NBSS', 'Unknown (0x42)']);
  });
});

describe.skipIf(!hasCorpus)('SMB2 on smb_guest.pcap', () => {
  it('agrees with tshark on names, sizes and offsets', async () => {
    const fields = [
      'frame.number',
      'smb2.tree',
      'smb2.filename',
      'smb2.read_length',
      'smb2.file_offset',
      'smb2.find.pattern',
      '_ws.col.Info',
    ];
    const { text } = await fieldsOf(join(CORPUS, 'apps/smb_guest.pcap'), fields);
    const rows = new Map(
      text
        .trim()
        .split('\n')
        .map((l) => [l.split('\t')[0], l.split('\t').slice(1)]),
    );
    expect(rows.get('10')!.at(-1)).toBe('Session Setup Request, NTLMSSP_AUTH, User: EXAMPLE\\guest');
    expect(rows.get('14')).toEqual([
      '\\\\127.0.0.1\\IPC$',
      '',
      '',
      '',
      '',
      'Ioctl Request FSCTL_DFS_GET_REFERRALS, File: \\127.0.0.1\\public',
    ]);
    expect(rows.get('23')!.slice(0, 2)).toEqual(['\\\\127.0.0.1\\public', '.,..,readme.txt,images,manual.pdf,docs']);
    expect(rows.get('56')).toEqual([
      '\\\\127.0.0.1\\public',
      '',
      '102400',
      '0',
      '',
      'Read Request Len:102400 Off:0 File: manual.pdf',
    ]);
    expect(rows.get('132')!.at(-1)).toBe('Read Response');
  });
});
