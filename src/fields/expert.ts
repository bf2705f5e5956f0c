/**
 * Expert information the core produces (assembly/tcp/expert.ts): message texts by id, severity and group
 * names, as Wireshark's expert info shows them. The ids are the core's; keep both lists in the same order.
 * '%u' (decimal) and '%04x' (four hex digits) stand for the item's number.
 */
export const EXPERT_MESSAGES: readonly string[] = [
  'Bad checksum [should be 0x%04x]',
  'This frame is a (suspected) retransmission',
  'This frame is a (suspected) fast retransmission',
  'This frame is a (suspected) spurious retransmission',
  'This frame is a (suspected) out-of-order segment',
  'Previous segment(s) not captured (common at capture start)',
  "ACKed segment that wasn't captured (common at capture start)",
  'Duplicate ACK (#%u)',
  'TCP Zero Window segment',
  'TCP Zero Window Probe',
  'ACK to a TCP Zero Window Probe',
  'TCP window specified by the receiver is now completely full',
  'TCP window update',
  'TCP keep-alive segment',
  'ACK to a TCP keep-alive segment',
  'A new tcp session is started with the same ports as an earlier session in this trace',
  'Connection establish request (SYN): server port %u',
  'Connection establish acknowledge (SYN+ACK): server port %u',
  'Connection finish (FIN)',
  'Connection reset (RST)',
  'This frame initiates the connection closing',
  'This frame undergoes the connection closing',
  'The acknowledgment number field is nonzero while the ACK flag is not set',
  'The SYN packet does not contain a MSS option',
  'Illegal checksum value (0)',
  '"Time To Live" only %u',
  '"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)',
  'TCP SYN-ACK accepting TFO data',
];

/** By the core's severity code (Wireshark's value is the code << 21). */
export const EXPERT_SEVERITIES: Record<number, string> = { 1: 'Chat', 2: 'Note', 3: 'Warning', 4: 'Error' };
/** By Wireshark's group number (its value is the number << 24). */
export const EXPERT_GROUPS: Record<number, string> = { 1: 'Checksum', 2: 'Sequence', 7: 'Malformed', 9: 'Protocol' };

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
  Object.entries(EXPERT_SEVERITIES).map(([code, name]) => [Number(code) << 21, name]));
export const GROUP_VALUES: Record<number, string> = Object.fromEntries(
  Object.entries(EXPERT_GROUPS).map(([code, name]) => [Number(code) << 24, name]));
