import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import type { TreeBuilder } from '../tree';
import { bitLine } from '../bit-line';
import { field } from '../../fields/define';

// Siemens S7 communication (S7comm) over ISO-on-TCP: the PDU header, then parameters and data. Names as the
// protocol's public descriptions (and tshark) give them.
const PROTOCOL_ID = 0x32;
const ROSCTR: Record<number, string> = { 1: 'Job', 2: 'Ack', 3: 'Ack_Data', 7: 'Userdata' };
const FUNCTIONS: Record<number, string> = {
  0x00: 'CPU services',
  0xf0: 'Setup communication',
  0x04: 'Read Var',
  0x05: 'Write Var',
  0x1a: 'Request download',
  0x1b: 'Download block',
  0x1c: 'Download ended',
  0x1d: 'Start upload',
  0x1e: 'Upload',
  0x1f: 'End upload',
  0x28: 'PI-Service',
  0x29: 'PLC Stop',
};
const SETUP = 0xf0;
const READ_VAR = 0x04;
const WRITE_VAR = 0x05;
const ERROR_CLASSES: Record<number, string> = {
  0x00: 'No error',
  0x81: 'Application relationship',
  0x82: 'Object definition',
  0x83: 'No resources available',
  0x84: 'Error on service processing',
  0x85: 'Error on supplies',
  0x87: 'Access error',
};
const SYNTAX_IDS: Record<number, string> = {
  0x10: 'S7ANY',
  0x13: 'PBC-R_ID',
  0x15: 'ALARM_LOCKFREE',
  0x16: 'ALARM_IND',
  0x19: 'ALARM_ACK',
  0x1a: 'ALARM_QUERYREQ',
  0x1c: 'NOTIFY_IND',
  0xa2: 'DRIVEESANY',
  0xb2: 'DBREAD',
  0xb0: '1200SYM',
  0x82: 'NCK',
};
const TRANSPORT_SIZES: Record<number, string> = {
  1: 'BIT',
  2: 'BYTE',
  3: 'CHAR',
  4: 'WORD',
  5: 'INT',
  6: 'DWORD',
  7: 'DINT',
  8: 'REAL',
  9: 'DATE',
  10: 'TOD',
  11: 'TIME',
  12: 'S5TIME',
  15: 'DATE_AND_TIME',
  28: 'COUNTER',
  29: 'TIMER',
  30: 'IEC TIMER',
  31: 'IEC COUNTER',
  32: 'HS COUNTER',
};
const AREAS: Record<number, [string, string]> = {
  0x03: ['System info of 200 family', 'SI'],
  0x05: ['System flags of 200 family', 'SF'],
  0x06: ['Analog inputs of 200 family', 'AI'],
  0x07: ['Analog outputs of 200 family', 'AQ'],
  0x1c: ['S7 counters (C)', 'C'],
  0x1d: ['S7 timers (T)', 'T'],
  0x1e: ['IEC counters (200 family)', 'C'],
  0x1f: ['IEC timers (200 family)', 'T'],
  0x80: ['Direct peripheral access (P)', 'P'],
  0x81: ['Inputs (I)', 'I'],
  0x82: ['Outputs (Q)', 'Q'],
  0x83: ['Flags (M)', 'M'],
  0x84: ['Data blocks (DB)', 'DB'],
  0x85: ['Instance data blocks (DI)', 'DI'],
  0x86: ['Local data (L)', 'L'],
  0x87: ['Unknown yet (V)', 'V'],
};
const RETURN_CODES: Record<number, string> = {
  0x00: 'Reserved',
  0x01: 'Hardware error',
  0x03: 'Accessing the object not allowed',
  0x05: 'Invalid address',
  0x06: 'Data type not supported',
  0x07: 'Data type inconsistent',
  0x0a: 'Object does not exist',
  0xff: 'Success',
};
const DATA_TRANSPORT_SIZES: Record<number, string> = {
  0x00: 'NULL',
  0x03: 'BIT',
  0x04: 'BYTE/WORD/DWORD',
  0x05: 'INTEGER',
  0x06: 'DINTEGER',
  0x07: 'REAL',
  0x09: 'OCTET STRING',
};
// Data transport sizes whose length counts bits.
const LENGTH_IN_BITS = new Set([0x04, 0x05]);

