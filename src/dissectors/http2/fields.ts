import { registerFields } from '../../fields/registry';
import { STATIC_TABLE } from './hpack';
import { field } from '../../fields/define';

/** Frame types (RFC 9113 §6, RFC 7838 ALTSVC, RFC 8336 ORIGIN, RFC 9218 PRIORITY_UPDATE) by their type code. */
export const FRAME_TYPES: Record<number, string> = {
  0: 'DATA',
  1: 'HEADERS',
  2: 'PRIORITY',
  3: 'RST_STREAM',
  4: 'SETTINGS',
  5: 'PUSH_PROMISE',
  6: 'PING',
  7: 'GOAWAY',
  8: 'WINDOW_UPDATE',
  9: 'CONTINUATION',
  10: 'ALTSVC',
  11: 'BLOCKED',
  12: 'ORIGIN',
  16: 'PRIORITY_UPDATE',
};

/** Error codes (RFC 9113 §7). */
export const ERROR_CODES: Record<number, string> = {
  0: 'NO_ERROR',
  1: 'PROTOCOL_ERROR',
  2: 'INTERNAL_ERROR',
  3: 'FLOW_CONTROL_ERROR',
  4: 'SETTINGS_TIMEOUT',
  5: 'STREAM_CLOSED',
  6: 'FRAME_SIZE_ERROR',
  7: 'REFUSED_STREAM',
  8: 'CANCEL',
  9: 'COMPRESSION_ERROR',
  10: 'CONNECT_ERROR',
  11: 'ENHANCE_YOUR_CALM',
  12: 'INADEQUATE_SECURITY',
  13: 'HTTP_1_1_REQUIRED',
};

/** Settings (RFC 9113 §6.5.2, RFC 8441): identifier → [name as Wireshark shows it, its field]. */
export const SETTINGS: Record<number, [string, string]> = {
  1: ['Header table size', 'http2.settings.header_table_size'],
  2: ['Enable PUSH', 'http2.settings.enable_push'],
  3: ['Max concurrent streams', 'http2.settings.max_concurrent_streams'],
  4: ['Initial Windows size', 'http2.settings.initial_window_size'],
  5: ['Max frame size', 'http2.settings.max_frame_size'],
  6: ['Max header list size', 'http2.settings.max_header_list_size'],
  8: ['Extended CONNECT', 'http2.settings.extended_connect'],
};

/** Header names with a filter field of their own: the static table's (RFC 7541 Appendix A) but host and transfer-encoding. */
const NUMERIC_HEADERS = new Set([':status', 'age', 'content-length', 'max-forwards']);
export const HEADER_FIELDS: ReadonlyMap<string, string> = new Map(
  [...new Set(STATIC_TABLE.map(([name]) => name))]
    .filter((name) => name !== 'host' && name !== 'transfer-encoding')
    .map((name) => [name, `http2.headers.${name.replace(/^:/, '').replace(/-/g, '_')}`]),
);

const settingValues = Object.fromEntries(Object.entries(SETTINGS).map(([id, [name]]) => [id, name]));

