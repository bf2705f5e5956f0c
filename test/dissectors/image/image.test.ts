import { describe, expect, it } from 'vitest';
import { goldenMismatches } from '../support/frames';

describe('PNG, JPEG (JFIF/Exif) and GIF in HTTP bodies', () => {
  // apps/images.pcap: images.py's small images from ImageMagick (and an Exif segment written by hand) served by
  // Python's http.server on 127.0.0.1:8000.
  it('matches tshark on images served over HTTP', async () => {
    expect(await goldenMismatches('apps/images.pcap')).toEqual([]);
  });

  // apps/images-edge.pcap: images-edge.py's images written from the specifications (see its docstring).
  it('matches tshark on every chunk, extension, marker and IFD kind, refused and malformed images', async () => {
    expect(await goldenMismatches('apps/images-edge.pcap')).toEqual([]);
  });
});
