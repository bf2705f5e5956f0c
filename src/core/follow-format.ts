/** How Follow Stream prints payload bytes, as tshark's `-z follow` does: shared by `loupe follow` and the app. */

/** Lowercase hex, no separators (Follow's "raw" format). */
export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Printable ASCII as is, line breaks (CR, LF) kept in text mode, everything else '.' (tabs too, as tshark). */
export function printable(bytes: Uint8Array, keepLineBreaks: boolean): string {
  let s = '';
  for (const b of bytes) {
    const keep = (b >= 0x20 && b < 0x7f) || (keepLineBreaks && (b === 0x0a || b === 0x0d));
    s += keep ? String.fromCharCode(b) : '.';
  }
  return s;
}

/** 16 bytes a line: offset, hex in two groups of eight, then the bytes as text in two groups. */
export function hexDump(bytes: Uint8Array, start: number, indent: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 16) {
    const line = bytes.subarray(i, i + 16);
    let h = '';
    for (let j = 0; j < 16; j++) {
      h += j < line.length ? line[j].toString(16).padStart(2, '0') + ' ' : '   ';
      if (j === 7) h += ' ';
    }
    const text = printable(line, false);
    const a = text.length >= 8 ? text.slice(0, 8) + ' ' + text.slice(8) : text;
    // tshark prints the offset in capitals, puts a blank after the eighth character even when it is the last,
    // then drops one trailing blank (measured against tshark 4.0).
    const line16 = `${indent}${(start + i).toString(16).toUpperCase().padStart(8, '0')}  ${h} ${a}`;
    out += (line16.endsWith(' ') ? line16.slice(0, -1) : line16) + '\n';
  }
  return out;
}
