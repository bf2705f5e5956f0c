import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

// PostgreSQL frontend/backend protocol 3.0 (PostgreSQL documentation, "Message Formats"): message names by type.
const FRONTEND_TYPES: Record<string, string> = {
  p: 'Password message',
  Q: 'Simple query',
  P: 'Parse',
  B: 'Bind',
  E: 'Execute',
  D: 'Describe',
  C: 'Close',
  H: 'Flush',
  S: 'Sync',
  F: 'Function call',
  d: 'Copy data',
  c: 'Copy completion',
  f: 'Copy failure',
  X: 'Termination',
};
const BACKEND_TYPES: Record<string, string> = {
  R: 'Authentication request',
  K: 'Backend key data',
  S: 'Parameter status',
  '1': 'Parse completion',
  '2': 'Bind completion',
  '3': 'Close completion',
  C: 'Command completion',
  t: 'Parameter description',
  T: 'Row description',
  D: 'Data row',
  I: 'Empty query',
  n: 'No data',
  E: 'Error',
  N: 'Notice',
  s: 'Portal suspended',
  Z: 'Ready for query',
  A: 'Notification',
  V: 'Function call response',
  G: 'CopyIn response',
  H: 'CopyOut response',
  W: 'CopyBoth response',
  d: 'Copy data',
  c: 'Copy completion',
  v: 'Negotiate protocol version',
};
// The codes of untyped frontend messages (their first four bytes after the length).
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const AUTH_TYPES: Record<number, string> = {
  0: 'Success',
  2: 'Kerberos V5',
  3: 'Plaintext password',
  5: 'MD5 password',
  6: 'SCM credential',
  7: 'GSSAPI',
  8: 'GSSAPI/SSPI continue',
  9: 'SSPI',
  10: 'SASL',
  11: 'SASL continue',
  12: 'SASL complete',
};
const AUTH_MD5 = 5;
const AUTH_SASL = 10;
const STATUSES: Record<number, string> = { 73: 'Idle', 84: 'In a transaction', 69: 'In a failed transaction' };
const FORMATS: Record<number, string> = { 0: 'Text', 1: 'Binary' };
// ErrorResponse/NoticeResponse field codes: field name and tree label.
const ERROR_FIELDS: Record<string, [string, string]> = {
  S: ['severity', 'Severity'],
  V: ['text', 'Text'],
  C: ['code', 'Code'],
  M: ['message', 'Message'],
  D: ['detail', 'Detail'],
  H: ['hint', 'Hint'],
  P: ['position', 'Position'],
  p: ['internal_position', 'Position (Internal)'],
  q: ['internal_query', 'Query (Internal)'],
  W: ['where', 'Where'],
  s: ['schema_name', 'Schema'],
  t: ['table_name', 'Table'],
  c: ['column_name', 'Column'],
  d: ['type_name', 'Data type'],
  n: ['constraint_name', 'Constraint'],
  F: ['file', 'File'],
  L: ['line', 'Line'],
  R: ['routine', 'Routine'],
};
const PGSQL_PORT = 5432;

registerFields([
  field('pgsql', 'PostgreSQL', 'protocol'),
  field('pgsql.type', 'Type', 'string'),
  field('pgsql.length', 'Length', 'uint'),
  field('pgsql.frontend', 'Frontend', 'bool', { boolLabels: ['False', 'True'] }),
  field('pgsql.version_major', 'Protocol major version', 'uint', { bits: 16 }),
  field('pgsql.version_minor', 'Protocol minor version', 'uint', { bits: 16 }),
  field('pgsql.version_supported_minor', 'Newest minor protocol version supported', 'uint'),
  field('pgsql.number_nonsupported_options', 'Number of protocol options not recognized', 'int'),
  field('pgsql.nonsupported_option', 'Option', 'string'),
  field('pgsql.parameter_name', 'Parameter name', 'string'),
  field('pgsql.parameter_value', 'Parameter value', 'string'),
  field('pgsql.query', 'Query', 'string'),
  field('pgsql.password', 'Password', 'string'),
  field('pgsql.authtype', 'Authentication type', 'uint', { values: AUTH_TYPES }),
  field('pgsql.salt', 'Salt value', 'bytes'),
  field('pgsql.auth.gssapi_sspi.data', 'GSSAPI or SSPI authentication data', 'bytes'),
  field('pgsql.auth.sasl.mech', 'SASL authentication mechanism', 'string'),
  field('pgsql.auth.sasl.data.length', 'SASL authentication data length', 'int'),
  field('pgsql.auth.sasl.data', 'SASL authentication data', 'bytes'),
  field('pgsql.statement', 'Statement', 'string'),
  field('pgsql.portal', 'Portal', 'string'),
  field('pgsql.returns', 'Returns', 'uint'),
  field('pgsql.tag', 'Tag', 'string'),
  field('pgsql.status', 'Status', 'uint', { bits: 8, values: STATUSES }),
  field('pgsql.copydata', 'Copy data', 'bytes'),
  field('pgsql.error', 'Error', 'string'),
  field('pgsql.pid', 'PID', 'uint'),
  field('pgsql.key', 'Key', 'uint'),
  field('pgsql.condition', 'Condition', 'string'),
  field('pgsql.text', 'Text', 'string'),
  field('pgsql.oid.table', 'Table OID', 'uint'),
  field('pgsql.oid.type', 'Type OID', 'uint'),
  field('pgsql.oid', 'OID', 'uint'),
  field('pgsql.format', 'Format', 'uint', { bits: 16, values: FORMATS }),
  field('pgsql.field.count', 'Field count', 'uint', { bits: 16 }),
  field('pgsql.col.name', 'Column name', 'string'),
  field('pgsql.col.index', 'Column index', 'uint'),
  field('pgsql.val.length', 'Column length', 'int'),
  field('pgsql.val.data', 'Data', 'bytes'),
  field('pgsql.col.typemod', 'Type modifier', 'int'),
  ...Object.values(ERROR_FIELDS)
    .filter(([name]) => name !== 'text')
    .map(([name, label]) => field(`pgsql.${name}`, label, 'string')),
]);

