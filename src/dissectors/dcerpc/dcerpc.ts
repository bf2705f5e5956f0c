import { addExpert } from '../expert';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
import { elapsedNs, registerHeuristic, type Dissector, type PacketContext, type Timestamp } from '../api';
import { bitLine } from '../bit-line';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { ACK_REASONS, ACK_RESULTS, AUTH_LEVELS, AUTH_TYPES, layerName, PACKET_TYPES, STATUSES } from './fields';
import { INTERFACES, type RpcInterface } from './interfaces';

const HEADER = 16;
const [REQUEST, RESPONSE, FAULT, BIND, BIND_ACK, BIND_NAK, ALTER, ALTER_RESP, AUTH3] = [
  0, 2, 3, 11, 12, 13, 14, 15, 16,
];
const FIRST_FRAG = 0x01;
const LAST_FRAG = 0x02;
const OBJECT_UUID = 0x80;

/** Transfer syntaxes (MS-RPCE §2.2.4.12, §3.3.1.5.3) by UUID. */
const TRANSFER_SYNTAXES: Record<string, string> = {
  '8a885d04-1ceb-11c9-9fe8-08002b104860': '32bit NDR',
  '71710533-beba-4937-8319-b5dbef9ccc36': '64bit NDR',
};
const BIND_TIME_FEATURES = '6cb71c2c-9812-4540-';

interface Call {
  frame: number;
  time: Timestamp;
  opnum: number;
  ctxId: number;
}

/** One connection's presentation contexts and outstanding calls. */
interface Association {
  contexts: Map<number, { uuid: string; version: number; minor: number }>;
  calls: Map<number, Call>;
}

