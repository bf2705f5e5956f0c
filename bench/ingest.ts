/**
 * `npm run bench`: ingest throughput of the core in Node, one core, on generated captures of ≥ 200 MB
 * (make-capture.ts: `mixed` short transfers, and `large-window`, one transfer with thousands of segments in
 * flight and SACK). Reports MB/s and packets/s for plain ingest (index only, what the app does on open), with
 * and without conversation tracking and TCP analysis and what analysis adds, and for field mode (what
 * `loupe fields` does), plus peak memory; then the display filter's fast path (bench/filter.ts) and TLS record
 * decryption (bench/tls.ts), and issue #16's CLI queries against tshark (bench/queries.ts). Targets are
 * checked here, never in unit tests. The exit code says whether the results were right (the same output as
 * tshark), not whether this machine was fast enough: targets missed are reported, as is the machine's load.
 * BENCH_ONLY=queries runs the queries alone.
 */
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCoreForNode } from '../src/core/load-node';
import { ingest } from '../src/core/ingest';
import { benchFilter } from './filter';
import { benchTls } from './tls';
import { benchQueries } from './queries';
import { makeCapture, type Profile } from './make-capture';

const TARGET_MB_S = 300;
/** What conversation tracking and TCP analysis may add to index ingest. */
const TARGET_ANALYSIS_COST = 0.3;
const size = Number(process.env.BENCH_MB ?? 220) * 1e6;
/**
 * Rounds per profile; each runs ingest with and without analysis back to back (which goes first alternates), so
 * the analysis cost is judged on pairs run moments apart: a shared machine's load drifts between rounds, not
 * within one. Reported as medians; throughput also as the best run.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** seconds: wall clock; cpu: process CPU time (user + system), which does not count waiting for a core. */
type Run = { seconds: number; cpu: number };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;

const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-'));
const core = await loadCoreForNode();
const only = process.env.BENCH_ONLY;
/** Performance targets met (reported); correctness decides the exit code. */
let ok = true;
try {
  for (const profile of (only ? [] : ['mixed', 'large-window']) as Profile[]) {
    const path = join(dir, `${profile}.pcap`);
    const made = await makeCapture(path, size, profile);
    const bytes = (await stat(path)).size;
    const mbs = (seconds: number) => bytes / 1e6 / seconds;
    console.log(`\n${profile}: ${(bytes / 1e6).toFixed(1)} MB, ${made.packets} packets (valid checksums)`);

    const run = async (withFields: boolean, analysis: boolean): Promise<Run> => {
      core.exports.setTransportAnalysis(analysis);
      const blob = await openAsBlob(path);
      let rows = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await ingest(core, blob, withFields, { onRows: (r) => (rows += r.count) });
      const cpu = process.cpuUsage(cpu0);
      const seconds = (performance.now() - t0) / 1000;
      if (result.frames !== made.packets || rows !== made.packets)
        throw new Error(`read ${result.frames} frames, expected ${made.packets}`);
      return { seconds, cpu: (cpu.user + cpu.system) / 1e6 };
    };
    await run(false, true); // warm-up: JIT and page cache
    const withAnalysis: Run[] = [];
    const without: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which goes first, so a trend in machine load favours neither.
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const analysis of order) (analysis ? withAnalysis : without).push(await run(false, analysis));
    }
    const seconds = (runs: Run[]) => median(runs.map((r) => r.seconds));
    const best = (runs: Run[]) => Math.min(...runs.map((r) => r.seconds));
    const cost = median(withAnalysis.map((r, i) => r.seconds / without[i].seconds)) - 1;
    const cpuCost = median(withAnalysis.map((r, i) => r.cpu / without[i].cpu)) - 1;
    const line = (runs: Run[]) =>
      `${mbs(seconds(runs)).toFixed(0)} MB/s, ${(made.packets / seconds(runs) / 1e3).toFixed(0)}k packets/s ` +
      `(median ${seconds(runs).toFixed(2)} s, best ${best(runs).toFixed(2)} s = ${mbs(best(runs)).toFixed(0)} MB/s; CPU ${median(runs.map((r) => r.cpu)).toFixed(2)} s)`;
    console.log(`ingest (index), with analysis:    ${line(withAnalysis)}`);
    console.log(`ingest (index), without analysis: ${line(without)}`);
    console.log(
      `analysis (conversation tracking, TCP analysis) adds ${percent(cpuCost)} to ingest CPU time, ${percent(cost)} to wall-clock time ` +
        `(medians of ${ROUNDS} paired rounds)`,
    );
    if (profile === 'mixed') {
      core.exports.setTransportAnalysis(true);
      const fields = await run(true, true);
      console.log(
        `ingest (fields): ${mbs(fields.seconds).toFixed(0)} MB/s, ${(made.packets / fields.seconds / 1e3).toFixed(0)}k packets/s (${fields.seconds.toFixed(2)} s)`,
      );
    }
    // The cost is judged on CPU time: the wall clock also counts waiting for a core, which on a shared machine
    // swamps the difference being measured (the two are alike on an idle one).
    const meets = mbs(best(withAnalysis)) >= TARGET_MB_S && cpuCost <= TARGET_ANALYSIS_COST;
    const target = `index ingest ≥ ${TARGET_MB_S} MB/s (best run) with analysis adding ≤ +${TARGET_ANALYSIS_COST * 100}% (CPU time)`;
    console.log(meets ? `OK: ${target}` : `BELOW TARGET: ${target} not met`);
    ok &&= meets;
    await rm(path);
  }
  core.exports.setTransportAnalysis(true);
  if (!only) {
    // The process's high-water mark (maxRSS is in KiB), not what is resident at the end.
    console.log(`\npeak RSS: ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`);
    ok = (await benchFilter(dir)) && ok;
    // Decryption throughput is reported, never a failure: it depends on the machine and its load.
    benchTls();
  }
  const cli = fileURLToPath(new URL('../cli/loupe.mjs', import.meta.url));
  const results = fileURLToPath(new URL('./results.json', import.meta.url));
  const { identical: correct, targetsMet } = await benchQueries(dir, cli, results);
  ok &&= targetsMet;
  console.log(
    ok
      ? '\nevery performance target measured here was met'
      : '\nsome performance targets were not met (see above; the exit code counts correctness only)',
  );
  process.exitCode = correct ? 0 : 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