interface Conversation {
  /** The frontend asked for SSL or GSS encryption: the backend answers with one byte. */
  encryptionAsked: boolean;
  /** The last authentication request's type: what a 'p' message carries. */
  authType: number;
}

/**
 * PostgreSQL's frontend/backend protocol on TCP 5432: untyped startup messages (startup, SSL and GSS encryption
 * requests, cancel), then typed messages both ways; Info lists each message's type letter after ">" (frontend)
 * or "<" (backend), as tshark does.
 */
export const pgsql: Dissector = {
  name: 'pgsql',
  yields: ['pgsql'],
  stream(data, ctx) {
    const frontend = ctx.dstPort === PGSQL_PORT || (ctx.srcPort !== PGSQL_PORT && ctx.side === 0);
    const conversation = ctx.state<Conversation>(() => ({ encryptionAsked: false, authType: -1 }));
    if (ctx.columns.protocol !== 'PGSQL') {
      ctx.columns.protocol = 'PGSQL';
      ctx.columns.info = frontend ? '>' : '<';
    }
    if (!frontend && conversation.encryptionAsked) {
      // The answer to SSLRequest/GSSENCRequest: 'S' (then TLS or GSS) or 'N'; no message of its own.
      conversation.encryptionAsked = false;
      if (data.u8(0) === 0x53) ctx.startTls();
      return 1;
    }
    const untyped = frontend && data.u8(0) === 0;
    const header = untyped ? 4 : 5;
    if (data.length < header) return { more: ONE_MORE_SEGMENT };
    const length = untyped ? data.u32(0) : data.u32(1);
    const total = untyped ? length : length + 1;
    if (length < 4) return data.length;
    if (data.length < total) return { more: total - data.length };
    const message = data.sub(0, total);
    const { tree } = ctx;
    tree.open('pgsql', message.abs(0), total);
    if (untyped) {
      untypedMessage(message, tree, conversation);
    } else {
      const letter = String.fromCharCode(message.u8(0));
      ctx.columns.info += ctx.columns.info.length > 1 ? `/${letter}` : letter;
      const name = (frontend ? FRONTEND_TYPES : BACKEND_TYPES)[letter] ?? 'Unknown';
      tree.add('pgsql.type', message.abs(0), 1, name);
      tree.add('pgsql.length', message.abs(1), 4, length);
      tree.add('pgsql.frontend', 0, 0, frontend ? 1 : 0);
      const body = message.sub(5);
      if (frontend) frontendMessage(letter, body, tree, conversation);
      else backendMessage(letter, body, ctx, conversation);
    }
    tree.close();
    return total;
  },
};

registerPort('tcp', PGSQL_PORT, pgsql);

/** A NUL-terminated string at `at` (to the end when unterminated) and the offset after it. */
function cstring(data: Bytes, at: number): { text: string; length: number } {
  let end = at;
  while (end < data.length && data.u8(end) !== 0) end++;
  return { text: data.text(at, end - at), length: Math.min(end + 1, data.length) - at };
}

function addString(tree: TreeBuilder, data: Bytes, at: number, name: string): number {
  const { text, length } = cstring(data, at);
  tree.add(name, data.abs(at), length, text);
  return at + length;
}

