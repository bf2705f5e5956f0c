import type { Core } from '../core/core';
import { loadCoreForNode } from '../core/load-node';
import { openCapture } from '../core/source';
import type { IngestResult } from '../core/ingest';
import { DissectedFrameSource } from '../dissectors';
import { defaultSettings, type DissectionSettings } from '../dissectors/decode-as';
import { caretLines, compileFilter, FilterError, type CompiledFilter } from '../filter';
import { dissectFrames } from '../passes/dissect-frames';
import { OperationsBuilder } from '../operations/pairing';
import { groupOperations, operationsJson, operationsText } from '../operations/report';
import { DEFAULT_SLOW_SECONDS, type Operation } from '../operations/types';
import type { TlsDecryption } from '../tls/decryption';
import { dissectionOption } from './dissection-options';
import { noKeyFiles, tlsKeyOption, type TlsKeyFiles } from './tls-options';

export const OPERATIONS_USAGE = `       loupe operations <capture> [-Y <display filter>] [--slow <seconds>] [--json] [dissection options]
                        [TLS decryption options]

  Lists requests paired with their responses (DNS, HTTP and HTTP/2, FTP, SMTP, SMB2, MSNP, DHCP, ICMP echo),
  grouped by conversation, with response times and statuses; failed ones (error replies, no reply) are marked
  '!', slow ones (--slow, default ${DEFAULT_SLOW_SECONDS} s) '~'. With -Y, the operations whose request or response
  the filter matches; with --json, one JSON document.
`;

/** The operations of a capture (those whose request or response frame `filter` matches, when given). */
export async function findOperations(
  core: Core,
  blob: Blob,
  options: { filter?: CompiledFilter; settings?: DissectionSettings; tls?: TlsDecryption } = {},
): Promise<{ operations: Operation[]; result: IngestResult | undefined }> {
  const builder = new OperationsBuilder();
  const matched = new Set<number>();
  const result = await dissectFrames(
    core,
    blob,
    (frame) => {
      builder.add(frame);
      if (options.filter?.matches(new DissectedFrameSource(frame.input, frame.app))) matched.add(frame.number);
    },
    { settings: options.settings, tls: options.tls },
  );
  let operations = builder.operations();
  if (options.filter)
    operations = operations.filter(
      (o) => matched.has(o.requestFrame) || (o.responseFrame !== undefined && matched.has(o.responseFrame)),
    );
  return { operations, result };
}

/** What main.ts lends the command: its usage message, key loading and file opening (each reports its own errors). */
export interface CommandHelpers {
  usage: (message: string) => number;
  keys: (files: TlsKeyFiles) => Promise<TlsDecryption | undefined>;
  openFile: (path: string) => Promise<Blob | undefined>;
}

/** `loupe operations`: exit 0 done, 1 bad arguments or filter, 2 unreadable capture. */
export async function operationsCommand(args: string[], helpers: CommandHelpers): Promise<number> {
  const settings = defaultSettings();
  const keyFiles = noKeyFiles();
  let path: string | undefined;
  let filterText: string | undefined;
  let json = false;
  let slow = DEFAULT_SLOW_SECONDS;
  for (let i = 0; i < args.length; i++) {
    const taken = dissectionOption(args, i, settings) || tlsKeyOption(args, i, keyFiles);
    if (typeof taken === 'string') return helpers.usage(taken);
    if (taken > 0) i += taken - 1;
    else if (args[i] === '--json') json = true;
    else if (args[i] === '-Y') {
      filterText = args[++i];
      if (filterText === undefined) return helpers.usage('-Y needs a display filter');
    } else if (args[i] === '--slow') {
      slow = Number(args[++i]);
      if (!(slow >= 0)) return helpers.usage('--slow needs a number of seconds');
    } else if (args[i].startsWith('-')) return helpers.usage(`unknown option '${args[i]}'`);
    else if (path === undefined) path = args[i];
    else return helpers.usage(`unexpected argument '${args[i]}'`);
  }
  if (!path) return helpers.usage('no capture file given');
  let filter: CompiledFilter | undefined;
  if (filterText !== undefined) {
    try {
      filter = compileFilter(filterText);
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      process.stderr.write(`loupe: ${e.message}\n${caretLines(filterText, e).replace(/^/gm, '    ')}\n`);
      return 1;
    }
  }
  const tls = await helpers.keys(keyFiles);
  if (!tls) return 1;
  const blob = await helpers.openFile(path);
  if (!blob) return 2;
  const source = await openCapture(blob);
  const { operations, result } = await findOperations(await loadCoreForNode(), source.blob, { filter, settings, tls });
  const groups = groupOperations(operations, slow);
  const name = path.split(/[\\/]/).pop()!;
  process.stdout.write(json ? operationsJson(groups, slow, name) : operationsText(groups, slow));
  if (source.warning) process.stderr.write(`loupe: ${path}: ${source.warning}\n`);
  if (result?.problem) {
    process.stderr.write(`loupe: ${path}: ${result.problem.message}\n`);
    if (result.problem.fatal) return 2;
  }
  return 0;
}
