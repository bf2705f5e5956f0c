/**
 * The one TypeScript binding to the WebAssembly core (assembly/index.ts). Instantiated from bytes so the same
 * code runs in Node (CLI, tests, benchmarks) and in Web Workers. Views over wasm memory are re-made on every
 * access because memory.grow detaches the old buffer.
 */
import { CaptureFormat, RECORD_WORDS } from '../abi/core-constants';

export interface CoreExports {
  memory: WebAssembly.Memory;
  open(fileSize: number, withFields: boolean): void;
  reserve(n: number): number;
  readOffset(): number;
  feed(n: number, last: boolean): number;
  frameCount(): number;
  problemCode(): number;
  problemOffset(): number;
  problemValue(): number;
  captureFormat(): number;
  rowCount(): number;
  clearRows(): void;
  rowColumn(which: number): number;
  fieldRecords(): number;
  fieldRecordCount(): number;
  clearFieldRecords(): void;
  sideData(): number;
  sideDataLength(): number;
  clearSideData(): void;
  scratch(n: number): number;
  streamEndpoint(proto: number, stream: number, side: number): number;
  setTransportAnalysis(on: boolean): void;
  wantFieldFrames(count: number): number;
  keepFields(size: number): number;
  beginSubset(captureFormat: number): void;
  decodeSubsetFrame(
    n: number,
    number: number,
    origLen: number,
    tsSec: number,
    tsNsec: number,
    linkType: number,
    interfaceId: number,
    firstSec: number,
    firstNsec: number,
    previousSec: number,
    previousNsec: number,
    tcpStream: number,
    udpStream: number,
  ): number;
  stopAt(offset: number): void;
  position(): number;
  seekTo(offset: number): void;
  setFrameCount(n: number): void;
  deferTracking(on: boolean): void;
  transportLogEntries(): number;
  transportLogCount(): number;
  clearTransportLog(): void;
  transportLogReserve(count: number): number;
  replayTransport(count: number, firstFrame: number): void;
  pieceBoundaryClean(layoutBlocks: number): number;
  layoutBlockCount(): number;
  decodeOne(
    n: number,
    number: number,
    origLen: number,
    tsSec: number,
    tsNsec: number,
    linkType: number,
    captureFormat: number,
  ): number;
  detectFormat(magicLE: number): number;
}

export { RECORD_WORDS };

/** A capture format code's name: 'pcap', 'pcapng', 'netmon' or 'unknown'. */
export function captureFormatName(code: number): string {
  const entry = Object.entries(CaptureFormat).find(([, value]) => value === code);
  return (entry?.[0] ?? 'Unknown').toLowerCase();
}

export class Core {
  constructor(
    readonly exports: CoreExports,
    /** The compiled module: another thread instantiates it without compiling again (a parallel ingest's pieces). */
    readonly module?: WebAssembly.Module,
  ) {}

  static async instantiate(wasm: BufferSource | WebAssembly.Module): Promise<Core> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort(_msg: number, _file: number, line: number, column: number) {
          throw new Error(`loupe core aborted at ${line}:${column}`);
        },
      },
    });
    return new Core(instance.exports as unknown as CoreExports, module);
  }

  /** Copies bytes into the core's input window. */
  write(bytes: Uint8Array): void {
    const p = this.exports.reserve(bytes.length);
    new Uint8Array(this.exports.memory.buffer, p, bytes.length).set(bytes);
  }

  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }

  /** The current batch of field records, as a view (valid until the next call into the core). */
  fieldRecords(): Uint32Array {
    const n = this.exports.fieldRecordCount();
    return new Uint32Array(this.exports.memory.buffer, this.exports.fieldRecords(), n * RECORD_WORDS);
  }
}
