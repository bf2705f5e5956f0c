import { Bytes, Malformed, Truncated } from './bytes';
import {
  dissectorNamed,
  ONE_MORE_SEGMENT,
  type Dissector,
  type ExportedObject,
  type PacketContext,
  type Timestamp,
  type Transport,
} from './api';
import { DissectorChoice, type DissectionSettings } from './decode-as';
import { CoreFrame, type FrameInput } from './core-frame';
import { coreColumns, EchoPairs, type Columns } from './core-columns';
import { FrameColumns, type InfoWriter } from './info-text';
import { TreeBuilder, type FieldItem } from './tree';
import { frameLayers, protocolsText, type Layer } from './frame-layers';
import { addData } from './data/data';
import { tunnelColumns } from './tunnel-columns';
import { coreDecodedUdpPayload } from './link-columns';
import { addExpert } from './expert';
import { ExpertGroup, ExpertSeverity } from '../abi/core-constants';
import { fieldId } from '../fields/registry';
import type { TlsDecryption } from '../tls/decryption';

/** What the application layer made of one frame: its items (tree order), its columns and its layers. */
export interface FrameDissection {
  items: FieldItem[];
  protocol: string;
  info: string;
  /** Every protocol of the frame, core and application (frame.protocols, the hierarchy); empty in columns-only mode. */
  layers: Layer[];
  /** Writes Info as UTF-8 without making its string when no dissector did (columns-only mode). */
  writeInfo?(w: InfoWriter): void;
}

const NO_LAYERS = Object.freeze([]) as unknown as Layer[];
const NO_ITEMS = Object.freeze([]) as unknown as FieldItem[];

/** A columns-only dissection: Info is made a string only when asked for (see FrameColumns). */
class ColumnsOnly implements FrameDissection {
  readonly layers = NO_LAYERS;

  constructor(
    readonly items: FieldItem[],
    private readonly columns: FrameColumns,
  ) {}

  get protocol(): string {
    return this.columns.protocol;
  }

  get info(): string {
    return this.columns.info;
  }

  writeInfo(w: InfoWriter): void {
    this.columns.write(w);
  }
}

export interface SessionOptions {
  /**
   * Only Protocol and Info are wanted (the app's background pass): the frame's layers and the items of
   * frame.protocols and the columns are left out, which is a good part of the work for frames with no application layer.
   */
  columnsOnly?: boolean;
}

/** Bytes of one direction of a TCP stream waiting for the rest of their PDU. */
interface Direction {
  nextSeq?: number;
  /**
   * The pending PDU's bytes: its first pendingLength bytes, room after them for the next segments' (one buffer per
   * PDU, grown by doubling: no allocation per segment). Bytes once written never change, so views handed out of
   * it stay valid.
   */
  pending?: Uint8Array;
  pendingLength: number;
  pendingFrames: number[];
  /** Total bytes the pending PDU needs (ONE_MORE_SEGMENT: unknown, ask the dissector again). */
  needed: number;
}

interface Conversation {
  /** The sender of side 0 (see sender()). */
  sideA: string | number;
  dissector?: Dissector;
  expected?: unknown;
  states: Map<string, unknown>;
  directions: [Direction, Direction];
  /** The dissector running on this conversation's current frame, or the heuristic being tried (ctx.state's key). */
  running?: Dissector;
  /** The frame being dissected (ctx.exportObject's default). */
  frame: number;
  /** The context's functions, made once per conversation rather than per frame (they read `running` and `frame`). */
  hooks?: Pick<PacketContext, 'state' | 'passState' | 'startTls' | 'expect' | 'exportObject'>;
}

interface Expectation {
  dissector: Dissector;
  note: unknown;
}

/** A conversation the user said to leave undissected. */
const NOTHING: Dissector = { name: '(none)' };

const SEGMENT_NOTE = '[TCP segment of a reassembled PDU]';
const EMPTY = new Uint8Array(0);

