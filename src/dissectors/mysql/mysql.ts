import type { Bytes } from '../bytes';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { CAPS, COMMANDS, EXT_CAPS, FIELD_FLAGS, MARIADB_CAPS, STATUS, type Flag } from './fields';

const MYSQL_PORT = 3306;
const CLIENT_MYSQL = 0x0001;
const CLIENT_CONNECT_WITH_DB = 0x0008;
const CLIENT_SSL = 0x0800;
const EXT_PLUGIN_AUTH = 0x0008;
const EXT_CONNECT_ATTRS = 0x0010;
const EXT_SESSION_TRACK = 0x0080;
const EXT_DEPRECATE_EOF = 0x0100;
const MARIADB_EXTENDED_METADATA = 0x08;
const SESSION_STATE_CHANGED = 0x4000;
const COM_QUERY = 3;
const OK = 0x00;
const EOF = 0xfe;
const ERR = 0xff;
const FIELD_STRINGS = ['catalog', 'db', 'table', 'org_table', 'name', 'org_name'] as const;
const FIELD_LABELS = ['Catalog', 'Database', 'Table', 'Original table', 'Name', 'Original name'];

interface Conversation {
  greeted: boolean;
  loginSent: boolean;
  mariadb: boolean;
  serverExtCaps: number;
  clientExtCaps: number;
  mariadbCaps: number;
  command: number;
  /** A result set under way: its column definitions left, then the EOF after them (unless deprecated), then rows. */
  result?: { fieldsLeft: number; phase: 'fields' | 'eof' | 'rows' };
}

/**
 * MySQL's and MariaDB's client/server protocol on TCP 3306: the server greeting, the login request, commands
 * (COM_QUERY...) and their responses: OK, ERR and EOF packets, result sets (column count, column definitions,
 * rows), with MariaDB's extended capabilities and metadata.
 */
export const mysql: Dissector = {
  name: 'mysql',
  yields: ['mysql', 'mariadb'],
  stream(data, ctx) {
    if (data.length < 4) return { more: ONE_MORE_SEGMENT };
    const length = data.u8(0) | (data.u8(1) << 8) | (data.u8(2) << 16);
    const total = 4 + length;
    if (data.length < total) return { more: total - data.length };
    const packet = data.sub(0, total);
    const state = ctx.state<Conversation>(() => ({
      greeted: false,
      loginSent: false,
      mariadb: false,
      serverExtCaps: 0,
      clientExtCaps: 0,
      mariadbCaps: 0,
      command: -1,
    }));
    const fromServer = ctx.srcPort === MYSQL_PORT;
    const first = ctx.columns.protocol !== 'MySQL';
    ctx.columns.protocol = 'MySQL';
    if (first) ctx.columns.info = fromServer && state.greeted ? 'Response ' : '';
    const { tree } = ctx;
    const top = tree.open('mysql', packet.abs(0), total, 'MySQL Protocol');
    tree.add('mysql.packet_length', packet.abs(0), 3, length);
    tree.add('mysql.packet_number', packet.abs(3), 1, packet.u8(3));
    const body = packet.sub(4);
    const suffix = fromServer ? serverPacket(body, ctx, state) : clientPacket(body, packet.u8(3), ctx, state);
    if (suffix) top.text = `MySQL Protocol - ${suffix}`;
    tree.close();
    return total;
  },
};

registerPort('tcp', MYSQL_PORT, mysql);

function flags(tree: TreeBuilder, data: Bytes, at: number, size: 2 | 4, field: string, list: readonly Flag[]): number {
  const value = size === 2 ? data.u16le(at) : data.u32le(at);
  tree.open(field, data.abs(at), size, undefined, value);
  const prefix = field.split('.')[0];
  for (const [name, mask, label] of list)
    tree.add(
      `${prefix}.${name}`,
      data.abs(at),
      size,
      value & mask ? 1 : 0,
      `${bitLine(value, mask, size * 8)} = ${label}: ${value & mask ? 'Set' : 'Not set'}`,
    );
  return value;
}

/** A NUL-terminated string: its text and the offset after the NUL (or the end). */
function cstring(data: Bytes, at: number): { text: string; next: number } {
  let end = at;
  while (end < data.length && data.u8(end) !== 0) end++;
  return { text: data.text(at, end - at), next: Math.min(end + 1, data.length) };
}

