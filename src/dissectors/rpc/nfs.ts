import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { registerRpcProgram, type ProgramText, type RpcCall } from './rpc';
import { opaque, u64 } from './xdr';
import {
  ACCESS_BITS,
  FILE_TYPES,
  MODE_BITS,
  STATUS3,
  STATUS4,
  V3_PROCEDURES,
  V4_OPERATIONS,
  V4_PROCEDURES,
} from './nfs-fields';

const [GETATTR, SETATTR, LOOKUP, ACCESS, READLINK, READ, WRITE, CREATE, MKDIR] = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const [REMOVE, RMDIR, READDIR, READDIRPLUS, FSSTAT, FSINFO, PATHCONF, COMMIT] = [12, 13, 16, 17, 18, 19, 20, 21];
const COMPOUND = 1;
const [OP_GETFH, OP_LOOKUP, OP_PUTFH] = [10, 15, 22];
// Operations that only set up or read back the current filehandle: not an operation's "main" one.
const FILEHANDLE_OPS = new Set([9, 10, 22, 23, 24, 31, 32, 53]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** CRC-32 (IEEE 802.3), which tshark shows as a filehandle's hash. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** A filehandle (nfs_fh3 / nfs_fh4) under a line named `label`; its hash and the offset after it. */
function fileHandle(tree: TreeBuilder, data: Bytes, at: number, label: string): { hash: number; next: number } {
  const n = data.u32(at);
  const bytes = data.bytes(at + 4, n);
  const hash = crc32(bytes);
  const pad = (4 - (n % 4)) % 4;
  tree.openText(label, data.abs(at), 4 + n + pad);
  tree.add('nfs.fh.length', data.abs(at), 4, n, `length: ${n}`);
  tree.add('nfs.fh.hash', data.abs(at + 4), n, hash, `[hash (CRC-32): ${hex(hash, 8)}]`);
  tree.add('nfs.fhandle', data.abs(at + 4), n, bytes);
  tree.close();
  return { hash, next: at + 4 + n + pad };
}

/** fattr3 (RFC 1813 §2.5) under `label`: its summary ("Directory mode: 0755 uid: 0 gid: 0") and end. */
function fattr3(tree: TreeBuilder, data: Bytes, at: number, label: string): { summary: string; next: number } {
  const type = data.u32(at);
  const mode = data.u32(at + 4);
  const [uid, gid] = [data.u32(at + 12), data.u32(at + 16)];
  const summary = `${FILE_TYPES[type] ?? 'Unknown'} mode: ${(mode & 0o7777).toString(8).padStart(4, '0')} uid: ${uid} gid: ${gid}`;
  tree.openText(`${label}  ${summary}`, data.abs(at), 84);
  tree.add('nfs.fattr3.type', data.abs(at), 4, type);
  const set = MODE_BITS.filter(([, mask]) => mode & mask).map(([, , name]) => name);
  tree.open(
    'nfs.mode3',
    data.abs(at + 4),
    4,
    `Mode: ${(mode & 0o7777).toString(8).padStart(4, '0')}${set.map((s) => `, ${s}`).join('')}`,
    mode,
  );
  for (const [name, mask, text] of MODE_BITS)
    tree.add(
      `nfs.mode3.${name}`,
      data.abs(at + 4),
      4,
      mode & mask ? 1 : 0,
      `${bitLine(mode, mask, 32)} = ${text}: ${mode & mask ? 'Yes' : 'No'}`,
    );
  tree.close();
  tree.add('nfs.fattr3.nlink', data.abs(at + 8), 4, data.u32(at + 8));
  tree.add('nfs.fattr3.uid', data.abs(at + 12), 4, uid);
  tree.add('nfs.fattr3.gid', data.abs(at + 16), 4, gid);
  tree.add('nfs.fattr3.size', data.abs(at + 20), 8, u64(data, at + 20));
  tree.add('nfs.fattr3.used', data.abs(at + 28), 8, u64(data, at + 28));
  const [major, minor] = [data.u32(at + 36), data.u32(at + 40)];
  tree.openText(`rdev: ${major},${minor}`, data.abs(at + 36), 8);
  tree.add('nfs.specdata1', data.abs(at + 36), 4, major);
  tree.add('nfs.specdata2', data.abs(at + 40), 4, minor);
  tree.close();
  const fsid = u64(data, at + 44);
  tree.add(
    'nfs.fattr3.fsid',
    data.abs(at + 44),
    8,
    `0x${data
      .u32(at + 44)
      .toString(16)
      .padStart(8, '0')}${data
      .u32(at + 48)
      .toString(16)
      .padStart(8, '0')}`,
    `fsid: 0x${fsid.toString(16).padStart(16, '0')} (${fsid})`,
  );
  tree.add('nfs.fattr3.fileid', data.abs(at + 52), 8, u64(data, at + 52));
  ['atime', 'mtime', 'ctime'].forEach((name, i) => {
    const p = at + 60 + 8 * i;
    const [sec, nsec] = [data.u32(p), data.u32(p + 4)];
    tree.open(`nfs.${name}`, data.abs(p), 8, undefined, BigInt(sec) * 1_000_000_000n + BigInt(nsec));
    tree.add(`nfs.${name}.sec`, data.abs(p), 4, sec, `seconds: ${sec}`);
    tree.add(`nfs.${name}.nsec`, data.abs(p + 4), 4, nsec, `nano seconds: ${nsec}`);
    tree.close();
  });
  tree.close();
  return { summary, next: at + 84 };
}

/** post_op_attr: attributes_follow, then the attributes; its summary (empty when none). */
function postOpAttr(tree: TreeBuilder, data: Bytes, at: number, label: string): { summary: string; next: number } {
  const follows = data.u32(at);
  const line = tree.openText(label, data.abs(at), follows ? 88 : 4);
  tree.add('nfs.attributes_follow', data.abs(at), 4, follows);
  let result = { summary: '', next: at + 4 };
  if (follows) {
    result = fattr3(tree, data, at + 4, 'attributes');
    line.text = `${label}  ${result.summary}`;
  }
  tree.close();
  return result;
}

/** pre_op_attr (wcc_attr): size, mtime, ctime when they follow. */
function preOpAttr(tree: TreeBuilder, data: Bytes, at: number): number {
  const follows = data.u32(at);
  tree.add('nfs.attributes_follow', data.abs(at), 4, follows);
  return follows ? at + 4 + 24 : at + 4;
}

function status3(tree: TreeBuilder, data: Bytes): number {
  const status = data.u32(0);
  tree.add('nfs.status3', data.abs(0), 4, status);
  tree.add('nfs.status', data.abs(0), 4, status);
  return status;
}

const both = (text: string): ProgramText => ({ info: text, label: text });

function callV3(args: Bytes, call: RpcCall, tree: TreeBuilder): ProgramText | undefined {
  const proc = call.procedure;
  switch (proc) {
    case GETATTR:
    case READLINK:
    case FSSTAT:
    case FSINFO:
    case PATHCONF:
    case SETATTR: {
      const fh = fileHandle(tree, args, 0, 'object');
      return { info: `, FH: ${hex(fh.hash, 8)}`, label: ` FH: ${hex(fh.hash, 8)}` };
    }
    case LOOKUP:
    case CREATE:
    case MKDIR:
    case REMOVE:
    case RMDIR: {
      tree.openText('what', args.abs(0), args.length);
      const fh = fileHandle(tree, args, 0, 'dir');
      const name = opaque(tree, args, fh.next, 'nfs.name', 'Name');
      tree.close();
      const text = `DH: ${hex(fh.hash, 8)}/${name.text}`;
      return { info: `, ${text}`, label: ` ${text}` };
    }
    case ACCESS: {
      const fh = fileHandle(tree, args, 0, 'object');
      const mask = args.u32(fh.next);
      call.note = mask;
      accessBits(tree, args, fh.next, mask, mask, 'nfs.access_check', 'Check access', true);
      return both(`, FH: ${hex(fh.hash, 8)}, [Check:${abbreviations(mask)}]`);
    }
    case READ:
    case WRITE:
    case COMMIT: {
      const fh = fileHandle(tree, args, 0, 'file');
      const offset = u64(args, fh.next);
      const count = args.u32(fh.next + 8);
      tree.add('nfs.offset3', args.abs(fh.next), 8, offset, `offset: ${offset}`);
      tree.add('nfs.count3', args.abs(fh.next + 8), 4, count, `count: ${count}`);
      if (proc === WRITE) {
        tree.add('nfs.write.stable', args.abs(fh.next + 12), 4, args.u32(fh.next + 12));
        opaque(tree, args, fh.next + 16, 'nfs.data', 'Data', 'data');
      }
      const text = `FH: ${hex(fh.hash, 8)} Offset: ${offset} Len: ${count}`;
      return { info: `, ${text}`, label: ` ${text}` };
    }
    case READDIR:
    case READDIRPLUS: {
      const fh = fileHandle(tree, args, 0, 'dir');
      return { info: `, FH: ${hex(fh.hash, 8)}`, label: ` FH: ${hex(fh.hash, 8)}` };
    }
  }
  return undefined;
}

function abbreviations(mask: number): string {
  return ACCESS_BITS.filter(([, bit]) => mask & bit)
    .map(([, , , short]) => ` ${short}`)
    .join('');
}

function accessBits(
  tree: TreeBuilder,
  data: Bytes,
  at: number,
  value: number,
  shown: number,
  field: string,
  label: string,
  asking: boolean,
): void {
  tree.open(field, data.abs(at), 4, `${label}: ${hex(value, 2)}`, value);
  for (const [name, bit, text] of ACCESS_BITS) {
    if (!(shown & bit)) continue;
    const verdict = asking ? 'allowed?' : value & bit ? 'allowed' : '*Access Denied*';
    tree.add(
      `nfs.access_${name}`,
      data.abs(at),
      4,
      value & bit ? 1 : 0,
      `${bitLine(value, bit, 8)} = ${hex(bit, 3)} ${text}: ${verdict}`,
    );
  }
  tree.close();
}

function replyV3(results: Bytes, call: RpcCall, tree: TreeBuilder): ProgramText | undefined {
  const status = status3(tree, results);
  const proc = call.procedure;
  if (status !== 0) {
    if (proc === LOOKUP) postOpAttr(tree, results, 4, 'dir_attributes');
    else if ([ACCESS, READ, READLINK, FSINFO, FSSTAT, PATHCONF].includes(proc))
      postOpAttr(tree, results, 4, 'obj_attributes');
    return { info: ` Error: ${STATUS3[status] ?? status}`, label: `  Error: ${STATUS3[status] ?? status}` };
  }
  switch (proc) {
    case GETATTR: {
      const attrs = fattr3(tree, results, 4, 'obj_attributes');
      return both(`  ${attrs.summary}`);
    }
    case LOOKUP: {
      const fh = fileHandle(tree, results, 4, 'object');
      const next = postOpAttr(tree, results, fh.next, 'obj_attributes').next;
      postOpAttr(tree, results, next, 'dir_attributes');
      return { info: `, FH: ${hex(fh.hash, 8)}`, label: ` FH: ${hex(fh.hash, 8)}` };
    }
    case ACCESS: {
      const next = postOpAttr(tree, results, 4, 'obj_attributes').next;
      const rights = results.u32(next);
      const asked = typeof call.note === 'number' ? call.note : rights;
      accessBits(tree, results, next, rights, asked, 'nfs.access_rights', 'Access rights (of requested)', false);
      const denied = asked & ~rights;
      let text = '';
      if (denied) text += `, [Access Denied:${abbreviations(denied)}]`;
      if (rights) text += `, [Allowed:${abbreviations(rights)}]`;
      return both(text);
    }
    case READ: {
      const next = postOpAttr(tree, results, 4, 'file_attributes').next;
      const count = results.u32(next);
      tree.add('nfs.count3', results.abs(next), 4, count, `count: ${count}`);
      const eof = results.u32(next + 4) ? 1 : 0;
      tree.add('nfs.read.eof', results.abs(next + 4), 4, eof, `EOF: ${eof ? 'Yes' : 'No'}`);
      opaque(tree, results, next + 8, 'nfs.data', 'Data', 'data');
      return both(` Len: ${count}`);
    }
    case WRITE: {
      // wcc_data: pre-operation then post-operation attributes.
      const next = postOpAttr(tree, results, preOpAttr(tree, results, 4), 'after').next;
      const count = results.u32(next);
      tree.add('nfs.count3', results.abs(next), 4, count, `count: ${count}`);
      tree.add('nfs.write.committed', results.abs(next + 4), 4, results.u32(next + 4));
      return both(` Len: ${count}`);
    }
  }
  return undefined;
}

const opName = (op: number) => V4_OPERATIONS[op] ?? `Unknown (${op})`;

/** The operation an NFSv4 COMPOUND is about: the first that is no filehandle bookkeeping (else the last). */
function mainOperation(ops: number[]): number {
  return ops.find((op) => !FILEHANDLE_OPS.has(op)) ?? ops[ops.length - 1];
}

function callV4(args: Bytes, call: RpcCall, tree: TreeBuilder): ProgramText | undefined {
  if (call.procedure !== COMPOUND) return undefined;
  let at = opaque(tree, args, 0, 'nfs.tag', 'Tag').next;
  tree.add('nfs.minorversion', args.abs(at), 4, args.u32(at));
  const count = args.u32(at + 4);
  const line = tree.open('nfs.ops.count', args.abs(at + 4), 4, undefined, count);
  at += 8;
  const ops: number[] = [];
  const infos: string[] = [];
  for (let i = 0; i < count && at < args.length; i++) {
    const op = args.u32(at);
    ops.push(op);
    tree.open('nfs.opcode', args.abs(at), 4, `Opcode: ${opName(op)} (${op})`, op);
    at += 4;
    let argument = '';
    if (op === OP_LOOKUP) {
      const name = opaque(tree, args, at, 'nfs.pathname.component', 'Name');
      argument = ` ${name.text}`;
      at = name.next;
    } else if (op === OP_PUTFH) {
      at = fileHandle(tree, args, at, 'FileHandle').next;
    } else if (!FILEHANDLE_OPS.has(op) || op === 9) {
      // Arguments Loupe does not decode: the rest of the COMPOUND cannot be followed.
      tree.close();
      if (!FILEHANDLE_OPS.has(op)) infos.push(opName(op));
      break;
    }
    tree.close();
    if (!FILEHANDLE_OPS.has(op)) infos.push(`${opName(op)}${argument}`);
  }
  line.text = `Operations (count: ${count}): ${ops.map(opName).join(', ')}`;
  tree.close();
  const main = mainOperation(ops);
  call.note = main;
  if (main !== undefined) tree.add('nfs.main_opcode', 0, 0, main, `[Main Opcode: ${opName(main)} (${main})]`);
  return { info: ` ${infos.join(' ')}`, label: `Ops(${count}): ${ops.map(opName).join(', ')}` };
}

function replyV4(results: Bytes, call: RpcCall, tree: TreeBuilder): ProgramText | undefined {
  if (call.procedure !== COMPOUND) return undefined;
  const status = results.u32(0);
  tree.add('nfs.nfsstat4', results.abs(0), 4, status);
  tree.add('nfs.status', results.abs(0), 4, status);
  let at = opaque(tree, results, 4, 'nfs.tag', 'Tag').next;
  const count = results.u32(at);
  tree.open('nfs.ops.count', results.abs(at), 4, `Operations (count: ${count})`, count);
  at += 4;
  const ops: number[] = [];
  for (let i = 0; i < count && at < results.length; i++) {
    const op = results.u32(at);
    const opStatus = results.u32(at + 4);
    ops.push(op);
    tree.open('nfs.opcode', results.abs(at), 4, `Opcode: ${opName(op)} (${op})`, op);
    tree.add('nfs.nfsstat4', results.abs(at + 4), 4, opStatus);
    tree.add('nfs.status', results.abs(at + 4), 4, opStatus);
    at += 8;
    const known = opStatus !== 0 || FILEHANDLE_OPS.has(op) || op === OP_LOOKUP;
    if (opStatus === 0 && op === OP_GETFH) at = fileHandle(tree, results, at, 'Filehandle').next;
    tree.close();
    if (!known || op === 9) break;
  }
  tree.close();
  const main = typeof call.note === 'number' ? call.note : mainOperation(ops);
  if (main !== undefined) tree.add('nfs.main_opcode', 0, 0, main, `[Main Opcode: ${opName(main)} (${main})]`);
  const failed = status !== 0 ? ` Status: ${STATUS4[status] ?? status}` : '';
  const shown = ops.filter((op) => !FILEHANDLE_OPS.has(op)).map(opName);
  return { info: ` ${shown.join(' ')}${failed}`, label: `Ops(${count}): ${ops.map(opName).join(' ')}` };
}

registerRpcProgram({
  number: 100003,
  protocol: 'nfs',
  label: 'Network File System',
  column: 'NFS',
  procedureName: (version, procedure) =>
    version === 4 ? V4_PROCEDURES[procedure] : version === 2 || version === 3 ? V3_PROCEDURES[procedure] : undefined,
  procedureInInfo: (version, procedure) => !(version === 4 && procedure === COMPOUND),
  procedureField: (version) => (version === 3 || version === 4 ? `nfs.procedure_v${version}` : undefined),
  call: (args, call, ctx: PacketContext) => {
    const text =
      call.version === 4 ? callV4(args, call, ctx.tree) : call.version === 3 ? callV3(args, call, ctx.tree) : undefined;
    return withProcedure(text, call, 'Call');
  },
  reply: (results, call, ctx: PacketContext) => {
    const text =
      call.version === 4
        ? replyV4(results, call, ctx.tree)
        : call.version === 3
          ? replyV3(results, call, ctx.tree)
          : undefined;
    return withProcedure(text, call, 'Reply');
  },
});

/** The NFS layer's line names the procedure and direction before its details (NFSv4: the operations alone). */
function withProcedure(text: ProgramText | undefined, call: RpcCall, kind: string): ProgramText | undefined {
  if (call.version === 4 && call.procedure === COMPOUND) return text;
  const name = (call.version === 4 ? V4_PROCEDURES : V3_PROCEDURES)[call.procedure] ?? 'Unknown';
  return { info: text?.info ?? '', label: `${name} ${kind}${text?.label ?? ''}` };
}
