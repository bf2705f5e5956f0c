import type { Conversation } from '../../src/msn/types';

/** A two-party conversation with formatting, a file, delivery marks, an error and a gap (for the transcript and view tests). */
export const conversation: Conversation = {
  stream: 3,
  client: 'ann@x.example',
  client_address: '10.0.0.1:5000',
  server: '10.0.0.9:1863',
  participants: [
    { account: 'ann@x.example', displayName: 'Ann <Å>' },
    { account: 'bo@y.example', displayName: 'Bo' },
  ],
  messages: [
    { frame: 10, time: 1110000000.5, from: 'bo@y.example', kind: 'join', text: '' },
    {
      frame: 12,
      time: 1110000001.25,
      from: 'ann@x.example',
      kind: 'message',
      text: 'hi <b>Bo</b> & co',
      trid: '4',
      ackType: 'A',
      delivery: 'ACK',
      deliveryLatency: 0.012,
      format: { font: 'Comic Sans MS', color: '#ff0000', effects: 'B' },
    },
    {
      frame: 14,
      time: 1110000002,
      from: 'bo@y.example',
      kind: 'file',
      text: 'a.zip',
      fileSize: 2048,
      invitation: 'INVITE',
      accepted: true,
    },
    {
      frame: 16,
      time: 1110000003,
      from: 'ann@x.example',
      kind: 'message',
      text: 'bye',
      trid: '5',
      ackType: 'A',
      delivery: 'NAK',
    },
  ],
  errors: [{ frame: 11, time: 1110000001, code: '217', trid: '3', meaning: 'Principal not online' }],
  invitations: [],
  gaps: [{ frame: 15, time: 1110000002.5, direction: 'server', missingBytes: 99 }],
  partial: false,
  firstFrame: 9,
  firstTime: 1110000000,
};
