import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import { DissectedFrameSource } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { compileFilter, type CompiledFilter } from '../filter';
import { conversations, endpoints } from '../stats/conversations';
import { addFrame, FrameFacts, TAP_KINDS, type TapKind } from '../stats/frame-facts';
import { protocolHierarchy } from '../stats/hierarchy';
import { durationMicros, ioSeries } from '../stats/io-stat';
import { conversationsText, endpointsText, hierarchyText, intervalPrecision, ioStatText } from '../stats/tshark-text';

/** One `-z` statistic, as tshark's argument names it. */
export type StatRequest =
  | { kind: 'conv' | 'endpoints'; layer: TapKind; filter?: string }
  | { kind: 'phs'; filter?: string }
  | { kind: 'io'; interval: string; intervalUs: number; filters: string[] };

/** Parses `conv,tcp`, `endpoints,ip,<filter>`, `io,phs`, `io,stat,0.1,<filter>,...`; a string says what is wrong. */
export function parseStat(text: string): StatRequest | string {
  const parts = text.split(',');
  const [what, second] = parts;
  if (what === 'conv' || what === 'endpoints') {
    if (!TAP_KINDS.includes(second as TapKind))
      return `${what} needs one of ${TAP_KINDS.join(', ')}, not '${second ?? ''}'`;
    const filter = parts.slice(2).join(',');
    return { kind: what, layer: second as TapKind, ...(filter ? { filter } : {}) };
  }
  if (what === 'io' && second === 'phs') {
    const filter = parts.slice(2).join(',');
    return { kind: 'phs', ...(filter ? { filter } : {}) };
  }
  if (what === 'io' && second === 'stat') {
    const interval = parts[2] ?? '';
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(interval)) return `io,stat needs an interval in seconds, not '${interval}'`;
    const intervalUs = Math.round(Number(interval) * 1e6);
    if (intervalPrecision(interval) > 6 || (intervalUs === 0 && Number(interval) !== 0))
      return `io,stat intervals go down to 0.000001 s`;
    return { kind: 'io', interval, intervalUs, filters: parts.slice(3).filter(Boolean) };
  }
  return `unknown statistic '${text}' (conv,<layer>, endpoints,<layer>, io,phs or io,stat,<interval>)`;
}

/** Every display filter the requests name. */
export function requestFilters(requests: readonly StatRequest[]): string[] {
  return requests.flatMap((r) => (r.kind === 'io' ? r.filters : r.filter ? [r.filter] : []));
}

/**
 * `loupe stats`: what `tshark -q -z <stat> [-z <stat>...]` prints, from one field-mode pass. tshark prints its
 * statistics in the reverse of the order they were asked for; so does this.
 */
export async function printStats(
  core: Core,
  blob: Blob,
  requests: readonly StatRequest[],
  write: (s: string) => void,
  settings?: DissectionSettings,
  tls?: TlsDecryption,
): Promise<IngestResult> {
  const facts = new FrameFacts();
  const texts = [...new Set(requestFilters(requests))];
  const compiled = new Map<string, CompiledFilter>(texts.map((t) => [t, compileFilter(t)]));
  const matches = new Map<string, number[]>(texts.map((t) => [t, []]));
  const result = await dissectFrames(
    core,
    blob,
    (frame) => {
      addFrame(facts, frame);
      if (compiled.size === 0) return;
      const source = new DissectedFrameSource(frame.input, frame.app);
      for (const [text, filter] of compiled) if (filter.matches(source)) matches.get(text)!.push(frame.number);
    },
    { settings, tls },
  );
  // tshark prints nothing for a file it cannot read at all.
  if (result?.problem?.fatal && result.frames === 0) return result;
  const framesOf = (filter?: string) => (filter ? Uint32Array.from(matches.get(filter)!) : undefined);
  let out = '';
  for (const r of [...requests].reverse()) {
    if (r.kind === 'conv')
      out += conversationsText(r.layer, conversations(facts, r.layer, framesOf(r.filter)), r.filter);
    else if (r.kind === 'endpoints')
      out += endpointsText(r.layer, endpoints(facts, r.layer, framesOf(r.filter)), r.filter);
    else if (r.kind === 'phs') out += hierarchyText(protocolHierarchy(facts, framesOf(r.filter)), r.filter);
    else if (r.kind === 'io') {
      const duration = durationMicros(facts);
      // An interval of 0, or one at or beyond the duration, is the whole capture.
      const intervalUs = r.intervalUs > 0 && r.intervalUs < duration ? r.intervalUs : Math.max(duration, 1);
      const labels = r.filters.length ? r.filters : [''];
      const columns = labels.map((label) => ioSeries(facts, intervalUs, framesOf(label || undefined), duration));
      out += ioStatText(columns, labels, intervalPrecision(r.interval));
    }
  }
  write(out);
  return result!;
}
