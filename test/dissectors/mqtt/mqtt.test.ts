import { describe, expect, it } from 'vitest';
import { fieldRows, goldenMismatches, tcpFrame } from '../support/frames';

describe('MQTT', () => {
  // apps/mqtt.pcap (mqtt-run.sh): mosquitto 2.0's clients against mosquitto on 127.0.0.1:1883: a QoS 1
  // wildcard subscription, publishes at QoS 0, 1 (retained) and 2 with credentials, their deliveries and
  // acknowledgements, an MQTT 5.0 publish with a user property, an empty retained message, disconnects.
  it('matches tshark on CONNECT to DISCONNECT, v3.1.1 and v5.0', async () => {
    expect(await goldenMismatches('apps/mqtt.pcap')).toEqual([]);
  });

  it('marks a PUBLISH whose topic runs past the packet as malformed', async () => {
    const publish = Uint8Array.of(0x30, 4, 0, 100, 0x61, 0x62);
    const rows = await fieldRows([tcpFrame(publish, 40000, 1883, 1)], ['_ws.col.Info', 'mqtt.topic_len']);
    expect(rows[0]).toEqual(['Publish Message[Malformed Packet]', '100']);
  });
});
