import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import { bitLine } from '../bit-line';
import { registerMediaType } from '../media/media';
import type { TreeBuilder } from '../tree';

const TRUE_FALSE = { 0: 'False', 1: 'True' };

/** Extension labels (GIF89a §23-26) by Wireshark's names. */
const EXTENSIONS: Record<number, string> = {
  0x01: 'Plain Text',
  0xf9: 'Graphics Control',
  0xfe: 'Comment',
  0xff: 'Application',
};

registerFields([
  field('image-gif', 'Compuserve GIF', 'protocol'),
  field('image-gif.version', 'Version', 'string'),
  field('image-gif.screen.width', 'Screen width', 'uint', { bits: 16 }),
  field('image-gif.screen.height', 'Screen height', 'uint', { bits: 16 }),
  field('image-gif.global.color_map.present', 'Global color map is present', 'uint', { bits: 8, values: TRUE_FALSE }),
  field('image-gif.global.color_bpp', 'Bits per color minus 1', 'uint', { bits: 8 }),
  field('image-gif.global.color_map.ordered', 'Global color map is ordered', 'uint', { bits: 8, values: TRUE_FALSE }),
  field('image-gif.global.bpp', 'Image bits per pixel minus 1', 'uint', { bits: 8 }),
  field('image-gif.image_background_index', 'Background color index', 'uint', { bits: 8 }),
  field('image-gif.global.pixel_aspect_ratio', 'Global pixel aspect ratio', 'uint', { bits: 8 }),
  field('image-gif.global.color_map', 'Global color map', 'bytes'),
  field('image-gif.image.left', 'Image left position', 'uint', { bits: 16 }),
  field('image-gif.image.top', 'Image top position', 'uint', { bits: 16 }),
  field('image-gif.image.width', 'Image width', 'uint', { bits: 16 }),
  field('image-gif.image.height', 'Image height', 'uint', { bits: 16 }),
  field('image-gif.local.color_map.present', 'Local color map is present', 'uint', { bits: 8, values: TRUE_FALSE }),
  field('image-gif.local.color_bpp', 'Bits per color minus 1', 'uint', { bits: 8 }),
  field('image-gif.local.color_map.ordered', 'Local color map is ordered', 'uint', { bits: 8, values: TRUE_FALSE }),
  field('image-gif.local.bpp', 'Image bits per pixel minus 1', 'uint', { bits: 8 }),
  field('image-gif.local.color_map', 'Local color map', 'bytes'),
  field('image-gif.extension', 'Extension', 'none'),
  field('image-gif.extension.label', 'Extension label', 'hex8', { values: EXTENSIONS }),
  field('image-gif.image', 'Image', 'none'),
  field('image-gif.image.code_size', 'LZW minimum code size', 'uint', { bits: 8 }),
  field('image-gif.end', 'Trailer (End of the GIF stream)', 'none'),
  field('image-gif.data_block', 'Data block', 'bytes'),
]);

/** GIF87a and GIF89a: the logical screen, colour tables, extensions and images with their data blocks. */
function isGif(body: Bytes): boolean {
  const version = body.length >= 6 ? body.latin1(0, 6) : '';
  return version === 'GIF87a' || version === 'GIF89a';
}

function dissectGif(tree: TreeBuilder, body: Bytes): void {
  const version = body.latin1(0, 6);
  const is89 = version === 'GIF89a';
  tree.open('image-gif', body.abs(0), body.length, `Compuserve GIF, Version: ${version}`);
  tree.add('image-gif.version', body.abs(0), 6, version);
  tree.add('image-gif.screen.width', body.abs(6), 2, body.u16le(6));
  tree.add('image-gif.screen.height', body.abs(8), 2, body.u16le(8));
  const globalMap = settings(tree, body, 10, 'global', 'Global', is89);
  tree.add('image-gif.image_background_index', body.abs(11), 1, body.u8(11));
  // The pixel aspect ratio (byte 12) gets no tree line from Wireshark unless it is set.
  if (is89 && body.u8(12) !== 0) tree.add('image-gif.global.pixel_aspect_ratio', body.abs(12), 1, body.u8(12));
  let at = 13;
  if (globalMap) {
    tree.add('image-gif.global.color_map', body.abs(at), globalMap, body.bytes(at, globalMap));
    at += globalMap;
  }
  while (at < body.length) {
    const introducer = body.u8(at);
    if (introducer === 0x3b) {
      tree.add('image-gif.end', body.abs(at), 1);
      break;
    }
    if (introducer === 0x21) {
      const label = body.u8(at + 1);
      const end = blocksEnd(body, at + 2);
      const name = EXTENSIONS[label];
      const text = `Extension: ${name ?? `<Warning: Unknown extension 0x${label.toString(16).padStart(2, '0')}>`}`;
      tree.open('image-gif.extension', body.abs(at), end - at, text);
      tree.add(
        'image-gif.extension.label',
        body.abs(at + 1),
        1,
        label,
        `Extension label: ${name ?? 'Unknown'} (0x${label.toString(16).padStart(2, '0')})`,
      );
      dataBlocks(tree, body, at + 2);
      tree.close();
      at = end;
    } else if (introducer === 0x2c) {
      const localMapAt = at + 10;
      const localFlags = body.u8(at + 9);
      const localMap = localFlags & 0x80 ? 3 * (2 << (localFlags & 7)) : 0;
      const end = blocksEnd(body, localMapAt + localMap + 1);
      tree.open('image-gif.image', body.abs(at), end - at);
      tree.add('image-gif.image.left', body.abs(at + 1), 2, body.u16le(at + 1));
      tree.add('image-gif.image.top', body.abs(at + 3), 2, body.u16le(at + 3));
      tree.add('image-gif.image.width', body.abs(at + 5), 2, body.u16le(at + 5));
      tree.add('image-gif.image.height', body.abs(at + 7), 2, body.u16le(at + 7));
      tree.openText(flagsText(localFlags, 'Local'), body.abs(at + 9), 1);
      flagLines(tree, body, at + 9, 'local', 'Local', is89);
      tree.close();
      if (localMap)
        tree.add('image-gif.local.color_map', body.abs(localMapAt), localMap, body.bytes(localMapAt, localMap));
      const codeAt = localMapAt + localMap;
      tree.add('image-gif.image.code_size', body.abs(codeAt), 1, body.u8(codeAt));
      dataBlocks(tree, body, codeAt + 1);
      tree.close();
      at = end;
    } else {
      break;
    }
  }
  tree.close();
}

