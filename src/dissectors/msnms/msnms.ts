import { registerFields } from '../../fields/registry';
import { registerHeuristic, registerPort, type Dissector } from '../api';
import type { Bytes } from '../bytes';
import { lineEnd } from '../lines';
import type { TreeBuilder } from '../tree';
import {
  bareAccount,
  commandLineEnd,
  COMMANDS,
  ERRORS,
  errorMeaning,
  looksLikeMsnp,
  splitCommand,
  startsCommand,
  urlDecode,
  type CommandLine,
} from '../../msn/protocol';
import { contentType, decodeText } from '../../msn/mime';
import { field } from '../../fields/define';

registerFields([
  field('msnms', 'MSN Messenger Service', 'protocol'),
  field('msnms.command', 'Command', 'string'),
  field('msnms.trid', 'Transaction ID', 'uint'),
  field('msnms.error_code', 'Error code', 'uint', { values: ERRORS }),
  field('msnms.error', 'Error', 'string'),
  field('msnms.length', 'Payload length', 'uint'),
  field('msnms.ack_type', 'Acknowledgement type', 'string'),
  field('msnms.version', 'Protocol version', 'string'),
  field('msnms.account', 'Account', 'string'),
  field('msnms.display_name', 'Display name', 'string'),
  field('msnms.status', 'Status', 'string'),
  field('msnms.mime.header', 'MIME header', 'string'),
  field('msnms.content_type', 'Content-Type', 'string'),
  field('msnms.typing_user', 'TypingUser', 'string'),
  field('msnms.im_format', 'X-MMS-IM-Format', 'string'),
  field('msnms.text', 'Message text', 'string'),
]);

const ACK_TYPES: Record<string, string> = {
  U: 'no acknowledgement',
  N: 'NAK on failure',
  A: 'ACK or NAK',
  D: 'ACK or NAK (data)',
};

/** One direction's place in the command stream, carried from segment to segment. */
interface Direction {
  /** Whether the next byte starts a command (false until a command line is found mid-session). */
  synced: boolean;
  /** Payload bytes still to come of the last payload command. */
  payloadLeft: number;
  /** In a MSG payload's MIME headers. */
  inHeaders: boolean;
  /** The MSG payload's text body: its charset, whether it is text/plain, and whether all of it is in this segment. */
  plain: boolean;
  charset?: string;
  /** A command line begun at the end of the previous segment. */
  partial?: Uint8Array;
  /** A MIME header line begun at the end of the previous segment. */
  headerPartial?: Uint8Array;
}

interface State {
  dirs: [Direction, Direction];
  /** The protocol version the server chose (VER), for the shape of USR OK. */
  version: number;
}

/** A field to add under the tree line holding `at`. */
interface Item {
  at: number;
  add(tree: TreeBuilder): void;
}

/**
 * MSN Messenger (MSNP2-MSNP21) on TCP 1863 and, by an opt-in heuristic, any port: notification and switchboard servers
 * alike. The tree and Info stay tshark's (each segment's lines as they come, the first as Info; no reassembly),
 * and each command line gains its parsed fields: the command, TrID, error code and meaning, payload length in
 * bytes, accounts and URL-decoded display names, MSG MIME headers and text. Payload lengths are followed across
 * segments; a direction that starts mid-session (or after garbage) is resynchronised at the next command line.
 */
export const msnms: Dissector = {
  name: 'msnms',
  yields: ['msnms'],
  stream(data, ctx) {
    ctx.columns.protocol = 'MSNMS';
    ctx.columns.info = data.text(0, lineEnd(data, 0).end);
    const state = ctx.state<State>(() => ({ dirs: [fresh(), fresh()], version: 0 }));
    const items = parseSegment(data, state.dirs[ctx.side], state);
    ctx.tree.open('msnms', data.abs(0), data.length);
    let k = 0;
    for (let p = 0; p < data.length;) {
      const { next } = lineEnd(data, p);
      ctx.tree.openText(data.text(p, next - p), data.abs(p), next - p);
      while (k < items.length && items[k].at < next) items[k++].add(ctx.tree);
      ctx.tree.close();
      p = next;
    }
    ctx.tree.close();
    return data.length;
  },
  heuristic(data) {
    return looksLikeMsnp(data.bytes(0, Math.min(data.length, 4096)));
  },
};

function fresh(): Direction {
  return { synced: true, payloadLeft: 0, inHeaders: false, plain: false };
}

