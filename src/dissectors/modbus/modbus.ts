import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { elapsedNs, ONE_MORE_SEGMENT, registerPort, type Dissector, type PacketContext, type Timestamp } from '../api';
import { addData } from '../data/data';
import { bitLine } from '../bit-line';
import { relativeTime } from '../format';
import { field, mask } from '../../fields/define';

// Modbus Application Protocol Specification v1.1b3 §6 (function codes) and §7 (exception codes).
const FUNCTIONS: Record<number, string> = {
  1: 'Read Coils',
  2: 'Read Discrete Inputs',
  3: 'Read Holding Registers',
  4: 'Read Input Registers',
  5: 'Write Single Coil',
  6: 'Write Single Register',
  7: 'Read Exception Status',
  8: 'Diagnostics',
  11: 'Get Comm Event Counter',
  12: 'Get Comm Event Log',
  15: 'Write Multiple Coils',
  16: 'Write Multiple Registers',
  17: 'Report Slave ID',
  20: 'Read File Record',
  21: 'Write File Record',
  22: 'Mask Write Register',
  23: 'Read Write Register',
  24: 'Read FIFO Queue',
  43: 'Encapsulated Interface Transport',
};
const EXCEPTIONS: Record<number, string> = {
  1: 'Illegal function',
  2: 'Illegal data address',
  3: 'Illegal data value',
  4: 'Slave device failure',
  5: 'Acknowledge',
  6: 'Slave device busy',
  8: 'Memory parity error',
  10: 'Gateway path unavailable',
  11: 'Gateway target device failed to respond',
};
const MEI_TYPES: Record<number, string> = { 13: 'CANopen General Reference', 14: 'Read Device Identification' };
const READ_DEVICE_IDS: Record<number, string> = {
  1: 'Basic Device Identification',
  2: 'Regular Device Identification',
  3: 'Extended Device Identification',
  4: 'Specific Identification Object',
};
const OBJECT_IDS: Record<number, string> = {
  0: 'VendorName',
  1: 'ProductCode',
  2: 'MajorMinorRevision',
  3: 'VendorURL',
  4: 'ProductName',
  5: 'ModelName',
  6: 'UserApplicationName',
};
const MODBUS_PORT = 502;
const MBAP_LENGTH = 7;

registerFields([
  field('mbtcp', 'Modbus/TCP', 'protocol'),
  field('mbtcp.trans_id', 'Transaction Identifier', 'uint', { bits: 16 }),
  field('mbtcp.prot_id', 'Protocol Identifier', 'uint', { bits: 16 }),
  field('mbtcp.len', 'Length', 'uint', { bits: 16 }),
  field('mbtcp.unit_id', 'Unit Identifier', 'uint', { bits: 8 }),
  field('modbus', 'Modbus', 'protocol'),
  field('modbus.func_code', 'Function Code', 'uint', { bits: 8, values: FUNCTIONS, ...mask(0x7f, 8) }),
  field('modbus.request_frame', 'Request Frame', 'framenum'),
  field('modbus.response_time', 'Time from request', 'reltime'),
  field('modbus.reference_num', 'Reference Number', 'uint', { bits: 16 }),
  field('modbus.bit_cnt', 'Bit Count', 'uint', { bits: 16 }),
  field('modbus.word_cnt', 'Word Count', 'uint', { bits: 16 }),
  field('modbus.byte_cnt', 'Byte Count', 'uint', { bits: 8 }),
  field('modbus.data', 'Data', 'bytes'),
  field('modbus.padding', 'Padding', 'hex8'),
  field('modbus.bitnum', 'Bit Number', 'uint', { bits: 16 }),
  field('modbus.bitval', 'Bit Value', 'bool', { boolLabels: ['False', 'True'] }),
  field('modbus.regnum16', 'Register Number', 'uint', { bits: 16 }),
  field('modbus.regval_uint16', 'Register Value (UINT16)', 'uint', { bits: 16 }),
  field('modbus.exception_code', 'Exception Code', 'uint', { bits: 8, values: EXCEPTIONS }),
  field('modbus.mei', 'MEI type', 'uint', { bits: 8, values: MEI_TYPES }),
  field('modbus.read_device_id', 'Read Device ID', 'uint', { bits: 8, values: READ_DEVICE_IDS }),
  field('modbus.object_id', 'Object ID', 'uint', { bits: 8, values: OBJECT_IDS }),
]);

