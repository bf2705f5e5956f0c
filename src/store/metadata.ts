import type { PacketIndex } from '../core/packet-index';
import type { CaptureFacts, CaptureSummary } from '../api/analysis';

/** What the Library shows of a capture, from the worker's summary and its packet index. */
export function captureFacts(summary: CaptureSummary, index: PacketIndex): CaptureFacts {
  const sec = index.column('tsSec');
  const nsec = index.column('tsNsec');
  const links = index.column('linkType');
  let first = Infinity;
  let last = -Infinity;
  const linkTypes = new Set<number>();
  // Captures merged from several interfaces need not be in time order: the span is min to max.
  for (let i = 0; i < index.count; i++) {
    const t = sec[i] + nsec[i] / 1e9;
    if (t < first) first = t;
    if (t > last) last = t;
    linkTypes.add(links[i]);
  }
  return {
    packets: index.count,
    firstTime: index.count ? first : undefined,
    lastTime: index.count ? last : undefined,
    linkTypes: [...linkTypes].sort((a, b) => a - b),
    format: summary.format,
    compressed: summary.compressed,
    problem: summary.problem,
    warnings: summary.warnings,
  };
}

/** What the worker's summary alone says of a capture, before its packet index adds times and link types. */
export function summaryFacts(summary: CaptureSummary): CaptureFacts {
  return {
    packets: summary.frames,
    linkTypes: [],
    format: summary.format,
    compressed: summary.compressed,
    problem: summary.problem,
    warnings: summary.warnings,
  };
}
