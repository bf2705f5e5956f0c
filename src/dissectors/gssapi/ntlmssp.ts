import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

const MESSAGE_TYPES: Record<number, string> = { 1: 'NTLMSSP_NEGOTIATE', 2: 'NTLMSSP_CHALLENGE', 3: 'NTLMSSP_AUTH' };

registerFields([
  field('ntlmssp', 'NTLM Secure Service Provider', 'protocol'),
  field('ntlmssp.messagetype', 'NTLM Message Type', 'hex32', { values: MESSAGE_TYPES }),
  field('ntlmssp.auth.domain', 'Domain name', 'string'),
  field('ntlmssp.auth.username', 'User name', 'string'),
]);

const SIGNATURE = [0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]; // "NTLMSSP\0"
const NEGOTIATE_UNICODE = 0x1;

/**
 * The NTLMSSP message (MS-NLMP 2.2.1) inside a security blob. The SPNEGO/GSS-API wrapping is skipped by
 * finding the signature: what is shown is the message type, and for AUTHENTICATE who authenticates.
 * Returns the text tshark appends to Info (", NTLMSSP_AUTH, User: DOMAIN\user"), or '' without NTLMSSP.
 */
export function dissectNtlmssp(blob: Bytes, tree: TreeBuilder): string {
  const at = findSignature(blob);
  if (at < 0) return '';
  const msg = blob.sub(at);
  const type = msg.u32le(8);
  tree.open('ntlmssp', msg.abs(0), msg.length);
  tree.add('ntlmssp.messagetype', msg.abs(8), 4, type);
  let info = `, ${MESSAGE_TYPES[type] ?? `Unknown (0x${type.toString(16).padStart(8, '0')})`}`;
  if (type === 3) {
    const unicode = (msg.u32le(60) & NEGOTIATE_UNICODE) !== 0;
    const domain = securityString(msg, 28, unicode);
    const user = securityString(msg, 36, unicode);
    // An empty name reads "NULL", as tshark shows it.
    tree.add('ntlmssp.auth.domain', msg.abs(domain.at), domain.length, domain.text || 'NULL');
    tree.add('ntlmssp.auth.username', msg.abs(user.at), user.length, user.text || 'NULL');
    info += `, User: ${domain.text}\\${user.text}`;
  }
  tree.close();
  return info;
}

function findSignature(blob: Bytes): number {
  for (let i = 0; i + SIGNATURE.length <= blob.length; i++) {
    if (SIGNATURE.every((b, k) => blob.u8(i + k) === b)) return i;
  }
  return -1;
}

/** A string named by its (length, max length, offset) fields at `field`. */
function securityString(msg: Bytes, field: number, unicode: boolean): { text: string; at: number; length: number } {
  const length = msg.u16le(field);
  const at = msg.u32le(field + 4);
  const text = unicode ? msg.utf16le(at, length) : msg.latin1(at, length);
  return { text, at, length };
}
