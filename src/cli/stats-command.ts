import type { Core } from '../core/core';
import type { IngestResult } from '../core/ingest';
import { dissectFrames } from '../passes/dissect-frames';
import type { TlsDecryption } from '../tls/decryption';
import { DissectedFrameSource } from '../dissectors';
import type { DissectionSettings } from '../dissectors/decode-as';
import { compileFilter, FilterError, type CompiledFilter } from '../filter';
import { conversations, endpoints } from '../stats/conversations';
import { addFrame, FrameFacts, TAP_KINDS, type TapKind } from '../stats/frame-facts';
import { protocolHierarchy, type HierarchyNode } from '../stats/hierarchy';
import { aggregateSeries, durationMicros, ioSeries, parseIoColumn, type IoColumnSpec } from '../stats/io-stat';
import { AppFacts } from '../stats/app-facts';
import { ExpertFacts, expertRows, expertText } from '../stats/expert-stats';
import { statsTree, TREE_NAMES, type TreeName } from '../stats/trees';
import { statsTreeText } from '../stats/stats-tree';
import { etherNameOf } from '../stats/names';
import { fieldById, fieldId } from '../fields/registry';
import { conversationsText, endpointsText, hierarchyText, intervalPrecision, ioStatText } from '../stats/tshark-text';

/** One `-z` statistic, as tshark's argument names it. */
export type StatRequest =
  | { kind: 'conv' | 'endpoints'; layer: TapKind; filter?: string }
  | { kind: 'phs'; filter?: string }
  | { kind: 'io'; interval: string; intervalUs: number; columns: string[]; specs: IoColumnSpec[] }
  | { kind: 'tree'; tree: TreeName; filter?: string }
  | { kind: 'expert'; filter?: string };

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
    const columns = splitColumns(parts.slice(3).join(','));
    const specs: IoColumnSpec[] = [];
    for (const column of columns) {
      const spec = parseIoColumn(column);
      if (typeof spec === 'string') return spec;
      specs.push(spec);
    }
    return { kind: 'io', interval, intervalUs, columns, specs };
  }
  if (what === 'expert') {
    // tshark's optional severity word (expert,error|warn|note|chat) is not taken: the rest is a filter.
    const filter = parts.slice(1).join(',');
    return { kind: 'expert', ...(filter ? { filter } : {}) };
  }
  if ((TREE_NAMES as readonly string[]).includes(what) && second === 'tree') {
    const filter = parts.slice(2).join(',');
    return { kind: 'tree', tree: what as TreeName, ...(filter ? { filter } : {}) };
  }
  return `unknown statistic '${text}' (conv,<layer>, endpoints,<layer>, io,phs, io,stat,<interval>, <plen|http|http_req|http_srv|dns>,tree)`;
}

/** io,stat's columns: split at commas, except those inside a function's parentheses. */
function splitColumns(text: string): string[] {
  const columns: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === ',' && depth === 0) {
      columns.push(current);
      current = '';
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    current += c;
  }
  columns.push(current);
  return columns.filter(Boolean);
}

/** Every display filter the requests name. */
export function requestFilters(requests: readonly StatRequest[]): string[] {
  return requests.flatMap((r) =>
    r.kind === 'io' ? r.specs.map((s) => s.filter).filter(Boolean) : r.filter ? [r.filter] : [],
  );
}

/** Every field an io,stat column aggregates, with the filter its frames must pass. */
function aggregateColumns(requests: readonly StatRequest[]) {
  return requests.flatMap((r) => (r.kind === 'io' ? r.specs.flatMap((s) => ('aggregate' in s ? [s] : [])) : []));
}

/**
 * Whether a statistic's filter or io,stat field names a frame field: tshark then builds every frame's "Frame" item,
 * which its Protocol Hierarchy counts as the root level.
 */
function primesFrame(requests: readonly StatRequest[]): boolean {
  const texts = [...requestFilters(requests), ...aggregateColumns(requests).map((s) => s.field)];
  return texts.some((text) => /(^|[^\w.])frame\b/.test(text));
}

/** The hierarchy under a "frame" root counting all of its frames. */
function underFrame(roots: HierarchyNode[]): HierarchyNode {
  const sum = (key: 'frames' | 'bytes') => roots.reduce((n, r) => n + r[key], 0);
  return { protocol: 'frame', frames: sum('frames'), bytes: sum('bytes'), children: roots };
}

