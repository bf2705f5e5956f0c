import { Core } from '../core/core';
import { CaptureFormat } from '../abi/core-constants';
import type { ExportSideData } from '../core/export-pcapng';
import { PacketIndex } from '../core/packet-index';
import { StreamRows } from '../core/stream-rows';
import type { PiecesByFrame } from '../core/streams';
import { defaultSettings, type DissectionSettings } from '../dissectors/decode-as';
import { FrameAnnotations } from '../present/annotations';
import type { Stamp } from '../present/time-format';
import type { CaptureSummary } from '../api/capture-api';
import { TlsKeys } from './tls-keys';

/**
 * One open capture as every service of the session reads it: made by open() and replaced by the next open, which
 * aborts `signal`, so whatever still works for this capture stops at its next step.
 */
export class CaptureState {
  index = new PacketIndex();
  streams = new StreamRows();
  /** Where IP-reassembled payloads lie in the file (not in a stored index: such a capture's Follow shows them empty). */
  payloadPieces: PiecesByFrame = new Map();
  blob: Blob = new Blob([]);
  /** The file's format code (CaptureFormat): frames decoded alone need it. */
  format: number = CaptureFormat.Unknown;
  summary?: CaptureSummary;
  firstTime: Stamp = { sec: 0, nsec: 0 };
  /** The ingest under way; settled once the index is complete (or failed). */
  loading: Promise<unknown> = Promise.resolve();
  /** The whole capture is indexed. */
  loaded = false;
  notes = new FrameAnnotations();
  /** Frame numbers the display filter lets through, ascending; undefined: all of them. */
  filtered?: Uint32Array;
  /** Interfaces and secrets for exports; a capture reopened from the library gathers them when first asked. */
  exportSide?: Promise<ExportSideData>;
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;

  /** A newer capture replaces this one. */
  supersede(): void {
    this.controller.abort();
  }

  /** Frame index i's timestamp. */
  stamp(i: number): Stamp {
    return { sec: this.index.at('tsSec', i), nsec: this.index.at('tsNsec', i) };
  }

  /** Displayed frame numbers in frame order. */
  displayedFrames(): Uint32Array {
    return this.filtered ?? Uint32Array.from({ length: this.index.count }, (_, i) => i + 1);
  }
}

/**
 * What the session's services share: the open capture, the Decode As settings every application-layer pass runs
 * under, the cores made at start, and the urgency by which requests the user waits on go before background passes.
 */
export class SessionContext {
  capture = new CaptureState();
  settings: DissectionSettings = defaultSettings();
  /** The TLS keys the user gave (memory only); every application-layer pass decrypts with them. */
  readonly tlsKeys = new TlsKeys();
  private urgent = 0;
  private urgentDone?: { promise: Promise<void>; resolve: () => void };

  constructor(
    readonly module: WebAssembly.Module,
    readonly cores: { ingest: Core; frame: Core; pass: Core; detail: Core },
  ) {}

  /** A further core for a pass of its own. */
  newCore(): Promise<Core> {
    return Core.instantiate(this.module);
  }

  /** For a background pass's `pause`: while urgent requests run, it waits at its next read. */
  readonly backgroundPause = () => (this.urgent > 0 ? this.urgentDone?.promise : undefined);

  /** Runs a request the user waits on; the background passes wait between their reads until it is done. */
  async urgently<T>(work: () => Promise<T>): Promise<T> {
    if (this.urgent++ === 0) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.urgentDone = { promise, resolve };
    }
    try {
      return await work();
    } finally {
      if (--this.urgent === 0) this.urgentDone?.resolve();
    }
  }
}
