import { addTextLines } from '../media/text-lines';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { MEDIA_YIELDS, registerPort, type Dissector, type PacketContext } from '../api';

registerFields([
  { name: 'ftp', label: 'File Transfer Protocol (FTP)', type: 'protocol' },
  { name: 'ftp.request', label: 'Request', type: 'bool' },
  { name: 'ftp.response', label: 'Response', type: 'bool' },
  { name: 'ftp.request.command', label: 'Request command', type: 'string' },
  { name: 'ftp.request.arg', label: 'Request arg', type: 'string' },
  { name: 'ftp.response.code', label: 'Response code', type: 'uint' },
  { name: 'ftp.response.arg', label: 'Response arg', type: 'string' },
  { name: 'ftp.passive.ip', label: 'Passive IP address', type: 'ipv4' },
  { name: 'ftp.passive.port', label: 'Passive port', type: 'uint' },
  { name: 'ftp.active.port', label: 'Active port', type: 'uint' },
  { name: 'ftp-data', label: 'FTP Data', type: 'protocol' },
  { name: 'ftp-data.setup-method', label: 'Setup method', type: 'string' },
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
}

/** FTP control connections (RFC 959, 2428): every line of a segment; data connections announced by PASV/EPSV/PORT/EPRT. */
export const ftp: Dissector = {
  name: 'ftp',
  yields: ['ftp', 'data-text-lines'],
  announces: ['ftp-data'],
  stream(data, ctx) {
    const isRequest = ctx.dstPort === 21;
    const control = ctx.state<Control>(() => ({ type: 'A' }));
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
    ctx.tree.open('ftp-data', data.abs(0), data.length);
    if (setup) ctx.tree.add('ftp-data.setup-method', 0, 0, setup.method);
    ctx.tree.close();
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
  if (verb === 'TYPE' && arg) control.type = arg.trim().charAt(0).toUpperCase();
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
  ctx.expect('tcp', port, ftpData, { method, control } satisfies DataSetup);
}
