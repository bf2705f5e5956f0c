import { addTextLines } from '../media/text-lines';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { MEDIA_YIELDS, registerPort, type Dissector, type PacketContext } from '../api';
import { field } from '../../fields/define';

registerFields([
  field('ftp', 'File Transfer Protocol (FTP)', 'protocol'),
  field('ftp.request', 'Request', 'bool'),
  field('ftp.response', 'Response', 'bool'),
  field('ftp.request.command', 'Request command', 'string'),
  field('ftp.request.arg', 'Request arg', 'string'),
  field('ftp.response.code', 'Response code', 'uint'),
  field('ftp.response.arg', 'Response arg', 'string'),
  field('ftp.passive.ip', 'Passive IP address', 'ipv4'),
  field('ftp.passive.port', 'Passive port', 'uint'),
  field('ftp.active.port', 'Active port', 'uint'),
  field('ftp.current-working-directory', 'Current working directory', 'string'),
  field('ftp-data', 'FTP Data', 'protocol'),
  field('ftp-data.setup-frame', 'Setup frame', 'framenum'),
  field('ftp-data.setup-method', 'Setup method', 'string'),
  field('ftp-data.command', 'Command', 'string'),
  field('ftp-data.command-frame', 'Command frame', 'framenum'),
  field('ftp-data.current-working-directory', 'Current working directory', 'string'),
]);

/** A file on its way over a data connection, named by the RETR/STOR that asked for it. */
interface Transfer {
  name: string;
  chunks: Uint8Array[];
  lastFrame?: number;
}

/** What the control connection knows that its data connections show: the transfer type in force, the file moving. */
interface Control {
  type: string;
  /** The TYPE command that set it, and its frame (what a data connection shows as its command). */
  typeCommand?: { line: string; frame: number };
  /** The working directory as the server last stated it (257) or a CWD/CDUP it accepted (250) made it. */
  cwd: string;
  /** A CWD or CDUP waiting for its reply: the directory it asks for. */
  pendingCwd?: string;
  transfer?: Transfer;
  /** The client asked AUTH TLS (or SSL): a 234 reply starts TLS on this connection (RFC 4217 §4). */
  authTls?: boolean;
}

// Commands whose data connection carries a file (RFC 959 §4.1.3): the rest (LIST, NLST) carry listings.
const FILE_COMMANDS = new Set(['RETR', 'STOR', 'STOU', 'APPE']);

/** Announced by the control connection for a data connection. */
interface DataSetup {
  method: 'PASV' | 'EPASV' | 'PORT' | 'EPRT';
  control: Control;
  /** The frame that announced the data connection. */
  frame: number;
}

/** FTP control connections (RFC 959, 2428): every line of a segment; data connections announced by PASV/EPSV/PORT/EPRT. */
export const ftp: Dissector = {
  name: 'ftp',
  yields: ['ftp', 'data-text-lines'],
  announces: ['ftp-data'],
  stream(data, ctx) {
    const isRequest = ctx.dstPort === 21;
    const control = ctx.state<Control>(() => ({ type: 'A', cwd: '' }));
    ctx.columns.protocol = 'FTP';
    ctx.tree.open('ftp', data.abs(0), data.length);
    let first = true;
    for (let p = 0; p < data.length;) {
      const lf = data.indexOf(0x0a, p);
      const next = lf < 0 ? data.length : lf + 1;
      const end = lf > p && data.u8(lf - 1) === 0x0d ? lf - 1 : lf < 0 ? data.length : lf;
      const line = data.text(p, end - p);
      if (first) ctx.columns.info = `${isRequest ? 'Request' : 'Response'}: ${line}`;
      ctx.tree.openText(data.text(p, next - p), data.abs(p), next - p);
      if (isRequest) request(data, p, line, ctx, control);
      else if (first) response(data, p, line, ctx, control);
      ctx.tree.close();
      first = false;
      p = next;
    }
    ctx.tree.add(isRequest ? 'ftp.request' : 'ftp.response', 0, 0, 1);
    ctx.tree.close();
    // Wireshark shows the working directory beside FTP's subtree, not inside it.
    ctx.tree.add('ftp.current-working-directory', 0, 0, control.cwd, `[Current working directory: ${control.cwd}]`);
    return data.length;
  },
};

/** Data connections: each segment as it comes, named by how its connection was set up. */
export const ftpData: Dissector = {
  name: 'ftp-data',
  yields: ['ftp-data', ...MEDIA_YIELDS],
  stream(data, ctx) {
    const setup = ctx.expected as DataSetup | undefined;
    ctx.columns.protocol = 'FTP-DATA';
    ctx.columns.info = `FTP Data: ${data.length} bytes${setup ? ` (${setup.method}) (TYPE ${setup.control.type})` : ''}`;
    ctx.tree.open('ftp-data', data.abs(0), data.length, `FTP Data (${data.length} bytes data)`);
    ctx.tree.close();
    // How the connection was set up, beside FTP Data's subtree as Wireshark shows it.
    if (setup) {
      const { control, frame, method } = setup;
      ctx.tree.add('ftp-data.setup-frame', 0, 0, frame, `[Setup frame: ${frame}]`);
      ctx.tree.add('ftp-data.setup-method', 0, 0, method, `[Setup method: ${method}]`);
      if (control.typeCommand) {
        const { line, frame: commandFrame } = control.typeCommand;
        ctx.tree.add('ftp-data.command', 0, 0, line, `[Command: ${line}]`);
        ctx.tree.add('ftp-data.command-frame', 0, 0, commandFrame);
      }
      ctx.tree.add(
        'ftp-data.current-working-directory',
        0,
        0,
        control.cwd,
        `[Current working directory: ${control.cwd}]`,
      );
    }
    // tshark hands every data connection's bytes to its line-based text dissector, whatever the TYPE.
    addTextLines(ctx.tree, data);
    const transfer = setup?.control.transfer;
    if (transfer) {
      transfer.chunks.push(data.bytes(0, data.length).slice());
      transfer.lastFrame = ctx.frame;
    }
    return data.length;
  },
};