const id = (name: string) => fieldId(name) ?? 0;
const [TCP, UDP, IPV6, IP_SRC, FRAME_TIME_EPOCH] = ['tcp', 'udp', 'ipv6', 'ip.src', 'frame.time_epoch'].map(id);
const IDS: Record<Transport, { stream: number; srcport: number; dstport: number }> = {
  tcp: { stream: id('tcp.stream'), srcport: id('tcp.srcport'), dstport: id('tcp.dstport') },
  udp: { stream: id('udp.stream'), srcport: id('udp.srcport'), dstport: id('udp.dstport') },
};
const [TCP_LEN, TCP_HDR_LEN, TCP_SEQ, UDP_LENGTH] = ['tcp.len', 'tcp.hdr_len', 'tcp.seq', 'udp.length'].map(id);

/**
 * Runs the application dissectors over a capture's frames, in capture order (tshark's single pass: a frame
 * knows only what came before it). Keeps per-conversation state, TCP bytes awaiting the rest of a PDU (the PDU
 * belongs to the frame that completes it) and conversations announced by another (FTP data).
 */
export class AppSession {
  private readonly conversations: Record<Transport, Map<number, Conversation>> = { tcp: new Map(), udp: new Map() };
  private readonly expectations: Record<Transport, Map<number, Expectation>> = { tcp: new Map(), udp: new Map() };
  private readonly echo = new EchoPairs();
  /** Each dissector's state across conversations (PacketContext.passState), by dissector name. */
  private readonly passStates = new Map<string, unknown>();
  private readonly choice: DissectorChoice;
  /** This frame's item count when the PDU it completed from earlier segments had been dissected. */
  private reassembledEnd?: number;

  /**
   * `settings`: Decode As rules and protocol switches (none: tshark's defaults); `onObject` receives each carried
   * file as it completes (only when asked for: they hold every body); `tls` holds the keys TLS is decrypted
   * with (none: TLS stays encrypted).
   */
  constructor(
    settings?: DissectionSettings,
    private readonly onObject?: (object: ExportedObject) => void,
    private readonly tls?: TlsDecryption,
    private readonly options: SessionOptions = {},
  ) {
    this.choice = new DissectorChoice(settings);
  }

  /** `full: false` makes this frame's dissection columns-only (see SessionOptions) whatever the session's options. */
  dissect(input: FrameInput, full = !this.options.columnsOnly): FrameDissection {
    // A tunnel's outer headers are the core's business: columns and dissectors see the packet it carries.
    const whole = new CoreFrame(input);
    const f = whole.innermost();
    const columns = coreColumns(f, this.echo);
    this.reassembledEnd = undefined;
    // No payload, no application layer (most frames of a capture: ACKs, ICMP, ARP): nothing more to make.
    if (!full && (f.hasId(TCP) ? !f.valueOf(TCP_LEN) : !f.hasId(UDP))) {
      if (f !== whole) tunnelColumns(input, columns);
      return new ColumnsOnly(NO_ITEMS, columns);
    }
    const tree = new TreeBuilder(input.frameBytes ?? EMPTY);
    try {
      if (f.hasId(TCP)) this.tcp(f, tree, columns);
      else if (f.hasId(UDP)) this.udp(f, tree, columns);
    } catch (e) {
      // Dissectors report short data as Malformed; anything else is a bug, contained to this frame too.
      tree.unwind();
      malformed(tree, columns, e);
    }
    tree.unwind();
    if (f !== whole) tunnelColumns(input, columns);
    if (!full) return new ColumnsOnly(tree.items, columns);
    const layers = frameLayers(input, tree.items, this.reassembledEnd);
    tree.add('frame.protocols', 0, 0, protocolsText(layers));
    tree.add('_ws.col.Protocol', 0, 0, columns.protocol);
    tree.add('_ws.col.Info', 0, 0, columns.info);
    return { items: tree.items, protocol: columns.protocol, info: columns.info, layers };
  }