function untypedMessage(message: Bytes, tree: TreeBuilder, conversation: Conversation): void {
  const code = message.u32(4);
  const type =
    code === SSL_REQUEST
      ? 'SSL request'
      : code === GSSENC_REQUEST
        ? 'GSS encrypt request'
        : code === CANCEL_REQUEST
          ? 'Cancel request'
          : 'Startup message';
  tree.add('pgsql.type', message.abs(0), 0, type);
  tree.add('pgsql.length', message.abs(0), 4, message.u32(0));
  tree.add('pgsql.frontend', 0, 0, 1);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
    conversation.encryptionAsked = true;
    return;
  }
  if (code === CANCEL_REQUEST) {
    tree.add('pgsql.pid', message.abs(8), 4, message.u32(8));
    tree.add('pgsql.key', message.abs(12), 4, message.u32(12));
    return;
  }
  tree.add('pgsql.version_major', message.abs(4), 2, message.u16(4));
  tree.add('pgsql.version_minor', message.abs(6), 2, message.u16(6));
  let at = 8;
  while (at < message.length && message.u8(at) !== 0) {
    at = addString(tree, message, at, 'pgsql.parameter_name');
    if (at >= message.length) break;
    at = addString(tree, message, at, 'pgsql.parameter_value');
  }
}

function frontendMessage(letter: string, body: Bytes, tree: TreeBuilder, conversation: Conversation): void {
  switch (letter) {
    case 'p':
      if (conversation.authType === AUTH_SASL) {
        const at = addString(tree, body, 0, 'pgsql.auth.sasl.mech');
        const n = body.u32(at) | 0;
        tree.add('pgsql.auth.sasl.data.length', body.abs(at), 4, n);
        if (n > 0) tree.add('pgsql.auth.sasl.data', body.abs(at + 4), n, body.bytes(at + 4, n));
      } else if (conversation.authType > AUTH_SASL) {
        tree.add('pgsql.auth.sasl.data', body.abs(0), body.length, body.bytes(0, body.length));
      } else {
        addString(tree, body, 0, 'pgsql.password');
      }
      return;
    case 'Q':
      addString(tree, body, 0, 'pgsql.query');
      return;
    case 'P': {
      let at = addString(tree, body, 0, 'pgsql.statement');
      at = addString(tree, body, at, 'pgsql.query');
      const n = body.u16(at);
      tree.openText(`Parameters: ${n}`, body.abs(at), 2 + 4 * n);
      for (let i = 0; i < n; i++) tree.add('pgsql.oid.type', body.abs(at + 2 + 4 * i), 4, body.u32(at + 2 + 4 * i));
      tree.close();
      return;
    }
    case 'B': {
      let at = addString(tree, body, 0, 'pgsql.portal');
      at = addString(tree, body, at, 'pgsql.statement');
      at = formats(body, at, 'Parameter formats', tree);
      const n = body.u16(at);
      const start = at;
      at += 2;
      const item = tree.openText(`Parameter values: ${n}`, body.abs(start), 2);
      for (let i = 0; i < n; i++) at = value(body, at, tree);
      item.length = at - start;
      tree.close();
      formats(body, at, 'Result formats', tree);
      return;
    }
    case 'D':
    case 'C':
      addString(tree, body, 1, body.u8(0) === 0x53 ? 'pgsql.statement' : 'pgsql.portal');
      return;
    case 'E': {
      const at = addString(tree, body, 0, 'pgsql.portal');
      const rows = body.u32(at);
      tree.add('pgsql.returns', body.abs(at), 4, rows, `Returns: ${rows === 0 ? 'all' : rows} rows`);
      return;
    }
    case 'd':
      if (body.length) tree.add('pgsql.copydata', body.abs(0), body.length, body.bytes(0, body.length));
      return;
    case 'f':
      addString(tree, body, 0, 'pgsql.error');
      return;
  }
}

/** A count of format codes and the codes, under a "<label>: n" line; the offset after them. */
function formats(body: Bytes, at: number, label: string, tree: TreeBuilder): number {
  const n = body.u16(at);
  tree.openText(`${label}: ${n}`, body.abs(at), 2 + 2 * n);
  for (let i = 0; i < n; i++) tree.add('pgsql.format', body.abs(at + 2 + 2 * i), 2, body.u16(at + 2 + 2 * i));
  tree.close();
  return at + 2 + 2 * n;
}

