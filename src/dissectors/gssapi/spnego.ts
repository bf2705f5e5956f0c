import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { dissectNtlmssp } from './ntlmssp';
import { child, CONTEXT, parseDer, UNIVERSAL, type Der } from '../tls/der';
import { field } from '../../fields/define';

registerFields([
  field('gss-api', 'GSS-API Generic Security Service Application Program Interface', 'protocol'),
  field('spnego', 'Simple Protected Negotiation', 'protocol'),
  field('ntlmssp.verf.vers', 'Version Number', 'uint'),
  field('ntlmssp.verf.body', 'Verifier Body', 'bytes'),
]);

/** GSS-API's InitialContextToken (RFC 2743 §3.1): [APPLICATION 0] { thisMech OID, innerContextToken }. */
const INITIAL_CONTEXT_TOKEN = 0x60;
/** SPNEGO's NegotiationToken choices (RFC 4178 §4.2): [0] negTokenInit, [1] negTokenResp (identifier octets). */
const NEG_TOKEN_INIT = 0xa0;
const NEG_TOKEN_RESP = 0xa1;
const SEQUENCE = 16;
/** Fields of both: [2] mechToken / responseToken, [3] mechListMIC (in a negTokenInit2, [3] is negHints). */
const MECH_TOKEN = 2;
const MECH_LIST_MIC = 3;

/**
 * A security blob (SMB2 Negotiate and Session Setup): GSS-API around SPNEGO around NTLMSSP, each a protocol
 * of its own as Wireshark shows them. The NTLMSSP message is the token SPNEGO carries; a mechListMIC in a
 * negTokenResp is NTLMSSP's verifier. The DER is read by asn1js (tls/der.ts). Returns what NTLMSSP adds to Info.
 */
export function dissectSecurityBlob(blob: Bytes, tree: TreeBuilder): string {
  if (blob.length === 0) return '';
  let info = '';
  tree.open('gss-api', blob.abs(0), blob.length);
  const token = negotiationToken(blob);
  if (token) {
    tree.open('spnego', token.start, token.length);
    const resp = token.tag === 1;
    const sequence = token.children[0];
    if (sequence?.tagClass === UNIVERSAL && sequence.tag === SEQUENCE) {
      for (const field of sequence.children) {
        if (field.tagClass !== CONTEXT) continue;
        if (field.tag === MECH_TOKEN) info += dissectNtlmssp(contentOf(blob, child(field, 0)), tree);
        if (field.tag === MECH_LIST_MIC && resp) verifier(contentOf(blob, child(field, 0)), tree);
      }
    }
    tree.close();
  } else {
    info += dissectNtlmssp(blob, tree);
  }
  tree.close();
  return info;
}

/** SPNEGO's NegotiationToken ([0] or [1]), bare or inside GSS-API's InitialContextToken; else undefined. */
function negotiationToken(blob: Bytes): Der | undefined {
  const first = blob.u8(0);
  if (first !== INITIAL_CONTEXT_TOKEN && first !== NEG_TOKEN_INIT && first !== NEG_TOKEN_RESP) return undefined;
  const outer = parseDer(blob.bytes(0, blob.length), blob.abs(0));
  // The inner token follows the mechanism's OID.
  const token = first === INITIAL_CONTEXT_TOKEN ? outer.children[1] : outer;
  return token?.tagClass === CONTEXT && (token.tag === 0 || token.tag === 1) ? token : undefined;
}

/** An element's content as a view of the blob (the element's positions are absolute, like the blob's). */
function contentOf(blob: Bytes, element: Der): Bytes {
  return blob.sub(element.contentStart - blob.abs(0), element.content.length);
}

/** NTLMSSP's message signature (MS-NLMP 2.2.2.9): a version, then the rest. */
function verifier(mic: Bytes, tree: TreeBuilder): void {
  if (mic.length < 4) return;
  tree.open('ntlmssp', mic.abs(0), mic.length, 'NTLMSSP Verifier');
  tree.add('ntlmssp.verf.vers', mic.abs(0), 4, mic.u32le(0));
  tree.add('ntlmssp.verf.body', mic.abs(4), mic.length - 4);
  tree.close();
}