  private conversation(transport: Transport, f: CoreFrame, src: string | number): Conversation {
    const ids = IDS[transport];
    const stream = f.valueOf(ids.stream) ?? 0;
    let c = this.conversations[transport].get(stream);
    if (!c) {
      c = {
        sideA: src,
        frame: 0,
        states: new Map(),
        directions: [
          { pendingLength: 0, pendingFrames: [], needed: 0 },
          { pendingLength: 0, pendingFrames: [], needed: 0 },
        ],
      };
      const expected = this.expectations[transport];
      const hit = expected.size
        ? (expected.get(f.valueOf(ids.dstport)!) ?? expected.get(f.valueOf(ids.srcport)!))
        : undefined;
      const ruled = this.choice.forStream(transport, stream);
      if (ruled !== undefined) {
        // The user's choice for this conversation wins over everything; null: leave it undissected.
        c.dissector = ruled ?? NOTHING;
      } else if (hit) {
        c.dissector = hit.dissector;
        c.expected = hit.note;
      }
      this.conversations[transport].set(stream, c);
    }
    return c;
  }

  private context(
    transport: Transport,
    f: CoreFrame,
    c: Conversation,
    side: 0 | 1,
    tree: TreeBuilder,
    columns: Columns,
  ): PacketContext {
    const ids = IDS[transport];
    const frame = (c.frame = f.number);
    c.running = c.dissector;
    return {
      frame,
      time: frameTime(f),
      transport,
      stream: f.valueOf(ids.stream) ?? 0,
      tls: this.tls,
      srcPort: f.valueOf(ids.srcport)!,
      dstPort: f.valueOf(ids.dstport)!,
      side,
      tree,
      columns,
      expected: c.expected,
      ...(c.hooks ??= this.hooks(c)),
    };
  }

  private hooks(c: Conversation): NonNullable<Conversation['hooks']> {
    return {
      state: <T>(make: () => T): T => {
        const key = c.running!.name;
        if (!c.states.has(key)) c.states.set(key, make());
        return c.states.get(key) as T;
      },
      passState: <T>(make: () => T): T => {
        const key = c.running!.name;
        if (!this.passStates.has(key)) this.passStates.set(key, make());
        return this.passStates.get(key) as T;
      },
      startTls: () => {
        const tls = dissectorNamed('tls');
        if (tls) c.dissector = tls;
      },
      expect: (t: Transport, port: number, d: Dissector, note: unknown) => {
        this.expectations[t].set(port, { dissector: d, note });
      },
      exportObject: (object) => {
        this.onObject?.({ ...object, frame: object.frame ?? c.frame });
      },
    };
  }

  private udp(f: CoreFrame, tree: TreeBuilder, columns: Columns): void {
    if (coreDecodedUdpPayload(f)) return;
    const header = f.rangeOf(UDP)!;
    const payloadStart = header.start + 8;
    const reported = (f.valueOf(UDP_LENGTH) ?? 8) - 8;
    const length = Math.min(reported, header.data.length - payloadStart);
    if (length <= 0) return;
    const src = sender(f, 'udp');
    const c = this.conversation('udp', f, src);
    const data = new Bytes(header.data, payloadStart, payloadStart + length, payloadStart + Math.max(reported, length));
    const ctx = this.context('udp', f, c, src === c.sideA ? 0 : 1, tree, columns);
    const chosen =
      c.dissector ??
      (c.running = this.choice.forPorts('udp', ctx.srcPort, ctx.dstPort)) ??
      this.choice.heuristics('udp').find((d) => tryHeuristic(d, data, ctx, c));
    c.running = chosen;
    tree.source(header.data);
    // A payload no dissector takes is Data (tshark's data dissector).
    if (!chosen?.datagram) return addData(tree, data);
    try {
      chosen.datagram(data, ctx);
    } catch (e) {
      tree.unwind();
      malformed(tree, columns, e);
    }
  }

