// Field coverage against tshark 4.0 (see test/support/field-coverage.ts).
//
//   npm run bench:fields                 Loupe against the kept tshark columns: known, filled, identical
//   npm run bench:fields -- -v           the same, listing the fields that differ and those Loupe lacks
//   npm run bench:fields -- --fixtures   on test/fixtures only (as the tests do without the shared corpus)
//   npm run bench:fields -- --update     runs tshark on every capture again and rewrites the kept columns
//   npm run bench:fields -- --diff tcp.options.sack_le   per capture, the first line where Loupe differs (tshark)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadCoreForNode } from '../src/core/load-node';
import {
  COVERAGE_PROTOCOLS,
  GOLDEN_PATH,
  capturePath,
  columns,
  findCaptures,
  groupAvailable,
  filledEntries,
  loupeColumns,
  measureCoverage,
  readGolden,
  type CoverageGolden,
  type Group,
} from '../test/support/field-coverage';

const GROUPS: Group[] = ['fixtures', 'corpus'];
const CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

function tsharkFields(): string[] {
  const out = execFileSync('tshark', ['-G', 'fields'], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .toString()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([kind, , , type, parent]) => kind === 'F' && COVERAGE_PROTOCOLS.includes(parent) && type !== 'FT_NONE')
    .map(([, , name]) => name)
    .sort();
}

function tsharkColumns(path: string, fields: string[]): string[] {
  const args = ['-r', path, ...CHECKSUMS, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  const out = execFileSync('tshark', args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  return columns(out.toString(), fields.length);
}

function update(): void {
  const version = /TShark \(Wireshark\) ([\d.]+)/.exec(execFileSync('tshark', ['-v']).toString())?.[1] ?? '?';
  const fields = tsharkFields();
  const golden: CoverageGolden = { tshark: version, fields, captures: { fixtures: [], corpus: [] }, filled: {} };
  const perGroup = new Map<Group, string[][]>();
  for (const group of GROUPS) {
    const cols: string[][] = fields.map(() => []);
    for (const name of findCaptures(group)) {
      let got: string[];
      try {
        got = tsharkColumns(capturePath(group, name), fields);
      } catch {
        console.warn(`tshark cannot read ${name}: left out`);
        continue;
      }
      golden.captures[group].push(name);
      got.forEach((c, i) => cols[i].push(c));
    }
    perGroup.set(group, cols);
  }
  golden.filled = filledEntries(fields, GROUPS, perGroup);
  writeFileSync(GOLDEN_PATH, JSON.stringify(golden, null, 0) + '\n');
  const n = GROUPS.map((g) => `${golden.captures[g].length} ${g}`).join(', ');
  console.log(`${Object.keys(golden.filled).length} of ${fields.length} fields filled by tshark ${version} on ${n}`);
}

async function diff(field: string): Promise<void> {
  const golden = readGolden();
  for (const group of GROUPS.filter((g) => groupAvailable(g, golden))) {
    for (const name of golden.captures[group]) {
      const path = capturePath(group, name);
      const [want] = tsharkColumns(path, [field]);
      const [got] = await loupeColumns(loadCoreForNode, path, [field]);
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

async function report(verbose: boolean, fixturesOnly: boolean): Promise<void> {
  const golden = readGolden();
  const groups = GROUPS.filter((g) => groupAvailable(g, golden) && !(g === 'corpus' && fixturesOnly));
  const c = await measureCoverage(golden, groups, loadCoreForNode);
  console.log(`Loupe knows ${c.known} of tshark ${golden.tshark}'s ${c.fields} value fields of ${COVERAGE_PROTOCOLS}`);
  console.log(
    `of the ${c.filled} fields tshark fills on ${c.captures} captures (${groups.join(', ')}), ` +
      `${c.identical} are identical everywhere (${((100 * c.identical) / c.filled).toFixed(1)}%)`,
  );
  if (verbose) {
    console.log(`\ndiffering (${c.differing.length}):\n  ${c.differing.join('\n  ')}`);
    console.log(`\nunknown to Loupe (${c.missing.length}):\n  ${c.missing.join('\n  ')}`);
  }
}

const args = process.argv.slice(2);
if (args.includes('--update')) update();
else if (args.includes('--diff')) await diff(args[args.indexOf('--diff') + 1]);
else await report(args.includes('-v'), args.includes('--fixtures'));
