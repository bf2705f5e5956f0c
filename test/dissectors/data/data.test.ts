import { describe, expect, it } from 'vitest';
import { addData } from '../../../src/dissectors/data/data';
import { Bytes } from '../../../src/dissectors/bytes';
import { TreeBuilder } from '../../../src/dissectors/tree';
import { formatItem } from '../../../src/dissectors/format';
import { fieldById } from '../../../src/fields/registry';
import '../../../src/dissectors';
import { fieldRows, tcpFrame, udpFrame } from '../support/frames';

describe('addData', () => {
  it('shows the bytes as Data (N bytes) with data.data and data.len', () => {
    const frame = Uint8Array.of(9, 9, 0xde, 0xad, 0xbe);
    const tree = new TreeBuilder(frame);
    addData(tree, new Bytes(frame, 2));
    expect(tree.items.map((i) => [fieldById(i.id)!.name, i.depth, i.start, i.length, i.text, formatItem(i)])).toEqual([
      ['data', 0, 2, 3, 'Data (3 bytes)', ''],
      ['data.data', 1, 2, 3, undefined, 'deadbe'],
      ['data.len', 1, 2, 0, '[Length: 3]', '3'],
    ]);
  });

  it('adds nothing for no bytes', () => {
    const tree = new TreeBuilder(new Uint8Array(0));
    addData(tree, new Bytes(new Uint8Array(0)));
    expect(tree.items).toEqual([]);
  });

  it('is what TCP and UDP payloads no dissector takes become', async () => {
    const rows = await fieldRows(
      [udpFrame(Uint8Array.of(1, 2), 40000, 40001), tcpFrame(Uint8Array.of(3, 4, 5), 40002, 40003, 1)],
      ['frame.protocols', 'data.data', 'data.len'],
    );
    expect(rows).toEqual([
      ['eth:ethertype:ip:udp:data', '0102', '2'],
      ['eth:ethertype:ip:tcp:data', '030405', '3'],
    ]);
  });
});
