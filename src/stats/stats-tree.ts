/**
 * Wireshark's "stats tree" model (plen, http, http_req, http_srv, dns): named nodes counting ticks, some also
 * averaging values, each with a rate over the tree's time span and a burst rate (the most ticks within a sliding
 * window), printed as `tshark -q -z <name>,tree` prints them. Written from observing tshark 4.0's output.
 */

/** The burst window (ms) and its resolution (ms): Wireshark's defaults. */
const BURST_WINDOW_MS = 100;
const BURST_RESOLUTION_MS = 5;

interface Bucket {
  index: number;
  count: number;
  startMs: number;
}

export interface NodeOptions {
  floatValues?: boolean;
  keepOrder?: boolean;
  /** A range node (plen's): '-' in its value columns while it has no values, where others leave them blank. */
  range?: boolean;
  /** The display filter selecting the frames this node counts, where one can (the app's "Apply as filter"). */
  filter?: string;
}

export class StatNode {
  count = 0;
  /** Values added (value nodes): their sum, extremes and how many. */
  valueCount = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly children: StatNode[] = [];
  private readonly byName = new Map<string, StatNode>();
  /** Ticks per burst bucket within the current window, oldest first; starts with an empty bucket at time 0. */
  private buckets: Bucket[] = [{ index: 0, count: 0, startMs: 0 }];
  private windowCount = 0;
  maxBurst = 0;
  burstStartMs = 0;

  /** Float values print with decimals (e.g. response times); integer ones as integers. */
  readonly floatValues: boolean;
  /** Children keep the order they were made in (plen's ranges); others are sorted by count when printed. */
  readonly keepOrder: boolean;
  readonly range: boolean;
  readonly filter?: string;

  constructor(
    readonly name: string,
    options: NodeOptions = {},
  ) {
    this.floatValues = options.floatValues ?? false;
    this.keepOrder = options.keepOrder ?? false;
    this.range = options.range ?? false;
    this.filter = options.filter;
  }

  /** The child of this name, made (last) if it is new. */
  child(name: string, options: NodeOptions = {}): StatNode {
    let node = this.byName.get(name);
    if (!node) {
      node = new StatNode(name, options);
      this.byName.set(name, node);
      this.children.push(node);
    }
    return node;
  }

  /** One tick at `nowMs` (ms since the capture's first frame). */
  tick(nowMs: number): void {
    this.count++;
    this.burst(nowMs);
  }

  /** A tick that also adds a value to the average. */
  value(v: number, nowMs: number): void {
    this.valueCount++;
    this.sum += v;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.tick(nowMs);
  }

  /** Sliding-window burst count: ticks in buckets of 5 ms, the window holding the last 100 ms of buckets. */
  private burst(nowMs: number): void {
    const index = Math.floor(nowMs / BURST_RESOLUTION_MS);
    const span = BURST_WINDOW_MS / BURST_RESOLUTION_MS;
    const last = this.buckets[this.buckets.length - 1];
    if (index > last.index) {
      this.buckets.push({ index, count: 1, startMs: nowMs });
      this.windowCount++;
      while (this.buckets.length > 0 && index >= this.buckets[0].index + span) {
        this.windowCount -= this.buckets.shift()!.count;
      }
    } else if (index < this.buckets[0].index) {
      // Out of order, before the window's first bucket: counted only if still within the window.
      if (index + span > last.index) {
        this.buckets.unshift({ index, count: 1, startMs: nowMs });
        this.windowCount++;
      }
    } else {
      let k = this.buckets.length - 1;
      while (index < this.buckets[k].index) k--;
      if (this.buckets[k].index === index) this.buckets[k].count++;
      else this.buckets.splice(k + 1, 0, { index, count: 1, startMs: nowMs });
      this.windowCount++;
    }
    if (this.windowCount > this.maxBurst) {
      this.maxBurst = this.windowCount;
      this.burstStartMs = this.buckets[0].startMs;
    }
  }
}

/** One stats tree: its title, its top-level nodes and the time span of the frames its tap saw. */
export class StatsTree {
  readonly roots: StatNode[] = [];
  private firstMs = -1;
  private lastMs = 0;

  constructor(readonly title: string) {}

  root(name: string, options: NodeOptions = {}): StatNode {
    let node = this.roots.find((n) => n.name === name);
    if (!node) this.roots.push((node = new StatNode(name, options)));
    return node;
  }

  /** Marks a frame the tree's tap saw at `nowMs`: the rate's time span runs from the first to the last. */
  saw(nowMs: number): void {
    if (this.firstMs < 0) this.firstMs = nowMs;
    this.lastMs = nowMs;
  }

  /** Milliseconds from the first frame the tap saw to the last (0 when it saw none or one). */
  get elapsedMs(): number {
    return this.firstMs < 0 ? 0 : this.lastMs - this.firstMs;
  }
}

/** Children in print order: by count, most first, equal counts by name in reverse byte order (Wireshark's sort). */
export function sortedChildren(node: StatNode): StatNode[] {
  if (node.keepOrder) return node.children;
  return [...node.children].sort((a, b) => b.count - a.count || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

const COLUMN = 14;
export const TREE_COLUMNS = [
  'Count',
  'Average',
  'Min Val',
  'Max Val',
  'Rate (ms)',
  'Percent',
  'Burst Rate',
  'Burst Start',
];

/** The rows' cells, as tshark prints them; blank cells are ''. */
export function nodeCells(node: StatNode, parent: StatNode | undefined, elapsedMs: number): string[] {
  const hasValues = node.valueCount > 0;
  const number = (v: number) => (node.floatValues ? v.toFixed(6) : String(v));
  const rate = elapsedMs > 0 ? (node.count / elapsedMs).toFixed(4) : '';
  const percent = !parent ? '100%' : parent.count > 0 ? `${((node.count / parent.count) * 100).toFixed(2)}%` : '';
  const burst = node.maxBurst > 0;
  return [
    String(node.count),
    hasValues ? (node.sum / node.valueCount).toFixed(2) : node.range ? '-' : '',
    hasValues ? number(node.min) : node.range ? '-' : '',
    hasValues ? number(node.max) : node.range ? '-' : '',
    rate,
    percent,
    burst ? (node.maxBurst / BURST_WINDOW_MS).toFixed(4) : '-',
    burst ? (node.burstStartMs / 1000).toFixed(3) : '-',
  ];
}

/** `-z <name>,tree`: the tree as tshark prints it. */
export function statsTreeText(tree: StatsTree): string {
  const rows: [string, string[]][] = [];
  const walk = (nodes: readonly StatNode[], parent: StatNode | undefined, indent: string) => {
    for (const node of nodes) {
      rows.push([indent + node.name, nodeCells(node, parent, tree.elapsedMs)]);
      walk(sortedChildren(node), node, indent + ' ');
    }
  };
  walk(tree.roots, undefined, '');
  const nameWidth = Math.max('Topic / Item'.length, ...rows.map(([name]) => name.length)) + 2;
  // Every column is 14 wide but the last, 13.
  const width = nameWidth + COLUMN * TREE_COLUMNS.length - 1;
  const line = (name: string, cells: readonly string[]) =>
    name.padEnd(nameWidth) + cells.map((c, k) => c.padEnd(k + 1 < cells.length ? COLUMN : COLUMN - 1)).join('');
  let out = `\n${'='.repeat(width)}\n${tree.title}:\n${line('Topic / Item', TREE_COLUMNS)}\n${'-'.repeat(width)}\n`;
  for (const [name, cells] of rows) out += line(name, cells) + '\n';
  return out + `\n${'-'.repeat(width)}\n`;
}