  private tcp(f: CoreFrame, tree: TreeBuilder, columns: Columns): void {
    const length = f.valueOf(TCP_LEN) ?? 0;
    if (length === 0) return;
    const header = f.rangeOf(TCP)!;
    const payloadStart = header.start + (f.valueOf(TCP_HDR_LEN) ?? 20);
    const src = sender(f, 'tcp');
    const c = this.conversation('tcp', f, src);
    const side = src === c.sideA ? 0 : 1;
    const dir = c.directions[side];
    const seq = f.valueOf(TCP_SEQ)!;
    const available = Math.min(length, header.data.length - payloadStart);
    // Retransmitted or overlapping bytes were dissected with their first copy; tshark leaves them to TCP.
    if (dir.nextSeq !== undefined && ((seq - dir.nextSeq) | 0) < 0) return;
    if ((dir.nextSeq !== undefined && seq !== dir.nextSeq) || available < length) dropPending(dir);
    dir.nextSeq = (seq + length) >>> 0;
    if (available < length) return;

    let chosen: Dissector | undefined = c.dissector;
    const payload = new Bytes(header.data, payloadStart, payloadStart + length);
    const ctx = this.context('tcp', f, c, side, tree, columns);
    if (!chosen) {
      chosen = this.choice.forPorts('tcp', ctx.srcPort, ctx.dstPort);
      if (chosen) c.dissector = chosen;
      else if (!dir.pending)
        c.dissector = chosen = this.choice.heuristics('tcp').find((d) => tryHeuristic(d, payload, ctx, c));
      c.running = chosen;
    }
    if (!chosen?.stream) {
      tree.source(header.data);
      return addData(tree, payload);
    }

    let data = payload;
    const pending = dir.pending;
    if (pending) {
      // A copy: the frame's bytes may be a view into a whole batch of frames (IngestOptions.sideBatchCopy).
      appendPending(dir, payload.bytes(0, length));
      dir.pendingFrames.push(f.number);
      if (dir.needed !== ONE_MORE_SEGMENT && dir.pendingLength < dir.needed) {
        appendNote(columns, SEGMENT_NOTE, true);
        return;
      }
      const joined = dir.pending!.subarray(0, dir.pendingLength);
      data = new Bytes(joined);
      tree.source(joined, dir.pendingFrames);
    } else {
      tree.source(header.data);
      dir.pendingFrames = [f.number];
    }
    // What was pending before this segment's bytes.
    const pendingLength = pending ? dir.pendingLength - length : 0;
    const handedBack = dir.pending;
    dir.pending = undefined;
    dir.pendingLength = 0;
    const itemsBefore = tree.items.length;
    this.runPdus(chosen, data, ctx, dir, pendingLength ? { pendingLength, payload } : undefined, handedBack);
    // A reassembled PDU that filled the rest of the payload ends with the frame's items.
    if (
      pendingLength &&
      this.reassembledEnd === undefined &&
      tree.items.slice(itemsBefore).some((item) => (item.frames?.length ?? 0) > 1)
    ) {
      this.reassembledEnd = tree.items.length;
    }
  }

  /**
   * Dissects PDUs from the start of `data` until it is used up or the next PDU needs more bytes. When `data`
   * joins earlier segments to this one, PDUs after the reassembled one are dissected from the frame's own
   * payload (as tshark's TCP hands them over), so they point into the frame.
   */
  private runPdus(
    dissector: Dissector,
    data: Bytes,
    ctx: PacketContext,
    dir: Direction,
    joined?: { pendingLength: number; payload: Bytes },
    handedBack?: Uint8Array,
  ): void {
    const { tree, columns } = ctx;
    let completed = 0;
    for (let offset = 0; offset < data.length;) {
      if (joined && completed > 0 && offset >= joined.pendingLength) {
        this.reassembledEnd = tree.items.length;
        data = joined.payload;
        offset -= joined.pendingLength;
        tree.source(data.data);
        dir.pendingFrames = [ctx.frame];
        joined = undefined;
        continue;
      }
      const itemsBefore = tree.items.length;
      let result;
      try {
        result = dissector.stream!(data.sub(offset), ctx);
      } catch (e) {
        tree.unwind();
        malformed(tree, columns, e);
        return;
      }
      if (typeof result === 'number') {
        completed++;
        if (result <= 0) return;
        offset += result;
        continue;
      }
      // An incomplete PDU keeps its bytes for the next segment; its partial items are dropped.
      if (!result.keepItems) tree.items.length = itemsBefore;
      const rest = data.bytes(offset, data.length - offset);
      dir.needed = result.more === ONE_MORE_SEGMENT ? ONE_MORE_SEGMENT : rest.length + result.more;
      appendPending(dir, rest, handedBack);
      if (completed > 0) dir.pendingFrames = [ctx.frame];
      if (completed === 0) {
        columns.protocol = 'TCP';
        appendNote(columns, SEGMENT_NOTE, true);
      }
      return;
    }
  }
}

