import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';
import { Malformed, type Bytes } from '../bytes';
import { bitLine } from '../bit-line';
import { registerMediaType } from '../media/media';
import type { TreeBuilder } from '../tree';

const COLOUR_TYPES: Record<number, string> = {
  0: 'Greyscale',
  2: 'Truecolour',
  3: 'Indexed-colour',
  4: 'Greyscale with alpha',
  6: 'Truecolour with alpha',
};

registerFields([
  field('png', 'Portable Network Graphics', 'protocol'),
  field('png.signature', 'PNG Signature', 'bytes'),
  field('png.chunk.data', 'Data', 'none'),
  field('png.chunk.type', 'Chunk', 'string'),
  field('png.chunk.len', 'Len', 'uint'),
  field('png.chunk.crc', 'CRC', 'hex32'),
  field('png.chunk.flag.ancillary', 'Ancillary', 'bool', {
    boolLabels: ['This is a CRITICAL chunk', 'This is an ANCILLARY chunk'],
  }),
  field('png.chunk.flag.private', 'Private', 'bool', {
    boolLabels: ['This is a PUBLIC chunk', 'This is a PRIVATE chunk'],
  }),
  field('png.chunk.flag.stc', 'Safe To Copy', 'bool', {
    boolLabels: ['This chunk is NOT safe to copy', 'This chunk is SAFE TO COPY'],
  }),
  field('png.ihdr.width', 'Width', 'uint'),
  field('png.ihdr.height', 'Height', 'uint'),
  field('png.ihdr.bitdepth', 'Bit Depth', 'uint', { bits: 8 }),
  field('png.ihdr.colour_type', 'Colour Type', 'uint', { bits: 8, values: COLOUR_TYPES }),
  field('png.ihdr.compression_method', 'Compression Method', 'uint', { bits: 8, values: { 0: 'Deflate' } }),
  field('png.ihdr.filter_method', 'Filter Method', 'uint', { bits: 8, values: { 0: 'Adaptive' } }),
  field('png.ihdr.interlace_method', 'Interlace Method', 'uint', {
    bits: 8,
    values: { 0: 'No interlace', 1: 'Adam7' },
  }),
  field('png.srgb.intent', 'Intent', 'uint', {
    bits: 8,
    values: {
      0: 'Perceptual',
      1: 'Relative colorimetric',
      2: 'Saturation',
      3: 'Absolute colorimetric',
    },
  }),
  field('png.text.keyword', 'Keyword', 'string'),
  field('png.text.string', 'String', 'string'),
  field('png.time.year', 'Year', 'uint', { bits: 16 }),
  field('png.time.month', 'Month', 'uint', { bits: 8 }),
  field('png.time.day', 'Day', 'uint', { bits: 8 }),
  field('png.time.hour', 'Hour', 'uint', { bits: 8 }),
  field('png.time.minute', 'Minute', 'uint', { bits: 8 }),
  field('png.time.second', 'Second', 'uint', { bits: 8 }),
  field('png.phys.horiz', 'Horizontal pixels per unit', 'uint'),
  field('png.phys.vert', 'Vertical pixels per unit', 'uint'),
  field('png.phys.unit', 'Unit', 'uint', { bits: 8, values: { 0: 'Unit is unknown', 1: 'Unit is METRE' } }),
  field('png.bkgd.palette_index', 'Palette Index', 'uint', { bits: 8 }),
  field('png.bkgd.greyscale', 'Greyscale', 'hex16'),
  field('png.bkgd.red', 'Red', 'hex16'),
  field('png.bkgd.green', 'Green', 'hex16'),
  field('png.bkgd.blue', 'Blue', 'hex16'),
  field('png.chrm.white.x', 'White X', 'float'),
  field('png.chrm.white.y', 'White Y', 'float'),
  field('png.chrm.red.x', 'Red X', 'float'),
  field('png.chrm.red.y', 'Red Y', 'float'),
  field('png.chrm.green.x', 'Green X', 'float'),
  field('png.chrm.green.y', 'Green Y', 'float'),
  field('png.chrm.blue.x', 'Blue X', 'float'),
  field('png.chrm.blue.y', 'Blue Y', 'float'),
  field('png.gama.gamma', 'Gamma', 'float'),
]);

/** Chunk names as Wireshark's tree names them (PNG 3rd edition §11); others are "unknown". */
const CHUNK_NAMES: Record<string, string> = {
  IHDR: 'Image Header',
  PLTE: 'Palette',
  IDAT: 'Image data chunk',
  IEND: 'Image Trailer',
  bKGD: 'Background colour',
  cHRM: 'Primary chromaticities and white point',
  gAMA: 'Image gamma',
  iCCP: 'Embedded ICC profile',
  iTXt: 'International textual data',
  pHYs: 'Physical pixel dimensions',
  sBIT: 'Significant bits',
  sRGB: 'Standard RGB colour space',
  tEXt: 'Textual data',
  tIME: 'Image last-modification time',
  tRNS: 'Transparency',
};

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG (ISO/IEC 15948): the signature, then each chunk with its length, type, property bits, known fields and CRC. */
function isPng(body: Bytes): boolean {
  return body.length >= 8 && SIGNATURE.every((b, i) => body.u8(i) === b);
}

