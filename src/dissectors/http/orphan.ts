import type { Bytes } from '../bytes';
import type { PacketContext, PduResult } from '../api';
import { ONE_MORE_SEGMENT } from '../api';
import { addBody } from '../media/media';
import { fileDataText } from './file-data';
import { addExpert } from '../expert';
import { ExpertGroup, ExpertSeverity } from '../../abi/core-constants';

/**
 * A PDU that starts with no request or status line, on an HTTP connection (a capture begun mid-message): Wireshark
 * still reads it as HTTP header lines when its first line holds a colon, each following line with a colon another
 * header, the rest a body. Its first byte must be printable ASCII (else it is no HTTP) and its first line end in
 * the data (else it waits for the next segment). Columns stay the transport's. Undefined when it is no such PDU.
 */
export function orphanHeaders(data: Bytes, ctx: PacketContext): PduResult | undefined {
  if (data.length === 0 || !isPrintable(data.u8(0))) return undefined;
  const first = nextLine(data, 0);
  if (first === undefined) return { more: ONE_MORE_SEGMENT };
  const colon = data.indexOf(0x3a, 0);
  if (colon < 0 || colon >= first.end) return undefined;
  const { tree } = ctx;
  tree.open('http', data.abs(0), data.length);
  let at = 0;
  for (let line = nextLine(data, at, true); line; line = nextLine(data, at, true)) {
    const colon = data.indexOf(0x3a, at);
    if (line.end === at || colon < 0 || colon >= line.end) break;
    tree.openText(data.text(at, line.next - at), data.abs(at), line.next - at);
    if (!isToken(data.bytes(at, colon - at))) addExpert(tree, ILLEGAL_NAME, data.abs(at), colon - at);
    tree.close();
    at = line.next;
  }
  const rest = data.length - at;
  if (rest > 0) {
    const body = data.bytes(at, rest);
    tree.add('http.file_data', data.abs(at), rest, fileDataText(body), `File Data: ${rest} bytes`);
    addBody(tree, data.sub(at, rest), '');
  }
  tree.close();
  return data.length;
}

const ILLEGAL_NAME = {
  severity: ExpertSeverity.Warn,
  group: ExpertGroup.Protocol,
  message: 'Illegal characters found in header name',
} as const;

const isPrintable = (c: number) => c >= 0x20 && c < 0x7f;

/**
 * The line starting at `from`: where it ends (a CR, an LF or CR LF, as Wireshark's line finder) and the next starts;
 * with `toEnd`, bytes with no line end are a line too.
 */
function nextLine(data: Bytes, from: number, toEnd = false): { end: number; next: number } | undefined {
  for (let p = from; p < data.length; p++) {
    const c = data.u8(p);
    if (c === 0x0a) return { end: p, next: p + 1 };
    if (c === 0x0d) return { end: p, next: p + 1 < data.length && data.u8(p + 1) === 0x0a ? p + 2 : p + 1 };
  }
  // The last bytes, unterminated, are a line of their own once the message is being read.
  return toEnd && from < data.length ? { end: data.length, next: data.length } : undefined;
}

/** RFC 9110 token characters: a header name of anything else is illegal. */
function isToken(name: Uint8Array): boolean {
  if (name.length === 0) return false;
  for (const c of name) {
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!alnum && !"!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))) return false;
  }
  return true;
}
