/** Small edits of classic little-endian pcap files for tests: keep some packets, damage a byte. */

interface Packet {
  header: Uint8Array;
  data: Uint8Array;
}

function packets(file: Uint8Array): { head: Uint8Array; packets: Packet[] } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint32(0, true) !== 0xa1b2c3d4) throw new Error('not a little-endian microsecond pcap');
  const list: Packet[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const length = view.getUint32(at + 8, true);
    list.push({ header: file.subarray(at, at + 16), data: file.subarray(at + 16, at + 16 + length) });
    at += 16 + length;
  }
  return { head: file.subarray(0, 24), packets: list };
}

function join(head: Uint8Array, list: readonly Packet[]): Uint8Array {
  const out = new Uint8Array(head.length + list.reduce((n, p) => n + 16 + p.data.length, 0));
  out.set(head);
  let at = head.length;
  for (const p of list) {
    out.set(p.header, at);
    out.set(p.data, at + 16);
    at += 16 + p.data.length;
  }
  return out;
}

/** The capture from packet `first` (1-based) on: as if recording had started later. */
export function fromPacket(file: Uint8Array, first: number): Uint8Array {
  const { head, packets: list } = packets(file);
  return join(head, list.slice(first - 1));
}

/** The capture with one byte of packet `number` (1-based) at `offset` from its end XORed with 0xff. */
export function damageByte(file: Uint8Array, number: number, offsetFromEnd: number): Uint8Array {
  const copy = file.slice();
  const { packets: list } = packets(copy);
  const data = list[number - 1].data;
  data[data.length - 1 - offsetFromEnd] ^= 0xff;
  return copy;
}
