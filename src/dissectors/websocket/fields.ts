import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';

/** Opcodes (RFC 6455 §5.2, §11.8) by the names Wireshark gives them. */
export const OPCODES: Record<number, string> = {
  0: 'Continuation',
  1: 'Text',
  2: 'Binary',
  8: 'Connection Close',
  9: 'Ping',
  10: 'Pong',
};

/** Close status codes (RFC 6455 §7.4.1) by the names Wireshark gives them. */
export const CLOSE_CODES: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol error',
  1003: 'Unsupported Data',
  1004: '---Reserved----',
  1005: 'No Status Rcvd',
  1006: 'Abnormal Closure',
  1007: 'Invalid frame payload data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Ext.',
  1011: 'Internal Server',
  1015: 'TLS handshake',
};

const TRUE_FALSE: [string, string] = ['False', 'True'];

registerFields([
  field('websocket', 'WebSocket', 'protocol'),
  field('websocket.fin', 'Fin', 'bool', { boolLabels: TRUE_FALSE }),
  field('websocket.rsv', 'Reserved', 'hex8'),
  field('websocket.pmc', 'Per-Message Compressed', 'bool', { boolLabels: TRUE_FALSE }),
  field('websocket.opcode', 'Opcode', 'uint', { values: OPCODES, bits: 8 }),
  field('websocket.mask', 'Mask', 'bool', { boolLabels: TRUE_FALSE }),
  field('websocket.payload_length', 'Payload length', 'uint', { bits: 8 }),
  field('websocket.payload_length_ext_16', 'Extended Payload length (16 bits)', 'uint', { bits: 16 }),
  field('websocket.payload_length_ext_64', 'Extended Payload length (64 bits)', 'uint'),
  field('websocket.masking_key', 'Masking-Key', 'bytes'),
  field('websocket.payload', 'Payload', 'none'),
  field('websocket.masked_payload', 'Masked payload', 'none'),
  field('websocket.payload.continue', 'Continue', 'bytes'),
  field('websocket.payload.text', 'Text', 'string'),
  field('websocket.payload.close', 'Close', 'none'),
  field('websocket.payload.close.status_code', 'Status code', 'uint', { values: CLOSE_CODES, bits: 16 }),
  field('websocket.payload.close.reason', 'Reason', 'string'),
  field('websocket.payload.ping', 'Ping', 'bytes'),
  field('websocket.payload.pong', 'Pong', 'bytes'),
  field('websocket.payload.unknown', 'Unknown', 'bytes'),
  field('websocket.fragments', 'Reassembled websocket Fragments', 'none'),
  field('websocket.fragment', 'Websocket Fragment', 'framenum'),
  field('websocket.fragment.count', 'Fragment count', 'uint'),
  field('websocket.reassembled.length', 'Reassembled websocket Payload length', 'uint'),
]);