/** A length-prefixed value (-1: NULL); the offset after it. */
function value(body: Bytes, at: number, tree: TreeBuilder): number {
  const n = body.u32(at) | 0;
  tree.add('pgsql.val.length', body.abs(at), 4, n);
  if (n <= 0) return at + 4;
  tree.add('pgsql.val.data', body.abs(at + 4), n, body.bytes(at + 4, n));
  return at + 4 + n;
}

function backendMessage(letter: string, body: Bytes, ctx: PacketContext, conversation: Conversation): void {
  const { tree } = ctx;
  switch (letter) {
    case 'R': {
      const type = body.u32(0);
      conversation.authType = type;
      tree.add('pgsql.authtype', body.abs(0), 4, type);
      if (type === AUTH_MD5) tree.add('pgsql.salt', body.abs(4), 4, body.bytes(4, 4));
      else if (type === AUTH_SASL) {
        for (let at = 4; at < body.length && body.u8(at) !== 0;) at = addString(tree, body, at, 'pgsql.auth.sasl.mech');
      } else if (type > AUTH_SASL && body.length > 4) {
        tree.add('pgsql.auth.sasl.data', body.abs(4), body.length - 4, body.bytes(4, body.length - 4));
      } else if ((type === 7 || type === 8) && body.length > 4) {
        tree.add('pgsql.auth.gssapi_sspi.data', body.abs(4), body.length - 4, body.bytes(4, body.length - 4));
      }
      return;
    }
    case 'S':
      addString(tree, body, addString(tree, body, 0, 'pgsql.parameter_name'), 'pgsql.parameter_value');
      return;
    case 'K':
      tree.add('pgsql.pid', body.abs(0), 4, body.u32(0));
      tree.add('pgsql.key', body.abs(4), 4, body.u32(4));
      return;
    case 'Z':
      tree.add('pgsql.status', body.abs(0), 1, body.u8(0));
      return;
    case 'C':
      addString(tree, body, 0, 'pgsql.tag');
      return;
    case 't': {
      const n = body.u16(0);
      tree.openText(`Parameters: ${n}`, body.abs(0), 2 + 4 * n);
      for (let i = 0; i < n; i++) tree.add('pgsql.oid.type', body.abs(2 + 4 * i), 4, body.u32(2 + 4 * i));
      tree.close();
      return;
    }
    case 'T': {
      const n = body.u16(0);
      tree.open('pgsql.field.count', body.abs(0), body.length, undefined, n);
      let at = 2;
      for (let i = 0; i < n; i++) {
        const { text, length } = cstring(body, at);
        tree.open('pgsql.col.name', body.abs(at), length + 18, undefined, text);
        at += length;
        tree.add('pgsql.oid.table', body.abs(at), 4, body.u32(at));
        tree.add('pgsql.col.index', body.abs(at + 4), 2, body.u16(at + 4));
        tree.add('pgsql.oid.type', body.abs(at + 6), 4, body.u32(at + 6));
        tree.add('pgsql.val.length', body.abs(at + 10), 2, (body.u16(at + 10) << 16) >> 16);
        tree.add('pgsql.col.typemod', body.abs(at + 12), 4, body.u32(at + 12) | 0);
        tree.add('pgsql.format', body.abs(at + 16), 2, body.u16(at + 16));
        tree.close();
        at += 18;
      }
      tree.close();
      return;
    }
    case 'D': {
      const n = body.u16(0);
      tree.open('pgsql.field.count', body.abs(0), body.length, undefined, n);
      for (let i = 0, at = 2; i < n; i++) at = value(body, at, tree);
      tree.close();
      return;
    }
    case 'E':
    case 'N':
      for (let at = 0; at < body.length && body.u8(at) !== 0;) {
        const code = String.fromCharCode(body.u8(at));
        const field = ERROR_FIELDS[code];
        const { text, length } = cstring(body, at + 1);
        if (field) tree.add(`pgsql.${field[0]}`, body.abs(at), length + 1, text);
        at += 1 + length;
      }
      return;
    case 'A': {
      tree.add('pgsql.pid', body.abs(0), 4, body.u32(0));
      addString(tree, body, addString(tree, body, 4, 'pgsql.condition'), 'pgsql.text');
      return;
    }
    case 'd':
      if (body.length) tree.add('pgsql.copydata', body.abs(0), body.length, body.bytes(0, body.length));
      return;
    case 'v': {
      tree.add('pgsql.version_supported_minor', body.abs(0), 4, body.u32(0));
      const n = body.u32(4) | 0;
      tree.add('pgsql.number_nonsupported_options', body.abs(4), 4, n);
      for (let i = 0, at = 8; i < n && at < body.length; i++)
        at = addString(tree, body, at, 'pgsql.nonsupported_option');
      return;
    }
  }
}
