import { describe, expect, it } from 'vitest';
import { decode } from '../../support/decode';
import { goldenMismatches } from '../../dissectors/support/frames';

const IEEE802_11 = 105;
const RADIOTAP = 127;

describe('IEEE 802.11', () => {
  // Beacon, probe request/response, authentication, association, RTS/CTS/ACK, block ack request and block ack,
  // data to the AP and QoS data from it carrying LLC/SNAP and IP, whose TCP, UDP and ICMP are tracked as tshark does.
  it('matches tshark field for field with radiotap (TSFT, flags, rate, channel, signal, antenna)', async () => {
    expect(await goldenMismatches('linklayers/wlan-radiotap.pcap')).toEqual([]);
  });

  it('matches tshark field for field without radiotap', async () => {
    expect(await goldenMismatches('linklayers/wlan.pcap')).toEqual([]);
  });

  it('marks a header cut short malformed and names the frame', async () => {
    // A data frame (ToDS) whose header stops after the first address.
    const frame = Uint8Array.of(0x08, 0x01, 0, 0, 2, 0, 0, 0, 0xaa, 1, 2, 0);
    const [row] = await decode([frame], ['wlan.fc.type_subtype', 'wlan.ra', '_ws.col.Protocol'], IEEE802_11);
    expect(row).toEqual(['0x0020', '', '802.11']);
  });

  it('reads a radiotap header whose present word names fields it cannot place', async () => {
    // Version 0, length 9, present: Flags, then a byte: the 802.11 frame follows at the stated length.
    const ack = Uint8Array.of(0xd4, 0, 0, 0, 2, 0, 0, 0, 0xaa, 1);
    const frame = Uint8Array.of(0, 0, 9, 0, 0x02, 0, 0, 0, 0x00, ...ack);
    const [row] = await decode([frame], ['radiotap.length', 'radiotap.flags', 'wlan.ra', '_ws.col.Info'], RADIOTAP);
    expect(row).toEqual(['9', '0x00', '02:00:00:00:aa:01', 'Acknowledgement, Flags=........']);
  });
});
