import type { ExpertEntry } from '../api/analysis';
import { RECORD_WORDS } from '../core/core';
import { expertMessage, EXPERT_GROUPS, EXPERT_SEVERITIES } from '../fields/expert';
import { fieldId } from '../fields/registry';

const EXPERT = fieldId('_ws.expert')!;
/** The core fields add() reads. */
export const EXPERT_FIELDS: readonly number[] = [EXPERT];

/**
 * Every expert item of a capture, grouped by message, gathered frame by frame from the field-mode pass (the
 * core's records, cross-frame analysis included), so they are exactly what `loupe fields -e _ws.expert` reports.
 */
export class ExpertItems {
  private entries = new Map<string, ExpertEntry>();

  /** Takes in the expert records among frame `frame`'s field records [start, end) (in words). */
  add(frame: number, records: Uint32Array, start: number, end: number): void {
    for (let at = start; at < end; at += RECORD_WORDS) {
      if (records[at] !== EXPERT) continue;
      const [id, severity, group, arg] = [records[at + 4], records[at + 5], records[at + 6], records[at + 7]];
      const message = expertMessage(id, arg);
      const groupName = EXPERT_GROUPS[group] ?? `Group ${group}`;
      const key = entryKey(severity, groupName, message);
      let entry = this.entries.get(key);
      if (!entry) {
        entry = {
          severity,
          severityName: EXPERT_SEVERITIES[severity] ?? `Severity ${severity}`,
          group: groupName,
          message,
          frames: [],
        };
        this.entries.set(key, entry);
      }
      entry.frames.push(frame);
    }
  }

  /** The entries, most severe first. */
  list(): ExpertEntry[] {
    return [...this.entries.values()].sort(
      (a, b) => b.severity - a.severity || a.group.localeCompare(b.group) || a.message.localeCompare(b.message),
    );
  }

  /** Items as list() gave them, for a capture reopened from the library. */
  static restore(entries: ExpertEntry[]): ExpertItems {
    const items = new ExpertItems();
    for (const entry of entries) items.entries.set(entryKey(entry.severity, entry.group, entry.message), entry);
    return items;
  }
}

const entryKey = (severity: number, group: string, message: string) => `${severity}/${group}/${message}`;
