/**
 * The app's display filter on application fields (src/worker/display-filter.ts's two paths) run in Node on the
 * generated million-packet capture of bench:browser: the plan's conversations decoded alone, sliced out by the
 * index (passes/filter-subset.ts), against the pass over the whole file (passes/filter-pass.ts). Prints wall and
 * CPU time of each (CPU time is what to trust on a shared machine) and checks both match the same frames.
 * Usage: app-filter.mjs [packets (default 1000000)] [capture path (made if missing)]
 */
import { existsSync, openAsBlob } from 'node:fs';
import { ingest } from '../src/core/ingest';
import { loadCoreForNode } from '../src/core/load-node';
import { PacketIndex } from '../src/core/packet-index';
import { compileFilter } from '../src/filter';
import { framesWith, YES } from '../src/filter/columns';
import { settleByDecoding } from '../src/passes/filter-pass';
import { settleAlone } from '../src/passes/filter-subset';
import { planQuery } from '../src/passes/query-plan';
import { makeCapture } from './make-capture';

const FILTERS = ['dns.flags.opcode == 1', 'dns.qry.name contains "x"', 'http.request.method == "GET"'];

const packets = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? `/tmp/loupe-protocol-info-${packets}.pcap`;
if (!existsSync(path)) await makeCapture(path, Infinity, 'mixed', 100, packets);
const blob = await openAsBlob(path);
const index = new PacketIndex();
await ingest(await loadCoreForNode(), blob, false, { onRows: (rows) => index.append(rows) });

async function timed(run: () => Promise<unknown>): Promise<string> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(cpu0);
  return `${((performance.now() - t0) / 1000).toFixed(2)} s (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU)`;
}

for (const text of FILTERS) {
  const filter = compileFilter(text);
  // As the worker plans it: a pcap with no TLS keys decrypts nothing.
  const alone = planQuery(index, { filter, decrypts: false });
  let taken = false;
  const aloneTime = await timed(async () => {
    taken = await settleAlone(await loadCoreForNode(), blob, index, filter, alone.verdicts, alone);
  });
  // The whole file, as before (and as a capture that cannot be sliced still is), every TLS connection dissected.
  const full = planQuery(index, { filter });
  const fullTime = await timed(async () =>
    settleByDecoding(await loadCoreForNode(), blob, filter, full.verdicts, { plan: full }),
  );
  const matched = framesWith(alone.verdicts, YES);
  const same = matched.join() === framesWith(full.verdicts, YES).join();
  console.log(
    `${text}: ${matched.length} frames; alone ${taken ? aloneTime : 'declined'}, whole file ${fullTime}` +
      (same ? '' : ' DIFFERENT FRAMES'),
  );
}