/** `FUNC(field)filter` → its key among the pass's collected values. */
const aggregateKey = (s: { field: string; filter: string }) => `${s.field}\u0000${s.filter}`;

/** A field's values in a frame as numbers: times in seconds, addresses and text left out. */
function numbers(values: readonly unknown[]): number[] {
  return values.flatMap((v) => (typeof v === 'number' ? [v] : typeof v === 'bigint' ? [Number(v)] : []));
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
  /** Name Ethernet addresses by vendor (tshark's default, the tables loaded first); false is tshark's -n. */
  names = false,
): Promise<IngestResult> {
  const facts = new FrameFacts();
  const app = new AppFacts();
  const expert = new ExpertFacts();
  const texts = [...new Set(requestFilters(requests))];
  const compiled = new Map<string, CompiledFilter>(texts.map((t) => [t, compileFilter(t)]));
  const matches = new Map<string, number[]>(texts.map((t) => [t, []]));
  const aggregates = new Map(
    aggregateColumns(requests).map((s) => {
      const id = fieldId(s.field);
      if (id === undefined) throw new FilterError(`"${s.field}" is not a valid protocol or protocol field.`, 0, 0);
      const type = fieldById(id)!.type;
      const time = type === 'reltime' || type === 'abstime' || type === 'epoch';
      return [aggregateKey(s), { id, filter: s.filter, time, values: new Map<number, number[]>() }] as const;
    }),
  );
  const result = await dissectFrames(
    core,
    blob,
    (frame) => {
      const index = facts.count;
      addFrame(facts, frame);
      app.add(index, frame.app.items);
      expert.add(index, frame.input, frame.app.items);
      if (compiled.size === 0 && aggregates.size === 0) return;
      const source = new DissectedFrameSource(frame.input, frame.app);
      const passed = new Set<string>();
      for (const [text, filter] of compiled) {
        if (!filter.matches(source)) continue;
        matches.get(text)!.push(frame.number);
        passed.add(text);
      }
      for (const column of aggregates.values()) {
        if (column.filter && !passed.has(column.filter)) continue;
        const values = numbers(source.values(column.id));
        if (values.length) column.values.set(index, values);
      }
    },
    { settings, tls },
  );
  // tshark prints nothing for a file it cannot read at all.
  if (result?.problem?.fatal && result.frames === 0) return result;
  const framePrimed = primesFrame(requests);
  const framesOf = (filter?: string) => (filter ? Uint32Array.from(matches.get(filter)!) : undefined);
  const name = names ? etherNameOf : undefined;
  let out = '';
  for (const r of [...requests].reverse()) {
    if (r.kind === 'conv')
      out += conversationsText(r.layer, conversations(facts, r.layer, framesOf(r.filter)), r.filter, name);
    else if (r.kind === 'endpoints')
      out += endpointsText(r.layer, endpoints(facts, r.layer, framesOf(r.filter)), r.filter, name);
    else if (r.kind === 'phs') {
      const roots = protocolHierarchy(facts, framesOf(r.filter));
      out += hierarchyText(framePrimed ? [underFrame(roots)] : roots, r.filter);
    } else if (r.kind === 'expert') out += expertText(expertRows(expert, facts, framesOf(r.filter)));
    else if (r.kind === 'tree') out += statsTreeText(statsTree(r.tree, facts, app, framesOf(r.filter)));
    else if (r.kind === 'io') {
      const duration = durationMicros(facts);
      // An interval of 0, or one at or beyond the duration, is the whole capture.
      const intervalUs = r.intervalUs > 0 && r.intervalUs < duration ? r.intervalUs : Math.max(duration, 1);
      const shape = ioSeries(facts, intervalUs, undefined, duration);
      const specs: IoColumnSpec[] = r.specs.length ? r.specs : [{ filter: '' }];
      const columns = specs.map((s) => {
        if (!('aggregate' in s)) return s.filter ? ioSeries(facts, intervalUs, framesOf(s.filter), duration) : shape;
        const column = aggregates.get(aggregateKey(s))!;
        return aggregateSeries(facts, shape, s.aggregate, column.values, column.time);
      });
      out += ioStatText(shape, columns, r.columns.length ? r.columns : [''], intervalPrecision(r.interval));
    }
  }
  write(out);
  return result!;
}
