import { readCommands, frameAt, type DirectionBytes, type StreamCommand } from './direction';
import { contentType, decodeText, header, headerLines, parseImFormat, parseMime } from './mime';
import { slpCallId, slpFile, slpMessage } from './p2p';
import { bareAccount, errorMeaning, urlDecode } from './protocol';
import type {
  ChatError,
  ChatEvent,
  ChatReport,
  Conversation,
  Invitation,
  Login,
  Participant,
  PresenceEvent,
} from './types';

/** One MSNP TCP connection: its two directions, reassembled. */
export interface MsnConnection {
  stream: number;
  /** "address:port" of the client (the side that is not the server's port 1863, else the first sender). */
  clientAddress: string;
  serverAddress: string;
  toServer: DirectionBytes;
  toClient: DirectionBytes;
  /** The connection's first frame (conversations are ordered by it). */
  firstFrame: number;
}

/** A command with the direction it went. */
interface Sent extends StreamCommand {
  fromClient: boolean;
}

/** Commands of both directions in capture order: by the frame of their last byte, then byte order. */
export function commandsInOrder(c: Pick<MsnConnection, 'toServer' | 'toClient'>): {
  commands: Sent[];
  partial: boolean;
  gaps: { frame: number; fromClient: boolean; missing: number }[];
} {
  const up = readCommands(c.toServer);
  const down = readCommands(c.toClient);
  const commands: Sent[] = [
    ...up.commands.map((x) => ({ ...x, fromClient: true })),
    ...down.commands.map((x) => ({ ...x, fromClient: false })),
  ].sort((a, b) => a.frame - b.frame || a.start - b.start);
  // Skipped bytes at the very start (no gap): the capture began mid-session.
  const partial = up.skipped.some((s) => s.start === 0 && !s.gap) || down.skipped.some((s) => s.start === 0 && !s.gap);
  const gaps = [
    ...c.toServer.gaps.map((g) => ({ frame: g.frame, fromClient: true, missing: g.missing })),
    ...c.toClient.gaps.map((g) => ({ frame: g.frame, fromClient: false, missing: g.missing })),
  ].sort((a, b) => a.frame - b.frame);
  return { commands, partial, gaps };
}

const NS_ONLY = new Set([
  'VER',
  'CVR',
  'CHG',
  'ILN',
  'NLN',
  'FLN',
  'SYN',
  'LST',
  'LSG',
  'XFR',
  'RNG',
  'CHL',
  'QRY',
  'QNG',
  'PNG',
  'PRP',
  'BLP',
  'ADL',
  'ADC',
  'REM',
  'UUX',
  'UBX',
  'GCF',
  'GTC',
  'SBS',
  'UUN',
  'UBN',
  'NOT',
  'FQY',
]);
const SB_ONLY = new Set(['ANS', 'CAL', 'IRO', 'JOI', 'BYE', 'ACK', 'NAK']);

/** Whether a connection is a switchboard (chat) session rather than a notification server's. */
export function isSwitchboard(commands: readonly Sent[]): boolean {
  let ns = 0,
    sb = 0;
  for (const c of commands) {
    if (NS_ONLY.has(c.name)) ns++;
    else if (SB_ONLY.has(c.name)) sb++;
    else if (c.name === 'MSG' && c.fromClient && c.trid !== undefined) sb++;
    else if (c.name === 'MSG' && c.args[0] === 'Hotmail') ns++;
    else if (c.name === 'USR' && c.fromClient && c.args.length === 3 && c.args[1].includes('@')) sb++;
    else if (c.name === 'USR' && ['TWN', 'SSO', 'MD5'].includes(c.args[1])) ns++;
  }
  return sb > ns;
}

/** Reconstructs logins, presence and every switchboard conversation from a capture's MSNP connections. */
export function reconstructChats(connections: readonly MsnConnection[], timeOf: (frame: number) => number): ChatReport {
  const parsed = connections.map((c) => ({ connection: c, ...commandsInOrder(c) }));
  const names = new Map<string, string>();
  const accountsByAddress = new Map<string, Set<string>>();
  const logins: Login[] = [];
  const presence: PresenceEvent[] = [];
  const switchboards: typeof parsed = [];
  for (const p of parsed) {
    if (isSwitchboard(p.commands)) {
      switchboards.push(p);
      collectSwitchboardNames(p.commands, names);
    } else {
      notificationSession(p.connection, p.commands, timeOf, names, logins, presence, accountsByAddress);
    }
  }
  const relayedSenders = relayedMessageSenders(switchboards.flatMap((p) => p.commands));
  const conversations = switchboards
    .map((p) =>
      conversation(p.connection, p.commands, p.partial, p.gaps, timeOf, names, accountsByAddress, relayedSenders),
    )
    .sort((a, b) => a.firstFrame - b.firstFrame);
  inferOwnPresence(presence, connections, conversations, accountsByAddress);
  for (const login of logins) {
    const name = names.get(login.account);
    if (name !== undefined) login.displayName = name;
  }
  logins.sort((a, b) => a.frame - b.frame);
  presence.sort((a, b) => a.frame - b.frame || a.stream - b.stream);
  return { conversations, logins, presence };
}