/** A GUID as NDR lays it out in the PDU's byte order (the first three fields in that order), as text. */
function guid(b: Bytes, at: number, le: boolean): string {
  const hex = (from: number, n: number, reverse: boolean) => {
    const bytes = [...b.bytes(at + from, n)];
    if (reverse) bytes.reverse();
    return bytes.map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, le)}-${hex(4, 2, le)}-${hex(6, 2, le)}-${hex(8, 2, false)}-${hex(10, 6, false)}`;
}

function interfaceOf(uuid: string, version: number): RpcInterface | undefined {
  return INTERFACES.find((i) => i.uuid === uuid && i.version === version);
}

function syntaxName(uuid: string): string {
  if (uuid.startsWith(BIND_TIME_FEATURES)) return 'Bind Time Feature Negotiation';
  return TRANSFER_SYNTAXES[uuid] ?? uuid;
}

function fragmentText(flags: number): string {
  const ends = flags & (FIRST_FRAG | LAST_FRAG);
  return ends === (FIRST_FRAG | LAST_FRAG)
    ? 'Single'
    : ends === FIRST_FRAG
      ? 'First'
      : ends === LAST_FRAG
        ? 'Last'
        : 'Mid';
}

/** Whether `data` starts like a connection-oriented PDU: version 5.0, a known type, a plausible length. */
function looksLikePdu(data: Bytes): boolean {
  if (data.length < HEADER || data.u8(0) !== 5 || data.u8(1) !== 0 || data.u8(2) > 20) return false;
  const drep = data.u8(4);
  if (drep & 0xee || data.u8(5) > 3) return false;
  const le = (drep & 0x10) !== 0;
  const fragLength = le ? data.u16le(8) : data.u16(8);
  return fragLength >= HEADER;
}

/**
 * DCE/RPC over TCP (DCE 1.1 RPC chapter 12, MS-RPCE), found by content as tshark's heuristic finds it: bind,
 * bind_ack, alter_context, request, response and fault PDUs; the interfaces a bind names and the operations its
 * calls invoke, by name for the common Windows services (interfaces.ts). Stub data is not decoded (NDR).
 */
export const dcerpc: Dissector = {
  name: 'dcerpc',
  yields: ['dcerpc', ...new Set(INTERFACES.map((i) => i.filter.split('.')[0])), 'rpc_netlogon'],
  heuristic: looksLikePdu,
  stream(data, ctx) {
    if (data.length < HEADER) return { more: HEADER - data.length };
    const le = (data.u8(4) & 0x10) !== 0;
    const fragLength = le ? data.u16le(8) : data.u16(8);
    if (fragLength < HEADER) return data.length;
    if (data.length < fragLength) return { more: fragLength - data.length };
    pdu(data.sub(0, fragLength), ctx);
    return fragLength;
  },
};

registerHeuristic('tcp', dcerpc);

function pdu(p: Bytes, ctx: PacketContext): void {
  const { tree: t, columns } = ctx;
  const le = (p.u8(4) & 0x10) !== 0;
  const u16 = (at: number) => (le ? p.u16le(at) : p.u16(at));
  const u32 = (at: number) => (le ? p.u32le(at) : p.u32(at));
  const assoc = ctx.state<Association>(() => ({ contexts: new Map(), calls: new Map() }));
  const type = p.u8(2);
  const flags = p.u8(3);
  const fragLength = u16(8);
  const authLength = u16(10);
  const callId = u32(12);
  const typeName = PACKET_TYPES[type] ?? `Unknown (${type})`;
  const fragment = fragmentText(flags);
  columns.protocol = 'DCERPC';
  columns.info = `${typeName}: call_id: ${callId}, Fragment: ${fragment}`;
  const top = t.open('dcerpc', p.abs(0), p.length);
  let title = `Distributed Computing Environment / Remote Procedure Call (DCE/RPC) ${typeName}, Fragment: ${fragment}, FragLen: ${fragLength}, Call: ${callId}`;
  header(t, p, flags);
  t.add('dcerpc.cn_frag_len', p.abs(8), 2, fragLength);
  t.add('dcerpc.cn_auth_len', p.abs(10), 2, authLength);
  t.add('dcerpc.cn_call_id', p.abs(12), 4, callId);
  // The body ends where the authentication verifier (8-byte header, then the credentials) begins.
  const bodyEnd = authLength ? Math.max(HEADER, fragLength - authLength - 8) : fragLength;
  const body = p.sub(0, bodyEnd);
  switch (type) {
    case BIND:
    case ALTER:
      bind(t, body, le, assoc, columns);
      break;
    case BIND_ACK:
    case ALTER_RESP:
      bindAck(t, body, le, columns);
      break;
    case BIND_NAK:
      t.add('dcerpc.cn_reject_reason', p.abs(16), 2, u16(16));
      break;
    case REQUEST:
    case RESPONSE:
    case FAULT:
      title += call(t, body, le, type, flags, callId, assoc, ctx);
      break;
  }
  if (authLength && type !== AUTH3) verifier(t, p, bodyEnd, le, authLength);
  top.text = title;
  t.close();
}

function header(t: TreeBuilder, p: Bytes, flags: number): void {
  t.add('dcerpc.ver', p.abs(0), 1, 5);
  t.add('dcerpc.ver_minor', p.abs(1), 1, p.u8(1));
  t.add('dcerpc.pkt_type', p.abs(2), 1, p.u8(2));
  t.open('dcerpc.cn_flags', p.abs(3), 1, `Packet Flags: 0x${flags.toString(16).padStart(2, '0')}`, flags);
  const names: [string, string, number][] = [
    ['dcerpc.cn_flags.object', 'Object', 0x80],
    ['dcerpc.cn_flags.maybe', 'Maybe', 0x40],
    ['dcerpc.cn_flags.dne', 'Did Not Execute', 0x20],
    ['dcerpc.cn_flags.mpx', 'Multiplex', 0x10],
    ['dcerpc.cn_flags.reserved', 'Reserved', 0x08],
    ['dcerpc.cn_flags.cancel_pending', 'Cancel Pending', 0x04],
    ['dcerpc.cn_flags.last_frag', 'Last Frag', 0x02],
    ['dcerpc.cn_flags.first_frag', 'First Frag', 0x01],
  ];
  for (const [field, label, mask] of names) {
    const set = flags & mask ? 1 : 0;
    t.add(field, p.abs(3), 1, set, `${bitLine(flags, mask, 8)} = ${label}: ${set ? 'Set' : 'Not set'}`);
  }
  t.close();
  const drep = p.bytes(4, 4);
  const order = drep[0] >> 4 ? 'Little-endian' : 'Big-endian';
  const character = drep[0] & 0x0f ? 'EBCDIC' : 'ASCII';
  const fp = ['IEEE', 'VAX', 'Cray', 'IBM'][drep[1]] ?? 'Unknown';
  const hex = [...drep].map((b) => b.toString(16).padStart(2, '0')).join('');
  t.open('dcerpc.drep', p.abs(4), 4, `Data Representation: ${hex} (Order: ${order}, Char: ${character}, Float: ${fp})`);
  t.add('dcerpc.drep.byteorder', p.abs(4), 1, drep[0] >> 4);
  t.add('dcerpc.drep.character', p.abs(4), 1, drep[0] & 0x0f);
  t.add('dcerpc.drep.fp', p.abs(5), 1, drep[1]);
  t.close();
}

function bind(t: TreeBuilder, p: Bytes, le: boolean, assoc: Association, columns: { info: string }): void {
  const u16 = (at: number) => (le ? p.u16le(at) : p.u16(at));
  const u32 = (at: number) => (le ? p.u32le(at) : p.u32(at));
  t.add('dcerpc.cn_max_xmit', p.abs(16), 2, u16(16));
  t.add('dcerpc.cn_max_recv', p.abs(18), 2, u16(18));
  t.add('dcerpc.cn_assoc_group', p.abs(20), 4, u32(20));
  const count = p.u8(24);
  t.add('dcerpc.cn_num_ctx_items', p.abs(24), 1, count);
  const summaries: string[] = [];
  let at = 28;
  for (let i = 0; i < count; i++) {
    const ctxId = u16(at);
    const transfers = p.u8(at + 2);
    const uuid = guid(p, at + 4, le);
    const [major, minor] = [u16(at + 20), u16(at + 22)];
    const known = interfaceOf(uuid, major);
    const name = known?.name ?? uuid;
    const item = t.open('dcerpc.cn_ctx_item', p.abs(at), 24 + 20 * transfers);
    t.add('dcerpc.cn_ctx_id', p.abs(at), 2, ctxId);
    t.add('dcerpc.cn_num_trans_items', p.abs(at + 2), 1, transfers);
    t.open('dcerpc.cn_bind_abstract_syntax', p.abs(at + 4), 20, `Abstract Syntax: ${name} V${major}.${minor}`);
    t.add('dcerpc.cn_bind_to_uuid', p.abs(at + 4), 16, uuid, `Interface: ${name} UUID: ${uuid}`);
    t.add('dcerpc.cn_bind_if_ver', p.abs(at + 20), 2, major);
    t.add('dcerpc.cn_bind_if_ver_minor', p.abs(at + 22), 2, minor);
    t.close();
    const syntaxes: string[] = [];
    for (let j = 0; j < transfers; j++) {
      const s = at + 24 + 20 * j;
      const id = guid(p, s, le);
      const syntax = syntaxName(id);
      const version = u32(s + 16);
      syntaxes.push(syntax);
      t.open('dcerpc.cn_bind_trans', p.abs(s), 20, `Transfer Syntax[${j + 1}]: ${syntax} V${version}`);
      t.add('dcerpc.cn_bind_trans_id', p.abs(s), 16, id, `Transfer Syntax: ${syntax} UUID:${id}`);
      if (id.startsWith(BIND_TIME_FEATURES)) bindTimeFeatures(t, p, s + 8, le);
      t.add('dcerpc.cn_bind_trans_ver', p.abs(s + 16), 4, version, `ver: ${version}`);
      t.close();
    }
    item.text = `Ctx Item[${i + 1}]: Context ID:${ctxId}, ${name}, ${syntaxes.join(', ')}`;
    t.close();
    assoc.contexts.set(ctxId, { uuid, version: major, minor });
    const firstId = guid(p, at + 24, le);
    summaries.push(`${name} V${major}.${minor} (${TRANSFER_SYNTAXES[firstId] ?? firstId})`);
    at += 24 + 20 * transfers;
  }
  columns.info += `, ${count} context items: ${summaries.join(', ')}`;
}

/** The bitmask a bind-time feature negotiation syntax carries in its UUID (MS-RPCE §3.3.1.5.3). */
function bindTimeFeatures(t: TreeBuilder, p: Bytes, at: number, le: boolean): void {
  const bits = le ? p.u16le(at) : p.u16(at);
  const names: string[] = [];
  if (bits & 1) names.push('Security Context Multiplexing Supported');
  if (bits & 2) names.push('Keep Connection On Orphan Supported');
  const hex = `0x${bits.toString(16).padStart(4, '0')}`;
  t.open('dcerpc.cn_bind_trans_btfn', p.abs(at), 2, `Bind Time Features: ${[hex, ...names].join(', ')}`, bits);
  const line = (mask: number, label: string) =>
    `${bitLine(bits, mask, 16)} = ${label}: ${bits & mask ? 'True' : 'False'}`;
  t.add('dcerpc.cn_bind_trans_btfn.01', p.abs(at), 2, bits & 1, line(1, 'Security Context Multiplexing Supported'));
  t.add('dcerpc.cn_bind_trans_btfn.02', p.abs(at), 2, (bits >> 1) & 1, line(2, 'Keep Connection On Orphan Supported'));
  t.close();
}

function bindAck(t: TreeBuilder, p: Bytes, le: boolean, columns: { info: string }): void {
  const u16 = (at: number) => (le ? p.u16le(at) : p.u16(at));
  const u32 = (at: number) => (le ? p.u32le(at) : p.u32(at));
  const [xmit, recv] = [u16(16), u16(18)];
  t.add('dcerpc.cn_max_xmit', p.abs(16), 2, xmit);
  t.add('dcerpc.cn_max_recv', p.abs(18), 2, recv);
  t.add('dcerpc.cn_assoc_group', p.abs(20), 4, u32(20));
  const addrLength = u16(24);
  t.add('dcerpc.cn_sec_addr_len', p.abs(24), 2, addrLength);
  if (addrLength) {
    const text = p.latin1(26, addrLength).replace(/\0.*$/, '');
    t.add('dcerpc.cn_sec_addr', p.abs(26), addrLength, text);
  }
  let at = 26 + addrLength;
  at += (4 - (at % 4)) % 4;
  const count = p.u8(at);
  t.add('dcerpc.cn_num_results', p.abs(at), 1, count);
  at += 4;
  const results: string[] = [];
  for (let i = 0; i < count; i++, at += 24) {
    const result = u16(at);
    const id = guid(p, at + 4, le);
    const syntax =
      result === 3 || id === '00000000-0000-0000-0000-000000000000' ? 'PNIO (Implicit Ar)' : syntaxName(id);
    const resultName = ACK_RESULTS[result] ?? `Unknown (${result})`;
    results.push(resultName);
    t.openText(`Ctx Item[${i + 1}]: ${resultName}, ${syntax}`, p.abs(at), 24);
    t.add('dcerpc.cn_ack_result', p.abs(at), 2, result);
    if (result === 3) {
      bindTimeFeatures(t, p, at + 2, le);
    } else if (result !== 0) {
      const reason = u16(at + 2);
      t.add(
        'dcerpc.cn_ack_reason',
        p.abs(at + 2),
        2,
        reason,
        `Ack reason: ${ACK_REASONS[reason] ?? 'Unknown'} (${reason})`,
      );
    }
    t.add('dcerpc.cn_ack_trans_id', p.abs(at + 4), 16, id, `Transfer Syntax: ${syntax}`);
    t.add('dcerpc.cn_ack_trans_ver', p.abs(at + 20), 4, u32(at + 20));
    t.close();
  }
  columns.info += `, max_xmit: ${xmit} max_recv: ${recv}, ${count} results: ${results.join(', ')}`;
}

/** A request, response or fault: its header, the call it belongs to, and the operation named when known. */
function call(
  t: TreeBuilder,
  p: Bytes,
  le: boolean,
  type: number,
  flags: number,
  callId: number,
  assoc: Association,
  ctx: PacketContext,
): string {
  const u16 = (at: number) => (le ? p.u16le(at) : p.u16(at));
  const u32 = (at: number) => (le ? p.u32le(at) : p.u32(at));
  const { columns } = ctx;
  t.add('dcerpc.cn_alloc_hint', p.abs(16), 4, u32(16));
  const ctxId = u16(20);
  t.add('dcerpc.cn_ctx_id', p.abs(20), 2, ctxId);
  const bound = assoc.contexts.get(ctxId);
  const iface = bound && interfaceOf(bound.uuid, bound.version);
  let stubAt = 24;
  let opnum: number;
  let request: Call | undefined;
  let title = '';
  if (type === REQUEST) {
    opnum = u16(22);
    if (flags & OBJECT_UUID) {
      t.add('dcerpc.object_uuid', p.abs(24), 16, guid(p, 24, le));
      stubAt = 40;
    }
    t.add('dcerpc.opnum', p.abs(22), 2, opnum);
    if (flags & FIRST_FRAG) assoc.calls.set(callId, { frame: ctx.frame, time: ctx.time, opnum, ctxId });
    title = `, Ctx: ${ctxId}`;
    columns.info += `, opnum: ${opnum}, Ctx: ${ctxId}`;
  } else {
    t.add('dcerpc.cn_cancel_count', p.abs(22), 1, p.u8(22));
    request = assoc.calls.get(callId);
    opnum = request?.opnum ?? 0;
    if (type === FAULT) {
      const faultFlags = p.u8(23);
      t.open(
        'dcerpc.cn_fault_flags',
        p.abs(23),
        1,
        `Fault flags: 0x${faultFlags.toString(16).padStart(2, '0')}`,
        faultFlags,
      );
      t.add(
        'dcerpc.cn_fault_flags.extended_error',
        p.abs(23),
        1,
        faultFlags & 1,
        `${bitLine(faultFlags, 1, 8)} = Extended error information present: ${faultFlags & 1 ? 'True' : 'False'}`,
      );
      t.close();
      const status = u32(24);
      const name = STATUSES[status] ?? `Unknown (0x${status.toString(16).padStart(8, '0')})`;
      t.open('dcerpc.cn_status', p.abs(24), 4, `Status: ${name} (0x${status.toString(16).padStart(8, '0')})`, status);
      const message = `Fault: ${name}`;
      addExpert(t, { severity: ExpertSeverity.Note, group: ExpertGroup.Response, message }, p.abs(24), 4);
      t.close();
      t.add('dcerpc.reserved', p.abs(28), 4, p.bytes(28, 4));
      stubAt = 32;
      columns.info += `, Ctx: ${ctxId}, status: ${name}`;
    } else {
      columns.info += `, Ctx: ${ctxId}`;
      title = `, Ctx: ${ctxId}`;
    }
    if (request) {
      t.add('dcerpc.opnum', p.abs(0), 0, opnum, `[Opnum: ${opnum}]`);
      t.add('dcerpc.request_in', p.abs(0), 0, request.frame, `[Request in frame: ${request.frame}]`);
      const ns = elapsedNs(request.time, ctx.time);
      t.add('dcerpc.time', p.abs(0), 0, ns, `[Time from request: ${(ns / 1e9).toFixed(9)} seconds]`);
      title += `, [Req: #${request.frame}]`;
    }
  }
  const stub = p.sub(stubAt);
  if (type === FAULT) {
    t.add(
      'dcerpc.fault_stub_data',
      stub.abs(0),
      stub.length,
      stub.bytes(0, stub.length),
      `Fault stub data (${stub.length} bytes)`,
    );
  } else {
    t.openText(`Complete stub data (${stub.length} bytes)`, stub.abs(0), stub.length);
    t.add('dcerpc.payload_stub_data', stub.abs(0), stub.length, undefined, `Payload stub data (${stub.length} bytes)`);
    t.close();
  }
  const operation = iface?.operations[opnum];
  if (iface && operation && type !== FAULT && (type === REQUEST || request)) {
    const direction = type === REQUEST ? 'request' : 'response';
    columns.protocol = iface.column;
    columns.info = `${operation} ${direction}`;
    t.close();
    t.open(layerName(iface.filter), stub.abs(0), stub.length, `${iface.title}, ${operation}`);
    t.add(`${iface.filter}.opnum`, p.abs(22), 0, opnum, `Operation: ${operation} (${opnum})`);
    if (request) t.add('dcerpc.request_in', p.abs(0), 0, request.frame, `[Request in frame: ${request.frame}]`);
    // Left open: pdu() closes the DCE/RPC layer, here the interface's.
  }
  return title;
}

