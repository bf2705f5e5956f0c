import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('MQTT', () => {
  // app-protocols/mqtt.pcap (mqtt-run.sh): mosquitto 2.0's clients against mosquitto on 127.0.0.1:1883: a QoS 1
  // wildcard subscription, publishes at QoS 0, 1 (retained) and 2 with credentials, their deliveries and
  // acknowledgements, an MQTT 5.0 publish with a user property, an empty retained message, disconnects.
  it('matches tshark on CONNECT to DISCONNECT, v3.1.1 and v5.0', async () => {
    expect(await goldenMismatches('app-protocols/mqtt.pcap')).toEqual([]);
  });
});
