import { FileBlob } from './file-blob';
import { readFile, stat } from 'node:fs/promises';
import { loadCoreForNode } from '../core/load-node';
import { openCapture } from '../core/source';
import { printFields, UnknownFieldError } from './fields-command';
import { caretLines, compileFilter, FilterError, type CompiledFilter } from '../filter';
import { printFollow, printFollowTls, type FollowFormat } from './follow-command';
import { loadTlsKeys, noKeyFiles, tlsKeyOption, type TlsKeyFiles } from './tls-options';
import type { TlsDecryption } from '../tls/decryption';
import { exportObjects, OBJECT_PROTOCOLS } from './export-objects-command';
import { printFrames } from './show-command';
import { dissectionOption } from './dissection-options';
import { defaultSettings } from '../dissectors/decode-as';
import { exportCommand as writeExport } from './export-command';
import { loadVendorNames } from '../vendors/load';
import { parseStat, printStats, requestFilters, type StatRequest } from './stats-command';
import { chatCommand as printChats } from './chat-command';
import { tlsCommand as printTlsSessions } from './tls-command';
import { protocolsCommand } from './protocols-command';
import { operationsCommand, OPERATIONS_USAGE } from './operations-command';

const USAGE = `usage: loupe fields <capture> -e <field> [-e <field>...] [-Y <display filter>] [dissection options]

  Prints the named fields of every frame, tab separated, as \`tshark -T fields\` does; with -Y, only of the
  frames the display filter matches.

  Dissection options (as tshark's):
    -d <layer>==<selector>,<protocol>   Decode As, e.g. tcp.port==8001,http  udp.port==5353-5355,dns
                                        (layers tcp.port, udp.port; tcp.stream and udp.stream for one conversation)
    --disable-protocol <name>           never dissect an application protocol (e.g. http)
    --enable-protocol <name>            undo --disable-protocol
    --enable-heuristic <name>           try a heuristic dissector that is off by default
    --disable-heuristic <name>          do not try a heuristic dissector (e.g. http_tcp, tls_tcp)

  TLS decryption (fields, show, follow, stats, export-objects, tls; a pcapng file's own secrets are always used):
    --keylog <file>                     an NSS key log (SSLKEYLOGFILE), as tshark's -o tls.keylog_file:<file>
    --rsa-key <file>[:password]         a server's RSA private key for RSA key exchange: PEM (PKCS#1, PKCS#8)
                                        or PKCS#12 (.pfx/.p12) with its password

       loupe follow <capture> tcp|udp|tls <stream> [--format raw|ascii|hex] [TLS decryption options]

  Prints one TCP or UDP stream's payload, or a TLS connection's decrypted data, as
  \`tshark -q -z follow,<proto>,<format>,<stream>\` does.

       loupe export-objects <capture> http|ftp <dir> [TLS decryption options]

  Writes the files HTTP or FTP carried into <dir> as \`tshark --export-objects http|ftp-data,<dir>\` does.

       loupe export <capture> <out.pcapng> [-Y <display filter>] [--keylog <file>...] [dissection options]

  Writes the frames the display filter matches (every frame without one) to <out.pcapng>, as
  \`tshark -r <capture> -Y <filter> -w <out> -F pcapng\` does: each frame keeps its link type, timestamp
  precision, original length and comments. The capture's own TLS secrets are kept; --keylog adds an NSS key log
  (SSLKEYLOGFILE) as a Decryption Secrets Block.

       loupe show <capture> <frame> [TLS decryption options] [dissection options]

  Prints the protocol tree of one frame as \`tshark -V -Y frame.number==<frame>\` does.

       loupe stats <capture> <statistic> [<statistic>...] [-n] [dissection options] [TLS decryption options]

  Prints statistics as \`tshark -q -z <statistic>\` does (Ethernet addresses by vendor name; -n: numbers):
    conv,eth|ip|ipv6|tcp|udp[,<filter>]        conversations
    endpoints,eth|ip|ipv6|tcp|udp[,<filter>]   endpoints
    io,phs[,<filter>]                          protocol hierarchy
    io,stat,<interval>[,<column>...]           frames and bytes per interval (seconds), a column per filter,
                                               or SUM|MIN|MAX|AVG|COUNT(<field>)<filter> of a field's values
    plen|http|http_req|http_srv|dns,tree[,<filter>]   packet lengths, HTTP and DNS statistics trees

       loupe tls <capture> [--json] [TLS decryption options] [dissection options]

  Lists every TLS session: endpoints, SNI, version, cipher suite, how its decryption went, the server's
  certificate chain, and findings: certificates expired or not yet valid at capture time, the SNI not among the
  certificate's names, self-signed or issued by a certificate missing from the chain, SHA-1 or MD5 signatures,
  RSA keys under 2048 bits, obsolete versions (SSL 3.0, TLS 1.0, 1.1) and suites (RC4, export, NULL, anonymous).

       loupe chat <capture> [--json]

  Prints every MSN Messenger (MSNP) conversation as a transcript, with logins and presence changes; with
  --json, as one JSON document (conversations per switchboard TCP stream, logins, presence).

       loupe protocols [<search>] [--fields] [--json]

  Lists every protocol Loupe dissects with the ports and heuristics that find it and its fields (with --fields,
  each field's filter name, label and type); a search keeps protocols whose name, label, port or fields match.

${OPERATIONS_USAGE}`;

