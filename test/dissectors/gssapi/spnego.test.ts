import { describe, expect, it } from 'vitest';
import { dissectSecurityBlob } from '../../../src/dissectors/gssapi/spnego';
import { Bytes, Malformed } from '../../../src/dissectors/bytes';
import { TreeBuilder } from '../../../src/dissectors/tree';
import { fieldById } from '../../../src/fields/registry';
import { hex } from '../../support/pcap-builder';

const names = (tree: TreeBuilder) => tree.items.map((i) => `${i.depth}:${fieldById(i.id)!.name}`);

describe('security blob', () => {
  it('is GSS-API around SPNEGO around the NTLMSSP token (a negTokenInit)', () => {
    // 60 len, OID 1.3.6.1.5.5.2, [0] NegTokenInit { [0] mechTypes, [2] mechToken = NTLMSSP NEGOTIATE }
    const token = hex('4e544c4d53535000' + '01000000' + '00000000');
    const init = hex(
      `a0${(18 + token.length + 4).toString(16)}30${(16 + token.length + 4).toString(16)}a00e300c060a2b06010401823702020aa2${(token.length + 2).toString(16)}04${token.length.toString(16)}`,
    );
    const oid = hex('06062b0601050502');
    const inner = new Uint8Array([...oid, ...init, ...token]);
    const blob = new Uint8Array([0x60, inner.length, ...inner]);
    const tree = new TreeBuilder(blob);
    expect(dissectSecurityBlob(new Bytes(blob), tree)).toBe(', NTLMSSP_NEGOTIATE');
    expect(names(tree)).toEqual(['0:gss-api', '1:spnego', '2:ntlmssp', '3:ntlmssp.messagetype']);
  });

  it("reads a negTokenResp's mechListMIC as NTLMSSP's verifier, and no token as SPNEGO alone", () => {
    // a1 { 30 { [0] negState, [3] mechListMIC = 01000000 + 12-byte body } }
    const blob = hex('a11b3019a0030a0100a3120410' + '01000000' + 'ecec4e130fdf303be07dafa2');
    const tree = new TreeBuilder(blob);
    expect(dissectSecurityBlob(new Bytes(blob), tree)).toBe('');
    expect(names(tree)).toEqual(['0:gss-api', '1:spnego', '2:ntlmssp', '3:ntlmssp.verf.vers', '3:ntlmssp.verf.body']);
    expect(tree.items[2].text).toBe('NTLMSSP Verifier');
    const done = hex('a1073005a0030a0100');
    const alone = new TreeBuilder(done);
    dissectSecurityBlob(new Bytes(done), alone);
    expect(names(alone)).toEqual(['0:gss-api', '1:spnego']);
  });

  it('reads long-form DER lengths', () => {
    // a1 82 00da { 30 81 d7 { [0] negState, [3] 81 cf { 04 81 cc mechListMIC = 01000000 + 200-byte body } } }
    const mic = new Uint8Array([1, 0, 0, 0, ...new Uint8Array(200).fill(7)]);
    const blob = new Uint8Array([...hex('a18200da3081d7a0030a0100a381cf0481cc'), ...mic]);
    const tree = new TreeBuilder(blob);
    dissectSecurityBlob(new Bytes(blob), tree);
    expect(names(tree)).toEqual(['0:gss-api', '1:spnego', '2:ntlmssp', '3:ntlmssp.verf.vers', '3:ntlmssp.verf.body']);
    expect(tree.items[4]).toMatchObject({ start: blob.length - 200, length: 200 });
  });

  it('calls a blob whose DER is cut short malformed', () => {
    const blob = hex('a11b3019a0030a0100a3120410' + '01000000');
    expect(() => dissectSecurityBlob(new Bytes(blob), new TreeBuilder(blob))).toThrow(Malformed);
  });
});
