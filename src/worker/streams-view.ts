import { NO_STREAM, Transport } from '../abi/core-constants';
import { followChunks, streamMapFromIndex } from '../core/streams';
import { dissectorNames, heuristicsFor } from '../dissectors/api';
import { decodeAsProtocols } from '../dissectors/decode-as';
import type { DecodeAsTarget, FollowedStream, FollowKind, StreamRef } from '../api/capture-api';
import type { SessionContext } from './capture-state';

/** The conversations of the capture: which a frame belongs to, Follow Stream, and what Decode As offers for a frame. */
export class StreamsView {
  constructor(private readonly ctx: SessionContext) {}

  /** The conversations frame `number` belongs to that Follow Stream can show (innermost first). */
  async streamsOf(number: number): Promise<StreamRef[]> {
    const index = this.ctx.capture.index;
    const i = number - 1;
    if (i < 0 || i >= index.count || index.at('stream', i) === NO_STREAM) return [];
    return [{ kind: index.at('transport', i) & Transport.Udp ? 'udp' : 'tcp', stream: index.at('stream', i) }];
  }

  async streamCount(kind: FollowKind): Promise<number> {
    return this.ctx.capture.streams.count(kind);
  }

  /** Follow sources by kind: TCP and UDP from the index's segment map; TLS and HTTP add theirs here. */
  private readonly followSources: Record<FollowKind, (stream: number) => Promise<FollowedStream | undefined>> = {
    tcp: (stream) => this.followTransport('tcp', stream),
    udp: (stream) => this.followTransport('udp', stream),
  };

  async follow(ref: StreamRef): Promise<FollowedStream | undefined> {
    return this.followSources[ref.kind](ref.stream);
  }

  private async followTransport(kind: 'tcp' | 'udp', stream: number): Promise<FollowedStream | undefined> {
    const capture = this.ctx.capture;
    const rows = capture.streams.of(kind, stream);
    if (rows.length === 0) return undefined;
    // Payload is sliced from the file per segment: nothing but the stream's own bytes is read.
    const map = streamMapFromIndex(this.ctx.cores.ingest, capture.index, rows, kind, stream, capture.payloadPieces);
    const first = map.segments[0].side;
    const chunks = (await followChunks(capture.blob, map)).map((c) => ({ fromServer: c.side !== first, frame: c.frame, bytes: c.bytes }));
    return { kind, stream, client: map.endpoints[first], server: map.endpoints[first ^ 1], chunks };
  }

  /** Where frame `number` could be decoded as another protocol: its ports and conversation, and the choices. */
  async decodeAsTarget(number: number): Promise<DecodeAsTarget | undefined> {
    const index = this.ctx.capture.index;
    const i = number - 1;
    if (i < 0 || i >= index.count || index.at('stream', i) === NO_STREAM) return undefined;
    const transport = index.at('transport', i) & Transport.Udp ? 'udp' : 'tcp';
    return {
      transport,
      ports: [index.at('srcPort', i), index.at('dstPort', i)],
      stream: index.at('stream', i),
      protocols: decodeAsProtocols(`${transport}.port`),
      allProtocols: dissectorNames(),
      heuristics: (['tcp', 'udp'] as const).flatMap((t) => heuristicsFor(t).map((h) => ({ name: h.name, enabledByDefault: h.enabledByDefault }))),
    };
  }
}
