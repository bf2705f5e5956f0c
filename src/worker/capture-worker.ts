import * as Comlink from 'comlink';
import simdWasmUrl from '../../dist/core.wasm?url';
import scalarWasmUrl from '../../dist/core-scalar.wasm?url';
import { simdSupported } from '../core/wasm-features';
import { CaptureSession } from './capture-session';
import type { CaptureApi } from '../api/capture-api';

const wasmUrl = simdSupported() ? simdWasmUrl : scalarWasmUrl;
const session = WebAssembly.compileStreaming(fetch(wasmUrl)).then((module) => CaptureSession.create(module));

type Results = { [K in keyof CaptureApi]: Awaited<ReturnType<CaptureApi[K]>> };

/**
 * How a result crosses to the page, for the methods whose results carry buffers: transferred rather than copied,
 * each buffer first cut to its own bytes (views into larger reads) or copied when the session keeps it.
 */
const crossing: { [K in keyof CaptureApi]?: (result: Results[K]) => Results[K] } = {
  rows: (page) =>
    Comlink.transfer(page, [
      page.numbers.buffer,
      page.length.buffer,
      page.flags.buffer,
      page.notes.buffer,
      page.colours.buffer,
    ]),
  sort: (order) => ownOrder(order),
  setTimeFormat: (order) => ownOrder(order),
  frame: (detail) => {
    // bytes may be a view into a larger read: send only its own bytes.
    if (detail) detail.bytes = detail.bytes.slice();
    return detail && Comlink.transfer(detail, [detail.bytes.buffer, detail.records.buffer]);
  },
  follow: (followed) => {
    // Chunks are views into per-segment reads: send each its own bytes.
    if (followed) for (const chunk of followed.chunks) chunk.bytes = chunk.bytes.slice();
    return (
      followed &&
      Comlink.transfer(
        followed,
        followed.chunks.map((c) => c.bytes.buffer),
      )
    );
  },
  filter: (outcome) => {
    if (outcome.kind !== 'applied' || !outcome.frames) return outcome;
    // The session keeps its own copy for rows().
    const frames = outcome.frames.slice();
    return Comlink.transfer({ ...outcome, frames }, [frames.buffer]);
  },
  exportObject: (bytes) => {
    // The session keeps its own copy for later saves.
    const copy = bytes?.slice();
    return copy && Comlink.transfer(copy, [copy.buffer]);
  },
};

/** The list order for the UI: a copy transferred (the session keeps its own for rows()). */
function ownOrder(order: Uint32Array | undefined): Uint32Array | undefined {
  if (!order) return undefined;
  const copy = order.slice();
  return Comlink.transfer(copy, [copy.buffer]);
}

/** Every CaptureApi method: the session's, once it is made, its result crossing as `crossing` says. */
const api = new Proxy({} as CaptureApi, {
  get:
    (_, name: string) =>
    async (...args: unknown[]) => {
      const target = (await session) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const result = await target[name](...args);
      const cross = crossing[name as keyof CaptureApi] as ((r: unknown) => unknown) | undefined;
      return cross ? cross(result) : result;
    },
});

Comlink.expose(api);
