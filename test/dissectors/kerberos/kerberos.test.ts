import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('Kerberos dissector', () => {
  // dissectors/kerberos.pcap and kerberos-tcp.pcap: MIT Kerberos 1.20's kinit and kvno (kerberos-run.sh) against
  // krb5kdc on 127.0.0.1:88, over UDP and (udp_preference_limit = 1) TCP: pre-authentication required, AS and TGS
  // exchanges with FAST cookies and armour, a wrong password, an unknown client.
  it('matches tshark on AS, TGS and error messages over UDP', async () => {
    expect(await goldenMismatches('dissectors/kerberos.pcap')).toEqual([]);
  });

  it('matches tshark over TCP, with record marks', async () => {
    expect(await goldenMismatches('dissectors/kerberos-tcp.pcap')).toEqual([]);
  });
});
