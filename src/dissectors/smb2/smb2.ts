import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { dissectSecurityBlob } from '../gssapi/spnego';
import { addData } from '../data/data';
import {
  COMMANDS,
  FIND_CLASSES,
  FSCTL_DFS_GET_REFERRALS,
  FSCTLS,
  INFO_LEVELS,
  INFO_TYPES,
  nameOr,
  STATUS,
  STATUS_MORE_PROCESSING_REQUIRED,
} from './names';

registerFields([
  field('smb2', 'SMB2 (Server Message Block Protocol version 2)', 'protocol'),
  field('smb2.protocol_id', 'ProtocolId', 'hex32'),
  field('smb2.header_len', 'Header Length', 'uint'),
  field('smb2.nt_status', 'NT Status', 'hex32', { values: STATUS }),
  field('smb2.cmd', 'Command', 'uint', { values: COMMANDS }),
  field('smb2.flags', 'Flags', 'hex32'),
  field('smb2.flags.response', 'Response', 'bool'),
  field('smb2.flags.async', 'Async command', 'bool'),
  field('smb2.chain_offset', 'Chain Offset', 'hex32'),
  field('smb2.msg_id', 'Message ID', 'uint'),
  field('smb2.tid', 'Tree Id', 'hex32'),
  field('smb2.dialect', 'Dialect', 'hex16'),
  field('smb2.tree', 'Tree', 'string'),
  field('smb2.filename', 'Filename', 'string'),
  field('smb2.find.infolevel', 'Info Level', 'uint', { values: FIND_CLASSES }),
  field('smb2.find.pattern', 'Search Pattern', 'string'),
  field('smb2.class', 'Class', 'hex8', { values: INFO_TYPES }),
  field('smb2.infolevel', 'InfoLevel', 'hex8'),
  field('smb2.file_info.infolevel', 'InfoLevel', 'hex8', { values: INFO_LEVELS[1] }),
  field('smb2.fs_info.infolevel', 'InfoLevel', 'hex8', { values: INFO_LEVELS[2] }),
  field('smb2.sec_info.infolevel', 'InfoLevel', 'hex8'),
  field('smb2.ioctl.function', 'Function', 'hex32', { values: FSCTLS }),
  field('smb2.read_length', 'Read Length', 'uint'),
  field('smb2.write_length', 'Write Length', 'uint'),
  field('smb2.file_offset', 'File Offset', 'uint'),
  field('smb2.credit.charge', 'Credit Charge', 'uint'),
  field('smb2.channel_sequence', 'Channel Sequence', 'uint'),
  field('smb2.credits.requested', 'Credits requested', 'uint'),
  field('smb2.credits.granted', 'Credits granted', 'uint'),
  field('smb2.flags.chained', 'Chained', 'bool', {
    boolLabels: ['This pdu is NOT a chained command', 'This pdu is a chained command'],
  }),
  field('smb2.flags.signature', 'Signing', 'bool', { boolLabels: ['This pdu is NOT signed', 'This pdu is signed'] }),
  field('smb2.flags.priority_mask', 'Priority', 'bool', {
    boolLabels: ['This pdu does NOT contain a PRIORITY', 'This pdu contains a PRIORITY'],
  }),
  field('smb2.flags.dfs', 'DFS operation', 'bool', {
    boolLabels: ['This is a normal operation', 'This is a DFS operation'],
  }),
  field('smb2.flags.replay', 'Replay operation', 'bool', {
    boolLabels: ['This is NOT a replay operation', 'This is a replay operation'],
  }),
  field('smb2.pid', 'Process Id', 'hex32'),
  field('smb2.signature', 'Signature', 'bytes'),
]);

const HEADER = 64;
const FLAG_RESPONSE = 0x1;
const FLAG_ASYNC = 0x2;
/** Body size (StructureSize) of the ERROR response (MS-SMB2 2.2.2), which replaces a failed command's body. */
const ERROR_BODY = 9;

/** What a request leaves for its response, by message id. */
interface Pending {
  fileName?: string;
  treePath?: string;
  findClass?: number;
  /** A GetInfo's info type and level. */
  infoClass?: [number, number];
  /** Info text a response repeats from its request (the search of a Find). */
  echo?: string;
}

/** The file bytes a command carries (a Read's response, a Write's request). */
interface Carried {
  data?: Bytes;
}