const hex = (v: number, digits = 2) => `0x${v.toString(16).padStart(digits, '0')}`;
registerFields([
  field('s7comm', 'S7 Communication', 'protocol'),
  field('s7comm.header', 'Header', 'none'),
  field('s7comm.header.protid', 'Protocol Id', 'hex8'),
  field('s7comm.header.rosctr', 'ROSCTR', 'uint', { bits: 8, values: ROSCTR }),
  field('s7comm.header.redid', 'Redundancy Identification (Reserved)', 'hex16'),
  field('s7comm.header.pduref', 'Protocol Data Unit Reference', 'uint', { bits: 16 }),
  field('s7comm.header.parlg', 'Parameter length', 'uint', { bits: 16 }),
  field('s7comm.header.datlg', 'Data length', 'uint', { bits: 16 }),
  field('s7comm.header.errcls', 'Error class', 'hex8', { values: ERROR_CLASSES }),
  field('s7comm.header.errcod', 'Error code', 'hex8'),
  field('s7comm.param', 'Parameter', 'none'),
  field('s7comm.param.func', 'Function', 'hex8', { values: FUNCTIONS }),
  field('s7comm.param.setup_reserved1', 'Reserved', 'hex8'),
  field('s7comm.param.maxamq_calling', 'Max AmQ (parallel jobs with ack) calling', 'uint', { bits: 16 }),
  field('s7comm.param.maxamq_called', 'Max AmQ (parallel jobs with ack) called', 'uint', { bits: 16 }),
  field('s7comm.param.pdu_length', 'PDU length', 'uint', { bits: 16 }),
  field('s7comm.param.itemcount', 'Item count', 'uint', { bits: 8 }),
  field('s7comm.param.item', 'Item', 'none'),
  field('s7comm.param.item.varspec', 'Variable specification', 'hex8'),
  field('s7comm.param.item.varspec_length', 'Length of following address specification', 'uint', { bits: 8 }),
  field('s7comm.param.item.syntaxid', 'Syntax Id', 'hex8', { values: SYNTAX_IDS }),
  field('s7comm.param.item.transp_size', 'Transport size', 'uint', { bits: 8, values: TRANSPORT_SIZES }),
  field('s7comm.param.item.length', 'Length', 'uint', { bits: 16 }),
  field('s7comm.param.item.db', 'DB number', 'uint', { bits: 16 }),
  field('s7comm.param.item.area', 'Area', 'hex8'),
  field('s7comm.param.item.address', 'Address', 'hex24'),
  field('s7comm.param.item.address.byte', 'Byte Address', 'uint'),
  field('s7comm.param.item.address.bit', 'Bit Address', 'uint'),
  field('s7comm.data', 'Data', 'none'),
  field('s7comm.data.item', 'Item', 'none'),
  field('s7comm.data.returncode', 'Return code', 'hex8', { values: RETURN_CODES }),
  field('s7comm.data.transportsize', 'Transport size', 'hex8', { values: DATA_TRANSPORT_SIZES }),
  field('s7comm.data.length', 'Length', 'uint', { bits: 16 }),
  field('s7comm.resp.data', 'Data', 'bytes'),
  field('s7comm.data.fillbyte', 'Fill byte', 'hex8'),
]);

/** Whether a COTP data unit holds an S7comm PDU (its protocol id, a known ROSCTR). */
export function isS7comm(data: Bytes): boolean {
  return data.length >= 10 && data.u8(0) === PROTOCOL_ID && ROSCTR[data.u8(1)] !== undefined;
}

const hexName = (names: Record<number, string>, v: number) => `${names[v] ?? 'Unknown'} (${hex(v)})`;

