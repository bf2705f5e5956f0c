import { addData } from '../data/data';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { PacketContext } from '../api';
import { dissectBrowser } from '../browser/browser';
import { stringz, stringz16 } from '../stringz';
import { field } from '../../fields/define';

registerFields([
  field('smb', 'SMB (Server Message Block Protocol)', 'protocol'),
  field('smb.server_component', 'Server Component', 'hex32'),
  field('smb.cmd', 'SMB Command', 'hex8', { values: { 0x25: 'Trans' } }),
  field('smb.error_class', 'Error Class', 'hex8'),
  field('smb.error_code', 'Error Code', 'hex16'),
  field('smb.flags', 'Flags', 'hex8'),
  field('smb.flags2', 'Flags2', 'hex16'),
  field('smb.pid.high', 'Process ID High', 'uint'),
  field('smb.signature', 'Signature', 'bytes'),
  field('smb.tid', 'Tree ID', 'uint'),
  field('smb.pid', 'Process ID', 'uint'),
  field('smb.uid', 'User ID', 'uint'),
  field('smb.mid', 'Multiplex ID', 'uint'),
  field('smb.wct', 'Word Count (WCT)', 'uint'),
  field('smb.tpc', 'Total Parameter Count', 'uint'),
  field('smb.tdc', 'Total Data Count', 'uint'),
  field('smb.mpc', 'Max Parameter Count', 'uint'),
  field('smb.mdc', 'Max Data Count', 'uint'),
  field('smb.msc', 'Max Setup Count', 'uint'),
  field('smb.transaction.flags', 'Flags', 'hex16'),
  field('smb.timeout', 'Timeout', 'uint'),
  field('smb.pc', 'Parameter Count', 'uint'),
  field('smb.po', 'Parameter Offset', 'uint'),
  field('smb.dc', 'Data Count', 'uint'),
  field('smb.data_offset', 'Data Offset', 'uint'),
  field('smb.sc', 'Setup Count', 'uint'),
  field('smb.bcc', 'Byte Count (BCC)', 'uint'),
  field('smb.trans_name', 'Transaction Name', 'string'),
  field('mailslot', 'SMB MailSlot Protocol', 'protocol'),
  field('mailslot.opcode', 'Opcode', 'uint', { values: { 1: 'Write Mail Slot' } }),
  field('mailslot.priority', 'Priority', 'uint'),
  field('mailslot.class', 'Class', 'uint', { values: { 1: 'Reliable', 2: 'Unreliable & Broadcast' } }),
  field('mailslot.size', 'Size', 'uint'),
  field('mailslot.name', 'Mailslot Name', 'string'),
]);

const HEADER = 32;
const TRANS = 0x25;
const MAILSLOT_WRITE = 1;
const UNICODE = 0x8000;
const BROWSE = '\\MAILSLOT\\BROWSE';

export function isSmb(data: Bytes): boolean {
  return data.length >= 4 && data.u32(0) === 0xff534d42;
}

/**
 * An SMB (CIFS, MS-CIFS §2.2.4.33) Trans request as datagrams carry it: a mailslot write (MS-MAIL), whose data
 * the browser protocol reads when the mailslot is \MAILSLOT\BROWSE.
 */
