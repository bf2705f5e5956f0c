import { registerFields } from '../../fields/registry';
import type { Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { field } from '../../fields/define';

registerFields([field('data-text-lines', 'Line-based text data', 'protocol')]);

/** Wireshark cuts a tree line's text at this many characters and marks it "[truncated]". */
const LINE_TEXT_MAX = 240;

/**
 * "Line-based text data: text/html (N lines)": text handed over by another protocol (an HTTP body, an FTP
 * transfer, an SMTP message), one tree line per line, each with its line ending. `mediaType` is the type it was
 * given as, when it came with one.
 */
export function addTextLines(tree: TreeBuilder, text: Bytes, mediaType?: string): void {
  const lines = splitLines(text);
  const what = mediaType ? `Line-based text data: ${mediaType}` : 'Line-based text data';
  tree.open('data-text-lines', text.abs(0), text.length, `${what} (${lines.length} lines)`);
  for (const [at, length] of lines) {
    tree.openText(lineText(text.text(at, length)), text.abs(at), length);
    tree.close();
  }
  tree.close();
}

/** Each line's offset and length, its line ending included; a last line without one counts too. */
export function splitLines(text: Bytes): [number, number][] {
  const lines: [number, number][] = [];
  for (let at = 0; at < text.length;) {
    const lf = text.indexOf(0x0a, at);
    const end = lf < 0 ? text.length : lf + 1;
    lines.push([at, end - at]);
    at = end;
  }
  return lines;
}

function lineText(line: string): string {
  return line.length > LINE_TEXT_MAX ? `[truncated]${line.slice(0, LINE_TEXT_MAX)}` : line;
}