/** An S7comm PDU (job, ack, ack_data): its header, parameter and data; read/write var and setup communication. */
export function dissectS7comm(data: Bytes, ctx: PacketContext): void {
  const { tree } = ctx;
  const rosctr = data.u8(1);
  const headerLength = rosctr === 2 || rosctr === 3 ? 12 : 10;
  const paramLength = data.u16(6);
  const dataLength = data.u16(8);
  const func = paramLength > 0 ? data.u8(headerLength) : -1;
  ctx.columns.protocol = 'S7COMM';
  ctx.columns.info = `ROSCTR:[${(ROSCTR[rosctr] ?? '').padEnd(8)}]${func >= 0 ? ` Function:[${FUNCTIONS[func] ?? 'Unknown'}]` : ''}`;
  tree.open('s7comm', data.abs(0), data.length);
  tree.open('s7comm.header', data.abs(0), headerLength, `Header: (${ROSCTR[rosctr]})`);
  tree.add('s7comm.header.protid', data.abs(0), 1, PROTOCOL_ID);
  tree.add('s7comm.header.rosctr', data.abs(1), 1, rosctr);
  tree.add('s7comm.header.redid', data.abs(2), 2, data.u16(2));
  tree.add('s7comm.header.pduref', data.abs(4), 2, data.u16(4));
  tree.add('s7comm.header.parlg', data.abs(6), 2, paramLength);
  tree.add('s7comm.header.datlg', data.abs(8), 2, dataLength);
  if (headerLength === 12) {
    tree.add(
      's7comm.header.errcls',
      data.abs(10),
      1,
      data.u8(10),
      `Error class: ${hexName(ERROR_CLASSES, data.u8(10))}`,
    );
    tree.add('s7comm.header.errcod', data.abs(11), 1, data.u8(11));
  }
  tree.close();
  if (paramLength > 0) {
    const param = data.sub(headerLength, Math.min(paramLength, data.length - headerLength));
    tree.open('s7comm.param', param.abs(0), param.length, `Parameter: (${FUNCTIONS[func] ?? 'Unknown'})`);
    tree.add('s7comm.param.func', param.abs(0), 1, func, `Function: ${hexName(FUNCTIONS, func)}`);
    if (func === SETUP) {
      tree.add('s7comm.param.setup_reserved1', param.abs(1), 1, param.u8(1));
      tree.add('s7comm.param.maxamq_calling', param.abs(2), 2, param.u16(2));
      tree.add('s7comm.param.maxamq_called', param.abs(4), 2, param.u16(4));
      tree.add('s7comm.param.pdu_length', param.abs(6), 2, param.u16(6));
    } else if (func === READ_VAR || func === WRITE_VAR) {
      const count = param.u8(1);
      tree.add('s7comm.param.itemcount', param.abs(1), 1, count);
      if (rosctr === 1) for (let i = 0, at = 2; i < count && at < param.length; i++) at = paramItem(param, at, i, tree);
    }
    tree.close();
  }
  const dataStart = headerLength + paramLength;
  if (dataLength > 0 && dataStart < data.length && (func === READ_VAR || func === WRITE_VAR)) {
    const body = data.sub(dataStart, Math.min(dataLength, data.length - dataStart));
    const count = data.u8(headerLength + 1);
    tree.open('s7comm.data', body.abs(0), body.length, 'Data');
    // A write's answer carries only a return code per item.
    if (rosctr === 3 && func === WRITE_VAR)
      for (let i = 0; i < count && i < body.length; i++) {
        const code = body.u8(i);
        tree.open('s7comm.data.item', body.abs(i), 1, `Item [${i + 1}]: (${RETURN_CODES[code] ?? 'Unknown'})`);
        tree.add('s7comm.data.returncode', body.abs(i), 1, code, `Return code: ${hexName(RETURN_CODES, code)}`);
        tree.close();
      }
    else for (let i = 0, at = 0; i < count && at < body.length; i++) at = dataItem(body, at, i, i === count - 1, tree);
    tree.close();
  }
  tree.close();
}

