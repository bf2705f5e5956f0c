import { describe, expect, it } from 'vitest';
import { dissectFrames, type DissectedFrame } from '../../src/passes/dissect-frames';
import { openCapture } from '../../src/core/source';
import { frameDetail } from '../../src/present/frame-detail';
import type { FrameDetail } from '../../src/api/capture-api';
import { pcapFile } from '../support/pcap-builder';
import { newCore } from '../support/run';
import { ascii, tcpFrame } from '../dissectors/support/frames';

/** The detail of the last frame, after `change` has had its dissection (the core's buffers live only in the callback). */
async function lastDetail(frames: Uint8Array[], change: (frame: DissectedFrame) => void): Promise<FrameDetail> {
  const source = await openCapture(
    new Blob([pcapFile(frames.map((data, i) => ({ sec: i, frac: 0, data }))) as BlobPart]),
  );
  let last: FrameDetail | undefined;
  await dissectFrames(await newCore(), source.blob, (frame) => {
    change(frame);
    last = frameDetail(frame, 0);
  });
  return last!;
}

describe('frameDetail', () => {
  it("shows the frame's layers as Protocols in frame, and neither frame.protocols nor layer markers as lines", async () => {
    const body = 'line one\nline two\n';
    const response = ascii(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const detail = await lastDetail([tcpFrame(response, 80, 40000, 1)], (frame) => {
      frame.app.items.push({
        id: 0,
        depth: 1,
        value: undefined,
        data: new Uint8Array(0),
        start: 0,
        length: 0,
        layer: 'x509sat',
      });
    });
    expect(detail.context?.protocols).toBe('eth:ethertype:ip:tcp:http:data-text-lines');
    expect(detail.appItems.some((i) => i.name === 'frame.protocols' || i.text === '')).toBe(false);
    expect(detail.appItems.filter((i) => i.depth === 0).map((i) => i.text)).toEqual([
      'Hypertext Transfer Protocol',
      'Line-based text data: text/plain (2 lines)',
    ]);
  });
});
