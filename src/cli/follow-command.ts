import type { Core } from '../core/core';
import { hex, hexDump, printable } from '../core/follow-format';
import { followChunks, streamMap, type Endpoint, type StreamProtocol } from '../core/streams';
import { dissectFrames } from '../passes/dissect-frames';
import type { IngestResult } from '../core/ingest';
import { CoreFrame } from '../dissectors/core-frame';
import { ipv4, ipv6 } from '../fields/format';
import { TlsDecryption } from '../tls/decryption';

export type FollowFormat = 'raw' | 'ascii' | 'hex';

const RULE = '===================================================================';

/** `loupe follow`: what `tshark -q -z follow,<proto>,<format>,<stream>` prints. */
export async function printFollow(
  core: Core,
  blob: Blob,
  protocol: StreamProtocol,
  stream: number,
  format: FollowFormat,
  write: (s: string) => void,
): Promise<void> {
  const map = await streamMap(core, blob, protocol, stream);
  let out = `\n${RULE}\nFollow: ${protocol},${format}\nFilter: ${protocol}.stream eq ${stream}\n`;
  // Node 0 is whoever sent the stream's first packet.
  const first = map.segments[0]?.side ?? 0;
  const node = (e?: Endpoint) => (e ? `${e.ipv6 ? `[${e.address}]` : e.address}:${e.port}` : ':0');
  out += `Node 0: ${node(map.endpoints[first])}\nNode 1: ${node(map.endpoints[first ^ 1])}\n`;
  out += chunksText(
    (await followChunks(blob, map)).map((chunk) => ({ fromNode1: chunk.side !== first, bytes: chunk.bytes })),
    format,
  );
  write(out + `${RULE}\n`);
}

/** The chunks of a followed stream as tshark prints them: node 1's indented by a tab. */
function chunksText(chunks: readonly { fromNode1: boolean; bytes: Uint8Array }[], format: FollowFormat): string {
  let out = '';
  const position = [0, 0];
  for (const chunk of chunks) {
    const indent = chunk.fromNode1 ? '\t' : '';
    if (format === 'raw') {
      out += indent + hex(chunk.bytes) + '\n';
    } else if (format === 'ascii') {
      out += `${indent}${chunk.bytes.length}\n${printable(chunk.bytes, true)}\n`;
    } else {
      const who = chunk.fromNode1 ? 1 : 0;
      out += hexDump(chunk.bytes, position[who], indent);
      position[who] += chunk.bytes.length;
    }
  }
  return out;
}

/**
 * `loupe follow <capture> tls <stream>`: the decrypted application data of one TLS connection, record by record,
 * as `tshark -o tls.keylog_file:... -q -z follow,tls,<format>,<stream>` prints it. Node 0 is the sender of the
 * first frame with a decrypted record (in TLS 1.3 the server, whose handshake is encrypted); tshark 4.0 leaves
 * node 1 unnamed.
 */
export async function printFollowTls(
  core: Core,
  blob: Blob,
  stream: number,
  format: FollowFormat,
  tls: TlsDecryption,
  write: (s: string) => void,
): Promise<IngestResult | undefined> {
  const records: { side: number; bytes: Uint8Array }[] = [];
  let firstFrame = 0;
  let firstSide = -1;
  let node0 = ':0';
  tls.onRecord = (record) => {
    if (record.stream !== stream) return;
    if (firstSide < 0) {
      firstSide = record.side;
      firstFrame = record.frame;
    }
    if (record.type === 23 && record.bytes.length) records.push({ side: record.side, bytes: record.bytes.slice() });
  };
  const result = await dissectFrames(
    core,
    blob,
    ({ number, input }) => {
      if (number === firstFrame && node0 === ':0') node0 = senderText(new CoreFrame(input));
    },
    { tls },
  );
  let out = `\n${RULE}\nFollow: tls,${format}\nFilter: tcp.stream eq ${stream}\nNode 0: ${node0}\nNode 1: :0\n`;
  out += chunksText(
    records.map((r) => ({ fromNode1: r.side !== firstSide, bytes: r.bytes })),
    format,
  );
  write(out + `${RULE}\n`);
  return result;
}

function senderText(f: CoreFrame): string {
  const port = f.value('tcp.srcport') ?? 0;
  if (f.has('ipv6')) return `[${ipv6(f.words('ipv6.src')!)}]:${port}`;
  return `${ipv4(f.value('ip.src') ?? 0)}:${port}`;
}