function paramItem(param: Bytes, at: number, index: number, tree: TreeBuilder): number {
  const specLength = param.u8(at + 1);
  const syntax = param.u8(at + 2);
  const end = at + 2 + specLength;
  if (syntax !== 0x10) {
    tree.open(
      's7comm.param.item',
      param.abs(at),
      end - at,
      `Item [${index + 1}]: (${SYNTAX_IDS[syntax] ?? 'Unknown'})`,
    );
    tree.add('s7comm.param.item.varspec', param.abs(at), 1, param.u8(at));
    tree.add('s7comm.param.item.varspec_length', param.abs(at + 1), 1, specLength);
    tree.add('s7comm.param.item.syntaxid', param.abs(at + 2), 1, syntax, `Syntax Id: ${hexName(SYNTAX_IDS, syntax)}`);
    tree.close();
    return end;
  }
  const size = param.u8(at + 3);
  const length = param.u16(at + 4);
  const db = param.u16(at + 6);
  const area = param.u8(at + 8);
  const address = param.u24(at + 9);
  const [byte, bit] = [address >> 3, address & 7];
  const [areaName, areaShort] = AREAS[area] ?? ['Unknown area', '?'];
  const sizeName = TRANSPORT_SIZES[size] ?? 'Unknown';
  const where = area === 0x84 ? `DB ${db}.DBX ${byte}.${bit}` : `${areaShort} ${byte}.${bit}`;
  tree.open('s7comm.param.item', param.abs(at), end - at, `Item [${index + 1}]: (${where} ${sizeName} ${length})`);
  tree.add('s7comm.param.item.varspec', param.abs(at), 1, param.u8(at));
  tree.add('s7comm.param.item.varspec_length', param.abs(at + 1), 1, specLength);
  tree.add('s7comm.param.item.syntaxid', param.abs(at + 2), 1, syntax, `Syntax Id: ${hexName(SYNTAX_IDS, syntax)}`);
  tree.add('s7comm.param.item.transp_size', param.abs(at + 3), 1, size, `Transport size: ${sizeName} (${size})`);
  tree.add('s7comm.param.item.length', param.abs(at + 4), 2, length);
  tree.add('s7comm.param.item.db', param.abs(at + 6), 2, db);
  tree.add('s7comm.param.item.area', param.abs(at + 8), 1, area, `Area: ${areaName} (${hex(area)})`);
  tree.open('s7comm.param.item.address', param.abs(at + 9), 3, `Address: ${hex(address, 6)}`, address);
  tree.add(
    's7comm.param.item.address.byte',
    param.abs(at + 9),
    3,
    byte,
    `${bitLine(address, 0x7fff8, 24)} = Byte Address: ${byte}`,
  );
  tree.add(
    's7comm.param.item.address.bit',
    param.abs(at + 9),
    3,
    bit,
    `${bitLine(address, 0x7, 24)} = Bit Address: ${bit}`,
  );
  tree.close();
  tree.close();
  return end;
}

function dataItem(body: Bytes, at: number, index: number, last: boolean, tree: TreeBuilder): number {
  const code = body.u8(at);
  const size = body.u8(at + 1);
  let length = body.u16(at + 2);
  if (LENGTH_IN_BITS.has(size)) length = Math.ceil(length / 8);
  const fill = !last && length % 2 === 1;
  const itemLength = 4 + length + (fill ? 1 : 0);
  tree.open('s7comm.data.item', body.abs(at), itemLength, `Item [${index + 1}]: (${RETURN_CODES[code] ?? 'Unknown'})`);
  tree.add('s7comm.data.returncode', body.abs(at), 1, code, `Return code: ${hexName(RETURN_CODES, code)}`);
  tree.add(
    's7comm.data.transportsize',
    body.abs(at + 1),
    1,
    size,
    `Transport size: ${hexName(DATA_TRANSPORT_SIZES, size)}`,
  );
  tree.add('s7comm.data.length', body.abs(at + 2), 2, length);
  if (length > 0) tree.add('s7comm.resp.data', body.abs(at + 4), length, body.bytes(at + 4, length));
  if (fill) tree.add('s7comm.data.fillbyte', body.abs(at + 4 + length), 1, body.u8(at + 4 + length));
  tree.close();
  return at + itemLength;
}
