import { describe, expect, it } from 'vitest';
import { contentType, decodeText, header, parseImFormat, parseMime } from '../../src/msn/mime';

describe('MSG payloads', () => {
  it('splits headers from the body at the empty line', () => {
    const m = parseMime(
      new TextEncoder().encode('MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhi\r\nthere'),
    );
    expect(header(m.headers, 'content-type')).toBe('text/plain; charset=UTF-8');
    expect(new TextDecoder().decode(m.body)).toBe('hi\r\nthere');
  });

  it('reads the media type and charset, and decodes in that charset', () => {
    expect(contentType('text/plain; charset="ISO-8859-1"')).toEqual({ type: 'text/plain', charset: 'ISO-8859-1' });
    expect(decodeText(Uint8Array.of(0x47, 0x72, 0xfc, 0xdf, 0x65), 'ISO-8859-1')).toBe('Grüße');
    expect(decodeText(new TextEncoder().encode('Grüße'), 'no-such-charset')).toBe('Grüße');
  });

  it('reads X-MMS-IM-Format: font, effects, BGR colour as CSS', () => {
    expect(parseImFormat('FN=Comic%20Sans%20MS; EF=BI; CO=ff; CS=0; PF=22')).toEqual({
      font: 'Comic Sans MS',
      effects: 'BI',
      color: '#ff0000',
      charset: '0',
      pitchFamily: '22',
    });
    expect(parseImFormat('FN=Arial; EF=; CO=8000; CS=0; PF=0').color).toBe('#008000');
  });
});
