import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';

// The core registers data, data.data and data.len (its IP fragments' payloads); TCP and UDP payloads no
// dissector takes, and bodies of no known type, are the same protocol here.

/** "Data (N bytes)" with its bytes and length, as tshark's data dissector shows a payload nobody claimed. */
export function addData(tree: TreeBuilder, data: Bytes): void {
  if (data.length === 0) return;
  const start = data.abs(0);
  tree.open('data', start, data.length, `Data (${data.length} bytes)`);
  tree.add('data.data', start, data.length);
  tree.add('data.len', start, 0, data.length, `[Length: ${data.length}]`);
  tree.close();
}
