/**
 * Peak memory of this process and everything it started (the browser's processes, a CLI run), sampled from
 * /proc a few times a second: the resident set sizes summed over the process tree. Linux only; elsewhere it
 * reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of each process, from /proc/<pid>/stat (the field after the parenthesised command name). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(fields[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return map;
}

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `root`'s descendants, and `root` itself unless `withoutRoot`. */
function tree(root: number, withoutRoot: boolean): number[] {
  const parentOf = parents();
  const inTree = new Set([root]);
  // Parents have lower pids mostly, but not always: repeat until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  return [...inTree].filter((pid) => !(withoutRoot && pid === root));
}

/** Resident bytes of `root`'s descendants, and of `root` itself unless `withoutRoot`. */
export function treeRss(root: number, withoutRoot = false): number {
  return tree(root, withoutRoot).reduce((n, pid) => n + rssBytes(pid), 0);
}

/**
 * CPU seconds (user and system) the processes this one started have used so far (those still running): on a
 * shared machine, work per CPU second says more than the wall clock.
 */
export function childrenCpuSeconds(): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of tree(process.pid, true)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/**
 * Samples the memory of the processes this one started (the browser, a CLI run: not this process itself) every
 * `everyMs` until stopped; `peak()` is the largest sum seen since the last reset.
 */
export class MemoryProbe {
  private highest = 0;
  private readonly timer?: NodeJS.Timeout;

  constructor(everyMs = 250) {
    if (process.platform !== 'linux') return;
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  sample(): void {
    this.highest = Math.max(this.highest, treeRss(process.pid, true));
  }

  /** Peak resident bytes so far (sampled once more now); 0 where /proc is missing. */
  peak(): number {
    if (this.timer) this.sample();
    return this.highest;
  }

  reset(): void {
    this.highest = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

export const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
