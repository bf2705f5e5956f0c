import { ExpertGroup, ExpertMessage, ExpertSeverity } from '../abi/core-constants';

/**
 * Expert information the core produces (assembly/tcp/expert.ts): message texts by id, severity and group
 * names, as Wireshark's expert info shows them. Ids, codes and texts come from src/abi/core-constants.ts, which
 * the core's constants are generated from. '%u' (decimal) and '%04x' (four hex digits) stand for the item's number.
 */
export const EXPERT_MESSAGES: readonly string[] = Object.values(ExpertMessage);

/** By the core's severity code (Wireshark's value is the code << 21). */
export const EXPERT_SEVERITIES: Record<number, string> = {
  [ExpertSeverity.Chat]: 'Chat',
  [ExpertSeverity.Note]: 'Note',
  [ExpertSeverity.Warn]: 'Warning',
  [ExpertSeverity.Error]: 'Error',
};
/** By Wireshark's group number (its value is the number << 24): the group's name. */
export const EXPERT_GROUPS: Record<number, string> = Object.fromEntries(
  Object.entries(ExpertGroup).map(([name, code]) => [code, name]),
);

export function expertMessage(id: number, arg: number): string {
  const text = EXPERT_MESSAGES[id] ?? `expert message ${id}`;
  return text.replace('%u', String(arg)).replace('%04x', arg.toString(16).padStart(4, '0'));
}

/** `_ws.expert` as tshark prints it: "Expert Info (Severity/Group): message". */
export function expertInfo(id: number, severity: number, group: number, arg: number): string {
  return `Expert Info (${EXPERT_SEVERITIES[severity]}/${EXPERT_GROUPS[group]}): ${expertMessage(id, arg)}`;
}

/** Value names of `_ws.expert.severity` and `_ws.expert.group`, for the protocol tree. */
export const SEVERITY_VALUES: Record<number, string> = Object.fromEntries(
  Object.entries(EXPERT_SEVERITIES).map(([code, name]) => [Number(code) << 21, name]),
);
export const GROUP_VALUES: Record<number, string> = Object.fromEntries(
  Object.entries(EXPERT_GROUPS).map(([code, name]) => [Number(code) << 24, name]),
);
