/** Wireshark keeps a tree line's text within 240 bytes (ITEM_LABEL_LENGTH, with its NUL). */
const ITEM_LABEL_LENGTH = 240;
const TRUNCATED_TEXT_LENGTH = ITEM_LABEL_LENGTH - 2;

/**
 * "label: value" as a tree line, or, when that does not fit Wireshark's label buffer, cut to fit with
 * " [truncated]" after the label, as Wireshark marks it.
 */
export function limitedLabel(label: string, value: string): string {
  const full = `${label}: ${value}`;
  if (new TextEncoder().encode(full).length < ITEM_LABEL_LENGTH - 1) return full;
  return cutUtf8(`${label} [truncated]: ${value}`, TRUNCATED_TEXT_LENGTH);
}

/** The longest prefix of `text` whose UTF-8 form has at most `bytes` bytes, not splitting a character. */
export function cutUtf8(text: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = new TextEncoder().encode(ch).length;
    if (used + size > bytes) break;
    used += size;
    out += ch;
  }
  return out;
}