function addCString(tree: TreeBuilder, data: Bytes, at: number, field: string): { text: string; next: number } {
  const s = cstring(data, at);
  tree.add(field, data.abs(at), s.next - at, s.text);
  return s;
}

/**
 * A length-encoded integer, shown as tshark 4.0 shows each: its first byte as mariadb.prefix and its value as
 * mariadb.length (no length for NULL, 0xfb). `value` is undefined for NULL.
 */
function lenenc(tree: TreeBuilder, data: Bytes, at: number): { value: number | undefined; next: number } {
  const prefix = data.u8(at);
  if (prefix === 0xfb) {
    tree.add('mariadb.prefix', data.abs(at), 1, prefix, 'Prefix: 251(NULL)');
    return { value: undefined, next: at + 1 };
  }
  let value = prefix;
  let size = 1;
  if (prefix === 0xfc) [value, size] = [data.u16le(at + 1), 3];
  else if (prefix === 0xfd) [value, size] = [data.u16le(at + 1) | (data.u8(at + 3) << 16), 4];
  else if (prefix === 0xfe) [value, size] = [data.u64le(at + 1), 9];
  tree.add('mariadb.prefix', data.abs(at), 1, prefix);
  tree.add('mariadb.length', data.abs(at), size, value);
  return { value, next: at + size };
}

/** A length-encoded string; the field is added unless empty or NULL. */
function lenencString(tree: TreeBuilder, data: Bytes, at: number, field: string): { text?: string; next: number } {
  const { value, next } = lenenc(tree, data, at);
  if (value === undefined) return { next };
  const text = data.text(next, value);
  if (value > 0) tree.add(field, data.abs(next), value, text);
  return { text, next: next + value };
}

function serverPacket(body: Bytes, ctx: PacketContext, state: Conversation): string | undefined {
  const { tree } = ctx;
  if (!state.greeted) {
    state.greeted = true;
    greeting(body, ctx, state);
    return undefined;
  }
  const code = body.u8(0);
  const result = state.result;
  if (result?.phase === 'fields') {
    fieldPacket(body, tree, state);
    if (--result.fieldsLeft === 0)
      result.phase = state.clientExtCaps & state.serverExtCaps & EXT_DEPRECATE_EOF ? 'rows' : 'eof';
    return 'field packet';
  }
  if (result?.phase === 'eof' && code === EOF) {
    result.phase = 'rows';
    eofPacket(body, tree);
    return 'intermediate EOF';
  }
  if (result?.phase === 'rows') {
    if (code === EOF && body.length < 9) {
      state.result = undefined;
      eofPacket(body, tree);
      return 'response EOF';
    }
    if (code !== ERR) {
      rowPacket(body, tree);
      return 'row packet';
    }
  }
  state.result = undefined;
  if (code === OK) {
    okPacket(body, tree, state);
    ctx.columns.info += ' OK ';
    return 'response OK';
  }
  if (code === ERR) {
    const error = body.u16le(1);
    tree.add('mysql.response_code', body.abs(0), 1, code);
    tree.add('mysql.error_code', body.abs(1), 2, error);
    let at = 3;
    if (body.length > 3 && body.u8(3) === 0x23) {
      tree.add('mysql.sqlstate', body.abs(4), 5, body.latin1(4, 5));
      at = 9;
    }
    tree.add('mysql.error.message', body.abs(at), body.length - at, body.text(at, body.length - at));
    ctx.columns.info += ` Error ${error} `;
    return 'response ERROR';
  }
  if (code === EOF && body.length < 9) {
    eofPacket(body, tree);
    return 'response EOF';
  }
  if (state.command === COM_QUERY) {
    const { value, next } = lenenc(tree, body, 0);
    tree.add('mysql.num_fields', body.abs(0), next, value ?? 0);
    if (next < body.length) tree.add('mysql.metadata_follows', body.abs(next), 1, body.u8(next));
    if (value) state.result = { fieldsLeft: value, phase: 'fields' };
    ctx.columns.info += 'TABULAR Response ';
    return 'column count';
  }
  if (body.length) tree.add('mysql.payload', body.abs(0), body.length, body.bytes(0, body.length));
  return undefined;
}

