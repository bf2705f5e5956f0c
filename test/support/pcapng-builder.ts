/** Builds pcapng files in memory for reader tests (draft-ietf-opsawg-pcapng), in either byte order. */
import { concat } from './pcap-builder';

export interface Option {
  code: number;
  value: Uint8Array;
}

export class PcapngWriter {
  private parts: Uint8Array[] = [];
  constructor(readonly bigEndian = false) {}

  /** A raw block: [type][total length][body padded to 4][total length]; `length` overrides both length fields. */
  block(type: number, body: Uint8Array, opts: { length?: number; trailer?: number } = {}): this {
    const padded = (body.length + 3) & ~3;
    const total = 12 + padded;
    const b = new Uint8Array(total);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, !this.bigEndian);
    v.setUint32(4, opts.length ?? total, !this.bigEndian);
    b.set(body, 8);
    v.setUint32(total - 4, opts.trailer ?? opts.length ?? total, !this.bigEndian);
    this.parts.push(b);
    return this;
  }

  shb(options: Option[] = [], major = 1): this {
    return this.block(
      0x0a0d0d0a,
      this.fields(
        [
          [4, 0x1a2b3c4d],
          [2, major],
          [2, 0],
          [4, 0xffffffff],
          [4, 0xffffffff],
        ],
        options,
      ),
    );
  }

  idb(linkType = 1, snaplen = 0, options: Option[] = []): this {
    return this.block(
      1,
      this.fields(
        [
          [2, linkType],
          [2, 0],
          [4, snaplen],
        ],
        options,
      ),
    );
  }

  epb(
    iface: number,
    ts: bigint,
    data: Uint8Array,
    opts: { origLen?: number; capLen?: number; options?: Option[] } = {},
  ): this {
    const head = this.fields([
      [4, iface],
      [4, Number(ts >> 32n)],
      [4, Number(ts & 0xffffffffn)],
      [4, opts.capLen ?? data.length],
      [4, opts.origLen ?? data.length],
    ]);
    return this.block(6, concat([head, padTo4(data), this.options(opts.options ?? [])]));
  }

  pb(iface: number, ts: bigint, data: Uint8Array, options: Option[] = []): this {
    const head = this.fields([
      [2, iface],
      [2, 0],
      [4, Number(ts >> 32n)],
      [4, Number(ts & 0xffffffffn)],
      [4, data.length],
      [4, data.length],
    ]);
    return this.block(2, concat([head, padTo4(data), this.options(options)]));
  }

  spb(origLen: number, data: Uint8Array): this {
    return this.block(3, concat([this.fields([[4, origLen]]), data]));
  }

  /** NRB with IPv4 records (type 1): [address bytes][name\0]. */
  nrb(records: { address: number[]; name: string }[]): this {
    const recs = records.map((r) =>
      this.option(1, concat([Uint8Array.from(r.address), new TextEncoder().encode(r.name + '\0')])),
    );
    return this.block(
      4,
      concat([
        ...recs,
        this.fields([
          [2, 0],
          [2, 0],
        ]),
      ]),
    );
  }

  dsb(secretsType: number, secrets: Uint8Array): this {
    return this.block(
      0x0a,
      concat([
        this.fields([
          [4, secretsType],
          [4, secrets.length],
        ]),
        padTo4(secrets),
      ]),
    );
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }

  option(code: number, value: Uint8Array): Uint8Array {
    return concat([
      this.fields([
        [2, code],
        [2, value.length],
      ]),
      padTo4(value),
    ]);
  }

  private options(options: Option[]): Uint8Array {
    if (options.length === 0) return new Uint8Array(0);
    return concat([
      ...options.map((o) => this.option(o.code, o.value)),
      this.fields([
        [2, 0],
        [2, 0],
      ]),
    ]);
  }

  private fields(fields: [2 | 4, number][], options: Option[] = []): Uint8Array {
    const b = new Uint8Array(fields.reduce((n, [w]) => n + w, 0));
    const v = new DataView(b.buffer);
    let o = 0;
    for (const [w, x] of fields) {
      if (w === 2) v.setUint16(o, x, !this.bigEndian);
      else v.setUint32(o, x, !this.bigEndian);
      o += w;
    }
    return concat([b, this.options(options)]);
  }
}

export const comment = (text: string): Option => ({ code: 1, value: new TextEncoder().encode(text) });
export const tsresol = (v: number): Option => ({ code: 9, value: Uint8Array.of(v) });
export function tsoffset(seconds: bigint, bigEndian = false): Option {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, seconds, !bigEndian);
  return { code: 14, value: b };
}

function padTo4(b: Uint8Array): Uint8Array {
  const out = new Uint8Array((b.length + 3) & ~3);
  out.set(b);
  return out;
}
