import type { Core } from '../core/core';
import { followChunks, streamMap, type Endpoint, type StreamProtocol } from '../core/streams';

export type FollowFormat = 'raw' | 'ascii' | 'hex';

const RULE = '===================================================================';

/** `loupe follow`: what `tshark -q -z follow,<proto>,<format>,<stream>` prints. */
export async function printFollow(core: Core, blob: Blob, protocol: StreamProtocol, stream: number, format: FollowFormat,
                                  write: (s: string) => void): Promise<void> {
  const map = await streamMap(core, blob, protocol, stream);
  let out = `\n${RULE}\nFollow: ${protocol},${format}\nFilter: ${protocol}.stream eq ${stream}\n`;
  // Node 0 is whoever sent the stream's first packet.
  const first = map.segments[0]?.side ?? 0;
  const node = (e?: Endpoint) => (e ? `${e.ipv6 ? `[${e.address}]` : e.address}:${e.port}` : ':0');
  out += `Node 0: ${node(map.endpoints[first])}\nNode 1: ${node(map.endpoints[first ^ 1])}\n`;
  const position = [0, 0];
  for (const chunk of await followChunks(blob, map)) {
    const server = chunk.side !== first;
    const indent = server ? '\t' : '';
    if (format === 'raw') {
      out += indent + hex(chunk.bytes) + '\n';
    } else if (format === 'ascii') {
      out += `${indent}${chunk.bytes.length}\n${printable(chunk.bytes, true)}\n`;
    } else {
      const who = server ? 1 : 0;
      out += hexDump(chunk.bytes, position[who], indent);
      position[who] += chunk.bytes.length;
    }
  }
  write(out + `${RULE}\n`);
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Printable ASCII as is, line breaks (CR, LF) kept in text mode, everything else '.' (tabs too, as tshark). */
function printable(bytes: Uint8Array, keepControls: boolean): string {
  let s = '';
  for (const b of bytes) {
    const keep = (b >= 0x20 && b < 0x7f) || (keepControls && (b === 0x0a || b === 0x0d));
    s += keep ? String.fromCharCode(b) : '.';
  }
  return s;
}

/** 16 bytes a line: offset, hex in two groups of eight, then the bytes as text in two groups. */
function hexDump(bytes: Uint8Array, start: number, indent: string): string {
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
