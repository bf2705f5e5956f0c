import { describe, expect, it } from 'vitest';
import { addTextLines, splitLines } from '../../../src/dissectors/media/text-lines';
import { Bytes } from '../../../src/dissectors/bytes';
import { TreeBuilder } from '../../../src/dissectors/tree';
import { ascii } from '../support/frames';

describe('line-based text data', () => {
  it('splits lines after each LF, a last unterminated line included', () => {
    expect(splitLines(new Bytes(ascii('a\r\nbb\nc')))).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(splitLines(new Bytes(ascii('')))).toEqual([]);
  });

  it('names the media type and the line count, one line per tree item', () => {
    const body = ascii('xx<p>\r\nhi\r\n');
    const tree = new TreeBuilder(body);
    addTextLines(tree, new Bytes(body, 2), 'text/html');
    expect(tree.items.map((i) => [i.depth, i.text, i.start, i.length])).toEqual([
      [0, 'Line-based text data: text/html (2 lines)', 2, 9],
      [1, '<p>\r\n', 2, 5],
      [1, 'hi\r\n', 7, 4],
    ]);
  });

  it('marks lines longer than a tree line as truncated', () => {
    const tree = new TreeBuilder(new Uint8Array(0));
    addTextLines(tree, new Bytes(ascii('y'.repeat(300))));
    expect(tree.items[0].text).toBe('Line-based text data (1 lines)');
    expect(tree.items[1].text).toBe(`[truncated]${'y'.repeat(240)}`);
  });
});
