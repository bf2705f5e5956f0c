import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { pcapFile, hex, concat } from '../../support/pcap-builder';

const FRAME = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
const ethFrame = hex('ffffffffffff 001122334455 0806');

describe('pcap reader', () => {
  it('reads little-endian microsecond files', async () => {
    const file = pcapFile([
      { sec: 1000, frac: 5, data: ethFrame },
      { sec: 1001, frac: 999999, data: ethFrame, origLen: 60 },
    ]);
    const { text, result } = await fieldsOf(file, FRAME);
    expect(text).toBe('1\t1000.000005000\t14\t14\n2\t1001.999999000\t60\t14\n');
    expect(result.problem).toBeUndefined();
    expect(result.format).toBe('pcap');
  });

  it('reads big-endian nanosecond files', async () => {
    const file = pcapFile([{ sec: 7, frac: 123456789, data: ethFrame }], { bigEndian: true, nanos: true });
    expect((await fieldsOf(file, FRAME)).text).toBe('1\t7.123456789\t14\t14\n');
  });

  it('keeps every complete packet of a file cut short and says where it broke', async () => {
    const file = pcapFile([
      { sec: 1, frac: 0, data: ethFrame },
      { sec: 2, frac: 0, data: ethFrame },
    ]);
    const cut = file.subarray(0, file.length - 3);
    const { text, result } = await fieldsOf(cut, ['frame.number']);
    expect(text).toBe('1\n');
    expect(result.problem?.message).toContain('cut short');
    expect(result.problem?.offset).toBe(24 + 16 + 14);
  });

  it('stops at an absurd record length without allocating it', async () => {
    const file = pcapFile([
      { sec: 1, frac: 0, data: ethFrame },
      { sec: 2, frac: 0, data: ethFrame },
    ]);
    new DataView(file.buffer).setUint32(24 + 16 + 14 + 8, 0x7fffffff, true);
    const { text, result } = await fieldsOf(file, ['frame.number']);
    expect(text).toBe('1\n');
    expect(result.problem?.message).toContain('2147483647 bytes');
  });

  it('refuses a file that is no capture, naming its first bytes', async () => {
    const { text, result } = await fieldsOf(new TextEncoder().encode('hello world'), ['frame.number']);
    expect(text).toBe('');
    expect(result.problem?.fatal).toBe(true);
    expect(result.problem?.message).toBe('not a capture file (starts with 0x68656c6c)');
  });
});

describe('pcap variants and limits', () => {
  it('reads the modified (Kuznetsov) pcap with its 24-byte record headers', async () => {
    const plain = pcapFile([
      { sec: 5, frac: 7, data: ethFrame },
      { sec: 6, frac: 8, data: ethFrame },
    ]);
    const parts = [plain.subarray(0, 24)];
    for (let at = 24; at < plain.length; at += 16 + ethFrame.length) {
      parts.push(plain.subarray(at, at + 16), new Uint8Array(8), plain.subarray(at + 16, at + 16 + ethFrame.length));
    }
    const modified = concat(parts);
    new DataView(modified.buffer).setUint32(0, 0xa1b2cd34, true);
    expect((await fieldsOf(modified, FRAME)).text).toBe('1\t5.000007000\t14\t14\n2\t6.000008000\t14\t14\n');
  });

  it('refuses link types tshark does not read, whatever the FCS bits say', async () => {
    for (const linkType of [182, 281, 0x30000084, 0x1f0000]) {
      const { text, result } = await fieldsOf(pcapFile([{ sec: 1, frac: 0, data: ethFrame }], { linkType }), [
        'frame.number',
      ]);
      expect(text).toBe('');
      expect(result.problem?.message).toMatch(/^unsupported link type \d+$/);
      expect(result.problem?.fatal).toBe(true);
    }
    // FCS length bits over a readable link type, and a registered link type no decoder handles: frames listed.
    for (const linkType of [0x14000001, 147]) {
      expect(
        (await fieldsOf(pcapFile([{ sec: 1, frac: 0, data: ethFrame }], { linkType }), ['frame.number'])).text,
      ).toBe('1\n');
    }
  });

  it('accepts records over 256 KiB only on USB and D-Bus link types', async () => {
    const big = new Uint8Array(300_000);
    expect(
      (await fieldsOf(pcapFile([{ sec: 1, frac: 0, data: big }], { linkType: 231 }), ['frame.cap_len'])).text,
    ).toBe('300000\n');
    const { text, result } = await fieldsOf(pcapFile([{ sec: 1, frac: 0, data: big }], { linkType: 1 }), [
      'frame.cap_len',
    ]);
    expect(text).toBe('');
    expect(result.problem?.message).toContain('claims 300000 bytes');
  });

  it('keeps a captured length above the original length, and microsecond fields past a second, as tshark does', async () => {
    const file = pcapFile([{ sec: 0, frac: 2_500_000, data: ethFrame, origLen: 10 }]);
    expect((await fieldsOf(file, FRAME)).text).toBe('1\t-0.1794967296\t10\t14\n');
  });
});
