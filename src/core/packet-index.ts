import type { RowBatch } from './ingest';

/** The index columns and their element types (the core's batch columns, assembly/rows.ts). */
const COLUMN_TYPES = {
  tsSec: Float64Array,
  tsNsec: Uint32Array,
  fileOffset: Float64Array,
  capLen: Uint32Array,
  origLen: Uint32Array,
  linkType: Uint16Array,
  flags: Uint32Array,
  top: Uint8Array,
  l3Offset: Uint16Array,
  l4Offset: Uint16Array,
  stream: Uint32Array,
  analysis: Uint32Array,
  relSeq: Uint32Array,
  payloadLen: Uint32Array,
  payloadOffset: Uint16Array,
  transport: Uint8Array,
  expert: Uint8Array,
  relAck: Uint32Array,
  shape: Uint8Array,
  ipSrc: Uint32Array,
  ipDst: Uint32Array,
  ipProto: Uint8Array,
  srcPort: Uint16Array,
  dstPort: Uint16Array,
} as const;

export type ColumnName = keyof typeof COLUMN_TYPES;
export type Columns = { [K in ColumnName]: InstanceType<(typeof COLUMN_TYPES)[K]> };
const NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/**
 * The packet index: one typed array per column, one entry per frame, grown geometrically as the core's row
 * batches arrive. Millions of packets cost tens of bytes each and no objects.
 */
export class PacketIndex {
  count = 0;
  private columns: Columns;

  constructor(private capacity = 1 << 14) {
    this.columns = allocate(capacity);
  }

  /** Copies a batch (views over wasm memory) into the index. */
  append(batch: Pick<RowBatch, ColumnName | 'count'>): void {
    const need = this.count + batch.count;
    if (need > this.capacity) this.grow(need);
    for (const name of NAMES) this.columns[name].set(batch[name].subarray(0, batch.count), this.count);
    this.count = need;
  }

  /** One column over the rows indexed so far (a view: valid until the next append). */
  column<K extends ColumnName>(name: K): Columns[K] {
    return this.columns[name].subarray(0, this.count) as Columns[K];
  }

  /** One value, for row i (0-based). */
  at<K extends ColumnName>(name: K, i: number): number {
    return this.columns[name][i];
  }

  /**
   * Every column trimmed to the rows indexed, as views (not copies: packing them into a Blob copies them once):
   * what the library stores to reopen without reparsing.
   */
  snapshot(): Columns {
    return Object.fromEntries(NAMES.map((name) => [name, this.column(name)])) as unknown as Columns;
  }

  /** An index from a snapshot; it takes the arrays over. */
  static restore(count: number, columns: Columns): PacketIndex {
    if (count === 0) return new PacketIndex();
    for (const name of NAMES) {
      if (columns[name]?.length !== count || !(columns[name] instanceof COLUMN_TYPES[name])) {
        throw new Error(`stored index column ${name} does not hold ${count} ${COLUMN_TYPES[name].name} values`);
      }
    }
    const index = new PacketIndex(1);
    index.columns = columns;
    index.capacity = count;
    index.count = count;
    return index;
  }

  clear(): void {
    this.count = 0;
  }

  /**
   * Gives back the room grown for rows that never came (up to a third of the columns), once the whole capture is
   * indexed. Views taken before keep the old arrays, with the same values.
   */
  trim(): void {
    if (this.capacity === this.count || this.count === 0) return;
    const next = allocate(this.count);
    for (const name of NAMES) next[name].set(this.column(name));
    this.columns = next;
    this.capacity = this.count;
  }

  /** Bytes one row takes over all columns. */
  static get rowBytes(): number {
    return NAMES.reduce((n, name) => n + COLUMN_TYPES[name].BYTES_PER_ELEMENT, 0);
  }

  /** Bytes the columns hold, room for rows not yet indexed included. */
  get byteSize(): number {
    return NAMES.reduce((n, name) => n + this.columns[name].byteLength, 0);
  }

  private grow(need: number): void {
    // 1.5× rather than 2×: a row costs ~80 bytes over all columns, so at ten million packets doubling could
    // leave hundreds of megabytes unused.
    let capacity = Math.ceil(this.capacity * 1.5);
    while (capacity < need) capacity = Math.ceil(capacity * 1.5);
    const next = allocate(capacity);
    for (const name of NAMES) next[name].set(this.column(name));
    this.columns = next;
    this.capacity = capacity;
  }
}

function allocate(capacity: number): Columns {
  return Object.fromEntries(NAMES.map((name) => [name, new COLUMN_TYPES[name](capacity)])) as unknown as Columns;
}
