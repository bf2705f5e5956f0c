import { registerFields } from '../../fields/registry';
import { ONE_MORE_SEGMENT, registerPort, type Dissector, SMB_YIELDS } from '../api';
import { dissectSmb2, isSmb2 } from '../smb2/smb2';
import { field } from '../../fields/define';

// RFC 1002 §4.3.1 session packet types.
const TYPES: Record<number, string> = {
  0x00: 'Session message',
  0x81: 'Session request',
  0x82: 'Positive session response',
  0x83: 'Negative session response',
  0x84: 'Retarget session response',
  0x85: 'Session keep-alive',
};

registerFields([
  field('nbss', 'NetBIOS Session Service', 'protocol'),
  field('nbss.type', 'Message Type', 'hex8', { values: TYPES }),
  field('nbss.flags', 'Flags', 'hex8'),
  field('nbss.length', 'Length', 'uint'),
]);

const HEADER = 4;

/**
 * NetBIOS session service (RFC 1002) on 139, and SMB's direct hosting on 445 (MS-SMB2 2.1), where the flags
 * byte is the top of a 24-bit length. A message spanning segments belongs to the segment completing it; the
 * first segment already says "Session message", as tshark's does.
 */
export const nbss: Dissector = {
  name: 'nbss',
  yields: ['nbss', ...SMB_YIELDS, 'smb2', 'gss-api', 'ntlmssp', 'spnego', 'ber', 'data'],
  stream(data, ctx) {
    if (data.length < HEADER) return { more: ONE_MORE_SEGMENT };
    const type = data.u8(0);
    const direct = ctx.srcPort === 445 || ctx.dstPort === 445;
    const length = direct ? data.u24(1) : data.u16(2) | ((data.u8(1) & 1) << 16);
    const name = TYPES[type] ?? `Unknown (0x${type.toString(16).padStart(2, '0')})`;
    if (data.length < HEADER + length) {
      ctx.columns.info = name;
      return { more: HEADER + length - data.length };
    }
    ctx.columns.protocol = 'NBSS';
    ctx.columns.info = name;
    ctx.tree.open('nbss', data.abs(0), HEADER + length);
    ctx.tree.add('nbss.type', data.abs(0), 1, type);
    if (!direct) ctx.tree.add('nbss.flags', data.abs(1), 1, data.u8(1));
    ctx.tree.add('nbss.length', data.abs(direct ? 1 : 2), direct ? 3 : 2, length);
    ctx.tree.close();
    const payload = data.sub(HEADER, length);
    if (type === 0 && isSmb2(payload)) dissectSmb2(payload, ctx);
    return HEADER + length;
  },
};

registerPort('tcp', 139, nbss);
registerPort('tcp', 445, nbss);
