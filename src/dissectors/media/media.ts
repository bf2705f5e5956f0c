import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { addData } from '../data/data';
import { addTextLines } from './text-lines';
import { addUrlencodedForm } from './urlencoded-form';
import { field } from '../../fields/define';

registerFields([
  field('json', 'JavaScript Object Notation', 'protocol'),
  field('media', 'Media Type', 'protocol'),
  field('media.type', 'Media type', 'string'),
]);

/** Media types Wireshark's line-based text dissector takes (the ones messages commonly carry). */
const TEXT_TYPES = new Set([
  'text/html',
  'text/plain',
  'text/css',
  'text/richtext',
  'text/enriched',
  'text/javascript',
  'text/vcard',
  'text/calendar',
  'text/csv',
  'application/javascript',
  'application/x-javascript',
  'application/x-ns-proxy-autoconfig',
]);

/** Whether a media type has a dissector of its own here (not the generic Media Type): text, a form, JSON. */
export function hasMediaDissector(contentType: string): boolean {
  const type = baseType(contentType);
  return TEXT_TYPES.has(type) || type === 'application/x-www-form-urlencoded' || type === 'application/json';
}

/**
 * A message body handed to the dissector of its media type (HTTP's Content-Type), as a top-level layer: line-
 * based text, a URL-encoded form, JSON, or the generic Media Type for the rest; Data when no type was given.
 * `shownType`: the type the layer's line names (null: none), when it differs from the one that chose the dissector (HTTP/2
 * picks a response's by its request's type when the response has none, and names none).
 */
export function addBody(
  tree: TreeBuilder,
  body: Bytes,
  contentType: string,
  shownType: string | null = contentType,
): void {
  if (body.length === 0) return;
  const type = baseType(contentType);
  const shown = shownType === null ? undefined : baseType(shownType) || undefined;
  // Wireshark's media type table hands untyped and opaque binary bodies to Data.
  if (!type || type === 'application/octet-stream') return addData(tree, body);
  if (TEXT_TYPES.has(type)) return addTextLines(tree, body, shown);
  if (type === 'application/x-www-form-urlencoded') return addUrlencodedForm(tree, body, shown);
  if (type === 'application/json') {
    tree.open(
      'json',
      body.abs(0),
      body.length,
      shown ? `JavaScript Object Notation: ${shown}` : 'JavaScript Object Notation',
    );
    tree.close();
    return;
  }
  tree.open('media', body.abs(0), body.length);
  tree.add('media.type', body.abs(0), body.length, type, `Media type: ${type} (${body.length} bytes)`);
  tree.close();
}

/** "text/html" of "text/html; charset=UTF-8". */
function baseType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