/** A connection's SMB2 state: requests awaiting responses, the names of open files (by file id) and of trees. */
interface Session {
  requests: Map<number, Pending>;
  files: Map<string, string>;
  trees: Map<number, string>;
}

export function isSmb2(data: Bytes): boolean {
  return data.length >= 4 && data.u32(0) === 0xfe534d42;
}

/**
 * SMB2/3 (MS-SMB2): each command of a compound chain with its header, and the parameters tshark puts in Info
 * (file names, tree paths, read/write lengths and offsets, search patterns, info classes). File names of
 * later commands come from the Create that opened the file id.
 */
export function dissectSmb2(data: Bytes, ctx: PacketContext): void {
  const session = ctx.state<Session>(() => ({ requests: new Map(), files: new Map(), trees: new Map() }));
  ctx.columns.protocol = 'SMB2';
  ctx.columns.info = '';
  for (let at = 0; ;) {
    const next = data.u32le(at + 20);
    const end = next ? at + next : data.length;
    command(data.sub(at, end - at), ctx, session, at ? `${ctx.columns.info}; ` : '');
    if (!next || end >= data.length) break;
    at = end;
  }
}

/** One command of a chain; Info grows as it is read, so a malformed body still shows what came before. */
function command(pdu: Bytes, ctx: PacketContext, session: Session, infoBefore: string): void {
  const { tree } = ctx;
  const flags = pdu.u32le(16);
  const response = (flags & FLAG_RESPONSE) !== 0;
  const status = pdu.u32le(8);
  const cmd = pdu.u16le(12);
  const msgId = pdu.u64le(24);
  tree.open('smb2', pdu.abs(0), pdu.length);
  tree.openText(`SMB2 Header`, pdu.abs(0), HEADER);
  tree.add('smb2.protocol_id', pdu.abs(0), 4, pdu.u32(0));
  tree.add('smb2.header_len', pdu.abs(4), 2, pdu.u16le(4));
  tree.add('smb2.credit.charge', pdu.abs(6), 2, pdu.u16le(6));
  // MS-SMB2 §2.2.1: a response's Status is a request's ChannelSequence and Reserved.
  if (response) tree.add('smb2.nt_status', pdu.abs(8), 4, status);
  else tree.add('smb2.channel_sequence', pdu.abs(8), 2, pdu.u16le(8));
  tree.add('smb2.cmd', pdu.abs(12), 2, cmd);
  tree.add(response ? 'smb2.credits.granted' : 'smb2.credits.requested', pdu.abs(14), 2, pdu.u16le(14));
  tree.open('smb2.flags', pdu.abs(16), 4, undefined, flags);
  tree.add('smb2.flags.response', pdu.abs(16), 4, response ? 1 : 0);
  tree.add('smb2.flags.async', pdu.abs(16), 4, flags & FLAG_ASYNC ? 1 : 0);
  const flag = (name: string, mask: number) => tree.add(name, pdu.abs(16), 4, flags & mask ? 1 : 0);
  flag('smb2.flags.chained', 0x4);
  flag('smb2.flags.signature', 0x8);
  flag('smb2.flags.priority_mask', 0x70);
  flag('smb2.flags.dfs', 0x10000000);
  flag('smb2.flags.replay', 0x20000000);
  tree.close();
  tree.add('smb2.chain_offset', pdu.abs(20), 4, pdu.u32le(20));
  tree.add('smb2.msg_id', pdu.abs(24), 8, msgId);
  if (!(flags & FLAG_ASYNC)) {
    tree.add('smb2.pid', pdu.abs(32), 4, pdu.u32le(32));
    const tid = pdu.u32le(36);
    tree.add('smb2.tid', pdu.abs(36), 4, tid);
    // The share a tree id was connected to, shown in every later command of that tree.
    const path = session.trees.get(tid);
    if (path !== undefined) tree.add('smb2.tree', 0, 0, path);
  }
  tree.add('smb2.signature', pdu.abs(48), 16, pdu.bytes(48, 16));
  tree.close();

  let info = `${COMMANDS[cmd] ?? `Unknown command 0x${cmd.toString(16).padStart(4, '0')}`} ${response ? 'Response' : 'Request'}`;
  const body = pdu.sub(HEADER);
  const failed =
    response &&
    status !== 0 &&
    body.u16le(0) === ERROR_BODY &&
    !(cmd === 1 && status === STATUS_MORE_PROCESSING_REQUIRED);
  if (response && status !== 0) info += `, Error: ${nameOr(STATUS, status, 8)}`;
  ctx.columns.info = infoBefore + info;
  const carried: Carried = {};
  if (!response) {
    const pending: Pending = {};
    info += request(cmd, pdu, body, ctx, session, pending, carried);
    session.requests.set(msgId, pending);
  } else {
    const pending = session.requests.get(msgId) ?? {};
    // A Find response names its request's search even when it failed (STATUS_NO_MORE_FILES).
    if (pending.findClass !== undefined) tree.add('smb2.find.infolevel', 0, 0, pending.findClass);
    if (pending.echo) info += pending.echo;
    if (!failed) info += reply(cmd, pdu, body, ctx, session, pending, carried);
    if (cmd === 3 && status === 0 && pending.treePath !== undefined) session.trees.set(pdu.u32le(36), pending.treePath);
  }
  tree.close();
  // File bytes a Read returns or a Write sends are Data after SMB2, as tshark shows them.
  if (carried.data) addData(tree, carried.data);
  ctx.columns.info = infoBefore + info;
}

