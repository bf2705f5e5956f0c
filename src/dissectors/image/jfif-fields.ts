import { field } from '../../fields/define';
import { registerFields } from '../../fields/registry';

const SOF_KINDS = [
  'Baseline DCT',
  'Extended sequential DCT',
  'Progressive DCT',
  'Lossless (sequential)',
  '',
  'Differential sequential DCT',
  'Differential progressive DCT',
  'Differential lossless (sequential)',
  'Reserved for JPEG extensions',
  'Extended sequential DCT',
  'Progressive DCT',
  'Lossless (sequential)',
  '',
  'Differential sequential DCT',
  'Differential progressive DCT',
  'Differential lossless (sequential)',
];
const SOF_CODING = [
  'non-differential, Huffman coding',
  'differential, Huffman coding',
  'non-differential, arithmetic coding',
  'differential, arithmetic coding',
];

/** Marker names (ITU-T T.81 Table B.1) as Wireshark names them. */
export const MARKERS: Record<number, string> = {
  0xffc4: 'Define Huffman table(s)',
  0xffcc: 'Define arithmetic coding conditioning(s)',
  0xffd8: 'Start of Image',
  0xffd9: 'End of Image',
  0xffda: 'Start of Scan',
  0xffdb: 'Define quantization table(s)',
  0xffdc: 'Define number of lines',
  0xffdd: 'Define restart interval',
  0xffde: 'Define hierarchical progression',
  0xffdf: 'Expand reference component(s)',
  0xfffe: 'Comment',
  0xff01: 'For temporary private use in arithmetic coding',
};
for (let n = 0; n < 16; n++) {
  if (n !== 4 && n !== 12) MARKERS[0xffc0 + n] = `Start of Frame (${SOF_CODING[n >> 2]}) - ${SOF_KINDS[n]}`;
  MARKERS[0xffe0 + n] = `Reserved for application segments - ${n}`;
  if (n < 14) MARKERS[0xfff0 + n] = `Reserved for JPEG extensions - ${n}`;
}
for (let n = 0; n < 8; n++) MARKERS[0xffd0 + n] = `Restart interval termination - Restart with modulo 8 count ${n}`;

const UNITS: Record<number, string> = {
  0: 'No units; Xdensity and Ydensity specify the pixel aspect ratio',
  1: 'Dots per inch',
  2: 'Dots per centimeter',
};

/** TIFF field types (TIFF 6.0 §2) by Wireshark's names. */
export const TYPES: Record<number, string> = {
  1: 'BYTE',
  2: 'ASCII',
  3: 'SHORT',
  4: 'LONG',
  5: 'RATIONAL',
  7: 'UNDEFINED',
  9: 'SLONG',
  10: 'SRATIONAL',
};

