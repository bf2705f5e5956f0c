import { registerFields } from '../../fields/registry';
import { Bytes } from '../bytes';
import {
  elapsedNs,
  ONE_MORE_SEGMENT,
  registerHeuristic,
  registerPort,
  type Dissector,
  type PacketContext,
  type Timestamp,
} from '../api';
import { bitLine } from '../bit-line';
import { relativeTime } from '../format';
import type { TreeBuilder } from '../tree';
import { opaque } from './xdr';
import { field } from '../../fields/define';

// ONC RPC version 2 (RFC 5531): message types, reply and accept states, authentication flavors.
const AUTH_FLAVORS: Record<number, string> = {
  0: 'AUTH_NULL',
  1: 'AUTH_UNIX',
  2: 'AUTH_SHORT',
  3: 'AUTH_DES',
  4: 'AUTH_KERB',
  6: 'RPCSEC_GSS',
  390003: 'AUTH_GSSAPI',
};
const ACCEPT_STATES: Record<number, string> = {
  0: 'RPC executed successfully',
  1: "remote hasn't exported program",
  2: "remote can't support version #",
  3: "program can't support procedure",
  4: "procedure can't decode params",
  5: 'remote system error',
};
const REJECT_STATES: Record<number, string> = { 0: 'RPC_MISMATCH', 1: 'AUTH_ERROR' };
const AUTH_STATES: Record<number, string> = {
  1: 'bad credential (seal broken)',
  2: 'client must begin new session',
  3: 'bad verifier (seal broken)',
  4: 'verifier expired or replayed',
  5: 'rejected for security reasons',
};
/** Well-known program numbers (the rpc program registry, RFC 5531 appendix and IANA). */
const PROGRAM_NAMES: Record<number, string> = {
  100000: 'Portmap',
  100001: 'RSTAT',
  100002: 'RUSERS',
  100003: 'NFS',
  100004: 'YPSERV',
  100005: 'MOUNT',
  100007: 'YPBIND',
  100011: 'RQUOTA',
  100021: 'NLM',
  100024: 'STAT',
  100227: 'NFSACL',
};
const CALL = 0;
const REPLY = 1;

registerFields([
  field('rpc', 'Remote Procedure Call', 'protocol'),
  field('rpc.lastfrag', 'Last Fragment', 'bool', { boolLabels: ['No', 'Yes'] }),
  field('rpc.fraglen', 'Fragment Length', 'uint'),
  field('rpc.xid', 'XID', 'hex32'),
  field('rpc.msgtyp', 'Message Type', 'uint', { values: { 0: 'Call', 1: 'Reply' } }),
  field('rpc.version', 'RPC Version', 'uint'),
  field('rpc.program', 'Program', 'uint', { values: PROGRAM_NAMES }),
  field('rpc.programversion', 'Program Version', 'uint'),
  field('rpc.procedure', 'Procedure', 'uint'),
  field('rpc.auth.flavor', 'Flavor', 'uint', { values: AUTH_FLAVORS }),
  field('rpc.auth.length', 'Length', 'uint'),
  field('rpc.auth.stamp', 'Stamp', 'hex32'),
  field('rpc.auth.machinename', 'Machine Name', 'string'),
  field('rpc.auth.uid', 'UID', 'uint'),
  field('rpc.auth.gid', 'GID', 'uint'),
  field('rpc.auth.body', 'Body', 'bytes'),
  field('rpc.replystat', 'Reply State', 'uint', { values: { 0: 'accepted', 1: 'denied' } }),
  field('rpc.repframe', 'Reply to request in frame', 'framenum'),
  field('rpc.time', 'Time from request', 'reltime'),
  field('rpc.state_accept', 'Accept State', 'uint', { values: ACCEPT_STATES }),
  field('rpc.state_reject', 'Reject State', 'uint', { values: REJECT_STATES }),
  field('rpc.state_auth', 'Auth State', 'uint', { values: AUTH_STATES }),
  field('rpc.programversion.min', 'Program Version (Minimum)', 'uint'),
  field('rpc.programversion.max', 'Program Version (Maximum)', 'uint'),
  field('rpc.version.min', 'RPC Version (Minimum)', 'uint'),
  field('rpc.version.max', 'RPC Version (Maximum)', 'uint'),
  field('rpc.opaque_length', 'length', 'uint'),
  field('rpc.fill_bytes', 'fill bytes', 'bytes'),
  field('rpc.value_follows', 'Value Follows', 'bool', { boolLabels: ['No', 'Yes'] }),
]);

