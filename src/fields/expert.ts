/**
 * Expert information the core produces (assembly/tcp/expert.ts): message texts by id, severity and group
 * names, as Wireshark's expert info shows them. The ids are the core's; keep both lists in the same order.
 */
export const EXPERT_MESSAGES: readonly string[] = [
  'Bad checksum',
  'This frame is a (suspected) retransmission',
  'This frame is a (suspected) fast retransmission',
  'This frame is a (suspected) spurious retransmission',
  'This frame is a (suspected) out-of-order segment',
  'Previous segment(s) not captured (common at capture start)',
  "ACKed segment that wasn't captured (common at capture start)",
  'Duplicate ACK',
  'TCP Zero Window segment',
  'TCP Zero Window Probe',
  'ACK to a TCP Zero Window Probe',
  'TCP window specified by the receiver is now completely full',
  'TCP window update',
  'TCP keep-alive segment',
  'ACK to a TCP keep-alive segment',
  'A new tcp session is started with the same ports as an earlier session in this trace',
  'Connection establish request (SYN)',
  'Connection establish acknowledge (SYN+ACK)',
  'Connection finish (FIN)',
  'Connection reset (RST)',
  'Connection refused (RST answering a SYN)',
  "The handshake's ACK does not acknowledge the peer's ISN + 1",
  'The acknowledgment number field is nonzero while the ACK flag is not set',
];

export const EXPERT_SEVERITIES: Record<number, string> = { 1: 'Chat', 2: 'Note', 3: 'Warning', 4: 'Error' };
export const EXPERT_GROUPS: Record<number, string> = { 1: 'Checksum', 2: 'Sequence', 3: 'Malformed', 4: 'Protocol' };

export function expertMessage(id: number): string {
  return EXPERT_MESSAGES[id] ?? `expert message ${id}`;
}
