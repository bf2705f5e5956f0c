import { describe, expect, it } from 'vitest';
import { addUrlencodedForm, formDecode } from '../../../src/dissectors/media/urlencoded-form';
import { Bytes } from '../../../src/dissectors/bytes';
import { TreeBuilder } from '../../../src/dissectors/tree';
import { fieldById } from '../../../src/fields/registry';
import { ascii } from '../support/frames';

describe('URL-encoded form', () => {
  it('decodes + and %XX as UTF-8', () => {
    expect(formDecode('a+b%C3%A9%2')).toBe('a bé%2');
  });

  it('shows each key=value pair as a Form item with its key and value', () => {
    const body = ascii('author=Chris+Sanders&flag&n=310');
    const tree = new TreeBuilder(body);
    addUrlencodedForm(tree, new Bytes(body), 'application/x-www-form-urlencoded');
    expect(tree.items.map((i) => [i.depth, i.id ? fieldById(i.id)!.name : i.text, i.value, i.start, i.length])).toEqual(
      [
        [0, 'urlencoded-form', undefined, 0, 31],
        [1, 'Form item: "author" = "Chris Sanders"', undefined, 0, 20],
        [2, 'urlencoded-form.key', 'author', 0, 6],
        [2, 'urlencoded-form.value', 'Chris Sanders', 7, 13],
        [1, 'Form item: "flag" = ""', undefined, 21, 4],
        [2, 'urlencoded-form.key', 'flag', 21, 4],
        [1, 'Form item: "n" = "310"', undefined, 26, 5],
        [2, 'urlencoded-form.key', 'n', 26, 1],
        [2, 'urlencoded-form.value', '310', 28, 3],
      ],
    );
    expect(tree.items[0].text).toBe('HTML Form URL Encoded: application/x-www-form-urlencoded');
  });
});