/** A call as its reply needs it: what was asked, when, and whatever the program noted of its arguments. */
export interface RpcCall {
  frame: number;
  time: Timestamp;
  program: number;
  version: number;
  procedure: number;
  note?: unknown;
}

/** What a program's dissection adds to Info and to its tree line. */
export interface ProgramText {
  info: string;
  label: string;
}

/** An RPC program's dissector, which registers itself (portmap, nfs). */
export interface RpcProgram {
  number: number;
  /** Its filter name and protocol line, Protocol column. */
  protocol: string;
  label: string;
  column: string;
  /** The procedure's name (undefined: not known), and whether Info leaves it out (NFSv4's COMPOUND). */
  procedureName(version: number, procedure: number): string | undefined;
  procedureInInfo?(version: number, procedure: number): boolean;
  /** The procedure field of this version ("portmap.procedure_v2"), if it has one. */
  procedureField(version: number): string | undefined;
  call?(args: Bytes, call: RpcCall, ctx: PacketContext): ProgramText | undefined;
  reply?(results: Bytes, call: RpcCall, ctx: PacketContext): ProgramText | undefined;
}

const programs = new Map<number, RpcProgram>();
const RPC_YIELDS = ['rpc'];

export function registerRpcProgram(program: RpcProgram): void {
  programs.set(program.number, program);
  RPC_YIELDS.push(program.protocol);
}

interface Conversation {
  calls: Map<number, RpcCall>;
}

/**
 * ONC RPC over UDP and over TCP with record marking (RFC 5531 §11): calls with their credentials and verifier,
 * replies matched to their call by XID, each handed to its program's dissector (portmap/rpcbind, NFS).
 */
export const rpc: Dissector = {
  name: 'rpc',
  yields: RPC_YIELDS,
  datagram(data, ctx) {
    message(data, ctx, undefined);
  },
  stream(data, ctx) {
    // Record marking: fragments, each with a header whose top bit marks the last one.
    const fragments: Bytes[] = [];
    let at = 0;
    for (;;) {
      if (data.length < at + 4) return { more: ONE_MORE_SEGMENT };
      const mark = data.u32(at);
      const length = mark & 0x7fffffff;
      if (data.length < at + 4 + length) return { more: at + 4 + length - data.length };
      fragments.push(data.sub(at, 4 + length));
      at += 4 + length;
      if (mark & 0x80000000) break;
    }
    if (fragments.length === 1) message(data.sub(4, at - 4), ctx, fragments[0]);
    else {
      const joined = new Uint8Array(fragments.reduce((n, f) => n + f.length - 4, 0));
      let p = 0;
      for (const f of fragments) {
        joined.set(f.bytes(4, f.length - 4), p);
        p += f.length - 4;
      }
      ctx.tree.within(joined, undefined, () => message(new Bytes(joined), ctx, undefined));
    }
    return at;
  },
  heuristic(data, ctx) {
    const at = ctx.transport === 'tcp' ? 4 : 0;
    if (data.length < at + 8) return false;
    if (ctx.transport === 'tcp' && !(data.u32(0) & 0x80000000)) return false;
    const type = data.u32(at + 4);
    // Calls of a known program only: a reply is known by its call's XID, which a conversation not yet claimed
    // has not seen.
    return type === CALL && data.length >= at + 24 && data.u32(at + 8) === 2 && programs.has(data.u32(at + 12));
  },
};

registerPort('tcp', 111, rpc);
registerPort('udp', 111, rpc);
registerPort('tcp', 2049, rpc);
registerPort('udp', 2049, rpc);
registerHeuristic('tcp', rpc);
registerHeuristic('udp', rpc);

const hex8 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

