// Field coverage of the application protocols against tshark 4.0 (see test/support/app-field-coverage.ts).
//
//   npm run bench:fields:apps                 per protocol: tshark's fields, known to Loupe, filled, identical
//   npm run bench:fields:apps -- -v           the same, listing per protocol the fields that differ and those missing
//   npm run bench:fields:apps -- --fixtures   on test/fixtures only (as the tests do without the shared corpus)
//   npm run bench:fields:apps -- --json f     where the per protocol figures go (dist/bench/app-field-coverage.json)
//   npm run bench:fields:apps -- --update     runs tshark on every capture again and rewrites the kept columns
//   npm run bench:fields:apps -- --diff http.time   per capture, the first line where Loupe differs from tshark
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadCoreForNode } from '../src/core/load-node';
import {
  APP_GOLDEN_PATH,
  APP_PROTOCOLS,
  APP_REGISTRY_PATH,
  appGroupAvailable,
  findAppCaptures,
  keyLogOf,
  loupeAppColumns,
  measureAppCoverage,
  readAppGolden,
  readAppRegistry,
  type AppCoverageGolden,
} from '../test/support/app-field-coverage';
import { ROOT, capturePath, columns, filledEntries, type Group } from '../test/support/field-coverage';

const GROUPS: Group[] = ['fixtures', 'corpus'];
const CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

function tshark(args: string[]): string {
  return execFileSync('tshark', args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

/** tshark's options for a capture: the checksum preferences, and its key log when it has one. */
function options(path: string): string[] {
  const keyLog = keyLogOf(path);
  return ['-r', path, ...CHECKSUMS, ...(keyLog ? ['-o', `tls.keylog_file:${keyLog}`] : [])];
}

function tsharkRegistry(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of tshark(['-G', 'fields']).split('\n')) {
    const [kind, , name, type, protocol] = line.split('\t');
    if (kind !== 'F' || !APP_PROTOCOLS.includes(protocol) || type === 'FT_NONE' || type === 'FT_PROTOCOL') continue;
    out.set(name, protocol);
  }
  return out;
}

/** The registry's fields that occur anywhere in a capture's full tree (hidden ones included). */
function fieldsInTree(path: string, registry: Map<string, string>): Set<string> {
  const found = new Set<string>();
  for (const m of tshark([...options(path), '-T', 'pdml']).matchAll(/<field name="([^"]+)"/g))
    if (registry.has(m[1])) found.add(m[1]);
  return found;
}

function update(): void {
  const version = /TShark \(Wireshark\) ([\d.]+)/.exec(tshark(['-v']))?.[1] ?? '?';
  const registry = tsharkRegistry();
  const golden: AppCoverageGolden = { tshark: version, captures: { fixtures: [], corpus: [] }, filled: {} };
  // Which fields any capture's tree holds, first: -T fields then asks only for those.
  const candidates = new Set<string>();
  for (const group of GROUPS) {
    for (const name of findAppCaptures(group)) {
      try {
        for (const f of fieldsInTree(capturePath(group, name), registry)) candidates.add(f);
      } catch {
        console.warn(`tshark cannot read ${name}: left out`);
        continue;
      }
      golden.captures[group].push(name);
    }
  }
  const fields = [...candidates].sort();
  const perGroup = new Map<Group, string[][]>();
  for (const group of GROUPS) {
    const cols: string[][] = fields.map(() => []);
    for (const name of golden.captures[group]) {
      const path = capturePath(group, name);
      const got = columns(
        tshark([...options(path), '-T', 'fields', ...fields.flatMap((f) => ['-e', f])]),
        fields.length,
      );
      got.forEach((c, i) => cols[i].push(c));
    }
    perGroup.set(group, cols);
  }
  golden.filled = filledEntries(fields, GROUPS, perGroup);
  writeFileSync(APP_GOLDEN_PATH, JSON.stringify(golden, null, 0) + '\n');
  const lines = [...registry].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, protocol]) => `${protocol}\t${name}`);
  writeFileSync(APP_REGISTRY_PATH, gzipSync(lines.join('\n') + '\n', { level: 9 }));
  const n = GROUPS.map((g) => `${golden.captures[g].length} ${g}`).join(', ');
  console.log(`${Object.keys(golden.filled).length} of ${registry.size} fields filled by tshark ${version} on ${n}`);
}

async function diff(field: string): Promise<void> {
  const golden = readAppGolden();
  for (const group of GROUPS.filter((g) => appGroupAvailable(g, golden))) {
    for (const name of golden.captures[group]) {
      const path = capturePath(group, name);
      const [want] = columns(tshark([...options(path), '-T', 'fields', '-e', field]), 1);
      const [got] = await loupeAppColumns(loadCoreForNode, path, [field]);
      if (want === got) continue;
      const w = want.split('\n');
      const g = got.split('\n');
      const at = w.findIndex((line, k) => line !== g[k]);
      const line = at < 0 ? w.length : at;
      console.log(
        `${name} frame ${line + 1}:\n  tshark ${w[line] ?? '(no frame)'}\n  loupe  ${g[line] ?? '(no frame)'}`,
      );
    }
  }
}

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

async function report(verbose: boolean, fixturesOnly: boolean, jsonPath: string): Promise<void> {
  const golden = readAppGolden();
  const groups = GROUPS.filter((g) => appGroupAvailable(g, golden) && !(g === 'corpus' && fixturesOnly));
  const c = await measureAppCoverage(golden, readAppRegistry(), groups, loadCoreForNode);
  const rows = c.protocols.filter((p) => p.filled > 0).sort((a, b) => b.filled - a.filled);
  console.log(`tshark ${golden.tshark}'s application fields on ${c.captures} captures (${groups.join(', ')})`);
  console.log('protocol          fields   known  filled  identical');
  for (const r of [...rows, c.total])
    console.log(
      `${r.protocol.padEnd(16)} ${String(r.fields).padStart(7)} ${String(r.known).padStart(7)} ` +
        `${String(r.filled).padStart(7)} ${String(r.identical).padStart(7)} ${pct(r.identical, r.filled).padStart(7)}`,
    );
  if (verbose)
    for (const r of rows) {
      if (r.differing.length)
        console.log(`\n${r.protocol} differing (${r.differing.length}): ${r.differing.join(' ')}`);
      if (r.missing.length) console.log(`${r.protocol} unknown to Loupe (${r.missing.length}): ${r.missing.join(' ')}`);
    }
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ tshark: golden.tshark, groups, ...c }, null, 1) + '\n');
  console.log(`\nper protocol figures: ${jsonPath}`);
}

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : join(ROOT, 'dist/bench/app-field-coverage.json');
if (args.includes('--update')) update();
else if (args.includes('--diff')) await diff(args[args.indexOf('--diff') + 1]);
else await report(args.includes('-v'), args.includes('--fixtures'), jsonPath);
