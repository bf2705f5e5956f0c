import { describe, expect, it } from 'vitest';
import { fileStem, formatStyle, listConversations, timeline, transcriptRows } from '../../../src/ui/chats/chat-view';
import type { ChatReport } from '../../../src/msn/types';
import { conversation } from '../../msn/sample-conversation';

const report: ChatReport = {
  conversations: [
    conversation,
    { ...conversation, stream: 4, messages: conversation.messages.slice(0, 1), errors: [], gaps: [], partial: true },
  ],
  logins: [
    {
      stream: 0,
      account: 'eve@x.example',
      protocol: 'MSNP8',
      client: 'MSNMSGR 6.2',
      ok: false,
      error: '911',
      errorMeaning: 'Authentication failed',
      client_address: '',
      server: '',
      frame: 2,
      time: 1,
    },
  ],
  presence: [{ frame: 5, time: 2, stream: 1, account: 'bo@y.example', status: 'AWY', command: 'NLN' }],
};

describe("the Chats view's lists", () => {
  it('summarises conversations: messages, failures (NAK, errors, gaps), partial', () => {
    expect(listConversations(report, '').map((s) => [s.stream, s.title, s.messages, s.failures, s.partial])).toEqual([
      [3, 'Ann <Å>, Bo', 2, 3, false],
      [4, 'Ann <Å>, Bo', 0, 0, true],
    ]);
  });

  it('searches across conversations by text and by what an event says', () => {
    expect(listConversations(report, 'BYE').map((s) => [s.stream, s.hits])).toEqual([[3, 1]]);
    expect(listConversations(report, 'joined').map((s) => [s.stream, s.hits])).toEqual([
      [3, 1],
      [4, 1],
    ]);
    expect(listConversations(report, 'nothing like it')).toEqual([]);
  });

  it('puts logins and presence on one timeline', () => {
    expect(timeline(report).map((e) => [e.frame, e.status, e.text])).toEqual([
      [2, 'FAILED', 'sign-in failed: 911 Authentication failed (MSNP8, MSNMSGR 6.2)'],
      [5, 'AWY', 'seen on stream 1: away'],
    ]);
    expect(timeline(report, 'bo@').map((e) => e.frame)).toEqual([5]);
  });

  it('gives a message its CSS and a conversation a file name', () => {
    expect(formatStyle(conversation.messages[1])).toBe(
      "font-family: 'Comic Sans MS', var(--sans); color: #ff0000; font-weight: bold",
    );
    expect(fileStem(conversation)).toBe('msn-stream3-ann-bo');
  });

  it('interleaves calls, errors and capture gaps with the events by frame', () => {
    const rows = transcriptRows(conversation);
    expect(rows.map((r) => [r.type, r.frame])).toEqual([
      ['event', 10],
      ['error', 11],
      ['event', 12],
      ['event', 14],
      ['gap', 15],
      ['event', 16],
    ]);
    const withCall = transcriptRows({
      ...conversation,
      invitations: [{ frame: 9, time: 0, account: 'zed@z.example', result: '217' }],
      errors: [{ ...conversation.errors[0] }],
    });
    expect(withCall.filter((r) => r.type !== 'event').map((r) => [r.type, r.frame, 'text' in r ? r.text : ''])).toEqual(
      [
        ['call', 9, 'Ann <Å> invited zed@z.example: error 217'],
        ['gap', 15, '99 bytes sent by the server are missing from the capture here: messages may be lost.'],
      ],
    );
    const continued = transcriptRows({
      ...conversation,
      errors: [],
      gaps: [],
      messages: [conversation.messages[1], { ...conversation.messages[1], frame: 13 }],
    });
    expect(continued.map((r) => r.type === 'event' && r.continued)).toEqual([false, true]);
  });
});
