/**
 * Decrypted application data handed to the protocol inside TLS, as tshark does: the dissector for the ALPN the
 * handshake negotiated, else the one TLS's port table names for the server port (443: HTTP, 5061: SIP...), else
 * the port's own dissector, else a heuristic. The inner protocol's PDUs are reassembled across records (an HTTP
 * response spread over many records shows on the record that completes it).
 */
import { Bytes } from '../bytes';
import { byAlpn, byPort, dissectorNamed, heuristicsFor, type Dissector, type PacketContext } from '../api';
import { malformed } from '../session';

/** tshark's tls.port table: what a TLS port carries inside. */
const INNER_BY_PORT: Record<number, string> = {
  443: 'http',
  4443: 'http',
  8443: 'http',
  465: 'smtp',
  587: 'smtp',
  993: 'imap',
  995: 'pop',
  5061: 'sip',
  636: 'ldap',
  853: 'dns',
  990: 'ftp',
  992: 'telnet',
  3269: 'ldap',
};

/** Plaintext of one direction waiting for the rest of an inner PDU. */
interface InnerDirection {
  pending?: Uint8Array;
  /** The frames (and bytes) the pending PDU came from. */
  parts: { frame: number; length: number }[];
}

export interface InnerState {
  dissector?: Dissector | null;
  states: Map<string, unknown>;
  directions: [InnerDirection, InnerDirection];
}

export function newInnerState(): InnerState {
  return { states: new Map(), directions: [{ parts: [] }, { parts: [] }] };
}

/** Picks the inner dissector once per connection (null: none takes it; the records stay Application Data). */
function choose(state: InnerState, alpn: string | undefined, data: Bytes, ctx: PacketContext): Dissector | null {
  if (state.dissector !== undefined) return state.dissector;
  const server = Math.min(ctx.srcPort, ctx.dstPort);
  const named = (name?: string) => (name ? dissectorNamed(name) : undefined);
  let chosen =
    (alpn ? byAlpn(alpn) : undefined) ?? named(INNER_BY_PORT[ctx.srcPort]) ?? named(INNER_BY_PORT[ctx.dstPort]);
  if (!chosen) {
    for (const port of [ctx.srcPort, ctx.dstPort, server]) {
      const d = byPort('tcp', port);
      if (d && d.name !== 'tls' && d.stream) {
        chosen = d;
        break;
      }
    }
  }
  if (!chosen) {
    chosen = heuristicsFor('tcp')
      .map((h) => h.dissector)
      .find((d) => d.name !== 'tls' && tryHeuristic(d, data, ctx));
  }
  state.dissector = chosen?.stream ? chosen : null;
  return state.dissector;
}

function tryHeuristic(d: Dissector, data: Bytes, ctx: PacketContext): boolean {
  try {
    return d.heuristic?.(data, ctx) ?? false;
  } catch {
    return false;
  }
}

/**
 * Hands one record's plaintext to the inner dissector. Returns false when no dissector took it (or it waits for
 * more): then the record stays "Application Data" in Info; true when the inner protocol set the columns.
 */
export interface Delivery {
  outcome: 'dissected' | 'pending' | 'none';
  /** The first PDU was gathered from several records: their frames and lengths, and the joined bytes. */
  reassembled?: { parts: { frame: number; length: number }[]; bytes: Uint8Array; itemsAt: number };
}

export function deliverPlaintext(
  plaintext: Uint8Array,
  ctx: PacketContext,
  state: InnerState,
  alpn: string | undefined,
): Delivery {
  const dir = state.directions[ctx.side];
  const joined = dir.pending ? join(dir.pending, plaintext) : plaintext;
  const dissector = choose(state, alpn, new Bytes(joined), ctx);
  if (!dissector) return { outcome: 'none' };
  const parts = [...(dir.pending ? dir.parts : []), { frame: ctx.frame, length: plaintext.length }];
  dir.pending = undefined;
  dir.parts = [];
  const frames = parts.length > 1 ? parts.map((p) => p.frame) : undefined;
  const inner: PacketContext = {
    ...ctx,
    secure: true,
    // Inside TLS already: a STARTTLS there starts nothing more.
    startTls: () => {},
    state: <T>(make: () => T): T => {
      if (!state.states.has(dissector.name)) state.states.set(dissector.name, make());
      return state.states.get(dissector.name) as T;
    },
  };
  const { tree, columns } = ctx;
  let outcome: Delivery['outcome'] = 'none';
  const itemsAt = tree.items.length;
  tree.source(joined, frames);
  const data = new Bytes(joined);
  for (let offset = 0; offset < data.length;) {
    const before = tree.items.length;
    const [protocol, info] = [columns.protocol, columns.info];
    let result;
    try {
      result = dissector.stream!(data.sub(offset), inner);
    } catch (e) {
      tree.unwind();
      malformed(tree, columns, e);
      return { outcome: 'dissected' };
    }
    if (typeof result === 'number') {
      outcome = 'dissected';
      if (result <= 0) break;
      offset += result;
      continue;
    }
    // The PDU needs more: keep its bytes for the next record, drop what it showed so far.
    tree.items.length = before;
    [columns.protocol, columns.info] = [protocol, info];
    dir.pending = joined.slice(offset);
    dir.parts = offset === 0 ? parts : [{ frame: ctx.frame, length: joined.length - offset }];
    if (outcome === 'none') outcome = 'pending';
    break;
  }
  return outcome === 'dissected' && parts.length > 1
    ? { outcome, reassembled: { parts, bytes: joined, itemsAt } }
    : { outcome };
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
