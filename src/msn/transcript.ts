import type { ChatEvent, ChatReport, Conversation, Login, PresenceEvent } from './types';

/** "2005-03-05 06:40:02.430" (UTC, milliseconds) for an epoch time. */
export function clockText(time: number): string {
  const d = new Date(Math.round(time * 1000));
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** An account's display name in a conversation, or the account itself. */
export function nameOf(conversation: Conversation, account: string): string {
  return conversation.participants.find((p) => p.account === account)?.displayName || account || '(unknown)';
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One event as a transcript line's text (without time and sender for messages). */
export function eventText(conversation: Conversation, e: ChatEvent): string {
  const who = nameOf(conversation, e.from);
  switch (e.kind) {
    case 'message':
      return e.text;
    case 'typing':
      return `${who} is typing…`;
    case 'join':
      return `${who} joined the conversation`;
    case 'leave':
      return `${who} left the conversation`;
    case 'nudge':
      return `${who} sent a nudge`;
    case 'file': {
      const size = e.fileSize !== undefined ? ` (${fileSize(e.fileSize)})` : '';
      const answer = e.accepted === true ? ', accepted' : e.accepted === false ? ', declined' : '';
      if (e.invitation && e.invitation !== 'INVITE')
        return `${who}: file transfer ${e.invitation.toLowerCase()} ${e.text}`;
      return `${who} offers the file ${e.text}${size}${answer}`;
    }
    case 'control':
      return `${who} sent a ${e.control ?? 'control message'}`;
  }
}

/** The delivery mark of a message: "ACK 0.012 s", "NAK", "no ACK". */
export function deliveryText(e: ChatEvent): string {
  if (!e.delivery) return '';
  if (e.delivery === 'none') return 'no acknowledgement';
  return e.deliveryLatency !== undefined ? `${e.delivery} ${e.deliveryLatency.toFixed(3)} s` : e.delivery;
}

export function conversationTitle(c: Conversation): string {
  const names = c.participants.map((p) => p.displayName || p.account);
  return names.length ? names.join(', ') : `stream ${c.stream}`;
}

/** A conversation as plain text, a line per event. */
export function transcriptText(c: Conversation): string {
  const lines = [
    `Conversation on TCP stream ${c.stream}: ${c.client || '(unknown client)'} (${c.client_address}) with switchboard ${c.server}`,
    `Participants: ${c.participants.map((p) => `${p.displayName || p.account} <${p.account}>`).join(', ')}`,
  ];
  if (c.partial) lines.push('(the capture starts after this conversation began)');
  const events: { frame: number; line: string }[] = c.messages.map((e) => {
    const mark = deliveryText(e);
    const body = e.kind === 'message' ? `${nameOf(c, e.from)}: ${e.text}` : `* ${eventText(c, e)}`;
    return { frame: e.frame, line: `[${clockText(e.time)}] #${e.frame} ${body}${mark ? `  [${mark}]` : ''}` };
  });
  for (const g of c.gaps)
    events.push({
      frame: g.frame,
      line: `[${clockText(g.time)}] #${g.frame} !! ${g.missingBytes} bytes sent by the ${g.direction} are missing from the capture: messages may be lost`,
    });
  for (const err of c.errors)
    events.push({
      frame: err.frame,
      line: `[${clockText(err.time)}] #${err.frame} !! error ${err.code}: ${err.meaning}`,
    });
  events.sort((a, b) => a.frame - b.frame);
  return [...lines, ...events.map((e) => e.line)].join('\n') + '\n';
}

function loginLine(l: Login): string {
  const result = l.ok
    ? 'signed in'
    : l.error
      ? `failed: ${l.error} ${l.errorMeaning ?? ''}`.trim()
      : l.redirect
        ? `redirected to ${l.redirect}`
        : 'no answer';
  return `[${clockText(l.time)}] #${l.frame} login ${l.account || '(unknown account)'} ${l.protocol} ${l.client} from ${l.client_address}: ${result}`;
}

function presenceLine(p: PresenceEvent): string {
  return `[${clockText(p.time)}] #${p.frame} ${p.account} ${p.status} (${p.command} on stream ${p.stream})`;
}

/** The whole report as readable text: logins, presence, then every conversation. */
export function reportText(report: ChatReport): string {
  const parts: string[] = [];
  if (report.logins.length) parts.push('Logins\n' + report.logins.map(loginLine).join('\n') + '\n');
  if (report.presence.length) parts.push('Presence\n' + report.presence.map(presenceLine).join('\n') + '\n');
  for (const c of report.conversations) parts.push(transcriptText(c));
  if (parts.length === 0) return 'No MSN Messenger traffic in this capture.\n';
  return parts.join('\n');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A conversation as a standalone HTML page, messages in their font and colour. */
export function transcriptHtml(c: Conversation): string {
  const rows = c.messages.map((e) => {
    const time = escapeHtml(clockText(e.time));
    const mark = deliveryText(e);
    const markHtml = mark ? ` <span class="mark">${escapeHtml(mark)}</span>` : '';
    if (e.kind !== 'message')
      return `<p class="event"><span class="time">${time}</span> ${escapeHtml(eventText(c, e))}${markHtml}</p>`;
    const style: string[] = [];
    if (e.format?.font) style.push(`font-family:${cssString(e.format.font)}`);
    if (e.format?.color) style.push(`color:${e.format.color}`);
    if (e.format?.effects?.includes('B')) style.push('font-weight:bold');
    if (e.format?.effects?.includes('I')) style.push('font-style:italic');
    const deco = [
      e.format?.effects?.includes('U') ? 'underline' : '',
      e.format?.effects?.includes('S') ? 'line-through' : '',
    ].filter(Boolean);
    if (deco.length) style.push(`text-decoration:${deco.join(' ')}`);
    return `<p class="message"><span class="time">${time}</span> <b>${escapeHtml(nameOf(c, e.from))}</b> says:<br><span style="${escapeHtml(style.join(';'))}">${escapeHtml(e.text)}</span>${markHtml}</p>`;
  });
  const title = escapeHtml(conversationTitle(c));
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px sans-serif;max-width:50em;margin:2em auto}p{margin:.4em 0;white-space:pre-wrap}.time{color:#888;font-size:12px}.event{color:#666;font-style:italic}.mark{color:#2a7;font-size:12px}</style>
</head><body>
<h1>${title}</h1>
<p>TCP stream ${c.stream}, ${escapeHtml(c.client_address)} with switchboard ${escapeHtml(c.server)}</p>
${rows.join('\n')}
</body></html>
`;
}

function cssString(s: string): string {
  return `'${s.replace(/['\\]/g, '')}'`;
}
