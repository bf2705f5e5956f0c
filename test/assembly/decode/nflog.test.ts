import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { goldenMismatches } from '../../dissectors/support/frames';

const NFLOG = 239;

describe('Linux NFLOG', () => {
  // Link type 239: packet header, mark, timestamp, interfaces, UID/GID, prefix TLVs, then the logged IPv4 and IPv6
  // packets with their conversations and TCP analysis, as tshark shows them.
  it('matches tshark field for field', async () => {
    expect(await goldenMismatches('linklayers/nflog.pcap')).toEqual([]);
  });

  it('marks a TLV running past the frame malformed and keeps the TLVs before it', async () => {
    const frame = Uint8Array.of(2, 0, 0, 5, 8, 0, 1, 0, 0x08, 0x00, 3, 0, 40, 0, 9, 0, 0x45);
    const fields = ['nflog.res_id', 'nflog.protocol', 'nflog.tlv_type', 'ip.src', '_ws.col.Protocol'];
    const [row] = await decode([frame], fields, NFLOG);
    expect(row).toEqual(['5', '0x0800', '1', '', 'NFLOG']);
  });
});
