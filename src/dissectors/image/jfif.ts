import { Malformed, type Bytes } from '../bytes';
import { bitLine } from '../bit-line';
import { addExpert } from '../expert';
import { registerMediaType } from '../media/media';
import type { TreeBuilder } from '../tree';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';
import { dissectExif } from './exif';
import { MARKERS } from './jfif-fields';

const [SOI, EOI, SOS, COM, APP0, APP1, APP2] = [0xffd8, 0xffd9, 0xffda, 0xfffe, 0xffe0, 0xffe1, 0xffe2];
const hex = (marker: number, upper = false) => {
  const digits = marker.toString(16).padStart(4, '0');
  return `0x${upper ? digits.toUpperCase() : digits}`;
};
const isSof = (m: number) => m >= 0xffc0 && m <= 0xffcf && m !== 0xffc4 && m !== 0xffcc;
const isStandalone = (m: number) => (m >= 0xffd0 && m <= 0xffd7) || m === 0xff01;

/**
 * A JPEG file (ITU-T T.81 Annex B) with its JFIF (APP0) or Exif (APP1) segment first, as Wireshark takes one: each
 * marker and marker segment, the frame and scan headers, comments, JFIF and Exif fields, the entropy-coded data.
 */
function isJfif(body: Bytes): boolean {
  if (body.length < 11 || body.u16(0) !== SOI) return false;
  return startsJfif(body) || (body.u16(2) === APP1 && body.latin1(6, 5) === 'Exif\0');
}

/** Whether the first segment is JFIF's APP0 (else it is Exif's APP1, which Wireshark warns about). */
function startsJfif(body: Bytes): boolean {
  const id = body.latin1(6, 5);
  return body.u16(2) === APP0 && (id === 'JFIF\0' || id === 'JFXX\0');
}

function dissectJfif(tree: TreeBuilder, body: Bytes): void {
  const jfif = startsJfif(body);
  tree.open('image-jfif', body.abs(0), body.length);
  marker(tree, body, 0);
  for (let at = 2; at + 1 < body.length;) {
    if (body.u8(at) !== 0xff) break;
    const m = body.u16(at);
    if (m === EOI) {
      marker(tree, body, at);
      break;
    }
    if (isStandalone(m)) {
      // A restart marker (RSTn) sits between a scan's entropy-coded intervals.
      marker(tree, body, at);
      at = m === 0xff01 ? at + 2 : entropyCoded(tree, body, at + 2);
      continue;
    }
    if (m < 0xffc0) {
      // A reserved marker: Wireshark names it and reads no further.
      tree.add('image-jfif.marker', body.abs(at), 2, m, `Marker: Unknown (${hex(m)}) (Reserved)`);
      break;
    }
    const length = body.u16(at + 2);
    const segment = body.sub(at, 2 + length);
    segmentTree(tree, segment, m, at === 2 && !jfif);
    at += 2 + length;
    if (m === SOS) at = entropyCoded(tree, body, at);
  }
  tree.close();
}

function marker(tree: TreeBuilder, body: Bytes, at: number): void {
  const m = body.u16(at);
  tree.add('image-jfif.marker', body.abs(at), 2, m, `Marker: ${MARKERS[m] ?? 'Unknown'} (${hex(m)})`);
}