function message(data: Bytes, ctx: PacketContext, mark: Bytes | undefined): void {
  const { tree } = ctx;
  const xid = data.u32(0);
  const type = data.u32(4);
  const conversation = ctx.state<Conversation>(() => ({ calls: new Map() }));
  const start = mark ? mark.abs(0) : data.abs(0);
  const length = mark ? mark.length : data.length;
  tree.open('rpc', start, length, `Remote Procedure Call, Type:${type === CALL ? 'Call' : 'Reply'} XID:${hex8(xid)}`);
  if (mark) {
    const value = mark.u32(0);
    const fraglen = value & 0x7fffffff;
    const last = value >>> 31;
    tree.openText(`Fragment header: ${last ? 'Last fragment' : 'Not last fragment'}, ${fraglen} bytes`, mark.abs(0), 4);
    tree.add(
      'rpc.lastfrag',
      mark.abs(0),
      4,
      last,
      `${bitLine(value, 0x80000000, 32)} = Last Fragment: ${last ? 'Yes' : 'No'}`,
    );
    tree.add('rpc.fraglen', mark.abs(0), 4, fraglen, `${bitLine(value, 0x7fffffff, 32)} = Fragment Length: ${fraglen}`);
    tree.close();
  }
  tree.add('rpc.xid', data.abs(0), 4, xid, `XID: ${hex8(xid)} (${xid})`);
  tree.add('rpc.msgtyp', data.abs(4), 4, type);
  if (type === CALL) callMessage(data, xid, ctx, conversation);
  else if (type === REPLY) replyMessage(data, xid, ctx, conversation);
  else tree.close();
}

function procedureText(program: RpcProgram | undefined, version: number, procedure: number): string {
  return program?.procedureName(version, procedure) ?? `proc-${procedure}`;
}

function callMessage(data: Bytes, xid: number, ctx: PacketContext, conversation: Conversation): void {
  const { tree } = ctx;
  const [rpcVersion, number, version, procedure] = [data.u32(8), data.u32(12), data.u32(16), data.u32(20)];
  const program = programs.get(number);
  const name = procedureText(program, version, procedure);
  tree.add('rpc.version', data.abs(8), 4, rpcVersion);
  tree.add('rpc.program', data.abs(12), 4, number, programLine(number));
  tree.add('rpc.programversion', data.abs(16), 4, version);
  tree.add('rpc.procedure', data.abs(20), 4, procedure, `Procedure: ${name} (${procedure})`);
  let at = auth(data, 24, 'Credentials', tree);
  at = auth(data, at, 'Verifier', tree);
  tree.close();
  const call: RpcCall = { frame: ctx.frame, time: ctx.time, program: number, version, procedure };
  conversation.calls.set(xid, call);
  const shown = program?.procedureInInfo?.(version, procedure) ?? true;
  ctx.columns.protocol = program?.column ?? 'RPC';
  setInfo(ctx, `V${version} ${shown ? `${name} ` : ''}Call`);
  if (program) ctx.columns.info += programPart(program, data.sub(at), call, ctx, 'call', name);
}

function replyMessage(data: Bytes, xid: number, ctx: PacketContext, conversation: Conversation): void {
  const { tree } = ctx;
  const call = conversation.calls.get(xid);
  const program = call ? programs.get(call.program) : undefined;
  const name = call ? procedureText(program, call.version, call.procedure) : 'unknown';
  if (call) {
    tree.add('rpc.program', 0, 0, call.program, `[${programLine(call.program)}]`);
    tree.add('rpc.programversion', 0, 0, call.version, `[Program Version: ${call.version}]`);
    tree.add('rpc.procedure', 0, 0, call.procedure, `[Procedure: ${name} (${call.procedure})]`);
  }
  const state = data.u32(8);
  tree.add('rpc.replystat', data.abs(8), 4, state);
  if (call) {
    tree.add('rpc.repframe', 0, 0, call.frame, `[This is a reply to a request in frame ${call.frame}]`);
    const delay = elapsedNs(call.time, ctx.time);
    tree.add('rpc.time', 0, 0, delay, `[Time from request: ${relativeTime(delay)} seconds]`);
  }
  ctx.columns.protocol = program?.column ?? 'RPC';
  const shown = call ? (program?.procedureInInfo?.(call.version, call.procedure) ?? true) : false;
  setInfo(
    ctx,
    call ? `V${call.version} ${shown ? `${name} ` : ''}Reply (Call In ${call.frame})` : 'Reply (Call In unknown)',
  );
  if (state !== 0) {
    const reject = data.u32(12);
    tree.add('rpc.state_reject', data.abs(12), 4, reject);
    if (reject === 0) {
      tree.add('rpc.version.min', data.abs(16), 4, data.u32(16));
      tree.add('rpc.version.max', data.abs(20), 4, data.u32(20));
    } else tree.add('rpc.state_auth', data.abs(16), 4, data.u32(16));
    tree.close();
    return;
  }
  let at = auth(data, 12, 'Verifier', tree);
  const accept = data.u32(at);
  tree.add('rpc.state_accept', data.abs(at), 4, accept);
  at += 4;
  if (accept === 2) {
    tree.add('rpc.programversion.min', data.abs(at), 4, data.u32(at));
    tree.add('rpc.programversion.max', data.abs(at + 4), 4, data.u32(at + 4));
  }
  tree.close();
  if (accept === 0 && call && program) ctx.columns.info += programPart(program, data.sub(at), call, ctx, 'reply', name);
}

