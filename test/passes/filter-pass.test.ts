import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/filter';
import { NO, UNDECIDED, YES } from '../../src/filter/columns';
import { settleByDecoding } from '../../src/passes/filter-pass';
import { fieldsOf, newCore } from '../support/run';

const DEMO = new URL('../../public/demo/demo.pcapng', import.meta.url).pathname;

describe('settling undecided frames by decoding', () => {
  it('decides only the undecided frames, leaving the others as they are', async () => {
    const lengths = (await fieldsOf(DEMO, ['frame.len'])).text.trim().split('\n').map(Number);
    const verdicts = new Uint8Array(lengths.length).fill(UNDECIDED);
    verdicts[0] = YES; // deliberately wrong: a decided frame is not looked at again
    await settleByDecoding(await newCore(), new Blob([readFileSync(DEMO)]), compileFilter('frame.len < 0'), verdicts);
    expect(verdicts[0]).toBe(YES);
    expect(Array.from(verdicts.subarray(1))).toEqual(lengths.slice(1).map(() => NO));
  });

  it('stops when cancelled', async () => {
    const verdicts = new Uint8Array(100).fill(UNDECIDED);
    const stop = new Error('stop');
    const run = settleByDecoding(await newCore(), new Blob([readFileSync(DEMO)]), compileFilter('tcp'), verdicts, {
      checkCancelled: () => {
        throw stop;
      },
    });
    await expect(run).rejects.toBe(stop);
  });
});