/** One marker segment under its header line: marker, length, then what its kind holds. */
function segmentTree(tree: TreeBuilder, s: Bytes, m: number, exifFirst: boolean): void {
  const name = MARKERS[m] ?? 'Unknown';
  const title = `${name} (${hex(m, true)})`;
  if (isSof(m)) tree.open('image-jfif.sof', s.abs(0), s.length, `Start of Frame header: ${title}`);
  else if (m === SOS) tree.open('image-jfif.header.sos', s.abs(0), s.length, `Start of Segment header: ${title}`);
  else if (m === COM) tree.open('image-jfif.header.comment', s.abs(0), s.length, `Comment header: ${title}`);
  else tree.open('image-jfif.marker_segment', s.abs(0), s.length, `Marker segment: ${title}`);
  marker(tree, s, 0);
  tree.add('image-jfif.length', s.abs(2), 2, s.u16(2));
  if (isSof(m)) frameHeader(tree, s);
  else if (m === SOS) scanHeader(tree, s);
  else if (m === COM) tree.add('image-jfif.comment', s.abs(4), s.length - 4, ascii(s.bytes(4, s.length - 4)));
  else if (m === APP0 || m === APP1 || m === APP2) application(tree, s, m, exifFirst);
  else remaining(tree, s, 4);
  tree.close();
  // Wireshark puts a FlashPix APP2's line beside its segment, not in it.
  if (m === APP2 && s.length >= 9 && s.latin1(4, 5) === 'FPXR\0')
    tree.add('image-jfif.exif_flashpix_marker', s.abs(9), s.length - 9);
}

/** Text read as ASCII, as Wireshark reads the comment: each byte over 0x7f is U+FFFD. */
function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes).replace(/[\x80-\xff]/g, '\ufffd');
}

function remaining(tree: TreeBuilder, s: Bytes, from: number): void {
  const n = s.length - from;
  if (n > 0)
    tree.add('image-jfif.remain_seg_data', s.abs(from), n, s.bytes(from, n), `Remaining segment data: ${n} bytes`);
}

/** APP0 (JFIF, JFXX), APP1 (Exif) and APP2 (FlashPix) by their NUL-terminated identifier. */
function application(tree: TreeBuilder, s: Bytes, m: number, exifFirst: boolean): void {
  const nul = s.indexOf(0, 4);
  if (nul < 0) throw new Malformed('unterminated identifier');
  const id = s.latin1(4, nul - 4);
  const after = nul + 1;
  const known =
    (m === APP0 && (id === 'JFIF' || id === 'JFXX')) || (m === APP1 && id === 'Exif') || (m === APP2 && id === 'FPXR');
  const text = `Identifier: ${id}${known ? '' : ' (Unknown identifier)'}`;
  tree.open('image-jfif.identifier', s.abs(4), after - 4, text, id);
  if (exifFirst)
    addExpert(
      tree,
      {
        severity: ExpertSeverity.Warn,
        group: ExpertGroup.Protocol,
        message: 'Initial App0 segment with "JFIF" Identifier not found',
      },
      s.abs(4),
      after - 4,
    );
  tree.close();
  if (m === APP0 && id === 'JFIF') return jfifFields(tree, s, after);
  if (m === APP0 && id === 'JFXX') {
    tree.add('image-jfif.extension.code', s.abs(after), 1, s.u8(after));
    return remaining(tree, s, after + 1);
  }
  // "Exif" is followed by a pad byte, then the TIFF header (Exif 2.3 §4.7.2).
  if (m === APP1 && id === 'Exif') return dissectExif(tree, s.sub(after + 1));
  if (m === APP2 && id === 'FPXR') return; // shown after the segment (segmentTree)
  remaining(tree, s, after);
}

function jfifFields(tree: TreeBuilder, s: Bytes, at: number): void {
  const [major, minor] = [s.u8(at), s.u8(at + 1)];
  tree.open('image-jfif.version', s.abs(at), 2, `Version: ${major}.${String(minor).padStart(1, '0')}`);
  tree.add('image-jfif.version.major', s.abs(at), 1, major);
  tree.add('image-jfif.version.minor', s.abs(at + 1), 1, minor);
  tree.close();
  tree.add('image-jfif.units', s.abs(at + 2), 1, s.u8(at + 2));
  tree.add('image-jfif.Xdensity', s.abs(at + 3), 2, s.u16(at + 3));
  tree.add('image-jfif.Ydensity', s.abs(at + 5), 2, s.u16(at + 5));
  const [x, y] = [s.u8(at + 7), s.u8(at + 8)];
  tree.add('image-jfif.Xthumbnail', s.abs(at + 7), 1, x);
  tree.add('image-jfif.Ythumbnail', s.abs(at + 8), 1, y);
  if (x * y) tree.add('image-jfif.RGB', s.abs(at + 9), 3 * x * y, s.bytes(at + 9, 3 * x * y));
}