function frameTime(f: CoreFrame): Timestamp {
  const at = f.firstAt(FRAME_TIME_EPOCH);
  if (at < 0) return { sec: 0, nsec: 0 };
  const r = f.input.records;
  return { sec: (r[at + 5] | 0) * 2 ** 32 + r[at + 4], nsec: r[at + 6] | 0 };
}

/** A new pending buffer holds at least this much (a PDU's first bytes rarely tell its length). */
const MIN_PENDING = 2048;

/**
 * Appends bytes to the direction's pending PDU, in a new buffer when none is pending or it is full: up to twice the
 * old size, no more than the PDU needs when its length is known. `handedBack`: the buffer whose first bytes these
 * may be (a PDU that still needs more, handed back whole), taken over as it is.
 */
function appendPending(dir: Direction, bytes: Uint8Array, handedBack?: Uint8Array): void {
  const old = dir.pending;
  if (!old && handedBack && bytes.buffer === handedBack.buffer && bytes.byteOffset === handedBack.byteOffset) {
    dir.pending = handedBack;
    dir.pendingLength = bytes.length;
    return;
  }
  const used = old ? dir.pendingLength : 0;
  const length = used + bytes.length;
  if (!old || length > old.length) {
    let size = Math.max(length, 2 * (old?.length ?? 0), MIN_PENDING);
    if (dir.needed !== ONE_MORE_SEGMENT && dir.needed >= length) size = Math.min(size, dir.needed);
    const grown = new Uint8Array(size);
    if (old) grown.set(old.subarray(0, used));
    dir.pending = grown;
  }
  dir.pending!.set(bytes, used);
  dir.pendingLength = length;
}

function dropPending(dir: Direction): void {
  dir.pending = undefined;
  dir.pendingLength = 0;
  dir.pendingFrames = [];
  dir.needed = 0;
}

/** The heuristic's dissector runs meanwhile, so its ctx.state is that dissector's (a known connection). */
function tryHeuristic(d: Dissector, data: Bytes, ctx: PacketContext, c: Conversation): boolean {
  c.running = d;
  try {
    return d.heuristic?.(data, ctx) ?? false;
  } catch {
    return false;
  }
}

/**
 * The sender's address and port, to tell the conversation's sides apart: "address port" over IPv6, a number
 * (address · 2^16 + port, exact in a double) over IPv4, where it is made for every frame.
 */
function sender(f: CoreFrame, transport: Transport): string | number {
  const port = f.valueOf(IDS[transport].srcport) ?? 0;
  if (f.hasId(IPV6)) return `${f.words('ipv6.src')!.join(':')} ${port}`;
  return (f.valueOf(IP_SRC) ?? 0) * 0x10000 + port;
}

/** Appends to Info with a space unless it is empty (tshark's col_append_sep_str). */
export function appendNote(columns: Columns, note: string, spaced: boolean): void {
  if (columns instanceof FrameColumns) columns.append(note, spaced);
  else columns.info = columns.info && spaced ? `${columns.info} ${note}` : columns.info + note;
}

/**
 * The "[Malformed Packet]" expert item and Info note for a dissector that ran out of data, or tshark's
 * "[Packet size limited during capture]" when the capture, not the packet, was short.
 */
export function malformed(tree: TreeBuilder, columns: Columns, error: unknown): void {
  if (error instanceof Truncated) {
    tree.add('_ws.short', 0, 0, undefined, `[Packet size limited during capture: ${columns.protocol} truncated]`);
    appendNote(columns, '[Packet size limited during capture]', false);
    return;
  }
  const detail =
    error instanceof Malformed
      ? 'Malformed Packet (Exception occurred)'
      : `Dissector bug: ${error instanceof Error ? error.message : String(error)}`;
  tree.open('_ws.malformed', 0, 0, `[Malformed Packet: ${columns.protocol}]`);
  addExpert(tree, { severity: ExpertSeverity.Error, group: ExpertGroup.Malformed, message: detail });
  tree.close();
  appendNote(columns, '[Malformed Packet]', false);
}
