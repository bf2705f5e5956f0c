import type { ChatEvent, ChatReport, Conversation, Login, PresenceEvent } from '../../msn/types';
import { conversationTitle, eventText, nameOf } from '../../msn/transcript';

/** One conversation as the list shows it. */
export interface ConversationSummary {
  index: number;
  title: string;
  stream: number;
  start: number;
  messages: number;
  /** Messages refused (NAK) or never acknowledged, numeric errors and capture gaps. */
  failures: number;
  partial: boolean;
  /** Messages matching the search (all when there is none). */
  hits: number;
}

export function failuresOf(c: Conversation): number {
  return (
    c.messages.filter((m) => m.delivery === 'NAK' || m.delivery === 'none').length + c.errors.length + c.gaps.length
  );
}

/** Whether an event matches a search (its text, sender, or what the transcript says of it). */
export function eventMatches(c: Conversation, e: ChatEvent, needle: string): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  const name = c.participants.find((p) => p.account === e.from)?.displayName ?? '';
  return `${e.text}\n${e.from}\n${name}\n${e.kind === 'message' ? '' : eventText(c, e)}`.toLowerCase().includes(n);
}

/** The conversations to list: all without a search, else those with a matching message, with their hit counts. */
export function listConversations(report: ChatReport, needle: string): ConversationSummary[] {
  const out: ConversationSummary[] = [];
  report.conversations.forEach((c, index) => {
    const hits = needle ? c.messages.filter((m) => eventMatches(c, m, needle)).length : c.messages.length;
    if (needle && hits === 0 && !conversationTitle(c).toLowerCase().includes(needle.toLowerCase())) return;
    out.push({
      index,
      title: conversationTitle(c),
      stream: c.stream,
      start: c.messages[0]?.time ?? c.firstTime,
      messages: c.messages.filter((m) => m.kind === 'message').length,
      failures: failuresOf(c),
      partial: c.partial,
      hits,
    });
  });
  return out;
}

/** One line of the logins and presence timeline. */
export interface TimelineEntry {
  frame: number;
  time: number;
  account: string;
  /** A presence status (NLN, BSY...), or LOGIN / FAILED for a sign-in. */
  status: string;
  text: string;
}

const STATUS: Record<string, string> = {
  NLN: 'online',
  BSY: 'busy',
  IDL: 'idle',
  BRB: 'be right back',
  AWY: 'away',
  PHN: 'on the phone',
  LUN: 'out to lunch',
  HDN: 'appears offline',
  FLN: 'offline',
};

export function statusText(status: string): string {
  return STATUS[status] ?? status;
}

function loginEntry(l: Login): TimelineEntry {
  const how = `${l.protocol || 'MSNP'}${l.client ? `, ${l.client}` : ''}`;
  const text = l.ok
    ? `signed in (${how})`
    : l.error
      ? `sign-in failed: ${l.error} ${l.errorMeaning ?? ''} (${how})`.trim()
      : `sign-in without answer (${how})`;
  return {
    frame: l.frame,
    time: l.time,
    account: l.account || '(unknown account)',
    status: l.ok ? 'LOGIN' : 'FAILED',
    text,
  };
}

function presenceEntry(p: PresenceEvent): TimelineEntry {
  const seen = p.command === 'CHG' ? 'sets status' : `seen on stream ${p.stream}:`;
  return {
    frame: p.frame,
    time: p.time,
    account: p.account,
    status: p.status,
    text: `${seen} ${statusText(p.status)}`,
  };
}

/** Logins and presence changes in capture order; a search keeps the lines that mention it. */
export function timeline(report: ChatReport, needle = ''): TimelineEntry[] {
  const all = [...report.logins.map(loginEntry), ...report.presence.map(presenceEntry)].sort(
    (a, b) => a.frame - b.frame,
  );
  const n = needle.toLowerCase();
  return n ? all.filter((e) => `${e.account} ${e.text}`.toLowerCase().includes(n)) : all;
}

/** "a.b@c" → a file name part ("a.b_c"). */
export function fileStem(c: Conversation): string {
  const who = c.participants.map((p) => p.account.split('@')[0]).join('-') || 'chat';
  return `msn-stream${c.stream}-${who}`.replace(/[^\w.-]+/g, '_');
}

/** "17:50:21" in UTC for a transcript line (the capture's own clock). */
export function timeOfDay(time: number): string {
  return new Date(Math.round(time * 1000)).toISOString().slice(11, 19);
}

/** CSS for a message's X-MMS-IM-Format. */
export function formatStyle(e: ChatEvent): string {
  const f = e.format;
  if (!f) return '';
  const style: string[] = [];
  if (f.font) style.push(`font-family: '${f.font.replace(/['\\;]/g, '')}', var(--sans)`);
  if (f.color && /^#[0-9a-f]{6}$/.test(f.color) && f.color !== '#000000') style.push(`color: ${f.color}`);
  if (f.effects?.includes('B')) style.push('font-weight: bold');
  if (f.effects?.includes('I')) style.push('font-style: italic');
  const deco = [f.effects?.includes('U') ? 'underline' : '', f.effects?.includes('S') ? 'line-through' : ''].filter(
    Boolean,
  );
  if (deco.length) style.push(`text-decoration: ${deco.join(' ')}`);
  return style.join('; ');
}

/** A line of the transcript: an event, or what the conversation's list of calls, errors and gaps adds in its place. */
export type TranscriptRow =
  | {
      type: 'event';
      frame: number;
      event: ChatEvent;
      /** The previous row was a message from the same sender. */ continued: boolean;
    }
  | { type: 'call'; frame: number; text: string; failed: boolean }
  | { type: 'error'; frame: number; text: string }
  | { type: 'gap'; frame: number; text: string };

/** Events, calls, errors and capture gaps of a conversation in frame order (events keep their own order). */
export function transcriptRows(c: Conversation): TranscriptRow[] {
  const extra: TranscriptRow[] = [
    ...c.invitations.map((i): TranscriptRow => ({
      type: 'call',
      frame: i.frame,
      failed: i.result !== undefined && i.result !== 'RINGING',
      text: `${nameOf(c, c.client)} invited ${nameOf(c, i.account)}${i.result === 'RINGING' ? '' : i.result ? `: error ${i.result}` : ''}`,
    })),
    ...c.errors
      .filter((e) => !c.invitations.some((i) => i.result === e.code && i.frame < e.frame))
      .map((e): TranscriptRow => ({ type: 'error', frame: e.frame, text: `Error ${e.code}: ${e.meaning}` })),
    ...c.gaps.map((g): TranscriptRow => ({
      type: 'gap',
      frame: g.frame,
      text: `${g.missingBytes} bytes sent by the ${g.direction} are missing from the capture here: messages may be lost.`,
    })),
  ].sort((a, b) => a.frame - b.frame);
  const rows: TranscriptRow[] = [];
  let k = 0;
  let previous: ChatEvent | undefined;
  for (const event of c.messages) {
    while (k < extra.length && extra[k].frame <= event.frame) {
      rows.push(extra[k++]);
      previous = undefined;
    }
    rows.push({
      type: 'event',
      frame: event.frame,
      event,
      continued: previous?.kind === 'message' && event.kind === 'message' && previous.from === event.from,
    });
    previous = event;
  }
  rows.push(...extra.slice(k));
  return rows;
}