/** Several RPC messages in one frame: their Info texts joined, as tshark joins them. */
function setInfo(ctx: PacketContext, info: string): void {
  const state = ctx.state(() => ({ frame: -1 }));
  ctx.columns.info = state.frame === ctx.frame && ctx.columns.info ? `${ctx.columns.info} ; ${info}` : info;
  state.frame = ctx.frame;
}

function programLine(number: number): string {
  return `Program: ${PROGRAM_NAMES[number] ?? 'Unknown'} (${number})`;
}

/** The program's layer: its version and procedure, then its arguments or results; the Info text it adds. */
function programPart(
  program: RpcProgram,
  body: Bytes,
  call: RpcCall,
  ctx: PacketContext,
  kind: 'call' | 'reply',
  name: string,
): string {
  const { tree } = ctx;
  // A program with no arguments or results is shown but, as in tshark, not listed in frame.protocols.
  const item = body.length
    ? tree.open(program.protocol, body.abs(0), body.length, program.label)
    : tree.openText(program.label, body.abs(0), 0);
  tree.add('rpc.programversion', body.abs(0), 0, call.version, `[Program Version: ${call.version}]`);
  const field = program.procedureField(call.version);
  if (field)
    tree.add(field, body.abs(0), 0, call.procedure, `[V${call.version} Procedure: ${name} (${call.procedure})]`);
  const text = body.length
    ? kind === 'call'
      ? program.call?.(body, call, ctx)
      : program.reply?.(body, call, ctx)
    : undefined;
  if (text?.label) item.text = `${program.label}, ${text.label}`;
  tree.close();
  return text?.info ?? '';
}

/** An opaque_auth (RFC 5531 §8.2): flavor and body; AUTH_UNIX's (§A) fields. The offset after it. */
function auth(data: Bytes, at: number, label: string, tree: TreeBuilder): number {
  const flavor = data.u32(at);
  const length = data.u32(at + 4);
  tree.openText(label, data.abs(at), 8 + length);
  tree.add('rpc.auth.flavor', data.abs(at), 4, flavor);
  tree.add('rpc.auth.length', data.abs(at + 4), 4, length);
  const body = data.sub(at + 8, length);
  if (flavor === 1 && length >= 20) {
    tree.add('rpc.auth.stamp', body.abs(0), 4, body.u32(0));
    let p = opaque(tree, body, 4, 'rpc.auth.machinename', 'Machine Name').next;
    tree.add('rpc.auth.uid', body.abs(p), 4, body.u32(p));
    tree.add('rpc.auth.gid', body.abs(p + 4), 4, body.u32(p + 4));
    const count = body.u32(p + 8);
    p += 12;
    const gids = Array.from({ length: count }, (_, i) => body.u32(p + 4 * i));
    tree.openText(`Auxiliary GIDs (${count}) [${gids.join(', ')}]`, body.abs(p - 4), 4 + 4 * count);
    gids.forEach((gid, i) => tree.add('rpc.auth.gid', body.abs(p + 4 * i), 4, gid));
    tree.close();
  } else if (length > 0) {
    tree.add('rpc.auth.body', body.abs(0), length, body.bytes(0, length));
  }
  tree.close();
  return at + 8 + length + ((4 - (length % 4)) % 4);
}
