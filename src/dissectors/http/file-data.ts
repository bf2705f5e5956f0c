/** http.file_data as tshark 4.0 reads it: ASCII up to the first NUL, other bytes as U+FFFD. */
export function fileDataText(b: Uint8Array): string {
  const nul = b.indexOf(0);
  const end = nul < 0 ? b.length : nul;
  let text = '';
  for (let at = 0; at < end; at += 8192) text += String.fromCharCode(...b.subarray(at, Math.min(end, at + 8192)));
  return asciiText(text);
}

/** Latin-1 text as tshark's ASCII strings read it: each byte above 0x7f a U+FFFD. */
/** Latin-1 text with the bytes beyond ASCII as U+FFFD, as tshark shows them. */
export function asciiText(latin1: string): string {
  return latin1.replace(/[\x80-\xff]/g, '\ufffd');
}
