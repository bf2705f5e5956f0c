/**
 * A pcapng writer (draft-ietf-opsawg-pcapng): one little-endian section of a Section Header Block, Decryption
 * Secrets Blocks, Interface Description Blocks and Enhanced Packet Blocks. Blocks are gathered into chunks of
 * about CHUNK_BYTES handed to `sink`, so a large export never needs one buffer for the whole file.
 */

export const BlockType = {
  SectionHeader: 0x0a0d0d0a,
  InterfaceDescription: 1,
  EnhancedPacket: 6,
  DecryptionSecrets: 0x0000000a,
} as const;

/** DSB secrets type: an NSS key log (SSLKEYLOGFILE) text. */
export const SECRETS_TLS_KEY_LOG = 0x544c534b;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_TSRESOL = 9;
/** if_tsresol's default: microseconds. */
export const DEFAULT_TSRESOL = 6;
/** An option value's length is a u16. */
const MAX_OPTION = 0xffff;
const CHUNK_BYTES = 1 << 20;

/** One interface as an IDB describes it; the writer numbers them in the order they are added. */
export interface InterfaceSpec {
  linkType: number;
  snaplen: number;
  /** if_tsresol: decimal exponent 0..9 (base 10), or 0x80 | exponent (base 2), as the draft encodes it. */
  tsresol: number;
}

export interface PacketSpec {
  interfaceId: number;
  /** Seconds and nanoseconds since the epoch; written in the interface's resolution (finer digits dropped). */
  sec: number;
  nsec: number;
  originalLength: number;
  bytes: Uint8Array;
  comments?: readonly string[];
}

const utf8 = new TextEncoder();

export class PcapngWriter {
  private chunk = new Uint8Array(CHUNK_BYTES);
  private view = new DataView(this.chunk.buffer);
  private used = 0;
  private resolutions: number[] = [];
  /** What async sinks returned, awaited by close(). */
  private inflight: Promise<void>[] = [];

  constructor(
    private sink: (bytes: Uint8Array) => void | Promise<void>,
    application = 'Loupe',
  ) {
    const options = [option(SHB_USERAPPL, utf8.encode(application))];
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, BYTE_ORDER_MAGIC, true);
    v.setUint16(4, 1, true); // version 1.0
    v.setUint16(6, 0, true);
    // Section length -1: not given, so readers do not rely on it.
    v.setUint32(8, 0xffffffff, true);
    v.setUint32(12, 0xffffffff, true);
    void this.block(BlockType.SectionHeader, [body], options);
  }

  /** Adds an IDB; gives its interface id. */
  addInterface(spec: InterfaceSpec): number {
    const body = new Uint8Array(8);
    const v = new DataView(body.buffer);
    v.setUint16(0, spec.linkType, true);
    v.setUint32(4, spec.snaplen >>> 0, true);
    const options = spec.tsresol === DEFAULT_TSRESOL ? [] : [option(IF_TSRESOL, Uint8Array.of(spec.tsresol))];
    void this.block(BlockType.InterfaceDescription, [body], options);
    this.resolutions.push(spec.tsresol);
    return this.resolutions.length - 1;
  }

  /** A DSB: secrets of `type` (SECRETS_TLS_KEY_LOG for a key log). */
  addSecrets(type: number, secrets: Uint8Array): void {
    const head = new Uint8Array(8);
    const v = new DataView(head.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, secrets.length, true);
    void this.block(BlockType.DecryptionSecrets, [head, secrets, padding(secrets.length)], []);
  }

  /**
   * An EPB; its comments become opt_comment options (each cut to the 65535 bytes an option can hold). When a
   * chunk went to an async sink, gives its promise: await it to keep a slow sink from falling behind.
   */
  addPacket(packet: PacketSpec): void | Promise<void> {
    const tsresol = this.resolutions[packet.interfaceId];
    if (tsresol === undefined) throw new RangeError(`no interface ${packet.interfaceId}`);
    const units = timestampUnits(packet.sec, packet.nsec, tsresol);
    const head = new Uint8Array(20);
    const v = new DataView(head.buffer);
    v.setUint32(0, packet.interfaceId, true);
    v.setUint32(4, Number(units >> 32n) >>> 0, true);
    v.setUint32(8, Number(units & 0xffffffffn), true);
    v.setUint32(12, packet.bytes.length, true);
    v.setUint32(16, packet.originalLength, true);
    const options = (packet.comments ?? []).map((c) => option(OPT_COMMENT, cut(utf8.encode(c), MAX_OPTION)));
    return this.block(BlockType.EnhancedPacket, [head, packet.bytes, padding(packet.bytes.length)], options);
  }

  /** Hands over what is still gathered; call once at the end. */
  async close(): Promise<void> {
    if (this.used) this.send(this.chunk.slice(0, this.used));
    this.used = 0;
    await Promise.all(this.inflight);
  }

  /**
   * [type][total length][body parts][options, opt_endofopt][total length]. A full chunk goes to the sink first
   * (a copy, so the buffer is free at once); what the sink returns is kept for whoever waits on the writer.
   */
  private block(type: number, body: Uint8Array[], options: Uint8Array[]): void | Promise<void> {
    const optionBytes = options.length ? options.reduce((n, o) => n + o.length, 0) + 4 : 0;
    const total = 12 + body.reduce((n, p) => n + p.length, 0) + optionBytes;
    let sent: void | Promise<void> = undefined;
    if (this.used + total > this.chunk.length) {
      if (this.used) sent = this.send(this.chunk.slice(0, this.used));
      this.used = 0;
      const size = Math.max(CHUNK_BYTES, total);
      if (size !== this.chunk.length) {
        this.chunk = new Uint8Array(size);
        this.view = new DataView(this.chunk.buffer);
      }
    }
    let at = this.used;
    this.view.setUint32(at, type, true);
    this.view.setUint32(at + 4, total, true);
    at += 8;
    for (const part of [...body, ...options]) {
      this.chunk.set(part, at);
      at += part.length;
    }
    if (optionBytes) {
      this.view.setUint32(at, OPT_END, true); // opt_endofopt: code 0, length 0
      at += 4;
    }
    this.view.setUint32(at, total, true);
    this.used = at + 4;
    return sent;
  }

  private send(bytes: Uint8Array): void | Promise<void> {
    const sent = this.sink(bytes);
    if (sent) this.inflight.push(sent);
    return sent;
  }
}

/** A time in if_tsresol units: 10^-e or 2^-e of a second. */
export function timestampUnits(sec: number, nsec: number, tsresol: number): bigint {
  const exponent = BigInt(tsresol & 0x7f);
  const whole = BigInt(Math.max(0, Math.trunc(sec)));
  if (tsresol & 0x80) return (whole << exponent) + (BigInt(nsec) << exponent) / 1_000_000_000n;
  const perSecond = 10n ** exponent;
  return whole * perSecond + (BigInt(nsec) * perSecond) / 1_000_000_000n;
}

/** [code u16][length u16][value][padding to 4]. */
function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + ((value.length + 3) & ~3));
  const v = new DataView(out.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

function padding(length: number): Uint8Array {
  return new Uint8Array((4 - (length & 3)) & 3);
}

/** At most `max` bytes of UTF-8, not splitting a character. */
function cut(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