/** Parses one segment's bytes, advancing the direction's state, into the fields to show. */
function parseSegment(data: Bytes, dir: Direction, state: State): Item[] {
  const bytes = data.bytes(0, data.length);
  const items: Item[] = [];
  let p = 0;
  if (dir.partial) {
    const cr = bytes.indexOf(0x0d);
    if (cr < 0 || cr + 1 >= bytes.length || bytes[cr + 1] !== 0x0a) {
      dir.partial = cr < 0 ? concat(dir.partial, bytes) : undefined;
      if (cr >= 0) dir.synced = false;
      return items;
    }
    const whole = concat(dir.partial, bytes.subarray(0, cr));
    dir.partial = undefined;
    const text = String.fromCharCode(...whole);
    command(items, data, text, 0, cr, whole.length - cr, dir, state);
    p = cr + 2;
  }
  while (p < bytes.length) {
    if (dir.payloadLeft > 0) {
      const n = Math.min(dir.payloadLeft, bytes.length - p);
      payload(items, data, bytes, p, n, dir);
      dir.payloadLeft -= n;
      p += n;
      continue;
    }
    if (!dir.synced) {
      const q = resync(bytes, p);
      if (q < 0) break;
      dir.synced = true;
      p = q;
    }
    if (!startsCommand(bytes, p, false)) {
      dir.synced = false;
      p++;
      continue;
    }
    const cr = commandLineEnd(bytes, p);
    if (cr === -2) {
      dir.partial = bytes.slice(p);
      break;
    }
    if (cr === -1) {
      dir.synced = false;
      p++;
      continue;
    }
    command(items, data, String.fromCharCode(...bytes.subarray(p, cr)), p, cr, 0, dir, state);
    p = cr + 2;
  }
  return items;
}