registerFields([
  field('http2', 'HyperText Transfer Protocol 2', 'protocol'),
  field('http2.stream', 'Stream', 'none'),
  field('http2.length', 'Length', 'uint', { bits: 24 }),
  field('http2.type', 'Type', 'uint', { values: FRAME_TYPES, bits: 8 }),
  field('http2.r', 'Reserved', 'hex32'),
  field('http2.headers.weight', 'Weight', 'uint', { bits: 8 }),
  field('http2.headers.weight_real', 'Weight real', 'uint', { bits: 8 }),
  field('http2.streamid', 'Stream Identifier', 'uint'),
  field('http2.magic', 'Magic', 'string'),
  field('http2.unknown', 'Unknown', 'bytes'),
  field('http2.flags', 'Flags', 'hex8'),
  field('http2.flags.end_stream', 'End Stream', 'bool'),
  field('http2.flags.eh', 'End Headers', 'bool'),
  field('http2.flags.padded', 'Padded', 'bool'),
  field('http2.flags.priority', 'Priority', 'bool'),
  field('http2.flags.ack.ping', 'ACK', 'bool'),
  field('http2.flags.unused', 'Unused', 'hex8'),
  field('http2.flags.unused_settings', 'Unused', 'hex8'),
  field('http2.flags.unused_ping', 'Unused', 'hex8'),
  field('http2.flags.unused_continuation', 'Unused', 'hex8'),
  field('http2.flags.unused_push_promise', 'Unused', 'hex8'),
  field('http2.flags.unused_data', 'Unused', 'hex8'),
  field('http2.flags.unused_headers', 'Unused', 'hex8'),
  field('http2.flags.ack.settings', 'ACK', 'bool'),
  field('http2.padding', 'Pad Length', 'hex8'),
  field('http2.pad_length', 'Pad Length', 'uint', { bits: 16 }),
  field('http2.exclusive', 'Exclusive', 'bool'),
  field('http2.stream_dependency', 'Stream Dependency', 'uint'),
  field('http2.data.data', 'Data', 'bytes'),
  field('http2.data.padding', 'Padding', 'bytes'),
  field('http2.body.fragments', 'Body fragments', 'none'),
  field('http2.body.fragment', 'Body fragment', 'framenum'),
  field('http2.body.fragment.count', 'Body fragment count', 'uint'),
  field('http2.body.reassembled.in', 'Reassembled body in frame', 'framenum'),
  field('http2.body.reassembled.length', 'Reassembled body length', 'uint'),
  field('http2.body.reassembled.data', 'Reassembled body data', 'bytes'),
  field('http2.body_decompression_failed', 'Body decompression failed', 'none'),
  field('http2.headers', 'Header Block Fragment', 'bytes'),
  field('http2.headers.padding', 'Padding', 'bytes'),
  field('http2.header', 'Header', 'none'),
  field('http2.header.length', 'Header Length', 'uint'),
  field('http2.header.count', 'Header Count', 'uint'),
  field('http2.header.name.length', 'Name Length', 'uint'),
  field('http2.header.name', 'Name', 'string'),
  field('http2.header.value.length', 'Value Length', 'uint'),
  field('http2.header.value', 'Value', 'string'),
  field('http2.header.unescaped', 'Unescaped', 'string'),
  field('http2.header.repr', 'Representation', 'string'),
  field('http2.header.index', 'Index', 'uint'),
  field('http2.header_table_size_update', 'Header table size update', 'none'),
  field('http2.header_table_size_update.header_table_size', 'Header table size', 'uint'),
  field('http2.request.full_uri', 'Full request URI', 'string'),
  field('http2.rst_stream.error', 'Error', 'uint', { values: ERROR_CODES }),
  field('http2.settings', 'Settings', 'none'),
  field('http2.settings.id', 'Settings Identifier', 'uint', { values: settingValues, bits: 16 }),
  field('http2.settings.header_table_size', 'Header table size', 'uint'),
  field('http2.settings.enable_push', 'Enable PUSH', 'uint'),
  field('http2.settings.max_concurrent_streams', 'Max concurrent streams', 'uint'),
  field('http2.settings.initial_window_size', 'Initial Windows Size', 'uint'),
  field('http2.settings.max_frame_size', 'Max frame size', 'uint'),
  field('http2.settings.max_header_list_size', 'Max header list size', 'uint'),
  field('http2.settings.extended_connect', 'Extended CONNECT', 'uint'),
  field('http2.settings.unknown', 'Unknown Settings', 'uint'),
  field('http2.push_promise.r', 'Reserved', 'hex32'),
  field('http2.push_promise.promised_stream_id', 'Promised-Stream-ID', 'uint'),
  field('http2.push_promise.header', 'Header Block Fragment', 'bytes'),
  field('http2.push_promise.padding', 'Padding', 'bytes'),
  field('http2.ping', 'Ping', 'bytes'),
  field('http2.pong', 'Pong', 'bytes'),
  field('http2.goway.r', 'Reserved', 'hex32'),
  field('http2.goaway.last_stream_id', 'Last-Stream-ID', 'uint'),
  field('http2.goaway.error', 'Error', 'uint', { values: ERROR_CODES }),
  field('http2.goaway.addata', 'Additional Debug Data', 'bytes'),
  field('http2.window_update.r', 'Reserved', 'hex32'),
  field('http2.window_update.window_size_increment', 'Window Size Increment', 'uint'),
  field('http2.continuation.header', 'Continuation Header', 'string'),
  field('http2.continuation.padding', 'Padding', 'bytes'),
  ...[...HEADER_FIELDS].map(([header, name]) =>
    field(name, header, NUMERIC_HEADERS.has(header) ? 'uint' : 'string', {
      bits: header === ':status' ? 16 : undefined,
    }),
  ),
]);
