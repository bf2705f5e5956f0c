import { describe, expect, it } from 'vitest';
import { chunkTexts, findNext } from '../../../src/ui/follow/follow-text';

const chunk = (fromServer: boolean, text: string) => ({ fromServer, frame: 1, bytes: new TextEncoder().encode(text) });

describe('Follow Stream text', () => {
  const chunks = [chunk(false, 'GET /\r\n\t'), chunk(true, 'HTTP/1.1 200 OK'), chunk(false, 'GET /x')];

  it('renders ASCII, raw and per-side hex dump offsets as tshark does', () => {
    expect(chunkTexts(chunks, 'ascii').map((t) => t.text)).toEqual(['GET /\r\n.', 'HTTP/1.1 200 OK', 'GET /x']);
    expect(chunkTexts(chunks, 'raw')[2].text).toBe('474554202f78\n');
    expect(chunkTexts(chunks, 'hexdump')[2].text.startsWith('00000008  ')).toBe(true);
  });

  it('finds the next match across chunks, wrapping around', () => {
    const texts = chunkTexts(chunks, 'ascii');
    const first = findNext(texts, 'get');
    expect(first).toEqual({ chunk: 0, offset: 0 });
    const second = findNext(texts, 'get', first);
    expect(second).toEqual({ chunk: 2, offset: 0 });
    expect(findNext(texts, 'get', second)).toEqual(first);
    expect(findNext(texts, 'nowhere')).toBeUndefined();
  });
});
