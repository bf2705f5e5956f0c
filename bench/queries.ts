/**
 * Issue #16's CLI queries on its generated capture (make-issue-capture.ts; BENCH_QUERY_MB, default 1024 MiB):
 * each `loupe fields` query against `tshark` with the goldens' options (when installed) and against reading the
 * file (the limit), outputs compared byte for byte. Wall-clock and CPU times (user + system of the process, which
 * do not count waiting for a core on a shared machine) are both reported, with the machine's load. Part of
 * `npm run bench`; the results are saved as JSON. Returns whether every output was identical to tshark's.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeIssueCapture } from './make-issue-capture';

const QUERIES: { args: string[]; target?: number }[] = [
  { args: ['-Y', 'tcp.analysis.retransmission', '-e', 'frame.number'], target: 25 },
  { args: ['-Y', 'dns.flags.response == 1', '-e', 'frame.number', '-e', 'dns.qry.name', '-e', 'dns.a'], target: 10 },
  { args: ['-Y', 'tcp.port==80', '-e', 'frame.number'] },
  { args: ['-e', 'frame.number'] },
];

const TSHARK_OPTIONS = [
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
];

interface Run {
  seconds: number;
  cpu: number;
  sha256: string;
  lines: number;
  exit: number;
}

/** Runs a command under /usr/bin/time (for its CPU time), hashing what it prints. */
function run(command: string, args: string[], env?: Record<string, string>): Promise<Run> {
  const timeFile = join(process.env.TMPDIR ?? '/tmp', `loupe-bench-time-${process.pid}`);
  const timed = existsSync('/usr/bin/time');
  const child = timed
    ? spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', command, ...args], {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, ...env },
      })
    : spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
  const hash = createHash('sha256');
  let lines = 0;
  const t0 = performance.now();
  child.stdout.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    for (const b of chunk) if (b === 10) lines++;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      let cpu = NaN;
      if (timed) {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
        cpu = user + system;
      }
      resolve({ seconds, cpu, sha256: hash.digest('hex'), lines, exit: code ?? -1 });
    });
  });
}

async function readSpeed(path: string): Promise<number> {
  const t0 = performance.now();
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) void chunk;
  return (performance.now() - t0) / 1000;
}

function hasTshark(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('tshark', ['-v'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function benchQueries(
  dir: string,
  cli: string,
  resultsPath: string,
): Promise<{ identical: boolean; targetsMet: boolean }> {
  const mib = Number(process.env.BENCH_QUERY_MB ?? 1024);
  const path = join(dir, 'issue.pcap');
  const made = await makeIssueCapture(path, mib * 2 ** 20);
  const bytes = (await stat(path)).size;
  console.log(
    `\nissue #16 queries: ${(bytes / 2 ** 20).toFixed(0)} MiB, ${made.packets} frames; load average ${load()}`,
  );
  await readSpeed(path); // into the page cache
  const read = await readSpeed(path);
  console.log(`file read: ${read.toFixed(2)} s (${(bytes / 1e6 / read).toFixed(0)} MB/s)`);
  const tshark = await hasTshark();
  if (!tshark) console.log('tshark is not installed: loupe is measured alone');
  const rows = [];
  let identical = true;
  let targetsMet = true;
  for (const q of QUERIES) {
    const loupe = await run(process.execPath, [...launch(cli), 'fields', path, ...q.args]);
    // The same on one core (LOUPE_THREADS=1: no worker threads), which costs less CPU time.
    const oneCore = await run(process.execPath, [...launch(cli), 'fields', path, ...q.args], { LOUPE_THREADS: '1' });
    if (oneCore.sha256 !== loupe.sha256) identical = false;
    const reference = tshark
      ? await run('tshark', ['-r', path, ...TSHARK_OPTIONS, '-T', 'fields', ...q.args])
      : undefined;
    const same = reference ? reference.sha256 === loupe.sha256 && loupe.exit === 0 : undefined;
    if (same === false || loupe.exit !== 0) identical = false;
    const row = {
      query: q.args.join(' '),
      loupe,
      loupeOneCore: oneCore,
      tshark: reference,
      identical: same,
      speedup: reference ? reference.seconds / loupe.seconds : undefined,
      cpuSpeedup: reference ? reference.cpu / loupe.cpu : undefined,
      overRead: loupe.seconds / read,
      target: q.target,
      load: load(),
    };
    rows.push(row);
    if (q.target && reference && (row.cpuSpeedup ?? 0) < q.target) targetsMet = false;
    const ratio = (x?: number) => (x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(1)}x`);
    console.log(
      `${row.query}\n  loupe ${loupe.seconds.toFixed(2)} s (CPU ${loupe.cpu.toFixed(2)} s, ${loupe.lines} lines)` +
        `  one core ${oneCore.seconds.toFixed(2)} s (CPU ${oneCore.cpu.toFixed(2)} s)` +
        (reference
          ? `  tshark ${reference.seconds.toFixed(2)} s (CPU ${reference.cpu.toFixed(2)} s)  ` +
            `faster: ${ratio(row.speedup)} wall, ${ratio(row.cpuSpeedup)} CPU` +
            (q.target ? ` (target ${q.target}x: ${(row.cpuSpeedup ?? 0) >= q.target ? 'met' : 'NOT met'})` : '') +
            `  output ${same ? 'identical' : 'DIFFERS'}`
          : '') +
        `  ${row.overRead.toFixed(1)}x the file read time; load ${row.load}`,
    );
  }
  await mkdir(join(resultsPath, '..'), { recursive: true });
  await writeFile(
    resultsPath,
    JSON.stringify({ capture: { bytes, frames: made.packets }, readSeconds: read, queries: rows }, null, 2),
  );
  console.log(`saved ${resultsPath}`);
  if (!identical) console.log('FAILED: loupe printed something else than tshark');
  return { identical, targetsMet };
}

/** Node arguments that run the built CLI module (it exports main; bin/loupe.mjs is the launcher). */
function launch(cli: string): string[] {
  const url = JSON.stringify(pathToFileURL(cli).href);
  return [
    '--input-type=module',
    '-e',
    `const { main } = await import(${url}); process.exitCode = await main(process.argv.slice(1));`,
    '--',
  ];
}
