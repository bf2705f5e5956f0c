import { describe, expect, it } from 'vitest';
import { deliveryText, reportText, transcriptHtml, transcriptText } from '../../src/msn/transcript';
import { conversation } from './sample-conversation';

describe('transcripts', () => {
  it('writes plain text a line per event, errors and gaps in frame order', () => {
    expect(transcriptText(conversation).split('\n').slice(2, 8)).toEqual([
      '[2005-03-05 05:20:00.500] #10 * Bo joined the conversation',
      '[2005-03-05 05:20:01.000] #11 !! error 217: Principal not online',
      '[2005-03-05 05:20:01.250] #12 Ann <Å>: hi <b>Bo</b> & co  [ACK 0.012 s]',
      '[2005-03-05 05:20:02.000] #14 * Bo offers the file a.zip (2.0 KB), accepted',
      '[2005-03-05 05:20:02.500] #15 !! 99 bytes sent by the server are missing from the capture: messages may be lost',
      '[2005-03-05 05:20:03.000] #16 Ann <Å>: bye  [NAK]',
    ]);
  });

  it('writes HTML with text escaped and the message font, colour and effects', () => {
    const html = transcriptHtml(conversation);
    expect(html).toContain('<b>Ann &#60;Å&#62;</b> says:');
    expect(html).toContain('hi &#60;b&#62;Bo&#60;/b&#62; &#38; co');
    expect(html).toContain('font-family:&#39;Comic Sans MS&#39;;color:#ff0000;font-weight:bold');
    expect(html).not.toContain('<b>Bo</b>');
  });

  it('names delivery and says when a capture has no MSN traffic', () => {
    expect(deliveryText(conversation.messages[1])).toBe('ACK 0.012 s');
    expect(deliveryText({ ...conversation.messages[1], delivery: 'none' })).toBe('no acknowledgement');
    expect(reportText({ conversations: [], logins: [], presence: [] })).toBe(
      'No MSN Messenger traffic in this capture.\n',
    );
  });
});