function dissectPng(tree: TreeBuilder, body: Bytes): void {
  tree.open('png', body.abs(0), body.length);
  tree.add('png.signature', body.abs(0), 8, body.bytes(0, 8));
  let colourType = -1;
  for (let at = 8; at < body.length;) {
    const length = body.u32(at);
    const type = body.latin1(at + 4, 4);
    if (at + 12 + length > body.length) throw new Malformed(`PNG chunk ${type} runs past the body`);
    tree.openText(`${CHUNK_NAMES[type] ?? 'unknown'} (${type})`, body.abs(at), length + 12);
    tree.add('png.chunk.len', body.abs(at), 4, length);
    tree.add('png.chunk.type', body.abs(at + 4), 4, type);
    const bits = body.u32(at + 4);
    chunkFlag(tree, body.abs(at + 4), bits, 'png.chunk.flag.ancillary', 0x20000000, 'Ancillary');
    chunkFlag(tree, body.abs(at + 4), bits, 'png.chunk.flag.private', 0x00200000, 'Private');
    chunkFlag(tree, body.abs(at + 4), bits, 'png.chunk.flag.stc', 0x00000020, 'Safe To Copy');
    const data = body.sub(at + 8, length);
    if (type === 'IHDR') colourType = data.length >= 10 ? data.u8(9) : -1;
    chunkData(tree, type, data, colourType);
    tree.add('png.chunk.crc', body.abs(at + 8 + length), 4, body.u32(at + 8 + length));
    tree.close();
    at += 12 + length;
    if (type === 'IEND') break;
  }
  tree.close();
}

function chunkFlag(tree: TreeBuilder, at: number, bits: number, name: string, mask: number, label: string): void {
  const set = (bits & mask) !== 0;
  const labels: Record<string, [string, string]> = {
    Ancillary: ['This is a CRITICAL chunk', 'This is an ANCILLARY chunk'],
    Private: ['This is a PUBLIC chunk', 'This is a PRIVATE chunk'],
    'Safe To Copy': ['This chunk is NOT safe to copy', 'This chunk is SAFE TO COPY'],
  };
  tree.add(name, at, 4, set ? 1 : 0, `${bitLine(bits, mask, 32)} = ${label}: ${labels[label][set ? 1 : 0]}`);
}

/** The fields of the chunks Wireshark reads; the others are "Data". */
function chunkData(tree: TreeBuilder, type: string, data: Bytes, colourType: number): void {
  const at = (offset: number) => data.abs(offset);
  switch (type) {
    case 'IHDR':
      tree.add('png.ihdr.width', at(0), 4, data.u32(0));
      tree.add('png.ihdr.height', at(4), 4, data.u32(4));
      tree.add('png.ihdr.bitdepth', at(8), 1, data.u8(8));
      tree.add('png.ihdr.colour_type', at(9), 1, data.u8(9));
      tree.add('png.ihdr.compression_method', at(10), 1, data.u8(10));
      tree.add('png.ihdr.filter_method', at(11), 1, data.u8(11));
      tree.add('png.ihdr.interlace_method', at(12), 1, data.u8(12));
      return;
    case 'sRGB':
      tree.add('png.srgb.intent', at(0), 1, data.u8(0));
      return;
    case 'tEXt': {
      const nul = data.indexOf(0);
      const end = nul < 0 ? data.length : nul;
      tree.add('png.text.keyword', at(0), end, data.latin1(0, end));
      if (nul >= 0)
        tree.add('png.text.string', at(end + 1), data.length - end - 1, data.latin1(end + 1, data.length - end - 1));
      return;
    }
    case 'tIME':
      tree.add('png.time.year', at(0), 2, data.u16(0));
      for (const [i, name] of ['month', 'day', 'hour', 'minute', 'second'].entries())
        tree.add(`png.time.${name}`, at(2 + i), 1, data.u8(2 + i));
      return;
    case 'pHYs':
      tree.add('png.phys.horiz', at(0), 4, data.u32(0));
      tree.add('png.phys.vert', at(4), 4, data.u32(4));
      tree.add('png.phys.unit', at(8), 1, data.u8(8));
      return;
    case 'bKGD':
      // Its layout follows the image's colour type (IHDR).
      if (colourType === 3) tree.add('png.bkgd.palette_index', at(0), 1, data.u8(0));
      else if (colourType === 0 || colourType === 4) tree.add('png.bkgd.greyscale', at(0), 2, data.u16(0));
      else
        for (const [i, name] of ['red', 'green', 'blue'].entries())
          tree.add(`png.bkgd.${name}`, at(2 * i), 2, data.u16(2 * i));
      return;
    case 'cHRM':
      for (const [i, name] of [
        'white.x',
        'white.y',
        'red.x',
        'red.y',
        'green.x',
        'green.y',
        'blue.x',
        'blue.y',
      ].entries())
        tree.add(`png.chrm.${name}`, at(4 * i), 4, data.u32(4 * i) / 100000);
      return;
    case 'gAMA':
      tree.add('png.gama.gamma', at(0), 4, data.u32(0) / 100000);
      return;
    case 'IEND':
      return;
    default:
      tree.add('png.chunk.data', at(0), data.length);
  }
}

registerMediaType('image/png', { shortName: 'PNG', note: () => ' (PNG)', accepts: isPng, dissect: dissectPng });