/** SOFn (T.81 §B.2.2): precision, lines, samples per line, and each component. */
function frameHeader(tree: TreeBuilder, s: Bytes): void {
  tree.add('image-jfif.sof.precision', s.abs(4), 1, s.u8(4));
  tree.add('image-jfif.sof.lines', s.abs(5), 2, s.u16(5));
  tree.add('image-jfif.sof.samples_per_line', s.abs(7), 2, s.u16(7));
  const n = s.u8(9);
  tree.add('image-jfif.sof.nf', s.abs(9), 1, n);
  for (let i = 0, at = 10; i < n; i++, at += 3) {
    tree.add('image-jfif.sof.c_i', s.abs(at), 1, s.u8(at));
    nibbles(
      tree,
      s,
      at + 1,
      'image-jfif.sof.h_i',
      'Horizontal sampling factor',
      'image-jfif.sof.v_i',
      'Vertical sampling factor',
    );
    tree.add('image-jfif.sof.tq_i', s.abs(at + 2), 1, s.u8(at + 2));
  }
}

/** SOS (T.81 §B.2.3): the components with their table selectors, spectral selection and approximation. */
function scanHeader(tree: TreeBuilder, s: Bytes): void {
  const n = s.u8(4);
  tree.add('image-jfif.sos.ns', s.abs(4), 1, n);
  let at = 5;
  for (let i = 0; i < n; i++, at += 2) {
    tree.add('image-jfif.sos.component_selector', s.abs(at), 1, s.u8(at));
    nibbles(
      tree,
      s,
      at + 1,
      'image-jfif.sos.dc_entropy_selector',
      'DC entropy coding table destination selector',
      'image-jfif.sos.ac_entropy_selector',
      'AC entropy coding table destination selector',
    );
  }
  tree.add('image-jfif.sos.ss', s.abs(at), 1, s.u8(at));
  tree.add('image-jfif.sos.se', s.abs(at + 1), 1, s.u8(at + 1));
  nibbles(
    tree,
    s,
    at + 2,
    'image-jfif.sos.ah',
    'Successive approximation bit position high',
    'image-jfif.sos.al',
    'Successive approximation bit position low or point transform',
  );
}

function nibbles(
  tree: TreeBuilder,
  s: Bytes,
  at: number,
  high: string,
  highLabel: string,
  low: string,
  lowLabel: string,
): void {
  const b = s.u8(at);
  tree.add(high, s.abs(at), 1, b >> 4, `${bitLine(b, 0xf0, 8)} = ${highLabel}: ${b >> 4}`);
  tree.add(low, s.abs(at), 1, b & 15, `${bitLine(b, 0x0f, 8)} = ${lowLabel}: ${b & 15}`);
}

/** A scan's entropy-coded data up to the next marker (a stuffed 0xff00 is data; a restart marker ends it). */
function entropyCoded(tree: TreeBuilder, body: Bytes, from: number): number {
  let at = from;
  while (at + 1 < body.length) {
    if (body.u8(at) === 0xff) {
      const next = body.u8(at + 1);
      if (next !== 0) break;
    }
    at++;
  }
  if (at + 1 >= body.length) at = body.length;
  if (at > from) tree.add('image-jfif.entropy_coded_segment', body.abs(from), at - from, body.bytes(from, at - from));
  return at;
}

registerMediaType('image/jpeg', {
  shortName: 'JFIF (JPEG) image',
  note: () => ' (JPEG JFIF image)',
  accepts: isJfif,
  dissect: dissectJfif,
});