/** The authentication verifier's header (MS-RPCE §2.2.2.11); the credentials are the security provider's. */
function verifier(t: TreeBuilder, p: Bytes, at: number, le: boolean, authLength: number): void {
  if (at + 8 > p.length) return;
  const [authType, level, pad] = [p.u8(at), p.u8(at + 1), p.u8(at + 2)];
  t.open(
    'dcerpc.auth_info',
    p.abs(at),
    p.length - at,
    `Auth Info: ${AUTH_TYPES[authType] ?? 'Unknown'}, ${AUTH_LEVELS[level] ?? 'Unknown'}, AuthContextId(${le ? p.u32le(at + 4) : p.u32(at + 4)})`,
  );
  t.add('dcerpc.auth_type', p.abs(at), 1, authType);
  t.add('dcerpc.auth_level', p.abs(at + 1), 1, level);
  t.add('dcerpc.auth_pad_len', p.abs(at + 2), 1, pad);
  t.add('dcerpc.auth_rsrvd', p.abs(at + 3), 1, p.u8(at + 3));
  t.add('dcerpc.auth_ctx_id', p.abs(at + 4), 4, le ? p.u32le(at + 4) : p.u32(at + 4));
  const credentials = Math.min(authLength, p.length - at - 8);
  t.add('dcerpc.auth_credentials', p.abs(at + 8), credentials, p.bytes(at + 8, credentials));
  t.close();
}
