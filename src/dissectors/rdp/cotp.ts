import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { addData } from '../data/data';
import { bitLine } from '../bit-line';
import { dissectS7comm, isS7comm } from '../s7comm/s7comm';
import { field } from '../../fields/define';

// ISO 8073 §13.3.4 (connection request/confirm parameters) and §13.7 (data TPDU), as ISO-on-TCP (RFC 1006) uses.
const PARAMETERS: Record<number, string> = {
  0x85: 'ack-time',
  0x86: 'res-error',
  0x87: 'priority',
  0x88: 'transit-delay',
  0x89: 'throughput',
  0x8a: 'seq-number',
  0x8b: 'reassign-time',
  0x8c: 'flow-control',
  0xc0: 'tpdu-size',
  0xc1: 'src-tsap',
  0xc2: 'dst-tsap',
  0xc3: 'checksum',
  0xc4: 'version-number',
  0xc5: 'protection',
  0xc6: 'options',
  0xc7: 'alternative-classes',
};
const TPDU_SIZE = 0xc0;
const SRC_TSAP = 0xc1;
const DST_TSAP = 0xc2;

registerFields([
  field('cotp.parameter_code', 'Parameter code', 'hex8', { values: PARAMETERS }),
  field('cotp.parameter_length', 'Parameter length', 'uint', { bits: 8 }),
  field('cotp.src-tsap', 'Source TSAP', 'string'),
  field('cotp.src-tsap-bytes', 'Source TSAP', 'bytes'),
  field('cotp.dst-tsap', 'Destination TSAP', 'string'),
  field('cotp.dst-tsap-bytes', 'Destination TSAP', 'bytes'),
  field('cotp.tpdu_size', 'TPDU size', 'uint'),
  field('cotp.parameter_value', 'Parameter value', 'bytes'),
  field('cotp.tpdu-number', 'TPDU number', 'hex8'),
  field('cotp.eot', 'Last data unit', 'bool', { boolLabels: ['No', 'Yes'] }),
]);

const hex = (v: number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** A TSAP as tshark shows it: a number in hex up to four bytes, else the bytes. */
function tsap(bytes: Uint8Array): string {
  if (bytes.length > 0 && bytes.length <= 4)
    return hex(
      bytes.reduce((v, b) => v * 256 + b, 0),
      bytes.length * 2,
    );
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The variable part of a connection request or confirm: its parameters, [from, to) of the TPDU. */
export function cotpParameters(data: Bytes, from: number, to: number, tree: TreeBuilder): void {
  for (let at = from; at + 2 <= to;) {
    const code = data.u8(at);
    const length = data.u8(at + 1);
    tree.add(
      'cotp.parameter_code',
      data.abs(at),
      1,
      code,
      `Parameter code: ${PARAMETERS[code] ?? 'unknown'} (${hex(code, 2)})`,
    );
    tree.add('cotp.parameter_length', data.abs(at + 1), 1, length);
    const value = data.bytes(at + 2, Math.min(length, to - at - 2));
    if (code === SRC_TSAP || code === DST_TSAP) {
      const name = code === SRC_TSAP ? 'cotp.src-tsap' : 'cotp.dst-tsap';
      tree.add(name, data.abs(at + 2), value.length, tsap(value));
      tree.add(`${name}-bytes`, data.abs(at + 2), value.length, value);
    } else if (code === TPDU_SIZE && value.length === 1) {
      tree.add('cotp.tpdu_size', data.abs(at + 2), 1, 2 ** value[0]);
    } else if (value.length) {
      tree.add('cotp.parameter_value', data.abs(at + 2), value.length, value);
    }
    at += 2 + length;
  }
}

/** A class 0 data TPDU's number and end-of-TSDU mark, then its user data: S7comm when it is, else data. */
export function cotpData(data: Bytes, li: number, ctx: PacketContext): void {
  const { tree } = ctx;
  const octet = data.u8(2);
  tree.add('cotp.destref', data.abs(1), 0, 0, '[Destination reference: 0x0000]');
  tree.add(
    'cotp.tpdu-number',
    data.abs(2),
    1,
    octet & 0x7f,
    `${bitLine(octet, 0x7f, 8)} = TPDU number: ${hex(octet & 0x7f, 2)}`,
  );
  tree.add(
    'cotp.eot',
    data.abs(2),
    1,
    octet >> 7,
    `${bitLine(octet, 0x80, 8)} = Last data unit: ${octet & 0x80 ? 'Yes' : 'No'}`,
  );
  tree.close();
  const payload = data.sub(li + 1);
  if (octet & 0x80 && isS7comm(payload)) return dissectS7comm(payload, ctx);
  ctx.columns.info = `DT TPDU (${octet & 0x7f})${octet & 0x80 ? ' [COTP fragment, ' : ''}${octet & 0x80 ? `${payload.length} bytes]` : ''}`;
  addData(tree, payload);
}
