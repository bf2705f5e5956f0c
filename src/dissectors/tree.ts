import { fieldId } from '../fields/registry';

// Items with id 0 are plain text in the tree (no filter field).

/** A field's typed value: numbers for integer/address-v4 types, strings for text, nanoseconds since 1970 for times, bytes for the rest. */
export type ItemValue = number | string | Uint8Array | bigint | undefined;

/**
 * One field a dissector found, in tree order (like the core's field records): `depth` nests it under the
 * nearest preceding item of smaller depth. `start`/`length` are its bytes within `data`, which is the frame's
 * own bytes or a reassembled buffer (then `frames` lists the frames it came from).
 */
export interface FieldItem {
  id: number;
  depth: number;
  value: ItemValue;
  data: Uint8Array;
  start: number;
  length: number;
  frames?: readonly number[];
  /** Tree text when it differs from "label: value" (e.g. a query summary line). */
  text?: string;
  /** Set on a layer marker (see TreeBuilder.layer): no tree line, no field, only a name in frame.protocols. */
  layer?: string;
  /** A layer marker the Protocol Hierarchy counts but frame.protocols does not list (see TreeBuilder.countedLayer). */
  counted?: boolean;
  /** A protocol item frame.protocols leaves out (Wireshark reached it by a plain call, not as a layer). */
  unlisted?: boolean;
}

export class UnknownDissectorField extends Error {}

const sourceLabels = new WeakMap<Uint8Array, string>();

/**
 * Names a buffer that items point into, for the byte view's tab ("Decrypted TLS", "Reassembled SSL"), as
 * Wireshark names its data sources. Buffers not named are "Reassembled <protocol>".
 */
export function labelSource(data: Uint8Array, label: string): void {
  sourceLabels.set(data, label);
}

export function sourceLabel(data: Uint8Array): string | undefined {
  return sourceLabels.get(data);
}

/** Builds the flat item list: open()/close() bracket a subtree, add() appends a leaf. */
export class TreeBuilder {
  readonly items: FieldItem[] = [];
  private depth = 0;

  constructor(
    private data: Uint8Array,
    private frames?: readonly number[],
  ) {}

  /** Subsequent items point into other bytes (a reassembled PDU, a decompressed body). */
  source(data: Uint8Array, frames?: readonly number[]): void {
    this.data = data;
    this.frames = frames;
  }

  /** Items added by `fill` point into `data` (a message reassembled from records); then the bytes before. */
  within<T>(data: Uint8Array, frames: readonly number[] | undefined, fill: () => T): T {
    const [before, beforeFrames] = [this.data, this.frames];
    this.source(data, frames);
    try {
      return fill();
    } finally {
      this.source(before, beforeFrames);
    }
  }

  add(name: string, start: number, length: number, value?: ItemValue, text?: string): FieldItem {
    const id = fieldId(name);
    if (id === undefined) throw new UnknownDissectorField(name);
    const item: FieldItem = { id, depth: this.depth, value, data: this.data, start, length };
    if (this.frames) item.frames = this.frames;
    if (text !== undefined) item.text = text;
    this.items.push(item);
    return item;
  }

  /**
   * Notes a protocol the dissection passed through without a tree line of its own (Wireshark's x509sat for
   * a certificate's attribute, pkcs-1 for its key's parameters): frame.protocols lists it, nothing else sees it.
   */
  layer(name: string): void {
    this.items.push({ id: 0, depth: this.depth, value: undefined, data: this.data, start: 0, length: 0, layer: name });
  }

  /**
   * Notes a reassembly the Protocol Hierarchy counts as a layer of its own (tshark's tls.segments, after the PDU
   * it gathered was dissected), which frame.protocols does not list.
   */
  countedLayer(name: string): void {
    this.items.push({
      id: 0,
      depth: 0,
      value: undefined,
      data: this.data,
      start: 0,
      length: 0,
      layer: name,
      counted: true,
    });
  }

  /** A subtree that is only text in the tree ("Queries", "Answers"): no filter field (id 0). */
  openText(text: string, start: number, length: number): FieldItem {
    const item: FieldItem = { id: 0, depth: this.depth, value: undefined, data: this.data, start, length, text };
    if (this.frames) item.frames = this.frames;
    this.items.push(item);
    this.depth++;
    return item;
  }

  open(name: string, start: number, length: number, text?: string, value?: ItemValue): FieldItem {
    const item = this.add(name, start, length, value, text);
    this.depth++;
    return item;
  }

  /**
   * Continues the latest top-level subtree if it is `name` over the same bytes (one TLS layer for the records
   * of one reassembled PDU or of the frame's own payload).
   */
  resume(name: string): boolean {
    if (this.depth !== 0) return false;
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i].depth !== 0) continue;
      if (this.items[i].id !== fieldId(name) || this.items[i].data !== this.data) return false;
      this.depth = 1;
      return true;
    }
    return false;
  }

  close(): void {
    if (this.depth > 0) this.depth--;
  }

  /** How deep the next item goes (to come back to with unwindTo). */
  get level(): number {
    return this.depth;
  }

  /** Back to a level (after an exception left subtrees under it open). */
  unwindTo(level: number): void {
    this.depth = Math.min(this.depth, level);
  }

  /** Back to the top level (after an exception left subtrees open). */
  unwind(): void {
    this.depth = 0;
  }
}