export function dissectSmbMailslot(data: Bytes, ctx: PacketContext): void {
  const { tree, columns } = ctx;
  columns.protocol = 'SMB';
  const cmd = data.u8(4);
  tree.open('smb', data.abs(0), data.length);
  tree.add('smb.server_component', data.abs(0), 4, data.u32le(0));
  tree.add('smb.cmd', data.abs(4), 1, cmd);
  tree.add('smb.error_class', data.abs(5), 1, data.u8(5));
  tree.add('smb.error_code', data.abs(7), 2, data.u16le(7));
  tree.add('smb.flags', data.abs(9), 1, data.u8(9));
  const flags2 = data.u16le(10);
  tree.add('smb.flags2', data.abs(10), 2, flags2);
  tree.add('smb.pid.high', data.abs(12), 2, data.u16le(12));
  tree.add('smb.signature', data.abs(14), 8, data.bytes(14, 8));
  tree.add('smb.tid', data.abs(24), 2, data.u16le(24));
  tree.add('smb.pid', data.abs(26), 2, data.u16le(26));
  tree.add('smb.uid', data.abs(28), 2, data.u16le(28));
  tree.add('smb.mid', data.abs(30), 2, data.u16le(30));
  if (cmd !== TRANS) {
    columns.info = `Unknown (0x${cmd.toString(16).padStart(2, '0')})`;
    tree.close();
    return;
  }
  columns.info = 'Trans Request';
  const w = HEADER + 1;
  const wct = data.u8(HEADER);
  tree.add('smb.wct', data.abs(HEADER), 1, wct);
  tree.add('smb.tpc', data.abs(w), 2, data.u16le(w));
  tree.add('smb.tdc', data.abs(w + 2), 2, data.u16le(w + 2));
  tree.add('smb.mpc', data.abs(w + 4), 2, data.u16le(w + 4));
  tree.add('smb.mdc', data.abs(w + 6), 2, data.u16le(w + 6));
  tree.add('smb.msc', data.abs(w + 8), 1, data.u8(w + 8));
  tree.add('smb.transaction.flags', data.abs(w + 10), 2, data.u16le(w + 10));
  tree.add('smb.timeout', data.abs(w + 12), 4, data.u32le(w + 12));
  tree.add('smb.pc', data.abs(w + 18), 2, data.u16le(w + 18));
  tree.add('smb.po', data.abs(w + 20), 2, data.u16le(w + 20));
  const dataCount = data.u16le(w + 22);
  const dataOffset = data.u16le(w + 24);
  tree.add('smb.dc', data.abs(w + 22), 2, dataCount);
  tree.add('smb.data_offset', data.abs(w + 24), 2, dataOffset);
  const setupCount = data.u8(w + 26);
  tree.add('smb.sc', data.abs(w + 26), 1, setupCount);
  const setup = w + 28;
  const setupWords = Array.from({ length: setupCount }, (_, i) => data.u16le(setup + 2 * i));
  const bccAt = HEADER + 1 + 2 * wct;
  const bcc = data.u16le(bccAt);
  tree.add('smb.bcc', data.abs(bccAt), 2, bcc);
  const nameAt = bccAt + 2;
  const name = flags2 & UNICODE ? stringz16(data, nameAt + (nameAt & 1 ? 1 : 0)) : stringz(data, nameAt);
  tree.add('smb.trans_name', data.abs(nameAt), name.length, name.text);
  tree.close();
  if (!name.text.toUpperCase().startsWith('\\MAILSLOT\\') || setupCount < 3) return;

  columns.protocol = 'SMB Mailslot';
  const opcode = setupWords[0];
  columns.info = opcode === MAILSLOT_WRITE ? 'Write Mail Slot' : `Unknown (${opcode})`;
  tree.open('mailslot', data.abs(setup), 6);
  tree.add('mailslot.opcode', data.abs(setup), 2, opcode);
  tree.add('mailslot.priority', data.abs(setup + 2), 2, setupWords[1]);
  tree.add('mailslot.class', data.abs(setup + 4), 2, setupWords[2]);
  tree.add('mailslot.size', data.abs(bccAt), 2, bcc);
  tree.add('mailslot.name', data.abs(nameAt), name.length, name.text);
  tree.close();
  if (opcode === MAILSLOT_WRITE && name.text.toUpperCase() === BROWSE)
    dissectBrowser(data.sub(dataOffset, dataCount), ctx);
  // A mailslot no dissector knows carries Data.
  else if (opcode === MAILSLOT_WRITE && dataCount > 0) addData(tree, data.sub(dataOffset, dataCount));
}
