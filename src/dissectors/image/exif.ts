import { Malformed, type Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { TYPES } from './jfif-fields';

/** TIFF 6.0 and Exif 2.3 tag names of the IFDs an Exif APP1 segment holds, as the specifications name them. */
const TIFF_TAGS: Record<number, string> = {
  256: 'ImageWidth',
  257: 'ImageLength',
  258: 'BitsPerSample',
  259: 'Compression',
  262: 'PhotometricInterpretation',
  270: 'ImageDescription',
  271: 'Make',
  272: 'Model',
  273: 'StripOffsets',
  274: 'Orientation',
  277: 'SamplesPerPixel',
  278: 'RowsPerStrip',
  279: 'StripByteCounts',
  282: 'XResolution',
  283: 'YResolution',
  284: 'PlanarConfiguration',
  296: 'ResolutionUnit',
  301: 'TransferFunction',
  305: 'Software',
  306: 'DateTime',
  315: 'Artist',
  318: 'WhitePoint',
  319: 'PrimaryChromaticities',
  513: 'JPEGInterchangeFormat',
  514: 'JPEGInterchangeFormatLength',
  529: 'YCbCrCoefficients',
  530: 'YCbCrSubSampling',
  531: 'YCbCrPositioning',
  532: 'ReferenceBlackWhite',
  33432: 'Copyright',
  34665: 'Exif IFD Pointer',
  34853: 'GPS IFD Pointer',
};
const EXIF_TAGS: Record<number, string> = {
  33434: 'ExposureTime',
  33437: 'FNumber',
  34850: 'ExposureProgram',
  34852: 'SpectralSensitivity',
  34855: 'PhotographicSensitivity',
  34856: 'OECF',
  36864: 'ExifVersion',
  36867: 'DateTimeOriginal',
  36868: 'DateTimeDigitized',
  37121: 'ComponentsConfiguration',
  37122: 'CompressedBitsPerPixel',
  37377: 'ShutterSpeedValue',
  37378: 'ApertureValue',
  37379: 'BrightnessValue',
  37380: 'ExposureBiasValue',
  37381: 'MaxApertureValue',
  37382: 'SubjectDistance',
  37383: 'MeteringMode',
  37384: 'LightSource',
  37385: 'Flash',
  37386: 'FocalLength',
  37396: 'SubjectArea',
  37500: 'MakerNote',
  37510: 'UserComment',
  37520: 'SubSecTime',
  37521: 'SubSecTimeOriginal',
  37522: 'SubSecTimeDigitized',
  40960: 'FlashpixVersion',
  40961: 'ColorSpace',
  40962: 'PixelXDimension',
  40963: 'PixelYDimension',
  40964: 'RelatedSoundFile',
  41486: 'FocalPlaneXResolution',
  41487: 'FocalPlaneYResolution',
  41488: 'FocalPlaneResolutionUnit',
  41495: 'SensingMethod',
  41728: 'FileSource',
  41729: 'SceneType',
  41985: 'CustomRendered',
  41986: 'ExposureMode',
  41987: 'WhiteBalance',
  41988: 'DigitalZoomRatio',
  41989: 'FocalLengthIn35mmFilm',
  41990: 'SceneCaptureType',
  42016: 'ImageUniqueID',
};
const GPS_TAGS: Record<number, string> = {
  0: 'GPSVersionID',
  1: 'GPSLatitudeRef',
  2: 'GPSLatitude',
  3: 'GPSLongitudeRef',
  4: 'GPSLongitude',
  5: 'GPSAltitudeRef',
  6: 'GPSAltitude',
  7: 'GPSTimeStamp',
  18: 'GPSMapDatum',
  29: 'GPSDateStamp',
};

type IfdKind = { title: string; tagField: string; names: Record<number, string> };
const IFD0: IfdKind = { title: 'Image File Directory', tagField: 'image-jfif.ifd.tag', names: TIFF_TAGS };
const EXIF: IfdKind = { title: 'Exif IFD', tagField: 'image-jfif.ifd.tag_exif', names: EXIF_TAGS };
const GPS: IfdKind = { title: 'GPS IFD', tagField: 'image-jfif.ifd.tag_gps', names: GPS_TAGS };
// Wireshark follows IFD0's Exif and GPS pointers (not the Exif IFD's Interoperability pointer).
const POINTERS: Record<number, IfdKind> = { 34665: EXIF, 34853: GPS };

const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

/** A TIFF structure's reads in its own byte order ("II" little, "MM" big endian). */
class Tiff {
  constructor(
    readonly bytes: Bytes,
    readonly little: boolean,
  ) {}
  u16(at: number): number {
    return this.little ? this.bytes.u16le(at) : this.bytes.u16(at);
  }
  u32(at: number): number {
    return this.little ? this.bytes.u32le(at) : this.bytes.u32(at);
  }
  i32(at: number): number {
    return this.u32(at) | 0;
  }
}

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the value lies (inline in the entry or at its offset). */
  at: number;
}

/**
 * The TIFF header after "Exif\0\0" (Exif 2.3 §4.5.2): byte order, the first IFD's offset, then the IFD chain with
 * the Exif, GPS and Interoperability IFDs it points to; values over four bytes follow each IFD at the segment's
 * level, as Wireshark lists them.
 */
