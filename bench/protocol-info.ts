/**
 * The app's background Protocol/Info pass (src/worker/background-passes.ts: dissectFrames with every frame's
 * Protocol and Info into a ColumnTable, expert items gathered) run in Node on a generated capture, for profiling
 * (`node --cpu-prof dist/bench/protocol-info.mjs`) and for its packets per second.
 * Usage: protocol-info.mjs [packets (default 1000000)] [capture path (made if missing)]
 */
import { existsSync, openAsBlob } from 'node:fs';
import { loadCoreForNode } from '../src/core/load-node';
import { dissectFrames } from '../src/passes/dissect-frames';
import { ColumnTable } from '../src/worker/column-table';
import { ExpertItems } from '../src/worker/expert-items';
import { makeCapture } from './make-capture';

const packets = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? `/tmp/loupe-protocol-info-${packets}.pcap`;
if (!existsSync(path)) await makeCapture(path, Infinity, 'mixed', 100, packets);
const core = await loadCoreForNode();
const columns = new ColumnTable();
const expert = new ExpertItems();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await dissectFrames(
  core,
  await openAsBlob(path),
  ({ number, input, app }) => {
    columns.push(app.protocol, app.info);
    expert.add(number, input.records, input.start, input.end);
  },
  { chunkBytes: 64 << 10, columnsOnly: true },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU time as well: on a shared machine the wall clock also counts time spent waiting for a core.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `Protocol/Info pass: ${columns.count} frames in ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s CPU): ` +
    `${Math.round(columns.count / seconds)} packets/s, ${Math.round(columns.count / cpuSeconds)} per CPU second`,
);