/** Exit codes: 0 done (warnings on stderr), 1 bad arguments, unknown field or invalid filter, 2 unreadable capture. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'fields') return fieldsCommand(rest);
  if (command === 'follow') return followCommand(rest);
  if (command === 'export-objects') return exportObjectsCommand(rest);
  if (command === 'show') return showCommand(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'stats') return statsCommand(rest);
  if (command === 'chat') return chatCommand(rest);
  if (command === 'tls') return tlsCommand(rest);
  if (command === 'protocols') return protocolsCommand(rest, (s) => process.stdout.write(s));
  if (command === 'operations') return operationsCommand(rest, { usage, keys, openFile });
  process.stderr.write(command ? `loupe: unknown command '${command}'\n${USAGE}` : USAGE);
  return 1;
}

async function fieldsCommand(args: string[]): Promise<number> {
  let path: string | undefined;
  const fields: string[] = [];
  let filter: CompiledFilter | undefined;
  const settings = defaultSettings();
  const keyFiles = noKeyFiles();
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings) || tlsKeyOption(args, i, keyFiles);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) {
      i += taken - 1;
    } else if (args[i] === '-Y') {
      const text = args[++i];
      if (text === undefined) return usage('-Y needs a display filter');
      try {
        filter = compileFilter(text);
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        process.stderr.write(`loupe: ${e.message}\n${caretLines(text, e).replace(/^/gm, '    ')}\n`);
        return 1;
      }
    } else if (args[i] === '-e') {
      const name = args[++i];
      if (!name) return usage('-e needs a field name');
      fields.push(name);
    } else if (args[i].startsWith('-')) {
      return usage(`unknown option '${args[i]}'`);
    } else if (path === undefined) {
      path = args[i];
    } else {
      return usage(`unexpected argument '${args[i]}'`);
    }
  }
  if (!path) return usage('no capture file given');
  if (fields.length === 0) return usage('no fields given (-e <field>)');

  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  let result;
  try {
    result = await printFields(core, source.blob, fields, (s) => process.stdout.write(s), filter, settings, tls);
    reportTlsSessions(path, tls);
  } catch (e) {
    if (e instanceof UnknownFieldError) {
      process.stderr.write(`loupe: unknown field '${e.message}'\n`);
      return 1;
    }
    throw e;
  }
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  return 0;
}

async function followCommand(args: string[]): Promise<number> {
  let format: FollowFormat = 'raw';
  const positional: string[] = [];
  const keyFiles = noKeyFiles();
  for (let i = 0; i < args.length; i++) {
    const taken = tlsKeyOption(args, i, keyFiles);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) {
      i += taken - 1;
    } else if (args[i] === '--format') {
      const f = args[++i];
      if (f !== 'raw' && f !== 'ascii' && f !== 'hex') return usage(`--format must be raw, ascii or hex`);
      format = f;
    } else if (args[i].startsWith('-')) {
      return usage(`unknown option '${args[i]}'`);
    } else {
      positional.push(args[i]);
    }
  }
  const [path, protocol, streamText] = positional;
  if (!path || !protocol || streamText === undefined || positional.length > 3)
    return usage('follow needs <capture> tcp|udp|tls <stream>');
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'tls')
    return usage(`cannot follow '${protocol}' (tcp, udp or tls)`);
  if (!/^\d+$/.test(streamText)) return usage(`stream must be a number, not '${streamText}'`);
  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  if (protocol === 'tls') {
    const result = await printFollowTls(core, source.blob, Number(streamText), format, tls, (s) =>
      process.stdout.write(s),
    );
    reportTlsSessions(path, tls, Number(streamText));
    if (result?.problem) process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    return result?.problem?.fatal ? 2 : 0;
  }
  await printFollow(core, source.blob, protocol, Number(streamText), format, (s) => process.stdout.write(s));
  return 0;
}

async function exportObjectsCommand(allArgs: string[]): Promise<number> {
  const keyFiles = noKeyFiles();
  const args = withoutTlsOptions(allArgs, keyFiles);
  if (typeof args === 'string') return usage(args);
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) return usage(`unknown option '${unknown}'`);
  const [path, protocolName, dir] = args;
  if (!path || !protocolName || !dir || args.length > 3) return usage('export-objects needs <capture> http|ftp <dir>');
  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const protocol = OBJECT_PROTOCOLS[protocolName];
  if (!protocol) return usage(`cannot export '${protocolName}' objects (http or ftp)`);
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  let outcome;
  try {
    outcome = await exportObjects(core, source.blob, protocol, dir, tls);
    reportTlsSessions(path, tls);
  } catch (e) {
    process.stderr.write(`loupe: cannot write to '${dir}': ${(e as Error).message}\n`);
    return 1;
  }
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (outcome.result.problem) {
    process.stderr.write(`loupe: ${path}: ${outcome.result.problem.message}\n`);
    if (outcome.result.problem.fatal) return 2;
  }
  return 0;
}

async function exportCommand(args: string[]): Promise<number> {
  const positional: string[] = [];
  const keyLogs: Uint8Array[] = [];
  let filter: CompiledFilter | undefined;
  const settings = defaultSettings();
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) {
      i += taken - 1;
    } else if (args[i] === '-Y') {
      const text = args[++i];
      if (text === undefined) return usage('-Y needs a display filter');
      const compiled = compileOrReport(text);
      if (!compiled) return 1;
      filter = compiled;
    } else if (args[i] === '--keylog') {
      const path = args[++i];
      if (path === undefined) return usage('--keylog needs a key log file');
      try {
        keyLogs.push(new Uint8Array(await readFile(path)));
      } catch (e) {
        process.stderr.write(`loupe: cannot read key log '${path}': ${(e as Error).message}\n`);
        return 1;
      }
    } else if (args[i].startsWith('-')) {
      return usage(`unknown option '${args[i]}'`);
    } else {
      positional.push(args[i]);
    }
  }
  const [path, out] = positional;
  if (!path || !out || positional.length > 2) return usage('export needs <capture> <out.pcapng>');
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  let outcome;
  try {
    outcome = await writeExport(core, source.blob, out, { filter, settings, keyLogs });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    process.stderr.write(`loupe: cannot write '${out}': ${(e as Error).message}\n`);
    return 1;
  }
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (outcome.export.skipped) {
    process.stderr.write(
      `loupe: ${path}: ${outcome.export.skipped} NetMon records have no pcapng link type and were left out\n`,
    );
  }
  if (outcome.result.problem) {
    process.stderr.write(`loupe: ${path}: ${outcome.result.problem.message}\n`);
    if (outcome.result.problem.fatal) return 2;
  }
  return 0;
}

/** The compiled filter, or undefined after printing why it is refused. */
function compileOrReport(text: string): CompiledFilter | undefined {
  try {
    return compileFilter(text);
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    process.stderr.write(`loupe: ${e.message}\n${caretLines(text, e).replace(/^/gm, '    ')}\n`);
    return undefined;
  }
}

