import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

registerFields([
  field('urlencoded-form', 'HTML Form URL Encoded', 'protocol'),
  field('urlencoded-form.key', 'Key', 'string'),
  field('urlencoded-form.value', 'Value', 'string'),
]);

/** "HTML Form URL Encoded: application/x-www-form-urlencoded": a form's key=value pairs, decoded. */
export function addUrlencodedForm(tree: TreeBuilder, body: Bytes, mediaType?: string): void {
  tree.open(
    'urlencoded-form',
    body.abs(0),
    body.length,
    mediaType ? `HTML Form URL Encoded: ${mediaType}` : 'HTML Form URL Encoded',
  );
  for (let at = 0; at < body.length;) {
    const amp = body.indexOf(0x26, at);
    const end = amp < 0 ? body.length : amp;
    const pair = body.latin1(at, end - at);
    const eq = pair.indexOf('=');
    const key = formDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : formDecode(pair.slice(eq + 1));
    tree.openText(`Form item: "${key}" = "${value}"`, body.abs(at), end - at);
    tree.add('urlencoded-form.key', body.abs(at), eq < 0 ? pair.length : eq, key);
    if (eq >= 0) tree.add('urlencoded-form.value', body.abs(at + eq + 1), pair.length - eq - 1, value);
    tree.close();
    at = end + 1;
  }
  tree.close();
}

/** '+' is a space, %XX a byte; the bytes are UTF-8 (invalid sequences become U+FFFD). */
export function formDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
