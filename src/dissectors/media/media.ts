import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { addExpert } from '../expert';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
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

/**
 * A body dissector registered for a media type (images: `registerMediaType`). A body it does not accept is
 * the generic Media Type; `dissect` may throw Malformed once it took the body:
 * its items stay, with a "[Malformed Packet: <shortName>]" item.
 */
export interface MediaTypeDissector {
  /** The protocol's short name, as a malformed body's item names it ("PNG", "JFIF (JPEG) image"). */
  shortName: string;
  /** What the protocol adds to Info (" (PNG)", " (GIF89a)"). */
  note(body: Bytes): string;
  /** Whether the body is one it takes (its signature); it refuses the others, adding nothing. */
  accepts(body: Bytes): boolean;
  dissect(tree: TreeBuilder, body: Bytes): void;
}

const mediaTypes = new Map<string, MediaTypeDissector>();

/** Registers a dissector for a media type ("image/png"), as Wireshark's media_type table does. */
export function registerMediaType(type: string, dissector: MediaTypeDissector): void {
  mediaTypes.set(type, dissector);
}

/** Whether a registered dissector (not the line, form and JSON ones) takes a media type: its Info note is its own. */
export function hasMediaTypeDissector(contentType: string): boolean {
  return mediaTypes.has(baseType(contentType));
}

/** Whether a dissector registered for the media type refuses the body (Wireshark then notes the failure). */
export function refusedByMediaType(contentType: string, body: Bytes): boolean {
  const registered = mediaTypes.get(baseType(contentType));
  return registered !== undefined && body.length > 0 && !registered.accepts(body);
}

/** Whether a media type has a dissector of its own here (not the generic Media Type): text, a form, JSON, images. */
export function hasMediaDissector(contentType: string): boolean {
  const type = baseType(contentType);
  return (
    TEXT_TYPES.has(type) ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/json' ||
    mediaTypes.has(type)
  );
}

/**
 * A message body handed to the dissector of its media type (HTTP's Content-Type), as a top-level layer: line-
 * based text, a URL-encoded form, JSON, or the generic Media Type for the rest; Data when no type was given.
 * Returns what a registered media type's dissector adds to Info (undefined for the others).
 * `shownType`: the type the layer's line names (null: none), when it differs from the one that chose the dissector (HTTP/2
 * picks a response's by its request's type when the response has none, and names none).
 */
export function addBody(
  tree: TreeBuilder,
  body: Bytes,
  contentType: string,
  shownType: string | null = contentType,
): string | undefined {
  if (body.length === 0) return;
  const type = baseType(contentType);
  const shown = shownType === null ? undefined : baseType(shownType) || undefined;
  // Wireshark's media type table hands untyped and opaque binary bodies to Data.
  if (!type || type === 'application/octet-stream') return void addData(tree, body);
  if (TEXT_TYPES.has(type)) return void addTextLines(tree, body, shown);
  if (type === 'application/x-www-form-urlencoded') return void addUrlencodedForm(tree, body, shown);
  const registered = mediaTypes.get(type);
  if (registered) {
    const note = dissectMediaType(tree, body, registered);
    if (note !== undefined) return note;
  }
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

/** A registered dissector's note for Info; undefined when it refused the body (it then added nothing). */
function dissectMediaType(tree: TreeBuilder, body: Bytes, dissector: MediaTypeDissector): string | undefined {
  const [mark, depth] = [tree.items.length, tree.level];
  try {
    if (!dissector.accepts(body)) return undefined;
    dissector.dissect(tree, body);
    return dissector.note(body);
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
    tree.unwindTo(depth);
    if (tree.items.length === mark) return undefined;
    // Wireshark's exception after the protocol took the body: its items stay, then the Malformed item.
    tree.open('_ws.malformed', 0, 0, `[Malformed Packet: ${dissector.shortName}]`);
    addExpert(tree, {
      severity: ExpertSeverity.Error,
      group: ExpertGroup.Malformed,
      message: 'Malformed Packet (Exception occurred)',
    });
    tree.close();
    return `${dissector.note(body)}[Malformed Packet]`;
  }
}

/** "text/html" of "text/html; charset=UTF-8". */
function baseType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