async function showCommand(allArgs: string[]): Promise<number> {
  const keyFiles = noKeyFiles();
  const args = withoutTlsOptions(allArgs, keyFiles);
  if (typeof args === 'string') return usage(args);
  const settings = defaultSettings();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) i += taken - 1;
    else if (args[i].startsWith('-')) return usage(`unknown option '${args[i]}'`);
    else positional.push(args[i]);
  }
  const [path, frameText] = positional;
  if (!path || frameText === undefined || positional.length > 2) return usage('show needs <capture> <frame>');
  if (!/^[1-9]\d*$/.test(frameText)) return usage(`frame must be a number from 1, not '${frameText}'`);
  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  const number = Number(frameText);
  const { printed, result } = await printFrames(
    core,
    source.blob,
    (n) => n === number,
    number,
    (s) => process.stdout.write(s),
    tls,
    settings,
  );
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result?.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  if (!printed) {
    process.stderr.write(`loupe: ${path}: no frame ${frameText}\n`);
    return 1;
  }
  return 0;
}

async function statsCommand(args: string[]): Promise<number> {
  let path: string | undefined;
  const requests: StatRequest[] = [];
  const settings = defaultSettings();
  const keyFiles = noKeyFiles();
  let names = true;
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings) || tlsKeyOption(args, i, keyFiles);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) {
      i += taken - 1;
    } else if (args[i] === '-n') {
      names = false;
    } else if (args[i].startsWith('-')) {
      return usage(`unknown option '${args[i]}'`);
    } else if (path === undefined) {
      path = args[i];
    } else {
      const request = parseStat(args[i]);
      if (typeof request === 'string') return usage(request);
      requests.push(request);
    }
  }
  if (!path) return usage('no capture file given');
  if (requests.length === 0) return usage('no statistic given (e.g. conv,tcp)');
  for (const text of requestFilters(requests)) {
    try {
      compileFilter(text);
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      process.stderr.write(`loupe: ${e.message}\n${caretLines(text, e).replace(/^/gm, '    ')}\n`);
      return 1;
    }
  }
  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  let result;
  try {
    if (names) await loadVendorNames();
    result = await printStats(core, source.blob, requests, (s) => process.stdout.write(s), settings, tls, names);
  } catch (e) {
    if (!(e instanceof RangeError || e instanceof FilterError)) throw e;
    process.stderr.write(`loupe: ${path}: ${e.message}\n`);
    return 1;
  }
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  return 0;
}