/** A request's body: its fields, and what it adds to Info. */
function request(
  cmd: number,
  pdu: Bytes,
  body: Bytes,
  ctx: PacketContext,
  session: Session,
  pending: Pending,
  carried: Carried,
): string {
  const { tree } = ctx;
  const file = (at: number) => ` File: ${session.files.get(fileId(body, at)) ?? ''}`;
  switch (cmd) {
    case 0: {
      const count = body.u16le(2);
      for (let i = 0; i < count; i++) tree.add('smb2.dialect', body.abs(36 + 2 * i), 2, body.u16le(36 + 2 * i));
      return '';
    }
    case 1:
      return securityBlob(pdu, body.u16le(12), body.u16le(14), ctx);
    case 3: {
      const path = string16(pdu, body.u16le(4), body.u16le(6));
      tree.add('smb2.tree', pdu.abs(body.u16le(4)), body.u16le(6), path);
      pending.treePath = path;
      return ` Tree: ${path}`;
    }
    case 5: {
      const offset = body.u16le(44);
      const length = body.u16le(46);
      const name = length ? string16(pdu, offset, length) : '';
      tree.add('smb2.filename', length ? pdu.abs(offset) : body.abs(44), length, name);
      pending.fileName = name;
      return ` File: ${name}`;
    }
    case 6:
      return file(8);
    case 8: {
      const length = body.u32le(4);
      const offset = body.u64le(8);
      tree.add('smb2.read_length', body.abs(4), 4, length);
      tree.add('smb2.file_offset', body.abs(8), 8, offset);
      return ` Len:${length} Off:${offset}${file(16)}`;
    }
    case 9: {
      const length = body.u32le(4);
      const offset = body.u64le(8);
      tree.add('smb2.write_length', body.abs(4), 4, length);
      tree.add('smb2.file_offset', body.abs(8), 8, offset);
      // The bytes written (MS-SMB2 2.2.21): Data after SMB2.
      carried.data = pdu.sub(body.u16le(2), length);
      return ` Len:${length} Off:${offset}${file(16)}`;
    }
    case 11: {
      const code = body.u32le(4);
      tree.add('smb2.ioctl.function', body.abs(4), 4, code);
      let info = ` ${nameOr(FSCTLS, code, 8)}`;
      if (code === FSCTL_DFS_GET_REFERRALS) {
        // REQ_GET_DFS_REFERRAL (MS-DFSC 2.2.2): a level, then the path, NUL-terminated UTF-16.
        const input = pdu.sub(body.u32le(24), body.u32le(28));
        info += `, File: ${input.utf16le(2, input.length - 2).replace(/\0.*$/s, '')}`;
      }
      return info;
    }
    case 14: {
      const level = body.u8(2);
      const pattern = string16(pdu, body.u16le(24), body.u16le(26));
      tree.add('smb2.find.infolevel', body.abs(2), 1, level);
      tree.add('smb2.find.pattern', pdu.abs(body.u16le(24)), body.u16le(26), pattern);
      pending.findClass = level;
      pending.echo = ` ${nameOr(FIND_CLASSES, level, 2)} Pattern: ${pattern}`;
      return `${file(8)}${pending.echo}`;
    }
    case 16: {
      const type = body.u8(2);
      const level = body.u8(3);
      infoClass(tree, type, level, body.abs(2));
      pending.infoClass = [type, level];
      return ` ${nameOr(INFO_TYPES, type, 2)}/${nameOr(INFO_LEVELS[type] ?? {}, level, 2)}${file(24)}`;
    }
    default:
      return '';
  }
}

