import { byPort, dissectorNamed, dissectorNames, heuristicsFor, type Dissector, type Transport } from './api';

/**
 * Decode As and protocol switches: which dissector a conversation gets, as the user overrides the port tables
 * and heuristics (tshark's -d, --disable-protocol, --enable-heuristic, --disable-heuristic; the app's
 * "Decode As…" dialog). Plain data, so the app can keep it with the capture.
 */
export interface DecodeAsRule {
  /** tshark's tables, plus one conversation (tcp.stream, udp.stream: Loupe's per-stream choice). */
  layer: DecodeAsLayer;
  /** Selector range, inclusive: ports, or stream numbers. */
  first: number;
  last: number;
  /** A registered dissector's name ("http"), or NO_DISSECTOR to leave the payload undissected. */
  protocol: string;
}

export type DecodeAsLayer = 'tcp.port' | 'udp.port' | 'tcp.stream' | 'udp.stream';
export const DECODE_AS_LAYERS: readonly DecodeAsLayer[] = ['tcp.port', 'udp.port', 'tcp.stream', 'udp.stream'];

/** The "(none)" choice: the conversation's payload is left as data. */
export const NO_DISSECTOR = '(none)';

export interface DissectionSettings {
  decodeAs: DecodeAsRule[];
  /** Application protocols never dissected (by filter name). */
  disabledProtocols: string[];
  /** Heuristics by tshark's short name ("http_tcp"), switched away from their default. */
  enabledHeuristics: string[];
  disabledHeuristics: string[];
}

/** tshark's defaults: no rules, every protocol on, each heuristic as registered. */
export function defaultSettings(): DissectionSettings {
  return { decodeAs: [], disabledProtocols: [], enabledHeuristics: [], disabledHeuristics: [] };
}

export class DecodeAsError extends Error {}

/**
 * tshark's `-d <layer>==<selector>,<protocol>`: a selector is a number, a range `a-b`, or `a:n` (n values from a).
 * A single '=' is accepted, as tshark does with a warning.
 */
export function parseDecodeAs(text: string): DecodeAsRule {
  const m = /^([a-z.]+)==?([^,]*),(.*)$/.exec(text);
  if (!m)
    throw new DecodeAsError(
      `"${text}" is not <layer type>==<selector>,<decode-as protocol> (e.g. tcp.port==8001,http)`,
    );
  const [, layer, selector, protocol] = m;
  if (!(DECODE_AS_LAYERS as readonly string[]).includes(layer)) {
    throw new DecodeAsError(`unknown layer type "${layer}"; valid layer types are ${DECODE_AS_LAYERS.join(', ')}`);
  }
  const range = /^(\d+)(?:([-:])(\d+))?$/.exec(selector.trim());
  if (!range) throw new DecodeAsError(`invalid selector number "${selector}"`);
  const first = Number(range[1]);
  const last = range[2] === '-' ? Number(range[3]) : range[2] === ':' ? first + Number(range[3]) - 1 : first;
  const max = layer.endsWith('.port') ? 65535 : 0xfffffffe;
  if (last < first || last > max) throw new DecodeAsError(`invalid selector range "${selector}"`);
  if (protocol !== NO_DISSECTOR && !dissectorFor(layer as DecodeAsLayer, protocol)) {
    throw new DecodeAsError(
      `unknown protocol "${protocol}" for ${layer}; valid protocols are ${decodeAsProtocols(layer as DecodeAsLayer).join(', ')}`,
    );
  }
  return { layer: layer as DecodeAsLayer, first, last, protocol };
}

/** A rule written back in tshark's -d syntax. */
export function formatDecodeAs(rule: DecodeAsRule): string {
  const selector = rule.first === rule.last ? `${rule.first}` : `${rule.first}-${rule.last}`;
  return `${rule.layer}==${selector},${rule.protocol}`;
}

/** The dissectors a layer's payload can be decoded as (those able to read that transport). */
export function decodeAsProtocols(layer: DecodeAsLayer): string[] {
  return dissectorNames().filter((name) => dissectorFor(layer, name));
}

function dissectorFor(layer: DecodeAsLayer, name: string): Dissector | undefined {
  const d = dissectorNamed(name);
  return d && (layer.startsWith('tcp') ? d.stream : d.datagram) ? d : undefined;
}

/** Names of every heuristic (tshark's short names), for the CLI's checks and the app's switches. */
export function heuristicNames(): string[] {
  return (['tcp', 'udp'] as Transport[]).flatMap((t) => heuristicsFor(t).map((h) => h.name));
}

/**
 * The dissector choice under one set of settings: the session asks it for a conversation's dissector by stream,
 * then by ports, then by heuristics. Later rules win over earlier ones for the same selector (as a repeated -d).
 */
export class DissectorChoice {
  private readonly disabled: Set<string>;

  constructor(private readonly settings: DissectionSettings = defaultSettings()) {
    this.disabled = new Set(settings.disabledProtocols);
  }

  /** A rule for this conversation: a dissector, null for "(none)", undefined when no rule names it. */
  forStream(transport: Transport, stream: number): Dissector | null | undefined {
    return this.rule(`${transport}.stream`, stream);
  }

  /** The port tables as Decode As changed them; the lower port is tried first, then the higher, as tshark does. */
  forPorts(transport: Transport, a: number, b: number): Dissector | undefined {
    for (const port of a <= b ? [a, b] : [b, a]) {
      const ruled = this.rule(`${transport}.port`, port);
      if (ruled) return ruled;
      if (ruled === null) continue; // "(none)" or a disabled protocol: this port names no dissector
      const registered = byPort(transport, port);
      if (registered && this.enabled(registered)) return registered;
    }
    return undefined;
  }

  /** The heuristics to try, in registration order. */
  heuristics(transport: Transport): Dissector[] {
    const { enabledHeuristics, disabledHeuristics } = this.settings;
    return heuristicsFor(transport)
      .filter((h) => (h.enabledByDefault ? !disabledHeuristics.includes(h.name) : enabledHeuristics.includes(h.name)))
      .map((h) => h.dissector)
      .filter((d) => this.enabled(d));
  }

  private enabled(d: Dissector): boolean {
    return !this.disabled.has(d.name);
  }

  private rule(layer: DecodeAsLayer, selector: number): Dissector | null | undefined {
    const rules = this.settings.decodeAs;
    for (let i = rules.length - 1; i >= 0; i--) {
      const r = rules[i];
      if (r.layer !== layer || selector < r.first || selector > r.last) continue;
      const d = r.protocol === NO_DISSECTOR ? undefined : dissectorNamed(r.protocol);
      return d && this.enabled(d) ? d : null;
    }
    return undefined;
  }
}
