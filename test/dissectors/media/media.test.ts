import { describe, expect, it } from 'vitest';
import { addBody } from '../../../src/dissectors/media/media';
import { Bytes } from '../../../src/dissectors/bytes';
import { TreeBuilder } from '../../../src/dissectors/tree';
import { fieldById } from '../../../src/fields/registry';
import { ascii } from '../support/frames';

function layer(contentType: string, body = ascii('{"a":1}\n')): [string, string | undefined] {
  const tree = new TreeBuilder(body);
  addBody(tree, new Bytes(body), contentType);
  return [fieldById(tree.items[0].id)!.name, tree.items[0].text];
}

describe('a body by its media type', () => {
  it('hands each type to its dissector', () => {
    expect(layer('text/html; charset=UTF-8')).toEqual(['data-text-lines', 'Line-based text data: text/html (1 lines)']);
    expect(layer('Application/JSON')).toEqual(['json', 'JavaScript Object Notation: application/json']);
    expect(layer('application/x-www-form-urlencoded')[0]).toBe('urlencoded-form');
    expect(layer('')).toEqual(['data', 'Data (8 bytes)']);
  });

  it('names other types in the generic Media Type layer', () => {
    const body = Uint8Array.of(0x89, 0x50);
    const tree = new TreeBuilder(body);
    addBody(tree, new Bytes(body), 'image/png');
    expect(tree.items.map((i) => [fieldById(i.id)!.name, i.text])).toEqual([
      ['media', undefined],
      ['media.type', 'Media type: image/png (2 bytes)'],
    ]);
  });

  it('adds nothing for an empty body', () => {
    const tree = new TreeBuilder(new Uint8Array(0));
    addBody(tree, new Bytes(new Uint8Array(0)), 'text/plain');
    expect(tree.items).toEqual([]);
  });
});