const latin1 = new TextDecoder('latin1');

/**
 * A CHG on a notification connection whose login the capture missed names no account: it is the one account
 * seen from that client's address (its other logins or its switchboard connections), when there is just one.
 */
function inferOwnPresence(
  presence: PresenceEvent[],
  connections: readonly MsnConnection[],
  conversations: readonly Conversation[],
  accountsByAddress: Map<string, Set<string>>,
): void {
  if (!presence.some((p) => !p.account)) return;
  const accounts = new Map<string, Set<string>>();
  for (const [host, set] of accountsByAddress) accounts.set(host, new Set(set));
  for (const c of conversations) {
    if (!c.client) continue;
    const host = hostOf(c.client_address);
    if (!accounts.has(host)) accounts.set(host, new Set());
    accounts.get(host)!.add(c.client);
  }
  const addressOf = new Map(connections.map((c) => [c.stream, hostOf(c.clientAddress)]));
  for (const p of presence) {
    if (p.account) continue;
    const candidates = accounts.get(addressOf.get(p.stream) ?? '');
    if (candidates?.size === 1) p.account = [...candidates][0];
  }
}

/** Who sent each payload the switchboards relayed (payload text → account; the server relays MSGs verbatim). */
function relayedMessageSenders(commands: readonly Sent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of commands) {
    if (!c.fromClient && c.name === 'MSG' && c.trid === undefined && c.payload && c.args.length >= 3) {
      out.set(latin1.decode(c.payload), bareAccount(c.args[0]));
    }
  }
  return out;
}

function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon < 0 ? address : address.slice(0, colon);
}

function learnName(names: Map<string, string>, account: string | undefined, encoded: string | undefined): void {
  if (!account || encoded === undefined || !account.includes('@')) return;
  names.set(account, urlDecode(encoded));
}

function collectSwitchboardNames(commands: readonly Sent[], names: Map<string, string>): void {
  for (const c of commands) {
    if (c.fromClient) continue;
    if (c.name === 'IRO') learnName(names, bareAccount(c.args[3] ?? ''), c.args[4]);
    else if (c.name === 'JOI') learnName(names, bareAccount(c.args[0] ?? ''), c.args[1]);
    else if (c.name === 'MSG' && c.trid === undefined) learnName(names, bareAccount(c.args[0] ?? ''), c.args[1]);
    else if (c.name === 'USR' && c.args[1] === 'OK') learnName(names, bareAccount(c.args[2] ?? ''), c.args[3]);
  }
}

/** The display name after an account in ILN/NLN: skips an MSNP13+ network id word. */
function nameAfterAccount(args: readonly string[], accountIndex: number): string | undefined {
  let i = accountIndex + 1;
  if (/^\d+$/.test(args[i] ?? '') && args.length > i + 1 && !args[accountIndex].includes(':')) i++;
  return args[i];
}