registerPort('tcp', 21, ftp);
registerPort('tcp', 20, ftpData);

function request(data: Bytes, p: number, line: string, ctx: PacketContext, control: Control): void {
  const space = line.indexOf(' ');
  const command = space < 0 ? line : line.slice(0, space);
  const arg = space < 0 ? '' : line.slice(space + 1);
  ctx.tree.add('ftp.request.command', data.abs(p), command.length, command);
  if (arg) ctx.tree.add('ftp.request.arg', data.abs(p + space + 1), arg.length, arg);
  const verb = command.toUpperCase();
  control.authTls = verb === 'AUTH' && /^(TLS|SSL|TLS-C|TLS-P)$/i.test(arg.trim());
  if (verb === 'TYPE' && arg) {
    control.type = arg.trim().charAt(0).toUpperCase();
    control.typeCommand = { line, frame: ctx.frame };
  }
  if (verb === 'CWD' && arg) control.pendingCwd = joinPath(control.cwd, arg.trim());
  else if (verb === 'CDUP') control.pendingCwd = joinPath(control.cwd, '..');
  else control.pendingCwd = undefined;
  if (FILE_COMMANDS.has(verb)) control.transfer = { name: arg, chunks: [] };
  else if (verb === 'LIST' || verb === 'NLST') control.transfer = undefined;
  if (verb === 'PORT') {
    const n = arg.split(',').map(Number);
    if (n.length === 6 && n.every((x) => x >= 0 && x <= 255))
      announce(ctx, n[4] * 256 + n[5], 'PORT', control, 'ftp.active.port');
  }
  if (verb === 'EPRT') {
    const parts = arg.split(arg.charAt(0));
    const port = Number(parts[3]);
    if (parts.length >= 5 && port > 0 && port < 65536) announce(ctx, port, 'EPRT', control, 'ftp.active.port');
  }
}

function response(data: Bytes, p: number, line: string, ctx: PacketContext, control: Control): void {
  const code = /^(\d{3})[ -]?(.*)$/.exec(line);
  if (!code) return;
  ctx.tree.add('ftp.response.code', data.abs(p), 3, Number(code[1]));
  if (control.authTls && code[1] === '234') ctx.startTls();
  if (code[1] !== '234') control.authTls = false;
  if (code[1] === '226' || code[1] === '250') finishTransfer(ctx, control);
  if (code[1] === '250' && control.pendingCwd !== undefined) control.cwd = control.pendingCwd;
  control.pendingCwd = undefined;
  const stated = code[1] === '257' ? /"((?:[^"]|"")*)"/.exec(code[2]) : null;
  if (stated) control.cwd = stated[1].replaceAll('""', '"');
  if (code[2]) ctx.tree.add('ftp.response.arg', data.abs(p + 4), code[2].length, code[2]);
  if (code[1] === '227') {
    const n = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(code[2]);
    if (n) {
      ctx.tree.add('ftp.passive.ip', 0, 0, ((+n[1] << 24) | (+n[2] << 16) | (+n[3] << 8) | +n[4]) >>> 0);
      announce(ctx, +n[5] * 256 + +n[6], 'PASV', control, 'ftp.passive.port');
    }
  }
  if (code[1] === '229') {
    const n = /\((.)\1\1(\d+)\1\)/.exec(code[2]);
    if (n) announce(ctx, Number(n[2]), 'EPASV', control, 'ftp.passive.port');
  }
}

/** "Transfer complete": the file the data connection carried becomes an exportable object. */
function finishTransfer(ctx: PacketContext, control: Control): void {
  const transfer = control.transfer;
  control.transfer = undefined;
  if (!transfer || transfer.lastFrame === undefined) return;
  const bytes = new Uint8Array(transfer.chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of transfer.chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  ctx.exportObject({
    protocol: 'ftp-data',
    frame: transfer.lastFrame,
    hostname: '',
    contentType: 'FTP file',
    name: transfer.name,
    bytes,
  });
}

function announce(
  ctx: PacketContext,
  port: number,
  method: DataSetup['method'],
  control: Control,
  field: string,
): void {
  ctx.tree.add(field, 0, 0, port);
  ctx.expect('tcp', port, ftpData, { method, control, frame: ctx.frame } satisfies DataSetup);
}

/** The directory a CWD to `to` leads to from `from` ('..' goes up; an absolute path replaces). */
function joinPath(from: string, to: string): string {
  const parts = to.startsWith('/') ? [] : from.split('/').filter(Boolean);
  for (const part of to.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}
