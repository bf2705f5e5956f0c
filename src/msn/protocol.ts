/**
 * MSNP (MSN Messenger / Windows Live Messenger, protocol versions 2 to 21) command syntax, shared by the
 * dissector and the chat reconstruction: a command is one CRLF-terminated line of space-separated words,
 * `CMD [TrID] args...`; some commands carry a payload whose length in bytes is their last argument.
 */

/** Commands MSNP2-MSNP21 use, with a short meaning (the tree shows it). */
export const COMMANDS: Record<string, string> = {
  ACK: 'Message acknowledged',
  ADC: 'Add contact',
  ADD: 'Add contact',
  ADG: 'Add group',
  ADL: 'Add contacts (XML list)',
  ANS: 'Answer switchboard invitation',
  ATH: 'Authenticate',
  BLP: 'Privacy setting',
  BND: 'Bind',
  BPR: 'Contact phone/property',
  BYE: 'Participant left',
  CAL: 'Invite to switchboard',
  CHG: 'Change presence',
  CHL: 'Challenge',
  CNT: 'Connect',
  CVR: 'Client version',
  CVQ: 'Client version query',
  DEL: 'Delete',
  FLN: 'Contact signed out',
  FQY: 'Federated query',
  GCF: 'Get configuration',
  GTC: 'Reverse list prompt',
  ILN: 'Initial presence',
  INF: 'Authentication methods',
  IPG: 'Page',
  IRO: 'Switchboard roster',
  JOI: 'Participant joined',
  LSG: 'Group list',
  LST: 'Contact list',
  MSG: 'Message',
  NAK: 'Message not delivered',
  NFY: 'Notification',
  NLN: 'Contact presence',
  NOT: 'Notification',
  OUT: 'Sign out',
  PAG: 'Page',
  PNG: 'Ping',
  PRP: 'Own property',
  PUT: 'Put',
  QNG: 'Ping reply',
  QRY: 'Challenge response',
  REA: 'Rename',
  REG: 'Rename group',
  RMG: 'Remove group',
  REM: 'Remove contact',
  RML: 'Remove contacts (XML list)',
  RNG: 'Switchboard invitation',
  SBP: 'Contact property',
  SBS: 'Unknown (SBS)',
  SDC: 'Send invitation e-mail',
  SDG: 'Send data',
  SND: 'Send invitation',
  SYN: 'Synchronise contact list',
  UBM: 'Message from federated contact',
  UBN: 'Notification relayed',
  UBX: 'Personal message relayed',
  URL: 'Service URL',
  USR: 'Authentication',
  UUM: 'Message to federated contact',
  UUN: 'Notification to send',
  UUX: 'Personal message',
  VER: 'Protocol version',
  XFR: 'Transfer to server',
  GET: 'Get',
  UUR: 'Unknown (UUR)',
};

/**
 * Payload commands: the least number of words after the command for its last word to be the payload length
 * (`QRY 7` is the server's reply without payload, `QRY 7 PROD0114ES4Z%Q5W 32` the client's with 32 bytes).
 */
const PAYLOAD_MIN_WORDS: Record<string, number> = {
  MSG: 3,
  UUX: 2,
  UBX: 2,
  ADL: 2,
  RML: 2,
  QRY: 3,
  NOT: 1,
  GCF: 2,
  UUN: 3,
  UBN: 3,
  UUM: 4,
  UBM: 3,
  FQY: 2,
  IPG: 1,
  CNT: 2,
  ATH: 2,
  BND: 2,
  PUT: 2,
  NFY: 2,
  SDG: 2,
  DEL: 2,
  GET: 2,
  UUR: 2,
};

/** Numeric error replies and their meaning. */
export const ERRORS: Record<number, string> = {
  200: 'Syntax error',
  201: 'Invalid parameter',
  205: 'Invalid principal',
  206: 'Domain name missing',
  207: 'Already logged in',
  208: 'Invalid principal',
  209: 'Nickname change illegal',
  210: 'Principal list full',
  213: 'Invalid rename request',
  215: 'Principal already on list',
  216: 'Principal not on list',
  217: 'Principal not online',
  218: 'Already in mode',
  219: 'Principal is in the opposite list',
  223: 'Too many groups',
  224: 'Invalid group',
  225: 'Principal not in group',
  227: 'Group not empty',
  228: 'Group with same name already exists',
  229: 'Group name too long',
  230: 'Cannot remove group zero',
  231: 'Invalid group',
  240: 'Empty domain',
  241: 'Invalid membership (ADL/RML)',
  280: 'Switchboard failed',
  281: 'Transfer to switchboard failed',
  282: 'P2P error',
  300: 'Required field missing',
  302: 'Not logged in',
  402: 'Error accessing contact list',
  403: 'Error accessing contact list',
  420: 'Invalid account permissions',
  500: 'Internal server error',
  501: 'Database server error',
  502: 'Command disabled',
  508: 'Federated user not online',
  510: 'File operation failed',
  511: 'Banned',
  520: 'Memory allocation failed',
  540: 'Challenge response failed',
  600: 'Server is busy',
  601: 'Server is unavailable',
  602: 'Peer name server is down',
  603: 'Database connection failed',
  604: 'Server is going down',
  605: 'Server unavailable',
  700: 'Could not create connection',
  710: 'Bad CVR parameters sent',
  711: 'Write is blocking',
  712: 'Session is overloaded',
  713: 'Calling too rapidly',
  714: 'Too many sessions',
  715: 'Not expected',
  717: 'Bad friend file',
  731: 'Not expected (bad CVR)',
  800: 'Changing too rapidly',
  910: 'Server too busy',
  911: 'Authentication failed',
  912: 'Server too busy',
  913: 'Not allowed when offline',
  914: 'Server unavailable',
  915: 'Server unavailable',
  916: 'Server unavailable',
  917: 'Authentication failed',
  918: 'Server too busy',
  919: 'Server too busy',
  920: 'Not accepting new principals',
  921: 'Server too busy',
  922: 'Server too busy',
  923: 'Kids Passport without parental consent',
  924: 'Passport account not yet verified',
  928: 'Bad ticket',
  931: 'Account not on this server',
};

