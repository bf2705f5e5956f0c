import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { dissectNtlmssp } from './ntlmssp';

registerFields([
  { name: 'gss-api', label: 'GSS-API Generic Security Service Application Program Interface', type: 'protocol' },
  { name: 'spnego', label: 'Simple Protected Negotiation', type: 'protocol' },
  { name: 'ntlmssp.verf.vers', label: 'Version Number', type: 'uint' },
  { name: 'ntlmssp.verf.body', label: 'Verifier Body', type: 'bytes' },
]);

/** DER identifiers of SPNEGO (RFC 4178 §4.2) and GSS-API's InitialContextToken (RFC 2743 §3.1). */
const INITIAL_CONTEXT_TOKEN = 0x60;
const NEG_TOKEN_INIT = 0xa0;
const NEG_TOKEN_RESP = 0xa1;
const SEQUENCE = 0x30;

/**
 * A security blob (SMB2 Negotiate and Session Setup): GSS-API around SPNEGO around NTLMSSP, each a protocol
 * of its own as Wireshark shows them. The NTLMSSP message is the token SPNEGO carries; a mechListMIC in a
 * negTokenResp is NTLMSSP's verifier. Returns what NTLMSSP adds to Info.
 */
export function dissectSecurityBlob(blob: Bytes, tree: TreeBuilder): string {
  if (blob.length === 0) return '';
  let info = '';
  tree.open('gss-api', blob.abs(0), blob.length);
  let token = blob;
  if (blob.u8(0) === INITIAL_CONTEXT_TOKEN) {
    const inner = element(blob, 0);
    const oid = element(inner.content, 0);
    token = inner.content.sub(oid.next);
  }
  const kind = token.length ? token.u8(0) : 0;
  if (kind === NEG_TOKEN_INIT || kind === NEG_TOKEN_RESP) {
    tree.open('spnego', token.abs(0), token.length);
    const sequence = element(token, 0).content;
    if (sequence.length && sequence.u8(0) === SEQUENCE) {
      const fields = element(sequence, 0).content;
      for (let at = 0; at < fields.length; ) {
        const field = element(fields, at);
        const tag = field.tag & 0x1f;
        // [2]: mechToken / responseToken, an OCTET STRING holding the mechanism's token.
        if (tag === 2) info += dissectNtlmssp(element(field.content, 0).content, tree);
        // [3] of a negTokenResp: mechListMIC (in a negTokenInit2, [3] is negHints).
        if (tag === 3 && kind === NEG_TOKEN_RESP) verifier(element(field.content, 0).content, tree);
        at = field.next;
      }
    }
    tree.close();
  } else {
    info += dissectNtlmssp(blob, tree);
  }
  tree.close();
  return info;
}

/** NTLMSSP's message signature (MS-NLMP 2.2.2.9): a version, then the rest. */
function verifier(mic: Bytes, tree: TreeBuilder): void {
  if (mic.length < 4) return;
  tree.open('ntlmssp', mic.abs(0), mic.length, 'NTLMSSP Verifier');
  tree.add('ntlmssp.verf.vers', mic.abs(0), 4, mic.u32le(0));
  tree.add('ntlmssp.verf.body', mic.abs(4), mic.length - 4);
  tree.close();
}

/** One DER element at `at`: its identifier, contents and where the next element starts. */
function element(der: Bytes, at: number): { tag: number; content: Bytes; next: number } {
  const tag = der.u8(at);
  let length = der.u8(at + 1);
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der.u8(start + i);
    start += octets;
  }
  return { tag, content: der.sub(start, length), next: start + length };
}
