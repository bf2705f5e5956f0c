import type { ExpertEntry } from '../../api/capture-api';

export interface SeverityGroup {
  severity: number;
  name: string;
  /** Items of this severity over all its messages. */
  count: number;
  entries: ExpertEntry[];
}

/** Expert entries by severity, most severe first, each with its item count. */
export function bySeverity(entries: readonly ExpertEntry[]): SeverityGroup[] {
  const groups = new Map<number, SeverityGroup>();
  for (const e of entries) {
    let g = groups.get(e.severity);
    if (!g) groups.set(e.severity, (g = { severity: e.severity, name: e.severityName, count: 0, entries: [] }));
    g.count += e.frames.length;
    g.entries.push(e);
  }
  return [...groups.values()].sort((a, b) => b.severity - a.severity);
}
