import { addExpert } from '../expert';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
import { addData } from '../data/data';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { registerPort, type Dissector, type PacketContext } from '../api';
import { field } from '../../fields/define';

const OPCODES: Record<number, string> = {
  1: 'Read Request',
  2: 'Write Request',
  3: 'Data Packet',
  4: 'Acknowledgement',
  5: 'Error Code',
  6: 'Option Acknowledgement',
};
const ERRORS: Record<number, string> = {
  0: 'Not defined',
  1: 'File not found',
  2: 'Access violation',
  3: 'Disk full or allocation space exceeded',
  4: 'Illegal TFTP Operation',
  5: 'Unknown transfer ID',
  6: 'File already exists',
  7: 'No such user',
  8: 'Option negotiation failed',
};

registerFields([
  field('tftp', 'Trivial File Transfer Protocol', 'protocol'),
  field('tftp.opcode', 'Opcode', 'uint', { values: OPCODES }),
  field('tftp.source_file', 'Source File', 'string'),
  field('tftp.destination_file', 'Destination File', 'string'),
  field('tftp.type', 'Type', 'string'),
  field('tftp.option.name', 'Option name', 'string'),
  field('tftp.option.value', 'Option value', 'string'),
  field('tftp.block', 'Block', 'uint'),
  field('tftp.error.code', 'Error code', 'uint', { values: ERRORS }),
  field('tftp.error.message', 'Error message', 'string'),
]);

/** Block size of a transfer (RFC 2348's blksize option when acknowledged, else 512). */
interface Transfer {
  blockSize: number;
}

/**
 * TFTP (RFC 1350, options RFC 2347-2349). A request on port 69 is answered from a new server port, so the
 * request announces the client's port: every later datagram to or from it is TFTP.
 */
export const tftp: Dissector = {
  name: 'tftp',
  yields: ['tftp', 'data'],
  announces: ['tftp'],
  datagram(data, ctx) {
    const { tree, columns } = ctx;
    const opcode = data.u16(0);
    const transfer = ctx.state<Transfer>(() => (ctx.expected as Transfer | undefined) ?? { blockSize: 512 });
    columns.protocol = 'TFTP';
    tree.open('tftp', data.abs(0), data.length);
    tree.add('tftp.opcode', data.abs(0), 2, opcode);
    let info = OPCODES[opcode] ?? `Unknown (0x${opcode.toString(16).padStart(4, '0')})`;
    if (opcode === 1 || opcode === 2) {
      const file = cString(data, 2);
      const mode = cString(data, file.next);
      tree.add(opcode === 1 ? 'tftp.source_file' : 'tftp.destination_file', data.abs(2), file.next - 2, file.text);
      tree.add('tftp.type', data.abs(file.next), mode.next - file.next, mode.text);
      info += `, File: ${file.text}, Transfer type: ${mode.text}`;
      info += options(data, mode.next, ctx, transfer);
      if (ctx.dstPort === 69) ctx.expect('udp', ctx.srcPort, tftp, transfer);
    } else if (opcode === 3) {
      const block = data.u16(2);
      tree.add('tftp.block', data.abs(2), 2, block);
      info += `, Block: ${block}${data.length - 4 < transfer.blockSize ? ' (last)' : ''}`;
    } else if (opcode === 4) {
      const block = data.u16(2);
      tree.add('tftp.block', data.abs(2), 2, block);
      info += `, Block: ${block}`;
    } else if (opcode === 5) {
      const code = data.u16(2);
      const message = cString(data, 4);
      tree.add('tftp.error.code', data.abs(2), 2, code);
      tree.add('tftp.error.message', data.abs(4), message.next - 4, message.text);
      info += `, Code: ${ERRORS[code] ?? code}, Message: ${message.text}`;
      addExpert(tree, { severity: ExpertSeverity.Warn, group: ExpertGroup.Response, message: 'TFTP ERROR packet' });
    } else if (opcode === 6) {
      info += options(data, 2, ctx, transfer);
    }
    columns.info = info;
    tree.close();
    // A Data packet's block is Data after TFTP.
    if (opcode === 3) addData(tree, data.sub(4));
  },
};

registerPort('udp', 69, tftp);

/** A NUL-terminated string at `at` (to the end of the datagram if the NUL is missing). */
function cString(data: Bytes, at: number): { text: string; next: number } {
  const nul = data.indexOf(0, at);
  const end = nul < 0 ? data.length : nul;
  if (at > data.length) data.u8(at);
  return { text: data.text(at, end - at), next: Math.min(end + 1, data.length) };
}

function options(data: Bytes, from: number, ctx: PacketContext, transfer: Transfer): string {
  let info = '';
  for (let p = from; p < data.length;) {
    const name = cString(data, p);
    const value = cString(data, name.next);
    ctx.tree.add('tftp.option.name', data.abs(p), name.next - p, name.text);
    ctx.tree.add('tftp.option.value', data.abs(name.next), value.next - name.next, value.text);
    if (name.text.toLowerCase() === 'blksize' && Number(value.text) > 0) transfer.blockSize = Number(value.text);
    info += `, ${name.text}=${value.text}`;
    p = value.next;
  }
  return info;
}