interface Request {
  frame: number;
  time: Timestamp;
  func: number;
  reference: number;
  count: number;
}

const pad = (n: number, width: number) => String(n).padStart(width);
const named = (names: Record<number, string>, v: number) => `${names[v] ?? 'Unknown'} (${v})`;

/**
 * Modbus/TCP (Modbus Messaging on TCP/IP Implementation Guide v1.0b): the MBAP header, then the Modbus PDU, a
 * query when sent to port 502, else a response, paired with its query by transaction identifier.
 */
export const mbtcp: Dissector = {
  name: 'mbtcp',
  yields: ['mbtcp', 'modbus', 'data'],
  stream(data, ctx) {
    if (data.length < MBAP_LENGTH) return { more: ONE_MORE_SEGMENT };
    const length = data.u16(4);
    if (data.u16(2) !== 0 || length < 2) {
      addData(ctx.tree, data);
      return data.length;
    }
    const total = 6 + length;
    if (data.length < total) return { more: total - data.length };
    dissectAdu(data.sub(0, total), ctx);
    return total;
  },
};

registerPort('tcp', MODBUS_PORT, mbtcp);

function dissectAdu(data: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  const transaction = data.u16(0);
  const unit = data.u8(6);
  const isQuery = ctx.dstPort === MODBUS_PORT;
  const code = data.u8(MBAP_LENGTH);
  const func = code & 0x7f;
  const exception = (code & 0x80) !== 0;
  const pdu = data.sub(MBAP_LENGTH);
  let funcText = `${pad(func, 3)}: ${FUNCTIONS[func] ?? 'Unknown function'}`;
  if (func === 43 && isQuery && pdu.length > 2 && pdu.u8(1) === 14)
    funcText = `${pad(func, 3)}/${pad(pdu.u8(2), 3)}: ${MEI_TYPES[14]}`;
  const info = `${(isQuery ? 'Query' : 'Response').padStart(8)}: Trans: ${pad(transaction, 5)}; Unit: ${pad(unit, 3)}, Func: ${funcText}${exception ? '. Exception returned ' : ''}`;
  if (ctx.columns.protocol === 'Modbus/TCP' && ctx.columns.info) ctx.columns.info += ` | ${info.trimStart()}`;
  else ctx.columns.info = info;
  ctx.columns.protocol = 'Modbus/TCP';

  tree.open('mbtcp', data.abs(0), MBAP_LENGTH);
  tree.add('mbtcp.trans_id', data.abs(0), 2, transaction);
  tree.add('mbtcp.prot_id', data.abs(2), 2, 0);
  tree.add('mbtcp.len', data.abs(4), 2, data.u16(4));
  tree.add('mbtcp.unit_id', data.abs(6), 1, unit);
  tree.close();

  const requests = ctx.state(() => new Map<number, Request>());
  const funcLine = `${bitLine(code, 0x7f, 8)} = Function Code: ${named(FUNCTIONS, func)}`;
  if (exception) {
    const reason = pdu.u8(1);
    tree.open(
      'modbus',
      pdu.abs(0),
      pdu.length,
      `Function ${func}:  ${FUNCTIONS[func] ?? 'Unknown function'}.  Exception: ${EXCEPTIONS[reason] ?? 'Unknown exception'}`,
    );
    tree.add('modbus.func_code', pdu.abs(0), 1, func, funcLine);
    tree.add('modbus.exception_code', pdu.abs(1), 1, reason);
    tree.close();
    return;
  }
  tree.open('modbus', pdu.abs(0), pdu.length);
  tree.add('modbus.func_code', pdu.abs(0), 1, func, funcLine);
  if (isQuery) {
    const reference = pdu.length >= 3 ? pdu.u16(1) : 0;
    const count = pdu.length >= 5 ? pdu.u16(3) : 0;
    requests.set(transaction, { frame: ctx.frame, time: ctx.time, func, reference, count });
    query(pdu, func);
  } else {
    const request = requests.get(transaction);
    if (request && request.func === func) {
      tree.add('modbus.request_frame', 0, 0, request.frame, `[Request Frame: ${request.frame}]`);
      const ns = elapsedNs(request.time, ctx.time);
      tree.add('modbus.response_time', 0, 0, ns, `[Time from request: ${relativeTime(ns)} seconds]`);
    }
    response(pdu, func, request?.func === func ? request : undefined);
  }
  tree.close();

  function query(p: Bytes, f: number): void {
    switch (f) {
      case 1:
      case 2:
        tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
        tree.add('modbus.bit_cnt', p.abs(3), 2, p.u16(3));
        return;
      case 3:
      case 4:
        tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
        tree.add('modbus.word_cnt', p.abs(3), 2, p.u16(3));
        return;
      case 5:
      case 6:
        singleWrite(p, f);
        return;
      case 15:
        tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
        tree.add('modbus.bit_cnt', p.abs(3), 2, p.u16(3));
        tree.add('modbus.byte_cnt', p.abs(5), 1, p.u8(5));
        tree.add('modbus.data', p.abs(6), p.u8(5), p.bytes(6, p.u8(5)));
        return;
      case 16:
        tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
        tree.add('modbus.word_cnt', p.abs(3), 2, p.u16(3));
        tree.add('modbus.byte_cnt', p.abs(5), 1, p.u8(5));
        registers(p.sub(6, p.u8(5)), p.u16(1));
        return;
      case 43:
        tree.add('modbus.mei', p.abs(1), 1, p.u8(1));
        if (p.u8(1) === 14) {
          tree.add('modbus.read_device_id', p.abs(2), 1, p.u8(2));
          tree.add('modbus.object_id', p.abs(3), 1, p.u8(3));
        }
        return;
      default:
        if (p.length > 1) tree.add('modbus.data', p.abs(1), p.length - 1, p.bytes(1, p.length - 1));
    }
  }

  function response(p: Bytes, f: number, request: Request | undefined): void {
    switch (f) {
      case 1:
      case 2: {
        const bytes = p.u8(1);
        tree.add('modbus.byte_cnt', p.abs(1), 1, bytes);
        const count = request ? Math.min(request.count, bytes * 8) : bytes * 8;
        for (let i = 0; i < count; i++) {
          const byte = p.u8(2 + (i >> 3));
          const value = (byte >> (i & 7)) & 1;
          const number = (request?.reference ?? 0) + i;
          tree.openText(`Bit ${number} : ${value}`, p.abs(2 + (i >> 3)), 1);
          tree.add('modbus.bitnum', p.abs(2 + (i >> 3)), 1, number, `[Bit Number: ${number}]`);
          // tshark draws each bit as the lowest of its byte.
          tree.add(
            'modbus.bitval',
            p.abs(2 + (i >> 3)),
            1,
            value,
            `${bitLine(value, 1, 8)} = Bit Value: ${value ? 'True' : 'False'}`,
          );
          tree.close();
        }
        return;
      }
      case 3:
      case 4:
      case 23:
        tree.add('modbus.byte_cnt', p.abs(1), 1, p.u8(1));
        registers(p.sub(2, p.u8(1)), request?.reference ?? 0);
        return;
      case 5:
      case 6:
        singleWrite(p, f);
        return;
      case 15:
      case 16:
        tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
        tree.add(f === 15 ? 'modbus.bit_cnt' : 'modbus.word_cnt', p.abs(3), 2, p.u16(3));
        return;
      default:
        if (p.length > 1) tree.add('modbus.data', p.abs(1), p.length - 1, p.bytes(1, p.length - 1));
    }
  }

  function singleWrite(p: Bytes, f: number): void {
    tree.add('modbus.reference_num', p.abs(1), 2, p.u16(1));
    tree.add('modbus.data', p.abs(3), 2, p.bytes(3, 2));
    // A coil's value is 0xFF00 or 0x0000 (§6.5): its second byte is shown as padding.
    if (f === 5) tree.add('modbus.padding', p.abs(4), 1, p.u8(4));
  }

  function registers(values: Bytes, first: number): void {
    for (let i = 0; i + 1 < values.length; i += 2) {
      const value = values.u16(i);
      tree.openText(`Register ${first + i / 2} (UINT16): ${value}`, values.abs(i), 2);
      tree.add('modbus.regnum16', values.abs(i), 2, first + i / 2);
      tree.add('modbus.regval_uint16', values.abs(i), 2, value);
      tree.close();
    }
  }
}
