/**
 * The app's background Protocol/Info pass (src/worker/protocol-info-pass.ts, as the worker runs it: every frame's
 * Protocol and Info into a ColumnTable, expert items and operations gathered) run in Node on a generated capture,
 * for profiling (`node --cpu-prof dist/bench/protocol-info.mjs`) and for its packets per second.
 * Usage: protocol-info.mjs [packets (default 1000000)] [capture path (made if missing)] [--digest]
 * `--digest` prints a hash of every Protocol, Info, expert item and operation, to check a change left them alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { loadCoreForNode } from '../src/core/load-node';
import { protocolInfoPass } from '../src/worker/protocol-info-pass';
import { ColumnTable } from '../src/worker/column-table';
import { ExpertItems } from '../src/worker/expert-items';
import { OperationsBuilder } from '../src/operations/pairing';
import { makeCapture } from './make-capture';

const args = process.argv.slice(2).filter((a) => a !== '--digest');
const packets = Number(args[0] ?? 1_000_000);
const path = args[1] ?? `/tmp/loupe-protocol-info-${packets}.pcap`;
if (!existsSync(path)) await makeCapture(path, Infinity, 'mixed', 100, packets);
const core = await loadCoreForNode();
const columns = new ColumnTable();
const expert = new ExpertItems();
const operations = new OperationsBuilder();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
// As the worker reads (background-passes.ts COLUMNS_CHUNK).
await protocolInfoPass(core, await openAsBlob(path), { columns, expert, operations }, { chunkBytes: 256 << 10 });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU time as well: on a shared machine the wall clock also counts time spent waiting for a core.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `Protocol/Info pass: ${columns.count} frames in ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s CPU): ` +
    `${Math.round(columns.count / seconds)} packets/s, ${Math.round(columns.count / cpuSeconds)} per CPU second`,
);
if (process.argv.includes('--digest')) {
  const hash = createHash('sha256');
  for (let i = 0; i < columns.count; i++) hash.update(`${columns.protocol(i)}\t${columns.info(i)}\n`);
  const columnsDigest = hash.digest('hex').slice(0, 16);
  const rest = createHash('sha256')
    .update(JSON.stringify(expert.list()))
    .update(JSON.stringify(operations.operations()))
    .digest('hex')
    .slice(0, 16);
  console.log(`digest: columns ${columnsDigest}, expert and operations ${rest}`);
}
