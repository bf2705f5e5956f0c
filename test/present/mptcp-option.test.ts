import { describe, expect, it } from 'vitest';
import { buildTree } from '../../src/present/tree';
import type { TreeNode } from '../../src/present/tree-node';
import { records } from '../support/records';

const lines = (node: TreeNode, indent = ''): string[] => [
  indent + node.text,
  ...node.children.flatMap((c) => lines(c, indent + '    ')),
];
const split = (v: bigint) => [Number(v & 0xffffffffn), Number(v >> 32n)];

describe('a Multipath TCP option in the tree', () => {
  it('is titled by its subtype, with its flag bits nested, as tshark -V shows a DSS', () => {
    const tree = buildTree(
      records(
        ['tcp', 0, 0, 52],
        ['tcp.srcport', 1, 0, 2, 7004],
        ['tcp.dstport', 1, 2, 2, 46552],
        ['tcp.len', 1, 0, 0, 0],
        ['tcp.options', 1, 20, 32],
        ['tcp.option_kind', 1, 20, 1, 30],
        ['tcp.option_len', 1, 21, 1, 26],
        ['tcp.options.mptcp.subtype', 1, 22, 1, 2],
        ['tcp.options.mptcp.flags', 1, 23, 1, 0x0f],
        ['tcp.options.mptcp.datafin.flag', 1, 23, 1, 0],
        ['tcp.options.mptcp.dseqn8.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.dseqnpresent.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.dataack8.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.dataackpresent.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.rawdataack', 1, 24, 8, ...split(6657525670928109084n)],
        ['tcp.options.mptcp.rawdataseqno', 1, 32, 8, ...split(1010818780726242613n)],
        ['tcp.options.mptcp.subflowseqno', 1, 40, 4, 1],
        ['tcp.options.mptcp.datalvllen', 1, 44, 2, 9],
        ['tcp.option_kind', 1, 46, 1, 1],
      ),
      new Uint8Array(60),
      [],
      { protocols: 'tcp' },
    );
    const options = tree[0].children.find((c) => c.name === 'tcp.options')!;
    expect(options.text).toBe('Options: (32 bytes), MPTCP, No-Operation (NOP)');
    expect(lines(options.children[0])).toEqual([
      'Multipath Transmission Control Protocol: Data Sequence Signal',
      '    Kind: Multipath TCP (30)',
      '    Length: 26',
      '    0010 .... = Multipath TCP subtype: Data Sequence Signal (2)',
      '    Multipath TCP flags: 0x0f',
      '        ...0 .... = DATA_FIN: 0',
      '        .... 1... = Data Sequence Number is 8 octets: 1',
      '        .... .1.. = Data Sequence Number, Subflow Sequence Number, Data-level Length, Checksum present: 1',
      '        .... ..1. = Data ACK is 8 octets: 1',
      '        .... ...1 = Data ACK is present: 1',
      '    Original MPTCP Data ACK: 6657525670928109084 (64bits)',
      '    Data Sequence Number: 1010818780726242613  (64bits version)',
      '    Subflow Sequence Number: 1',
      '    Data-level Length: 9',
    ]);
  });

  it('shows MP_CAPABLE version 1 with its four reserved bits', () => {
    const tree = buildTree(
      records(
        ['tcp', 0, 0, 24],
        ['tcp.len', 1, 0, 0, 0],
        ['tcp.options', 1, 20, 4],
        ['tcp.option_kind', 1, 20, 1, 30],
        ['tcp.option_len', 1, 21, 1, 4],
        ['tcp.options.mptcp.subtype', 1, 22, 1, 0],
        ['tcp.options.mptcp.version', 1, 22, 1, 1],
        ['tcp.options.mptcp.flags', 1, 23, 1, 0xbf],
        ['tcp.options.mptcp.checksumreq.flags', 1, 23, 1, 1],
        ['tcp.options.mptcp.extensibility.flag', 1, 23, 1, 0],
        ['tcp.options.mptcp.nomoresubflows.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.sha256.flag', 1, 23, 1, 1],
        ['tcp.options.mptcp.reserved.flag', 1, 23, 1, 0xf],
      ),
      new Uint8Array(24),
      [],
      { protocols: 'tcp' },
    );
    const options = tree[0].children.find((c) => c.name === 'tcp.options')!;
    expect(lines(options.children[0]).slice(3)).toEqual([
      '    0000 .... = Multipath TCP subtype: Multipath Capable (0)',
      '    .... 0001 = Multipath TCP version: 1',
      '    Multipath TCP flags: 0xbf',
      '        1... .... = Checksum required: 1',
      '        .0.. .... = Extensibility: 0',
      '        ..1. .... = Do not attempt to establish new subflows to this address and port: 1',
      '        .... ...1 = Use HMAC-SHA256: 1',
      '        ...1 111. = Reserved: 0xf',
    ]);
  });
});