/** A successful response's body: its fields, and what it adds to Info. */
function reply(
  cmd: number,
  pdu: Bytes,
  body: Bytes,
  ctx: PacketContext,
  session: Session,
  pending: Pending,
  carried: Carried,
): string {
  switch (cmd) {
    case 0:
      ctx.tree.add('smb2.dialect', body.abs(4), 2, body.u16le(4));
      return securityBlob(pdu, body.u16le(56), body.u16le(58), ctx);
    case 1:
      return securityBlob(pdu, body.u16le(4), body.u16le(6), ctx);
    case 8:
      // The bytes read: Data after SMB2 (MS-SMB2 2.2.20: an 8-bit offset from the header, a 32-bit length).
      carried.data = pdu.sub(body.u8(2), body.u32le(4));
      return '';
    case 5: {
      const name = pending.fileName ?? '';
      session.files.set(fileId(body, 64), name);
      return ` File: ${name}`;
    }
    case 16:
      if (pending.infoClass) {
        const [type, level] = pending.infoClass;
        infoClass(ctx.tree, type, level);
        if (type === 1 && level === FILE_ALL_INFO) {
          const buffer = pdu.sub(body.u16le(2), body.u32le(4));
          ctx.tree.add('smb2.filename', buffer.abs(100), buffer.u32le(96), buffer.utf16le(100, buffer.u32le(96)));
        }
      }
      return '';
    case 14:
      if (pending.findClass !== undefined)
        directoryEntries(pdu.sub(body.u16le(2), body.u32le(4)), pending.findClass, ctx);
      return '';
    case 11:
      return ` ${nameOr(FSCTLS, body.u32le(4), 8)}`;
    default:
      return '';
  }
}

const INFO_LEVEL_FIELDS: Record<number, string> = {
  1: 'smb2.file_info.infolevel',
  2: 'smb2.fs_info.infolevel',
  3: 'smb2.sec_info.infolevel',
};
const FILE_ALL_INFO = 18;

/** A GetInfo's class and level: read from the request at `at`, repeated (generated) in its response. */
function infoClass(tree: PacketContext['tree'], type: number, level: number, at?: number): void {
  tree.add('smb2.class', at ?? 0, at === undefined ? 0 : 1, type);
  tree.add(INFO_LEVEL_FIELDS[type] ?? 'smb2.infolevel', at === undefined ? 0 : at + 1, at === undefined ? 0 : 1, level);
}

// Where each directory information class (MS-FSCC 2.4) keeps its name length and name.
const NAME_LAYOUT: Record<number, { length: number; name: number }> = {
  1: { length: 60, name: 64 },
  2: { length: 60, name: 68 },
  3: { length: 60, name: 94 },
  12: { length: 8, name: 12 },
  37: { length: 60, name: 104 },
  38: { length: 60, name: 80 },
};

/** The names in a Find response's entries, each entry found by the previous one's NextEntryOffset. */
function directoryEntries(buffer: Bytes, level: number, ctx: PacketContext): void {
  const layout = NAME_LAYOUT[level];
  if (!layout) return;
  for (let at = 0; at < buffer.length;) {
    const length = buffer.u32le(at + layout.length);
    ctx.tree.add('smb2.filename', buffer.abs(at + layout.name), length, buffer.utf16le(at + layout.name, length));
    const next = buffer.u32le(at);
    if (!next) break;
    at += next;
  }
}

function securityBlob(pdu: Bytes, offset: number, length: number, ctx: PacketContext): string {
  return length ? dissectSecurityBlob(pdu.sub(offset, length), ctx.tree) : '';
}

/** A name in the PDU by (offset from the SMB2 header, length in bytes). */
function string16(pdu: Bytes, offset: number, length: number): string {
  return length ? pdu.utf16le(offset, length) : '';
}

function fileId(body: Bytes, at: number): string {
  return Array.from(body.bytes(at, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
