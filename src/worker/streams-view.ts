import { NO_STREAM, Transport } from '../abi/core-constants';
import { followChunks, streamMapFromIndex } from '../core/streams';
import { dissectorNames, heuristicsFor } from '../dissectors/api';
import { decodeAsProtocols } from '../dissectors/decode-as';
import type { DecodeAsTarget, FollowedStream, FollowKind, StreamRef } from '../api/capture-api';
import type { Core } from '../core/core';
import type { SessionContext } from './capture-state';
import type { ColumnTable } from './column-table';
import { followTls } from './follow-tls';

/** The conversations of the capture: which a frame belongs to, Follow Stream, and what Decode As offers for a frame. */
export class StreamsView {
  private followCore?: Promise<Core>;
  private followQueue: Promise<unknown> = Promise.resolve();

  /** `columns`: the Protocol column so far, which tells the conversations that carry TLS. */
  constructor(
    private readonly ctx: SessionContext,
    private readonly columns: () => ColumnTable,
  ) {}

  /** The conversations frame `number` belongs to that Follow Stream can show (innermost first). */
  async streamsOf(number: number): Promise<StreamRef[]> {
    const index = this.ctx.capture.index;
    const i = number - 1;
    if (i < 0 || i >= index.count || index.at('stream', i) === NO_STREAM) return [];
    const stream = index.at('stream', i);
    if (index.at('transport', i) & Transport.Udp) return [{ kind: 'udp', stream }];
    return this.carriesTls(stream)
      ? [
          { kind: 'tls', stream },
          { kind: 'tcp', stream },
        ]
      : [{ kind: 'tcp', stream }];
  }

  /** Whether a TCP conversation carries TLS, by the Protocol column of its frames (dissected so far). */
  private carriesTls(stream: number): boolean {
    const columns = this.columns();
    return this.ctx.capture.streams
      .of('tcp', stream)
      .some((row) => row < columns.count && /^(TLS|SSL)/.test(columns.protocol(row)));
  }

  async streamCount(kind: FollowKind): Promise<number> {
    // A TLS stream is numbered as the TCP conversation it runs in.
    return this.ctx.capture.streams.count(kind === 'tls' ? 'tcp' : kind);
  }

  /** Follow sources by kind: TCP and UDP from the index's segment map, TLS decrypted by a pass over its frames. */
  private readonly followSources: Record<FollowKind, (stream: number) => Promise<FollowedStream | undefined>> = {
    tcp: (stream) => this.followTransport('tcp', stream),
    udp: (stream) => this.followTransport('udp', stream),
    tls: (stream) => this.followTlsStream(stream),
  };

  private async followTlsStream(stream: number): Promise<FollowedStream | undefined> {
    const tcp = await this.followTransport('tcp', stream);
    if (!tcp) return undefined;
    const { blob, streams } = this.ctx.capture;
    const frames = Uint32Array.from(streams.of('tcp', stream), (row) => row + 1);
    const core = await (this.followCore ??= this.ctx.newCore());
    const run = this.followQueue.then(() =>
      this.ctx.urgently(() => followTls(core, blob, stream, frames, this.ctx.tlsKeys.decryption(), this.ctx.settings)),
    );
    this.followQueue = run.catch(() => {});
    return { ...tcp, kind: 'tls', chunks: await run };
  }

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
    const chunks = (await followChunks(capture.blob, map)).map((c) => ({
      fromServer: c.side !== first,
      frame: c.frame,
      bytes: c.bytes,
    }));
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
      heuristics: (['tcp', 'udp'] as const).flatMap((t) =>
        heuristicsFor(t).map((h) => ({ name: h.name, enabledByDefault: h.enabledByDefault })),
      ),
    };
  }
}
