import { describe, expect, it } from 'vitest';
import { objectFileNames } from '../../src/dissectors/objects';
import type { ExportedObject } from '../../src/dissectors/api';

const object = (name: string, frame = 1): ExportedObject => ({
  protocol: 'http',
  frame,
  hostname: 'h',
  contentType: 'text/plain',
  name,
  bytes: new Uint8Array(0),
});
const names = (...uris: string[]) => objectFileNames(uris.map((u, i) => object(u, i + 1)));

describe('Export Objects file names', () => {
  it('takes the last path segment, keeping "/" itself', () => {
    expect(names('/a/b/c.txt', '/dir/', '/', '//', 'http://x.test/p/q.html')).toEqual([
      'c.txt',
      'dir',
      '%2f',
      '%2f(1)',
      'q.html',
    ]);
  });

  it('escapes characters no file name may hold, and controls', () => {
    expect(names('/a?b=1', '/w:x*y"z<>|\\.t', '/c\x01d')).toEqual(['a%3fb=1', 'w%3ax%2ay%22z%3c%3e%7c%5c.t', 'c%01d']);
  });

  it('numbers repeats before the extension', () => {
    expect(names('/x.tar.gz', '/x.tar.gz', '/noext', '/noext', '/.', '/x.tar.gz')).toEqual([
      'x.tar.gz',
      'x.tar(1).gz',
      'noext',
      'noext(1)',
      '(1).',
      'x.tar(2).gz',
    ]);
  });

  it('cuts long names to 255 characters, keeping the extension', () => {
    const [long, bare] = names(`/${'a'.repeat(300)}.html`, `/${'b'.repeat(300)}`);
    expect(long).toBe(`${'a'.repeat(250)}.html`);
    expect(bare).toBe('b'.repeat(255));
  });

  it('names an object without a name by its frame', () => {
    expect(objectFileNames([object('', 7)])).toEqual(['object7']);
  });
});