/** The meaning of a numeric error code ("unknown error" when not in the table). */
export function errorMeaning(code: number): string {
  return ERRORS[code] ?? 'Unknown error';
}

/** Commands whose second word is not a transaction ID (server-initiated, or with none). */
const NO_TRID = new Set([
  'MSG',
  'JOI',
  'BYE',
  'NLN',
  'FLN',
  'UBX',
  'UBN',
  'UBM',
  'RNG',
  'NOT',
  'OUT',
  'GTC',
  'BLP',
  'LSG',
  'LST',
  'QNG',
  'PNG',
  'IPG',
  'BPR',
  'SBP',
]);

/** One command line, split. */
export interface CommandLine {
  /** The command (three letters) or the error code's digits. */
  name: string;
  /** The words after the command. */
  args: string[];
  /** The transaction ID, when the command has one (a number as its second word). */
  trid?: string;
  /** The error code of a numeric reply. */
  error?: number;
  /** Payload length in bytes (its last word), for payload commands. */
  payloadLength?: number;
}

const MAX_LINE = 16384;

/** Whether bytes at `at` start a command line: a known command or a three-digit code, then a space or CRLF. */
export function startsCommand(bytes: Uint8Array, at: number, knownOnly = true): boolean {
  if (at + 4 > bytes.length) return false;
  const a = bytes[at],
    b = bytes[at + 1],
    c = bytes[at + 2],
    d = bytes[at + 3];
  const sep = d === 0x20 || d === 0x0d;
  if (!sep) return false;
  if (isDigit(a) && isDigit(b) && isDigit(c)) {
    // An error reply: "217 5" (a TrID follows).
    return d === 0x20 && at + 4 < bytes.length && isDigit(bytes[at + 4]);
  }
  if (!isUpper(a) || !isUpper(b) || !isUpper(c)) return false;
  return !knownOnly || String.fromCharCode(a, b, c) in COMMANDS;
}

/**
 * Where the command line at `at` ends: the index of its CR (before LF), or -1 when no CRLF follows within a
 * sane line length or a control byte comes first (not a command line).
 */
export function commandLineEnd(bytes: Uint8Array, at: number): number {
  const limit = Math.min(bytes.length, at + MAX_LINE);
  for (let i = at; i < limit; i++) {
    const x = bytes[i];
    if (x === 0x0d) return i + 1 < bytes.length ? (bytes[i + 1] === 0x0a ? i : -1) : -2;
    if (x < 0x20 && x !== 0x09) return -1;
  }
  return limit === bytes.length && limit < at + MAX_LINE ? -2 : -1;
}

/** Splits a command line's text (without CRLF). */
export function splitCommand(line: string): CommandLine {
  const words = line.split(' ').filter((w) => w !== '');
  const name = words[0] ?? '';
  const args = words.slice(1);
  const out: CommandLine = { name, args };
  if (/^\d{3}$/.test(name)) {
    out.error = Number(name);
    if (args[0] !== undefined && /^\d+$/.test(args[0])) out.trid = args[0];
    // MSNP13+ errors to payload commands carry a payload of their own ("241 9 112").
    if (args.length >= 2 && /^\d+$/.test(args[args.length - 1])) out.payloadLength = Number(args[args.length - 1]);
    return out;
  }
  if (!NO_TRID.has(name) && args[0] !== undefined && /^\d+$/.test(args[0])) out.trid = args[0];
  // Client MSGs have a TrID ("MSG 4 A 141"); relayed ones start with the sender's account.
  if (name === 'MSG' && /^\d+$/.test(args[0] ?? '') && /^[UNAD]$/.test(args[1] ?? '')) out.trid = args[0];
  const min = PAYLOAD_MIN_WORDS[name];
  if (min !== undefined && args.length >= min) {
    const last = args[args.length - 1];
    if (/^\d+$/.test(last)) out.payloadLength = Number(last);
  }
  return out;
}

const OPENING =
  /^(VER \d+ MSNP\d+|CVR \d+ |USR \d+ |ANS \d+ |CHG \d+ |XFR \d+ |CAL \d+ |MSG \d+ [UNAD] \d+|IRO \d+ |RNG \d+ |JOI \S+@)/;

/**
 * Whether a connection's first bytes look like MSNP off its well-known port: a CRLF-terminated line opening
 * with a command a client or server starts with, and its TrID (stricter than startsCommand: HTTP's GET and PUT
 * are MSNP21 commands too).
 */
export function looksLikeMsnp(bytes: Uint8Array): boolean {
  if (!startsCommand(bytes, 0, true) || commandLineEnd(bytes, 0) < 0) return false;
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 64)));
  return OPENING.test(head);
}

/** `%xx` URL decoding as MSNP writes display names (UTF-8 bytes); malformed escapes stay as they are. */
export function urlDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && i + 2 < text.length && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      bytes.push(...new TextEncoder().encode(text[i]));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/**
 * An account as MSNP18+ may write it, with its network id and endpoint ("1:alice@example.com;{guid}"), as the
 * bare account.
 */
export function bareAccount(word: string): string {
  const m = /^(?:\d+:)?([^;:]+@[^;]+)(?:;\{[^}]*\})?$/.exec(word);
  return m ? m[1] : word;
}

const isDigit = (x: number) => x >= 0x30 && x <= 0x39;
const isUpper = (x: number) => x >= 0x41 && x <= 0x5a;
