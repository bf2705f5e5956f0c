import type { Core } from '../core/core';
import { hex, hexDump, printable } from '../core/follow-format';
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
