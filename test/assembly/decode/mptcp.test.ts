import { describe, expect, it } from 'vitest';
import { decodeOne } from '../../support/decode';
import { ethernet, ipv4, tcp } from '../../support/packet-builder';

// Multipath TCP options (RFC 8684) written by hand; the expected values are tshark 4.0's for the same packets.
const withOption = (option: number[], flags = 0x10) => {
  const padded = [...option, ...new Array((4 - (option.length % 4)) % 4).fill(1)];
  return ethernet(
    ipv4(tcp(new Uint8Array(0), { sport: 1234, dport: 80, flags, options: Uint8Array.from(padded) }), { proto: 6 }),
    0x0800,
  );
};
const be = (value: bigint, bytes: number) =>
  Array.from({ length: bytes }, (_, i) => Number((value >> BigInt(8 * (bytes - 1 - i))) & 0xffn));
const mptcp = (names: string[]) => names.map((n) => `tcp.options.mptcp.${n}`);
const pick = (f: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(f)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => [k.slice(18), v]),
  );

describe('Multipath TCP option', () => {
  it('reads MP_CAPABLE version 1 with both keys and a data-level length', async () => {
    const option = [30, 22, 0x01, 0x01, ...be(15876648368008894859n, 8), ...be(17341397298447572247n, 8), 0, 9];
    const names = mptcp([
      'subtype',
      'version',
      'flags',
      'checksumreq.flags',
      'extensibility.flag',
      'nomoresubflows.flag',
      'sha256.flag',
      'sha1.flag',
      'reserved.flag',
      'sendkey',
      'recvkey',
      'datalvllen',
    ]);
    expect(pick(await decodeOne(withOption(option), names))).toEqual({
      subtype: '0',
      version: '1',
      flags: '0x01',
      'checksumreq.flags': '0',
      'extensibility.flag': '0',
      'nomoresubflows.flag': '0',
      'sha256.flag': '1',
      'reserved.flag': '0x00',
      sendkey: '15876648368008894859',
      recvkey: '17341397298447572247',
      datalvllen: '9',
    });
  });

  it('reads version 0 flags as RFC 6824 has them: HMAC-SHA1 and five reserved bits', async () => {
    const names = mptcp(['checksumreq.flags', 'nomoresubflows.flag', 'sha1.flag', 'sha256.flag', 'reserved.flag']);
    expect(pick(await decodeOne(withOption([30, 4, 0x00, 0xa3], 0x02), names))).toEqual({
      'checksumreq.flags': '1',
      'sha1.flag': '1',
      'reserved.flag': '0x11',
    });
  });

  it('reads a DSS with a 64-bit data ACK and mapping, and one with 32-bit values', async () => {
    const names = mptcp([
      'subtype',
      'flags',
      'datafin.flag',
      'dseqn8.flag',
      'dseqnpresent.flag',
      'dataack8.flag',
      'dataackpresent.flag',
      'rawdataack',
      'rawdataseqno',
      'subflowseqno',
      'datalvllen',
      'checksum',
    ]);
    const wide = [30, 26, 0x20, 0x0f, ...be(6657525670928109084n, 8), ...be(1010818780726242613n, 8), 0, 0, 0, 1, 0, 9];
    expect(pick(await decodeOne(withOption(wide), names))).toMatchObject({
      flags: '0x0f',
      'dseqn8.flag': '1',
      'dataack8.flag': '1',
      rawdataack: '6657525670928109084',
      rawdataseqno: '1010818780726242613',
      subflowseqno: '1',
      datalvllen: '9',
    });
    // 20 bytes: room for a checksum, which only the connection's MP_CAPABLE can say is there (tshark shows none).
    const narrow = [30, 20, 0x20, 0x05, ...be(0x11111111n, 4), ...be(0x22222222n, 4), 0, 0, 0, 7, 0, 100, 0xab, 0xcd];
    expect(pick(await decodeOne(withOption(narrow, 0x18), names))).toEqual({
      subtype: '2',
      flags: '0x05',
      'datafin.flag': '0',
      'dseqn8.flag': '0',
      'dseqnpresent.flag': '1',
      'dataack8.flag': '0',
      'dataackpresent.flag': '1',
      rawdataack: '286331153',
      rawdataseqno: '572662306',
      subflowseqno: '7',
      datalvllen: '100',
    });
  });

  it('reads MP_JOIN by its length, MP_PRIO, REMOVE_ADDR and MP_FASTCLOSE', async () => {
    const names = mptcp([
      'subtype',
      'flags',
      'backup.flag',
      'addrid',
      'recvtok',
      'sendrand',
      'sendtrunchmac',
      'sendhmac',
      'reserved',
      'recvkey',
    ]);
    const syn = [30, 12, 0x11, 5, ...be(0xdeadbeefn, 4), ...be(0x12345678n, 4)];
    expect(pick(await decodeOne(withOption(syn, 0x02), names))).toEqual({
      subtype: '1',
      flags: '0x11',
      'backup.flag': '1',
      addrid: '5',
      recvtok: '3735928559',
      sendrand: '305419896',
    });
    const synAck = [30, 16, 0x10, 3, ...be(0x0102030405060708n, 8), ...be(0x9abcdef0n, 4)];
    expect(pick(await decodeOne(withOption(synAck, 0x12), names))).toEqual({
      subtype: '1',
      flags: '0x10',
      'backup.flag': '0',
      addrid: '3',
      sendrand: '2596069104',
      sendtrunchmac: '72623859790382856',
    });
    const ack = [30, 24, 0x10, 0, ...Array.from({ length: 20 }, (_, i) => i)];
    expect(pick(await decodeOne(withOption(ack), names))).toEqual({
      subtype: '1',
      reserved: '0x0000',
      sendhmac: '000102030405060708090a0b0c0d0e0f10111213',
    });
    expect(pick(await decodeOne(withOption([30, 4, 0x51, 9]), names))).toEqual({
      subtype: '5',
      flags: '0x51',
      'backup.flag': '1',
      addrid: '9',
    });
    expect(pick(await decodeOne(withOption([30, 6, 0x40, 1, 2, 3]), names))).toEqual({ subtype: '4', addrid: '1,2,3' });
    const fastClose = [30, 12, 0x70, 0, ...be(0x1122334455667788n, 8)];
    expect(pick(await decodeOne(withOption(fastClose), names))).toEqual({
      subtype: '7',
      reserved: '0x0000',
      recvkey: '1234605616436508552',
    });
  });
});
