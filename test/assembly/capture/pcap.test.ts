import { describe, expect, it } from 'vitest';
import { fieldsOf } from '../../support/run';
import { pcapFile, hex } from '../../support/pcap-builder';

const FRAME = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
const ethFrame = hex('ffffffffffff 001122334455 0806') ;

describe('pcap reader', () => {
  it('reads little-endian microsecond files', async () => {
    const file = pcapFile([{ sec: 1000, frac: 5, data: ethFrame }, { sec: 1001, frac: 999999, data: ethFrame, origLen: 60 }]);
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
    const file = pcapFile([{ sec: 1, frac: 0, data: ethFrame }, { sec: 2, frac: 0, data: ethFrame }]);
    const cut = file.subarray(0, file.length - 3);
    const { text, result } = await fieldsOf(cut, ['frame.number']);
    expect(text).toBe('1\n');
    expect(result.problem?.message).toContain('cut short');
    expect(result.problem?.offset).toBe(24 + 16 + 14);
  });

  it('stops at an absurd record length without allocating it', async () => {
    const file = pcapFile([{ sec: 1, frac: 0, data: ethFrame }, { sec: 2, frac: 0, data: ethFrame }]);
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
