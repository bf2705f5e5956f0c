import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('NTLMSSP over HTTP', () => {
  // dissectors/ntlm-http.pcap: curl --ntlm against ntlm-http.py on 127.0.0.1:8080 (NEGOTIATE, CHALLENGE,
  // AUTHENTICATE in Authorization and WWW-Authenticate headers); ntlm-http.tsv is tshark 4.0's output.
  it('dissects the NTLM tokens of authentication headers as tshark does', async () => {
    expect(await goldenMismatches('dissectors/ntlm-http.pcap')).toEqual([]);
  });
});