function notificationSession(
  c: MsnConnection,
  commands: readonly Sent[],
  timeOf: (frame: number) => number,
  names: Map<string, string>,
  logins: Login[],
  presence: PresenceEvent[],
  accountsByAddress: Map<string, Set<string>>,
): void {
  let login: Login | undefined;
  let version = 0;
  const ensureLogin = (cmd: Sent): Login => {
    login ??= {
      stream: c.stream,
      account: '',
      protocol: '',
      client: '',
      ok: false,
      error: null,
      client_address: c.clientAddress,
      server: c.serverAddress,
      frame: cmd.frame,
      time: timeOf(cmd.frame),
    };
    return login;
  };
  const usrTrids = new Set<string>();
  for (const cmd of commands) {
    const a = cmd.args;
    if (cmd.fromClient) {
      if (cmd.name === 'VER') ensureLogin(cmd);
      else if (cmd.name === 'CVR' && a.length >= 7) ensureLogin(cmd).client = `${a[5]} ${a[6]}`;
      else if (cmd.name === 'USR' && a[2] === 'I') {
        const l = ensureLogin(cmd);
        l.account = bareAccount(a[3] ?? '');
        if (cmd.trid) usrTrids.add(cmd.trid);
      } else if (cmd.name === 'USR' && cmd.trid) usrTrids.add(cmd.trid);
      else if (cmd.name === 'CHG' && a[1]) {
        presence.push({
          frame: cmd.frame,
          time: timeOf(cmd.frame),
          stream: c.stream,
          account: login?.account ?? '',
          status: a[1],
          command: 'CHG',
        });
      } else if (cmd.name === 'PRP' && a[0] === 'MFN' && login?.account) learnName(names, login.account, a[1]);
      else if (cmd.name === 'PRP' && a[1] === 'MFN' && login?.account) learnName(names, login.account, a[2]);
      continue;
    }
    if (cmd.name === 'VER') {
      const chosen = a.find((w) => /^MSNP\d+$/.test(w));
      if (chosen) {
        ensureLogin(cmd).protocol = chosen;
        version = Number(chosen.slice(4));
      }
    } else if (cmd.name === 'USR' && a[1] === 'OK') {
      const l = ensureLogin(cmd);
      l.ok = true;
      l.error = null;
      if (!l.account) l.account = bareAccount(a[2] ?? '');
      // MSNP2-9 send the display name with OK; MSNP10+ do not ("USR 4 OK account 1 0").
      if ((version === 0 || version < 10) && a[3] !== undefined && !(version === 0 && /^\d$/.test(a[3]))) {
        learnName(names, l.account, a[3]);
      }
    } else if (
      cmd.error !== undefined &&
      login &&
      !login.ok &&
      ((cmd.trid && usrTrids.has(cmd.trid)) || cmd.error >= 900)
    ) {
      login.error = String(cmd.error);
      login.errorMeaning = errorMeaning(cmd.error);
    } else if (cmd.name === 'XFR' && a[1] === 'NS' && login && !login.ok) {
      login.redirect = a[2];
    } else if (cmd.name === 'ILN' && a.length >= 3) {
      const account = bareAccount(a[2]);
      learnName(names, account, nameAfterAccount(a, 2));
      presence.push({
        frame: cmd.frame,
        time: timeOf(cmd.frame),
        stream: c.stream,
        account,
        status: a[1],
        command: 'ILN',
      });
    } else if (cmd.name === 'NLN' && a.length >= 2) {
      const account = bareAccount(a[1]);
      learnName(names, account, nameAfterAccount(a, 1));
      presence.push({
        frame: cmd.frame,
        time: timeOf(cmd.frame),
        stream: c.stream,
        account,
        status: a[0],
        command: 'NLN',
      });
    } else if (cmd.name === 'FLN' && a.length >= 1) {
      presence.push({
        frame: cmd.frame,
        time: timeOf(cmd.frame),
        stream: c.stream,
        account: bareAccount(a[0]),
        status: 'FLN',
        command: 'FLN',
      });
    } else if (cmd.name === 'RNG' && a.length >= 6) {
      learnName(names, bareAccount(a[4]), a[5]);
    } else if (cmd.name === 'LST') {
      const n = a.find((w) => w.startsWith('N='));
      const f = a.find((w) => w.startsWith('F='));
      if (n && f) learnName(names, n.slice(2), f.slice(2));
      else if (a.length >= 2 && a[0].includes('@')) learnName(names, a[0], a[1]);
    }
  }
  if (login) {
    logins.push(login);
    if (login.account) {
      const host = hostOf(c.clientAddress);
      if (!accountsByAddress.has(host)) accountsByAddress.set(host, new Set());
      accountsByAddress.get(host)!.add(login.account);
    }
  }
}