function greeting(body: Bytes, ctx: PacketContext, state: Conversation): void {
  const { tree } = ctx;
  tree.open('mysql.server_greeting', body.abs(0), body.length, 'Server Greeting');
  const protocol = body.u8(0);
  tree.add('mysql.protocol', body.abs(0), 1, protocol);
  const version = addCString(tree, body, 1, 'mysql.version');
  // MariaDB prefixes its version with "5.5.5-" for old replication clients; Info shows it without.
  ctx.columns.info = `Server Greeting  proto=${protocol} version=${version.text.replace(/^5\.5\.5-/, '')} `;
  let at = version.next;
  tree.add('mysql.thread_id', body.abs(at), 4, body.u32le(at));
  tree.add('mysql.salt', body.abs(at + 4), 9, cstring(body, at + 4).text);
  at += 13;
  if (at >= body.length) return tree.close();
  const caps = flags(tree, body, at, 2, 'mysql.caps.server', CAPS);
  tree.close();
  state.mariadb = version.text.includes('MariaDB') && !(caps & CLIENT_MYSQL);
  tree.add(state.mariadb ? 'mariadb.server_language' : 'mysql.server_language', body.abs(at + 2), 1, body.u8(at + 2));
  flags(tree, body, at + 3, 2, 'mysql.server_status', STATUS);
  tree.close();
  state.serverExtCaps = extCaps(tree, body, at + 5, 'mysql.extcaps.server');
  const authLength = body.u8(at + 7);
  tree.add('mysql.auth_plugin.length', body.abs(at + 7), 1, authLength);
  at += 8;
  if (state.mariadb) {
    tree.add('mysql.unused', body.abs(at), 6, body.bytes(at, 6));
    state.mariadbCaps = flags(tree, body, at + 6, 4, 'mariadb.extcaps.server', MARIADB_CAPS);
    tree.close();
  } else {
    tree.add('mysql.unused', body.abs(at), 10, body.bytes(at, 10));
  }
  at += 10;
  const saltLength = Math.max(13, authLength - 8);
  tree.add(
    'mysql.salt2',
    body.abs(at),
    saltLength,
    cstring(body.sub(0, Math.min(body.length, at + saltLength)), at).text,
  );
  at += saltLength;
  if (at < body.length) addCString(tree, body, at, 'mysql.auth_plugin');
  tree.close();
}

function extCaps(tree: TreeBuilder, body: Bytes, at: number, field: string): number {
  const value = flags(tree, body, at, 2, field, EXT_CAPS);
  tree.add(
    'mysql.caps.unused',
    body.abs(at),
    2,
    value >> 14,
    `${bitLine(value, 0xc000, 16)} = Unused: 0x${(value >> 14).toString(16)}`,
  );
  tree.close();
  return value;
}

function okPacket(body: Bytes, tree: TreeBuilder, state: Conversation): void {
  tree.add('mysql.response_code', body.abs(0), 1, OK);
  const rows = lenenc(tree, body, 1);
  tree.add('mysql.affected_rows', body.abs(1), rows.next - 1, rows.value ?? 0);
  const id = lenenc(tree, body, rows.next);
  if (id.value) tree.add('mysql.insert_id', body.abs(rows.next), id.next - rows.next, id.value);
  let at = id.next;
  const status = flags(tree, body, at, 2, 'mysql.server_status', STATUS);
  tree.close();
  tree.add('mysql.warnings', body.abs(at + 2), 2, body.u16le(at + 2));
  at += 4;
  if (at >= body.length) return;
  at = lenencString(tree, body, at, 'mysql.message').next;
  if (at < body.length && status & SESSION_STATE_CHANGED && state.clientExtCaps & EXT_SESSION_TRACK)
    sessionTrack(body, at, tree);
}