/** The logical screen's packed byte under its "Global settings" line; returns the global colour table's size. */
function settings(tree: TreeBuilder, body: Bytes, at: number, scope: string, label: string, is89: boolean): number {
  const flags = body.u8(at);
  tree.openText(flagsText(flags, label), body.abs(at), 1);
  flagLines(tree, body, at, scope, label, is89);
  tree.close();
  return flags & 0x80 ? 3 * (2 << (flags & 7)) : 0;
}

/** "(Global color table present) (7 bits per color) (1 bit per pixel)", counted as Wireshark counts them. */
function flagsText(flags: number, label: string): string {
  const colour = ((flags & 0x70) >> 4) | 1;
  const pixel = (flags & 7) + 1;
  const plural = (n: number) => (n === 1 ? 'bit' : 'bits');
  const table = flags & 0x80 ? `(${label} color table present) ` : '';
  return `${label} settings: ${table}(${colour} ${plural(colour)} per color) (${pixel} ${plural(pixel)} per pixel)`;
}

/** The packed byte's fields, the local one read with the global one's layout as Wireshark reads it. */
function flagLines(tree: TreeBuilder, body: Bytes, at: number, scope: string, label: string, is89: boolean): void {
  const flags = body.u8(at);
  const present = flags >> 7;
  const yes = (v: number) => (v ? 'True (1)' : 'False (0)');
  tree.add(
    `image-gif.${scope}.color_map.present`,
    body.abs(at),
    1,
    present,
    `${bitLine(flags, 0x80, 8)} = ${label} color map is present: ${yes(present)}`,
  );
  const colour = (flags & 0x70) >> 4;
  tree.add(
    `image-gif.${scope}.color_bpp`,
    body.abs(at),
    1,
    colour,
    `${bitLine(flags, 0x70, 8)} = Bits per color minus 1: ${colour}`,
  );
  if (is89) {
    const ordered = (flags & 0x08) >> 3;
    tree.add(
      `image-gif.${scope}.color_map.ordered`,
      body.abs(at),
      1,
      ordered,
      `${bitLine(flags, 0x08, 8)} = ${label} color map is ordered: ${yes(ordered)}`,
    );
  }
  // Wireshark files both bytes' pixel depth under the global field (image-gif.local.bpp stays empty).
  tree.add(
    'image-gif.global.bpp',
    body.abs(at),
    1,
    flags & 7,
    `${bitLine(flags, 0x07, 8)} = Image bits per pixel minus 1: ${flags & 7}`,
  );
}

/** Each data sub-block "Data block: 616263 (length = 3)", up to and with the empty one that ends them. */
function dataBlocks(tree: TreeBuilder, body: Bytes, from: number): void {
  for (let at = from; ;) {
    const length = body.u8(at);
    const bytes = body.bytes(at + 1, length);
    const shown = length ? [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('') : '<none>';
    tree.add(
      'image-gif.data_block',
      body.abs(at),
      length + 1,
      length ? bytes : '<none>',
      `Data block: ${shown} (length = ${length})`,
    );
    at += length + 1;
    if (length === 0) return;
  }
}

/** Offset just past the data sub-blocks starting at `from` (their empty terminator included). */
function blocksEnd(body: Bytes, from: number): number {
  let at = from;
  for (let length = body.u8(at); length !== 0; length = body.u8(at)) at += length + 1;
  return at + 1;
}

registerMediaType('image/gif', {
  shortName: 'GIF image',
  note: (body) => ` (${body.latin1(0, 6)})`,
  accepts: isGif,
  dissect: dissectGif,
});