registerFields([
  field('image-jfif', 'JPEG File Interchange Format', 'protocol'),
  field('image-jfif.marker', 'Marker', 'hex16', { values: MARKERS }),
  field('image-jfif.marker_segment', 'Marker segment', 'none'),
  field('image-jfif.length', 'Length', 'uint', { bits: 16 }),
  field('image-jfif.identifier', 'Identifier', 'string'),
  field('image-jfif.version', 'Version', 'none'),
  field('image-jfif.version.major', 'Major Version', 'uint', { bits: 8 }),
  field('image-jfif.version.minor', 'Minor Version', 'uint', { bits: 8 }),
  field('image-jfif.units', 'Units', 'uint', { bits: 8, values: UNITS }),
  field('image-jfif.Xdensity', 'Xdensity', 'uint', { bits: 16 }),
  field('image-jfif.Ydensity', 'Ydensity', 'uint', { bits: 16 }),
  field('image-jfif.Xthumbnail', 'Xthumbnail', 'uint', { bits: 16 }),
  field('image-jfif.Ythumbnail', 'Ythumbnail', 'uint', { bits: 16 }),
  field('image-jfif.RGB', 'RGB values of thumbnail pixels', 'bytes'),
  field('image-jfif.extension.code', 'Extension code', 'hex8', {
    values: {
      0x10: 'Thumbnail encoded using JPEG',
      0x11: 'Thumbnail encoded using one byte/pixel',
      0x13: 'Thumbnail encoded using three bytes/pixel',
    },
  }),
  field('image-jfif.sof', 'Start of Frame header', 'none'),
  field('image-jfif.sof.precision', 'Sample Precision (bits)', 'uint', { bits: 8 }),
  field('image-jfif.sof.lines', 'Lines', 'uint', { bits: 16 }),
  field('image-jfif.sof.samples_per_line', 'Samples per line', 'uint', { bits: 16 }),
  field('image-jfif.sof.nf', 'Number of image components in frame', 'uint', { bits: 8 }),
  field('image-jfif.sof.c_i', 'Component identifier', 'uint', { bits: 8 }),
  field('image-jfif.sof.h_i', 'Horizontal sampling factor', 'uint', { bits: 8 }),
  field('image-jfif.sof.v_i', 'Vertical sampling factor', 'uint', { bits: 8 }),
  field('image-jfif.sof.tq_i', 'Quantization table destination selector', 'uint', { bits: 8 }),
  field('image-jfif.header.sos', 'Start of Segment header', 'none'),
  field('image-jfif.sos.ns', 'Number of image components in scan', 'uint', { bits: 8 }),
  field('image-jfif.sos.component_selector', 'Scan component selector', 'uint', { bits: 8 }),
  field('image-jfif.sos.dc_entropy_selector', 'DC entropy coding table destination selector', 'uint', { bits: 8 }),
  field('image-jfif.sos.ac_entropy_selector', 'AC entropy coding table destination selector', 'uint', { bits: 8 }),
  field('image-jfif.sos.ss', 'Start of spectral or predictor selection', 'uint', { bits: 8 }),
  field('image-jfif.sos.se', 'End of spectral selection', 'uint', { bits: 8 }),
  field('image-jfif.sos.ah', 'Successive approximation bit position high', 'uint', { bits: 8 }),
  field('image-jfif.sos.al', 'Successive approximation bit position low or point transform', 'uint', { bits: 8 }),
  field('image-jfif.header.comment', 'Comment header', 'none'),
  field('image-jfif.comment', 'Comment', 'string'),
  field('image-jfif.remain_seg_data', 'Remaining segment data', 'bytes'),
  field('image-jfif.endianness', 'Endianness', 'hex16', { values: { 0x4949: 'little endian', 0x4d4d: 'big endian' } }),
  field('image-jfif.start_ifd_offset', 'Start offset of IFD starting from the TIFF header start', 'uint'),
  field('image-jfif.next_ifd_offset', 'Offset to next IFD from start of TIFF header', 'uint'),
  field('image-jfif.exif_flashpix_marker', 'Exif FlashPix APP2 application marker', 'none'),
  field('image-jfif.entropy_coded_segment', 'Entropy-coded segment (dissection is not yet implemented)', 'bytes'),
  field('image-jfif.fill_bytes', 'Fill bytes', 'bytes'),
  field('image-jfif.ifd.num_fields', 'Number of fields in this IFD', 'uint', { bits: 16 }),
  field('image-jfif.ifd.tag', 'Tag', 'uint', { bits: 16 }),
  field('image-jfif.ifd.tag_exif', 'Tag', 'uint', { bits: 16 }),
  field('image-jfif.ifd.tag_gps', 'Tag', 'uint', { bits: 16 }),
  field('image-jfif.ifd.tag_interop', 'Tag', 'uint', { bits: 16 }),
  field('image-jfif.ifd.type', 'Type', 'uint', { bits: 16, values: TYPES }),
  field('image-jfif.ifd.count', 'Count', 'uint'),
  field('image-jfif.ifd.offset', 'Value offset from start of TIFF header', 'uint'),
  field('image-jfif.ifd.value_byte', 'Value', 'uint', { bits: 8 }),
  field('image-jfif.ifd.value_ascii', 'Value', 'string'),
  field('image-jfif.ifd.value_short', 'Value', 'uint', { bits: 16 }),
  field('image-jfif.ifd.value_long', 'Value', 'uint'),
  field('image-jfif.ifd.value_rational', 'Value', 'none'),
  field('image-jfif.ifd.value_rational.numerator', 'Numerator', 'uint'),
  field('image-jfif.ifd.value_rational.denominator', 'Denominator', 'uint'),
  field('image-jfif.ifd.value_undefined', 'Value (raw)', 'bytes'),
  field('image-jfif.ifd.value_slong', 'Value', 'int'),
  field('image-jfif.ifd.value_srational', 'Value', 'none'),
  field('image-jfif.ifd.value_srational.numerator', 'Numerator', 'int'),
  field('image-jfif.ifd.value_srational.denominator', 'Denominator', 'int'),
]);