function sessionTrack(body: Bytes, at: number, tree: TreeBuilder): void {
  const total = lenenc(tree, body, at);
  const end = total.next + (total.value ?? 0);
  tree.open('mysql.session_track.data', body.abs(total.next), end - total.next, 'Session tracking data');
  tree.add('mysql.session_track.data.length', body.abs(at), total.next - at, total.value ?? 0);
  for (let p = total.next; p < end;) {
    const type = body.u8(p);
    const start = p;
    const item = tree.open('mysql.session_track', body.abs(p), 1, 'Session Track');
    tree.add('mysql.session_track.type', body.abs(p), 1, type);
    const length = lenenc(tree, body, p + 1);
    tree.add('mysql.session_track.length', body.abs(p + 1), length.next - p - 1, length.value ?? 0);
    if (type === 1) {
      const schema = lenenc(tree, body, length.next);
      tree.add(
        'mysql.session_track.schema.length',
        body.abs(length.next),
        schema.next - length.next,
        schema.value ?? 0,
      );
      tree.add(
        'mysql.session_track.schema',
        body.abs(schema.next),
        schema.value ?? 0,
        body.text(schema.next, schema.value ?? 0),
      );
    }
    p = length.next + (length.value ?? 0);
    item.length = p - start;
    tree.close();
  }
  tree.close();
}

function eofPacket(body: Bytes, tree: TreeBuilder): void {
  tree.add('mysql.response_code', body.abs(0), 1, EOF);
  tree.add('mysql.eof', body.abs(0), 1, EOF);
  if (body.length < 5) return;
  tree.add('mysql.warnings', body.abs(1), 2, body.u16le(1));
  flags(tree, body, 3, 2, 'mysql.server_status', STATUS);
  tree.close();
}

function fieldPacket(body: Bytes, tree: TreeBuilder, state: Conversation): void {
  let at = 0;
  FIELD_STRINGS.forEach((name, i) => {
    tree.openText(FIELD_LABELS[i], body.abs(at), 1);
    at = lenencString(tree, body, at, `mysql.field.${name}`).next;
    tree.close();
  });
  if (state.mariadb && state.mariadbCaps & MARIADB_EXTENDED_METADATA) {
    const meta = lenenc(tree, body, at);
    tree.open('mysql.extmeta_data', body.abs(at), meta.next - at + (meta.value ?? 0), 'Extended metadata data');
    tree.add('mysql.extmeta.length', body.abs(at), meta.next - at, meta.value ?? 0);
    tree.close();
    at = meta.next + (meta.value ?? 0);
  }
  // The length of the fixed fields that follow (always 0x0c).
  at += 1;
  tree.add('mysql.field.charsetnr', body.abs(at), 2, body.u16le(at));
  tree.add('mysql.field.length', body.abs(at + 2), 4, body.u32le(at + 2));
  tree.add('mysql.field.type', body.abs(at + 6), 1, body.u8(at + 6));
  flags(tree, body, at + 7, 2, 'mysql.field.flags', FIELD_FLAGS);
  tree.close();
  tree.add('mysql.field.decimals', body.abs(at + 9), 1, body.u8(at + 9));
}

function rowPacket(body: Bytes, tree: TreeBuilder): void {
  for (let at = 0; at < body.length;) {
    tree.openText('text', body.abs(at), 1);
    const value = lenencString(tree, body, at, 'mysql.row.text');
    if (value.text === undefined) tree.add('mysql.row.text', body.abs(at), 1, 'NULL');
    else if (value.text === '') tree.add('mysql.row.text', body.abs(at), 1, '');
    tree.close();
    at = value.next;
  }
}

function clientPacket(body: Bytes, number: number, ctx: PacketContext, state: Conversation): string | undefined {
  const { tree } = ctx;
  if (state.greeted && !state.loginSent) {
    state.loginSent = true;
    loginRequest(body, ctx, state);
    return undefined;
  }
  if (number !== 0 || body.length === 0) {
    if (body.length) tree.add('mysql.payload', body.abs(0), body.length, body.bytes(0, body.length));
    return undefined;
  }
  const command = body.u8(0);
  state.command = command;
  state.result = undefined;
  const name = COMMANDS[command] ?? 'Unknown';
  ctx.columns.info = `Request ${name}`;
  tree.open('mysql.request', body.abs(0), body.length, `Request Command ${name}`);
  tree.add('mysql.command', body.abs(0), 1, command);
  const rest = body.length - 1;
  switch (command) {
    case 3:
    case 22:
      tree.add('mysql.query', body.abs(1), rest, body.text(1, rest));
      break;
    case 2:
    case 5:
    case 6:
      tree.add('mysql.schema', body.abs(1), rest, body.text(1, rest));
      break;
    case 7:
      tree.add('mysql.refresh', body.abs(1), 1, body.u8(1));
      break;
    case 8:
      if (rest) tree.add('mysql.shutdown', body.abs(1), 1, body.u8(1));
      break;
    case 12:
      tree.add('mysql.thd_id', body.abs(1), 4, body.u32le(1));
      break;
    case 23:
    case 25:
    case 26:
      tree.add('mysql.stmt_id', body.abs(1), 4, body.u32le(1));
      break;
    default:
      if (rest) tree.add('mysql.payload', body.abs(1), rest, body.bytes(1, rest));
  }
  tree.close();
  return undefined;
}