/** The next line start at or after `from` that holds a known command (after LF, or at the segment's start). */
function resync(bytes: Uint8Array, from: number): number {
  for (let q = from; q < bytes.length; q++) {
    if (q > 0 && bytes[q - 1] !== 0x0a) continue;
    if (startsCommand(bytes, q, true) && commandLineEnd(bytes, q) !== -1) return q;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Fields of one command line: `text` is the whole line (it may have begun in the previous segment: `carried`
 * characters of it), [start, end) its part in this segment.
 */
function command(
  items: Item[],
  data: Bytes,
  text: string,
  start: number,
  end: number,
  carried: number,
  dir: Direction,
  state: State,
): void {
  const line = splitCommand(text);
  // Word positions within this segment (words begun in the previous segment are shown over the line's start).
  const words: { word: string; at: number; length: number }[] = [];
  for (let i = 0, w = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ' ') {
      if (i > w) {
        const at = Math.max(start, start + w - carried);
        words.push({ word: text.slice(w, i), at, length: Math.max(0, Math.min(end, start + i - carried) - at) });
      }
      w = i + 1;
    }
  }
  const field = (name: string, word: number, value: string | number, label?: string) => {
    const w = words[word];
    if (!w) return;
    items.push({
      at: start,
      add: (tree) => {
        tree.add(name, data.abs(w.at), w.length, value, label);
      },
    });
  };
  const nameField = (word: number) => {
    const raw = words[word]?.word;
    if (raw !== undefined) field('msnms.display_name', word, urlDecode(raw));
  };
  const accountField = (word: number) => {
    const raw = words[word]?.word;
    if (raw !== undefined && raw.includes('@')) field('msnms.account', word, bareAccount(raw));
  };
  const meaning = COMMANDS[line.name];
  if (line.error !== undefined) {
    field('msnms.error_code', 0, line.error);
    field('msnms.error', 0, errorMeaning(line.error));
  } else {
    field('msnms.command', 0, line.name, meaning ? `Command: ${line.name} (${meaning})` : undefined);
  }
  if (line.trid !== undefined) field('msnms.trid', 1, Number(line.trid));
  annotate(line, field, accountField, nameField, state);
  if (line.payloadLength !== undefined) {
    field('msnms.length', words.length - 1, line.payloadLength, `Payload length: ${line.payloadLength} bytes`);
    dir.payloadLeft = line.payloadLength;
    dir.inHeaders = line.name === 'MSG';
    dir.headerPartial = undefined;
    dir.plain = false;
    dir.charset = undefined;
  }
}

/** Command-specific fields (words counted from the command, 0). */
function annotate(
  line: CommandLine,
  field: (name: string, word: number, value: string | number, label?: string) => void,
  account: (word: number) => void,
  name: (word: number) => void,
  state: State,
): void {
  const a = line.args;
  const fromClient = line.trid !== undefined;
  switch (line.name) {
    case 'VER':
      a.forEach((w, i) => {
        if (/^MSNP\d+$/.test(w)) field('msnms.version', i + 1, w);
      });
      if (a.length >= 2 && a.filter((w) => /^MSNP\d+$/.test(w)).length === 1)
        state.version = Number(a.find((w) => /^MSNP/.test(w))!.slice(4));
      break;
    case 'USR':
      if (a[2] === 'I') account(4);
      else if (a[1] === 'OK') {
        account(3);
        if (a[3] !== undefined && (state.version === 0 || state.version < 10) && !/^\d$/.test(a[3])) name(4);
      } else account(2);
      break;
    case 'ANS':
    case 'CAL':
      account(2);
      break;
    case 'IRO':
      account(4);
      name(5);
      break;
    case 'JOI':
      account(1);
      name(2);
      break;
    case 'BYE':
    case 'FLN':
    case 'UBX':
      account(1);
      break;
    case 'RNG':
      account(5);
      name(6);
      break;
    case 'CHG':
      field('msnms.status', 2, a[1] ?? '');
      break;
    case 'ILN':
      field('msnms.status', 2, a[1] ?? '');
      account(3);
      name(/^\d+$/.test(a[3] ?? '') && a.length > 5 ? 5 : 4);
      break;
    case 'NLN':
      field('msnms.status', 1, a[0] ?? '');
      account(2);
      name(/^\d+$/.test(a[2] ?? '') && a.length > 4 ? 4 : 3);
      break;
    case 'PRP':
      if (a[0] === 'MFN') name(2);
      else if (a[1] === 'MFN') name(3);
      break;
    case 'MSG':
      if (fromClient)
        field('msnms.ack_type', 2, a[1] ?? '', `Acknowledgement type: ${a[1]} (${ACK_TYPES[a[1]] ?? 'unknown'})`);
      else {
        account(1);
        name(2);
      }
      break;
  }
}

/** Fields of payload bytes [p, p + n): MIME header lines of a MSG, then its text when all of it is here. */
function payload(items: Item[], data: Bytes, bytes: Uint8Array, p: number, n: number, dir: Direction): void {
  let q = p;
  const stop = p + n;
  let bodyHere = false;
  while (dir.inHeaders && q < stop) {
    let lf = bytes.indexOf(0x0a, q);
    if (lf < 0 || lf >= stop) {
      dir.headerPartial = concat(dir.headerPartial ?? new Uint8Array(0), bytes.subarray(q, stop));
      return;
    }
    const end = lf > q && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    lf++;
    const carried = dir.headerPartial;
    dir.headerPartial = undefined;
    if (end === q && !carried?.length) {
      dir.inHeaders = false;
      bodyHere = true;
      q = lf;
      break;
    }
    let whole = bytes.subarray(q, end);
    if (carried) whole = concat(carried, whole);
    if (whole.at(-1) === 0x0d) whole = whole.subarray(0, whole.length - 1);
    const text = new TextDecoder().decode(whole);
    const at = q,
      length = end - q;
    const colon = text.indexOf(':');
    const key = colon > 0 ? text.slice(0, colon).trim().toLowerCase() : '';
    const value = colon > 0 ? text.slice(colon + 1).trim() : '';
    if (key === 'content-type') {
      const ct = contentType(value);
      dir.plain = ct.type === 'text/plain';
      dir.charset = ct.charset;
    }
    const specific = {
      'content-type': 'msnms.content_type',
      typinguser: 'msnms.typing_user',
      'x-mms-im-format': 'msnms.im_format',
    }[key];
    items.push({
      at,
      add: (tree) => {
        tree.add('msnms.mime.header', data.abs(at), length, text);
        if (specific) tree.add(specific, data.abs(at), length, value);
      },
    });
    q = lf;
  }
  // The body, when this segment holds all of it.
  if (bodyHere && dir.plain && q < stop && dir.payloadLeft === n) {
    const body = bytes.subarray(q, stop);
    const at = q;
    const text = decodeText(body, dir.charset);
    items.push({
      at,
      add: (tree) => {
        tree.add('msnms.text', data.abs(at), body.length, text);
      },
    });
  }
}

registerPort('tcp', 1863, msnms);
// tshark has no MSNP heuristic: off by default so the packet list stays tshark's; `--enable-heuristic msnms_tcp`
// (or the app's Decode As) turns it on. The chat reconstruction (src/msn) finds MSNP on any port by itself.
registerHeuristic('tcp', msnms, false);
