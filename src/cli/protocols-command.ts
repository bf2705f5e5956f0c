import '../dissectors';
import { protocolCatalog, searchCatalog, type ProtocolEntry } from '../dissectors/catalog';

/**
 * `loupe protocols [<search>] [--fields] [--json]`: every protocol Loupe dissects with its ports, heuristics and
 * field count (with --fields, each field as `tshark -G fields` names it: filter name, label, type); a search
 * keeps the protocols whose name, label, port or field names contain it.
 */
export function protocolsCommand(args: string[], write: (s: string) => void): number {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => f !== '--fields' && f !== '--json');
  if (unknown.length) {
    write(`loupe protocols: unknown option ${unknown[0]}\n`);
    return 1;
  }
  const needle = args.filter((a) => !a.startsWith('--')).join(' ');
  const entries = searchCatalog(protocolCatalog(), needle);
  if (flags.has('--json')) {
    write(JSON.stringify(entries, null, 2) + '\n');
    return 0;
  }
  for (const e of entries) write(flags.has('--fields') ? withFields(e) : line(e));
  return 0;
}

function line(e: ProtocolEntry): string {
  const where = [
    ...e.ports,
    ...e.heuristics.map((h) => `heuristic ${h.name}${h.enabledByDefault ? '' : ' (off by default)'}`),
    ...e.alpn.map((id) => `alpn ${id}`),
  ];
  const found = e.core ? 'core' : where.join(', ') || 'carried by another protocol';
  return `${e.name}\t${e.label}\t${found}\t${e.fields.length} field${e.fields.length === 1 ? '' : 's'}\n`;
}

function withFields(e: ProtocolEntry): string {
  return line(e) + e.fields.map((f) => `  ${f.name}\t${f.label}\t${f.type}\n`).join('');
}