function loginRequest(body: Bytes, ctx: PacketContext, state: Conversation): void {
  const { tree } = ctx;
  tree.open('mysql.login_request', body.abs(0), body.length, 'Login Request');
  const caps = flags(tree, body, 0, 2, 'mysql.caps.client', CAPS);
  tree.close();
  state.clientExtCaps = extCaps(tree, body, 2, 'mysql.extcaps.client');
  tree.add('mysql.max_packet', body.abs(4), 4, body.u32le(4));
  tree.add(state.mariadb ? 'mariadb.charset' : 'mysql.charset', body.abs(8), 1, body.u8(8));
  if (state.mariadb && !(caps & CLIENT_MYSQL)) {
    tree.add('mysql.unused', body.abs(9), 19, body.bytes(9, 19));
    flags(tree, body, 28, 4, 'mariadb.extcaps.client', MARIADB_CAPS);
    tree.close();
  } else {
    tree.add('mysql.unused', body.abs(9), 23, body.bytes(9, 23));
  }
  if (body.length <= 32 && caps & CLIENT_SSL) {
    ctx.columns.info = 'Response SSL Request ';
    tree.close();
    ctx.startTls();
    return;
  }
  const user = addCString(tree, body, 32, 'mysql.user');
  let at = user.next;
  const passwordLength = body.u8(at);
  if (passwordLength) tree.add('mysql.passwd', body.abs(at + 1), passwordLength, body.bytes(at + 1, passwordLength));
  at += 1 + passwordLength;
  let info = `Login Request user=${user.text} `;
  if (caps & CLIENT_CONNECT_WITH_DB && at < body.length) {
    const schema = addCString(tree, body, at, 'mysql.schema');
    info += `db=${schema.text} `;
    at = schema.next;
  }
  ctx.columns.info = info;
  if (state.clientExtCaps & EXT_PLUGIN_AUTH && at < body.length)
    at = addCString(tree, body, at, 'mysql.client_auth_plugin').next;
  if (state.clientExtCaps & EXT_CONNECT_ATTRS && at < body.length) connectionAttributes(body, at, tree);
  tree.close();
}

function connectionAttributes(body: Bytes, at: number, tree: TreeBuilder): void {
  const total = lenenc(tree, body, at);
  const end = Math.min(body.length, total.next + (total.value ?? 0));
  tree.open('mysql.connattrs', body.abs(total.next), end - total.next, 'Connection Attributes');
  tree.add('mysql.connattrs.length', body.abs(at), total.next - at, total.value ?? 0);
  for (let p = total.next; p < end;) {
    const start = p;
    const item = tree.open('mysql.connattrs.attr', body.abs(p), 0);
    const name = lenenc(tree, body, p);
    tree.add('mysql.connattrs.name.length', body.abs(p), name.next - p, name.value ?? 0);
    const nameText = body.text(name.next, name.value ?? 0);
    tree.add('mysql.connattrs.name', body.abs(name.next), name.value ?? 0, nameText);
    p = name.next + (name.value ?? 0);
    const value = lenenc(tree, body, p);
    tree.add('mysql.connattrs.value.length', body.abs(p), value.next - p, value.value ?? 0);
    const valueText = body.text(value.next, value.value ?? 0);
    tree.add('mysql.connattrs.value', body.abs(value.next), value.value ?? 0, valueText);
    p = value.next + (value.value ?? 0);
    item.length = p - start;
    item.text = `Connection Attribute - ${nameText}: ${valueText}`;
    tree.close();
  }
  tree.close();
}