async function chatCommand(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--json');
  if (unknown) return usage(`unknown option '${unknown}'`);
  const positional = args.filter((a) => a !== '--json');
  if (positional.length !== 1) return usage('chat needs one <capture>');
  const path = positional[0];
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  const result = await printChats(core, source.blob, path.split(/[\\/]/).pop()!, json, (s) => process.stdout.write(s));
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  return 0;
}

/** The TLS keys the options named, loaded (warnings on stderr), or undefined after printing why they cannot be. */
async function tlsCommand(args: string[]): Promise<number> {
  let json = false;
  let path: string | undefined;
  const settings = defaultSettings();
  const keyFiles = noKeyFiles();
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings) || tlsKeyOption(args, i, keyFiles);
    if (typeof taken === 'string') return usage(taken);
    if (taken > 0) i += taken - 1;
    else if (args[i] === '--json') json = true;
    else if (args[i].startsWith('-')) return usage(`unknown option '${args[i]}'`);
    else if (path === undefined) path = args[i];
    else return usage(`unexpected argument '${args[i]}'`);
  }
  if (!path) return usage('tls needs a <capture>');
  const tls = await keys(keyFiles);
  if (!tls) return 1;
  const blob = await openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const core = await loadCoreForNode();
  const result = await printTlsSessions(core, source.blob, tls, { json, settings }, (s) => process.stdout.write(s));
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result?.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  return 0;
}

async function keys(files: TlsKeyFiles): Promise<TlsDecryption | undefined> {
  const loaded = await loadTlsKeys(files, (message) => process.stderr.write(`loupe: warning: ${message}\n`));
  if (typeof loaded === 'string') {
    process.stderr.write(`loupe: ${loaded}\n`);
    return undefined;
  }
  return loaded;
}

/** The arguments without --keylog/--rsa-key and their values (added to `files`), or why they are refused. */
function withoutTlsOptions(args: string[], files: TlsKeyFiles): string[] | string {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const taken = tlsKeyOption(args, i, files);
    if (typeof taken === 'string') return taken;
    if (taken > 0) i += taken - 1;
    else rest.push(args[i]);
  }
  return rest;
}

/**
 * After a pass with keys: each TLS connection that was not (fully) decrypted, in words on stderr ("tcp.stream 3:
 * no key for client random 3f2a…"), so a user knows what is missing and what still decrypted.
 */
function reportTlsSessions(path: string, tls: TlsDecryption, only?: number): void {
  if (tls.keyring.empty) return;
  for (const { stream, status } of tls.sessions()) {
    if (only !== undefined && stream !== only) continue;
    if (status.state === 'decrypted' || status.state === 'not encrypted') continue;
    process.stderr.write(`loupe: ${path}: TLS in tcp.stream ${stream}: ${status.text}\n`);
  }
}

async function openFile(path: string): Promise<Blob | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    return await FileBlob.open(path, info.size);
  } catch (e) {
    process.stderr.write(`loupe: cannot open '${path}': ${(e as Error).message}\n`);
    return undefined;
  }
}

function usage(message: string): number {
  process.stderr.write(`loupe: ${message}\n${USAGE}`);
  return 1;
}
