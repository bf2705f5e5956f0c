/** Wireshark keeps a tree line's text within 240 bytes (ITEM_LABEL_LENGTH, with its NUL). */
const ITEM_LABEL_LENGTH = 240;
const TRUNCATED_TEXT_LENGTH = ITEM_LABEL_LENGTH - 2;

/**
 * "label: value" as a tree line, or, when that does not fit Wireshark's label buffer, cut to fit with
 * " [truncated]" after the label, as Wireshark marks it.
 */
export function limitedLabel(label: string, value: string): string {
  const full = `${label}: ${value}`;
  if (utf8Length(full) < ITEM_LABEL_LENGTH - 1) return full;
  return cutUtf8(`${label} [truncated]: ${value}`, TRUNCATED_TEXT_LENGTH);
}

/**
 * The UTF-8 length of `text` as TextEncoder writes it (a lone surrogate is U+FFFD, 3 bytes), counted without
 * encoding: these run for every tree line and expert item, where an encoder call each was a good part of a frame.
 */
export function utf8Length(text: string): number {
  const n = text.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two code units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The longest prefix of `text` whose UTF-8 form has at most `bytes` bytes, not splitting a character. */
export function cutUtf8(text: string, bytes: number): string {
  // Three bytes at most per UTF-16 code unit: short text needs no counting.
  if (text.length * 3 <= bytes || utf8Length(text) <= bytes) return text;
  const n = text.length;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (used + size > bytes) return text.slice(0, i);
    used += size;
    if (pair) i++;
  }
  return text;
}