function conversation(
  c: MsnConnection,
  commands: readonly Sent[],
  partial: boolean,
  gaps: { frame: number; fromClient: boolean; missing: number }[],
  timeOf: (frame: number) => number,
  names: Map<string, string>,
  accountsByAddress: Map<string, Set<string>>,
  relayedSenders: Map<string, string>,
): Conversation {
  let client = '';
  const localNames = new Map<string, string>();
  const order: string[] = [];
  const seen = (account: string | undefined, encodedName?: string) => {
    if (!account) return;
    if (!order.includes(account)) order.push(account);
    if (encodedName !== undefined && !localNames.has(account)) localNames.set(account, urlDecode(encodedName));
  };
  const messages: ChatEvent[] = [];
  const errors: ChatError[] = [];
  const invitations: Invitation[] = [];
  const pendingByTrid = new Map<string, ChatEvent>();
  const callsByTrid = new Map<string, Invitation>();
  const fileInvites = new Map<string, ChatEvent>();
  // Own MSGs are sent before the client is known when the capture starts mid-session: fill "from" afterwards.
  const ownEvents: ChatEvent[] = [];
  const ownPayloads: Uint8Array[] = [];

  for (const cmd of commands) {
    const a = cmd.args;
    const time = timeOf(cmd.frame);
    if (cmd.fromClient) {
      if (cmd.name === 'USR' && a.length >= 3) {
        client = bareAccount(a[1]);
        seen(client);
      } else if (cmd.name === 'ANS' && a.length >= 3) {
        client = bareAccount(a[1]);
        seen(client);
      } else if (cmd.name === 'CAL' && a.length >= 2) {
        const inv: Invitation = { frame: cmd.frame, time, account: bareAccount(a[1]) };
        invitations.push(inv);
        if (cmd.trid) callsByTrid.set(cmd.trid, inv);
      } else if (cmd.name === 'OUT') {
        const e: ChatEvent = { frame: cmd.frame, time, from: client, kind: 'leave', text: '' };
        messages.push(e);
        ownEvents.push(e);
      } else if (cmd.name === 'MSG' && cmd.payload) {
        ownPayloads.push(cmd.payload);
        const e = messageEvent(cmd, client, time, fileInvites);
        if (e) {
          e.trid = cmd.trid;
          e.ackType = a[1];
          if (a[1] === 'A' || a[1] === 'D') e.delivery = 'none';
          if (cmd.trid) pendingByTrid.set(cmd.trid, e);
          if (e.kind === 'typing' && !client && e.text) {
            client = e.text;
            seen(client);
          }
          if (e.kind === 'typing') e.text = '';
          messages.push(e);
          ownEvents.push(e);
        }
      }
      continue;
    }
    if (cmd.name === 'USR' && a[1] === 'OK') {
      client ||= bareAccount(a[2] ?? '');
      seen(bareAccount(a[2] ?? ''), a[3]);
    } else if (cmd.name === 'IRO' && a.length >= 4) seen(bareAccount(a[3]), a[4]);
    else if (cmd.name === 'JOI' && a.length >= 1) {
      const account = bareAccount(a[0]);
      seen(account, a[1]);
      messages.push({ frame: cmd.frame, time, from: account, kind: 'join', text: '' });
    } else if (cmd.name === 'BYE' && a.length >= 1) {
      messages.push({ frame: cmd.frame, time, from: bareAccount(a[0]), kind: 'leave', text: '' });
    } else if (cmd.name === 'CAL' && a[1] === 'RINGING' && cmd.trid) {
      const inv = callsByTrid.get(cmd.trid);
      if (inv) inv.result = 'RINGING';
    } else if ((cmd.name === 'ACK' || cmd.name === 'NAK') && cmd.trid) {
      const e = pendingByTrid.get(cmd.trid);
      if (e) {
        e.delivery = cmd.name;
        e.deliveryFrame = cmd.frame;
        e.deliveryLatency = round6(time - e.time);
        pendingByTrid.delete(cmd.trid);
      }
    } else if (cmd.error !== undefined) {
      errors.push({
        frame: cmd.frame,
        time,
        code: String(cmd.error),
        ...(cmd.trid ? { trid: cmd.trid } : {}),
        meaning: errorMeaning(cmd.error),
      });
      const inv = cmd.trid ? callsByTrid.get(cmd.trid) : undefined;
      if (inv) inv.result = String(cmd.error);
    } else if (cmd.name === 'MSG' && cmd.payload && a.length >= 3) {
      const from = bareAccount(a[0]);
      seen(from, a[1]);
      const e = messageEvent(cmd, from, time, fileInvites);
      if (e) {
        if (e.kind === 'typing') e.text = '';
        messages.push(e);
      }
    }
  }
  if (!client) {
    // Mid-session: the account its notification connection logged in from the same address, if only one did.
    const candidates = accountsByAddress.get(hostOf(c.clientAddress));
    if (candidates?.size === 1) client = [...candidates][0];
  }
  if (!client) {
    // Or the sender another client's switchboard names for one of this client's own messages.
    for (const payload of ownPayloads) {
      const sender = relayedSenders.get(latin1.decode(payload));
      if (sender) {
        client = sender;
        break;
      }
    }
  }
  if (client) {
    for (const e of ownEvents) if (!e.from) e.from = client;
    order.splice(order.indexOf(client) >= 0 ? order.indexOf(client) : 0, order.indexOf(client) >= 0 ? 1 : 0);
    order.unshift(client);
  }
  for (const e of messages) if (e.from && !order.includes(e.from)) order.push(e.from);
  const participants: Participant[] = order.map((account) => ({
    account,
    displayName: localNames.get(account) ?? names.get(account) ?? '',
  }));
  const firstTime = timeOf(c.firstFrame);
  return {
    stream: c.stream,
    client,
    client_address: c.clientAddress,
    server: c.serverAddress,
    participants,
    messages,
    errors,
    invitations,
    gaps: gaps.map((g) => ({
      frame: g.frame,
      time: timeOf(g.frame),
      direction: g.fromClient ? 'client' : 'server',
      missingBytes: g.missing,
    })),
    partial,
    firstFrame: c.firstFrame,
    firstTime,
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const DATACAST: Record<string, string> = { '1': 'nudge', '2': 'wink', '3': 'voice clip', '4': 'action message' };

/**
 * What one MSG payload means in a conversation, or undefined for what a transcript leaves out (client
 * capabilities, keep-alives, P2P data chunks). A typing event's text holds the TypingUser until the caller
 * clears it (it names the client when the capture starts mid-session).
 */
function messageEvent(
  cmd: Sent,
  from: string,
  time: number,
  fileInvites: Map<string, ChatEvent>,
): ChatEvent | undefined {
  const mime = parseMime(cmd.payload!);
  const ct = contentType(header(mime.headers, 'Content-Type'));
  const base = { frame: cmd.frame, time, from };
  switch (ct.type) {
    case 'text/plain': {
      const e: ChatEvent = { ...base, kind: 'message', text: decodeText(mime.body, ct.charset) };
      const format = header(mime.headers, 'X-MMS-IM-Format');
      if (format) e.format = parseImFormat(format);
      return e;
    }
    case 'text/x-msmsgscontrol':
      return { ...base, kind: 'typing', text: bareAccount(header(mime.headers, 'TypingUser') ?? '') };
    case 'text/x-msnmsgr-datacast': {
      const fields = headerLines(decodeText(mime.body));
      const id = header(fields, 'ID') ?? '';
      if (id === '1') return { ...base, kind: 'nudge', text: '' };
      return { ...base, kind: 'control', text: '', control: DATACAST[id] ?? `datacast ${id}`, contentType: ct.type };
    }
    case 'text/x-msmsgsinvite': {
      const fields = headerLines(decodeText(mime.body, ct.charset));
      const command = (header(fields, 'Invitation-Command') ?? '').toUpperCase();
      const cookie = header(fields, 'Invitation-Cookie') ?? '';
      const file = header(fields, 'Application-File');
      if (command === 'INVITE') {
        const size = Number(header(fields, 'Application-FileSize') ?? '');
        const e: ChatEvent = {
          ...base,
          kind: 'file',
          text: file ?? header(fields, 'Application-Name') ?? '',
          invitation: 'INVITE',
        };
        if (Number.isFinite(size) && header(fields, 'Application-FileSize') !== undefined) e.fileSize = size;
        if (cookie) fileInvites.set(cookie, e);
        return e;
      }
      const invite = fileInvites.get(cookie);
      if (invite && (command === 'ACCEPT' || command === 'CANCEL')) {
        invite.accepted = command === 'ACCEPT';
        return undefined;
      }
      return {
        ...base,
        kind: 'file',
        text: file ?? '',
        invitation: command || 'UNKNOWN',
        ...(command === 'ACCEPT' ? { accepted: true } : command === 'CANCEL' ? { accepted: false } : {}),
      };
    }
    case 'application/x-msnmsgrp2p': {
      const slp = slpMessage(mime.body);
      if (!slp) return undefined;
      const callId = slpCallId(slp) ?? '';
      const file = slpFile(slp);
      if (file) {
        const e: ChatEvent = {
          ...base,
          kind: 'file',
          text: file.fileName,
          fileSize: file.fileSize,
          invitation: 'INVITE',
        };
        if (callId) fileInvites.set(`p2p:${callId}`, e);
        return e;
      }
      const invite = fileInvites.get(`p2p:${callId}`);
      if (invite && (slp.method === '200' || slp.method === '603')) invite.accepted = slp.method === '200';
      return undefined;
    }
    default:
      return undefined;
  }
}

export { frameAt };
