import { registerFields } from '../../fields/registry';
import { hexBytes } from '../../fields/format';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

/** Transport parameters (RFC 9000 §18.2, RFC 9221, RFC 9368, the grease_quic_bit draft) by id. */
const PARAMETERS: Record<number, string> = {
  0x00: 'original_destination_connection_id',
  0x01: 'max_idle_timeout',
  0x02: 'stateless_reset_token',
  0x03: 'max_udp_payload_size',
  0x04: 'initial_max_data',
  0x05: 'initial_max_stream_data_bidi_local',
  0x06: 'initial_max_stream_data_bidi_remote',
  0x07: 'initial_max_stream_data_uni',
  0x08: 'initial_max_streams_bidi',
  0x09: 'initial_max_streams_uni',
  0x0a: 'ack_delay_exponent',
  0x0b: 'max_ack_delay',
  0x0c: 'disable_active_migration',
  0x0d: 'preferred_address',
  0x0e: 'active_connection_id_limit',
  0x0f: 'initial_source_connection_id',
  0x10: 'retry_source_connection_id',
  0x20: 'max_datagram_frame_size',
  0x2ab2: 'grease_quic_bit',
};
const INTEGERS = new Set([0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0e, 0x20]);
const CONNECTION_IDS = new Set([0x00, 0x0f, 0x10]);
const LABELS: Record<number, string> = {
  0x0e: 'Active Connection ID Limit',
  0x0f: 'Initial Source Connection ID',
  0x10: 'Retry Source Connection ID',
};
const fieldOf = (id: number) => `tls.quic.parameter.${PARAMETERS[id]}`;

registerFields([
  field('tls.quic.parameter', 'Parameter', 'none'),
  field('tls.quic.parameter.type', 'Type', 'uint'),
  field('tls.quic.parameter.length', 'Length', 'uint'),
  field('tls.quic.parameter.value', 'Value', 'bytes'),
  ...[...INTEGERS].map((id) => field(fieldOf(id), LABELS[id] ?? PARAMETERS[id], 'uint')),
  ...[...CONNECTION_IDS, 0x02].map((id) => field(fieldOf(id), LABELS[id] ?? PARAMETERS[id], 'bytes')),
]);

function varint(e: Bytes, at: number): { value: number; size: number } {
  const first = e.u8(at);
  const size = 1 << (first >> 6);
  let value = first & 0x3f;
  for (let i = 1; i < size; i++) value = value * 256 + e.u8(at + i);
  return { value, size };
}

/** The quic_transport_parameters extension (RFC 9001 §8.2): a list of id, length and value. */
export function quicTransportParameters(t: TreeBuilder, e: Bytes): void {
  for (let p = 0; p < e.length;) {
    const type = varint(e, p);
    const length = varint(e, p + type.size);
    const at = p + type.size + length.size;
    const name = PARAMETERS[type.value];
    const integer = INTEGERS.has(type.value) && length.value > 0 ? varint(e, at).value : undefined;
    let suffix = '';
    if (integer !== undefined) suffix = type.value === 0x01 ? ` ${integer} ms` : ` ${integer}`;
    const total = at + length.value - p;
    t.open(
      'tls.quic.parameter',
      e.abs(p),
      total,
      `Parameter: ${name ?? `Unknown 0x${type.value.toString(16).padStart(2, '0')}`} (len=${length.value})${suffix}`,
    );
    t.add(
      'tls.quic.parameter.type',
      e.abs(p),
      type.size,
      type.value,
      `Type: ${name ?? 'Unknown'} (0x${type.value.toString(16).padStart(2, '0')})`,
    );
    t.add('tls.quic.parameter.length', e.abs(p + type.size), length.size, length.value);
    const value = e.bytes(at, length.value);
    t.add(
      'tls.quic.parameter.value',
      e.abs(at),
      length.value,
      length.value ? value : '<MISSING>',
      length.value ? `Value: ${hexBytes(value)}` : 'Value: <MISSING>',
    );
    if (integer !== undefined) t.add(fieldOf(type.value), e.abs(at), length.value, integer);
    else if (name && (CONNECTION_IDS.has(type.value) || type.value === 0x02))
      t.add(fieldOf(type.value), e.abs(at), length.value, value);
    t.close();
    p += total;
  }
}
