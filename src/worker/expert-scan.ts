import { RECORD_WORDS, type Core } from '../core/core';
import { ingest } from '../core/ingest';
import { expertMessage, EXPERT_GROUPS, EXPERT_SEVERITIES } from '../fields/expert';
import { fieldId } from '../fields/registry';

const FRAME_NUMBER = fieldId('frame.number')!;
const EXPERT = fieldId('_ws.expert')!;

/** One kind of expert item (a message with its severity and group) and the frames that carry it. */
export interface ExpertEntry {
  severity: number;
  severityName: string;
  group: string;
  message: string;
  frames: number[];
}

/**
 * Every expert item of the capture, grouped by message, most severe first. Runs the core over the whole file in
 * field mode (in a core of its own), so the items are exactly what `loupe fields -e _ws.expert` reports:
 * cross-frame analysis included, which a lone frame's decode cannot give.
 */
export async function scanExpert(core: Core, blob: Blob, onProgress?: (read: number, total: number) => void): Promise<ExpertEntry[]> {
  const entries = new Map<string, ExpertEntry>();
  let frame = 0;
  await ingest(core, blob, true, {
    onFields(records) {
      for (let at = 0; at < records.length; at += RECORD_WORDS) {
        if (records[at] === FRAME_NUMBER) frame = records[at + 4];
        if (records[at] !== EXPERT) continue;
        const [id, severity, group, arg] = [records[at + 4], records[at + 5], records[at + 6], records[at + 7]];
        const message = expertMessage(id, arg);
        const key = `${severity}/${group}/${message}`;
        let entry = entries.get(key);
        if (!entry) {
          entry = {
            severity,
            severityName: EXPERT_SEVERITIES[severity] ?? `Severity ${severity}`,
            group: EXPERT_GROUPS[group] ?? `Group ${group}`,
            message,
            frames: [],
          };
          entries.set(key, entry);
        }
        entry.frames.push(frame);
      }
    },
    onProgress,
  });
  return [...entries.values()].sort((a, b) => b.severity - a.severity || a.group.localeCompare(b.group) || a.message.localeCompare(b.message));
}