export function dissectExif(tree: TreeBuilder, tiff: Bytes): void {
  const order = tiff.u16(0);
  const names: Record<number, string> = { 0x4949: 'little endian', 0x4d4d: 'big endian' };
  tree.add('image-jfif.endianness', tiff.abs(0), 2, order, `Endianness: ${names[order] ?? 'Unknown'}`);
  if (order !== 0x4949 && order !== 0x4d4d) return;
  const t = new Tiff(tiff, order === 0x4949);
  const first = t.u32(4);
  tree.add(
    'image-jfif.start_ifd_offset',
    tiff.abs(4),
    4,
    first,
    `Start offset of IFD starting from the TIFF header start: ${first} bytes`,
  );
  const seen = new Set<number>();
  let offset = first;
  for (let n = 0; offset !== 0 && !seen.has(offset); n++) {
    seen.add(offset);
    offset = ifd(tree, t, offset, IFD0, n, seen);
  }
}

/** One IFD and what it points to; returns the next IFD's offset. */
function ifd(tree: TreeBuilder, t: Tiff, offset: number, kind: IfdKind, n: number, seen: Set<number>): number {
  const count = t.u16(offset);
  const size = 2 + count * 12 + 4;
  tree.openText(`${kind.title} #${n}`, t.bytes.abs(offset), size);
  tree.add('image-jfif.ifd.num_fields', t.bytes.abs(offset), 2, count);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    const entry = { tag: t.u16(at), type: t.u16(at + 2), count: t.u32(at + 4), at: at + 8 };
    const name = kind.names[entry.tag] ?? 'Unknown';
    tree.add(kind.tagField, t.bytes.abs(at), 2, entry.tag, `Tag: ${name} (${entry.tag})`);
    tree.add(
      'image-jfif.ifd.type',
      t.bytes.abs(at + 2),
      2,
      entry.type,
      `Type: ${TYPES[entry.type] ?? 'Unknown'} (${entry.type})`,
    );
    tree.add('image-jfif.ifd.count', t.bytes.abs(at + 4), 4, entry.count);
    const bytes = (SIZES[entry.type] ?? 1) * entry.count;
    if (bytes > 4) {
      entry.at = t.u32(at + 8);
      tree.add('image-jfif.ifd.offset', t.bytes.abs(at + 8), 4, entry.at);
      entries.push(entry);
    } else {
      values(tree, t, entry);
    }
  }
  const next = t.u32(offset + 2 + count * 12);
  tree.add(
    'image-jfif.next_ifd_offset',
    t.bytes.abs(offset + 2 + count * 12),
    4,
    next,
    `Offset to next IFD from start of TIFF header: ${next} bytes`,
  );
  tree.close();
  for (const entry of entries) values(tree, t, entry);
  // The IFDs it points to (Exif, GPS, Interoperability), each numbered from 0.
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * 12;
    const sub = kind === IFD0 ? POINTERS[t.u16(at)] : undefined;
    const target = t.u32(at + 8);
    if (!sub || seen.has(target) || target === 0) continue;
    if (target + 2 > t.bytes.length) throw new Malformed('IFD pointer past the segment');
    seen.add(target);
    ifd(tree, t, target, sub, 0, seen);
  }
  return next;
}

/** An entry's value(s), where they lie. */
function values(tree: TreeBuilder, t: Tiff, e: Entry): void {
  const abs = (at: number) => t.bytes.abs(at);
  switch (e.type) {
    case 2: {
      const raw = t.bytes.bytes(e.at, e.count);
      const nul = raw.indexOf(0);
      const text = new TextDecoder().decode(nul < 0 ? raw : raw.subarray(0, nul));
      tree.add('image-jfif.ifd.value_ascii', abs(e.at), e.count, text);
      return;
    }
    case 7:
      tree.add('image-jfif.ifd.value_undefined', abs(e.at), e.count, t.bytes.bytes(e.at, e.count));
      return;
    case 5:
    case 10:
      for (let i = 0; i < e.count; i++) {
        const at = e.at + 8 * i;
        const signed = e.type === 10;
        const [num, den] = signed ? [t.i32(at), t.i32(at + 4)] : [t.u32(at), t.u32(at + 4)];
        const name = signed ? 'image-jfif.ifd.value_srational' : 'image-jfif.ifd.value_rational';
        tree.open(name, abs(at), 8, `Value: ${num}/${den}`);
        tree.add(`${name}.numerator`, abs(at), 4, num);
        tree.add(`${name}.denominator`, abs(at + 4), 4, den);
        tree.close();
      }
      return;
    default: {
      const each: Record<number, [string, number, (at: number) => number]> = {
        1: ['image-jfif.ifd.value_byte', 1, (at) => t.bytes.u8(at)],
        3: ['image-jfif.ifd.value_short', 2, (at) => t.u16(at)],
        4: ['image-jfif.ifd.value_long', 4, (at) => t.u32(at)],
        9: ['image-jfif.ifd.value_slong', 4, (at) => t.i32(at)],
      };
      const known = each[e.type];
      if (!known) return;
      const [name, size, read] = known;
      for (let i = 0; i < e.count; i++) tree.add(name, abs(e.at + size * i), size, read(e.at + size * i));
    }
  }
}
