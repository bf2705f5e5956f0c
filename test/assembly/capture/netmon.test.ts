import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { hex } from '../../support/pcap-builder';
import { netmonFile } from '../../support/netmon-builder';

const FRAME = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
const eth = hex('ffffffffffff 001122334455 0806');
// The builder's start SYSTEMTIME (year, month, weekday, day, h, m, s, ms): 2006-12-16 18:22:47.202 UTC.
const START = 1166293367;

describe('NetMon 2.x reader', () => {
  it('times frames from the SYSTEMTIME start plus their microsecond offset (2.0)', async () => {
    const file = netmonFile([
      { offsetUs: 144n, data: eth },
      { offsetUs: 2_500_000n, data: eth, origLen: 60 },
      { offsetUs: -5_000_000n, data: eth },
    ]);
    const { text, result } = await fieldsOf(file, FRAME);
    expect(text).toBe(
      `1\t${START}.202144000\t14\t14\n2\t${START + 2}.702000000\t60\t14\n3\t${START - 5}.202000000\t14\t14\n`,
    );
    expect(result.problem).toBeUndefined();
    expect(result.format).toBe('netmon');
  });

  it('follows the frame table order, wherever the frames are', async () => {
    const file = netmonFile(
      [
        { offsetUs: 1n, data: eth },
        { offsetUs: 2n, data: eth.subarray(0, 10) },
      ],
      { order: [1, 0] },
    );
    expect((await fieldsOf(file, ['frame.number', 'frame.cap_len'])).text).toBe('1\t10\n2\t14\n');
  });

  it('skips the 2.1 trailer and takes 2.3 frame times from their UTC FILETIME', async () => {
    const v21 = netmonFile(
      [
        { offsetUs: 1n, data: eth },
        { offsetUs: 2n, data: eth },
      ],
      { minor: 1 },
    );
    expect((await fieldsOf(v21, ['frame.time_epoch'])).text).toBe(`${START}.202001000\n${START}.202002000\n`);
    const filetime = (sec: bigint) => (sec + 11_644_473_600n) * 10_000_000n + 1_234_567n;
    const v23 = netmonFile([{ offsetUs: 1n, data: eth, filetime: filetime(1_000_000_000n) }], { minor: 3 });
    expect((await fieldsOf(v23, ['frame.time_epoch'])).text).toBe('1000000000.123456700\n');
  });

  it('drops the 16-byte ATM pseudo-header', async () => {
    const file = netmonFile([{ offsetUs: 0n, data: new Uint8Array(40), origLen: 50 }], { media: 4 });
    expect((await fieldsOf(file, ['frame.len', 'frame.cap_len'])).text).toBe('34\t24\n');
  });

  it('refuses media types tshark does not read', async () => {
    const { text, result } = await fieldsOf(netmonFile([{ offsetUs: 0n, data: eth }], { media: 5 }), ['frame.number']);
    expect(text).toBe('');
    expect(result.problem?.message).toBe('unsupported link type 5');
    expect(result.problem?.fatal).toBe(true);
  });

  it('stops at a frame table entry outside the file, and at a frame too large', async () => {
    const file = netmonFile([
      { offsetUs: 0n, data: eth },
      { offsetUs: 1n, data: eth },
    ]);
    new DataView(file.buffer).setUint32(file.length - 4, 1 << 20, true);
    const out = await fieldsOf(file, ['frame.number']);
    expect(out.text).toBe('1\n');
    expect(out.result.problem?.message).toContain('frame table entry 1 points outside the file');
    const big = netmonFile([
      { offsetUs: 0n, data: eth },
      { offsetUs: 1n, data: new Uint8Array(300_000) },
    ]);
    expect((await fieldsOf(big, ['frame.number'])).result.problem?.message).toContain('claims 300000 bytes');
  });

  it('reports a file cut short before its frame table', async () => {
    const file = netmonFile([{ offsetUs: 0n, data: eth }]);
    const { text, result } = await fieldsOf(file.subarray(0, file.length - 2), ['frame.number']);
    expect(text).toBe('');
    expect(result.problem?.message).toContain('cut short');
  });
});
