import * as Comlink from 'comlink';
import wasmUrl from '../../dist/core.wasm?url';
import { CaptureSession } from './capture-session';
import type { CaptureApi } from './api';

const session = WebAssembly.compileStreaming(fetch(wasmUrl)).then((module) => CaptureSession.create(module));

const api: CaptureApi = {
  async open(file, name, onProgress, stored) {
    return (await session).open(file, name, onProgress, stored);
  },
  async indexSnapshot() {
    const snapshot = await (await session).indexSnapshot();
    return Comlink.transfer(snapshot, Object.values(snapshot.columns).map((c) => c.buffer));
  },
  async rows(from, count) {
    const page = await (await session).rows(from, count);
    return Comlink.transfer(page, [page.numbers.buffer, page.time.buffer, page.length.buffer, page.flags.buffer, page.analysis.buffer, page.transport.buffer]);
  },
  async frame(number) {
    const detail = await (await session).frame(number);
    // bytes may be a view into a larger read: send only its own bytes.
    if (detail) detail.bytes = detail.bytes.slice();
    return detail && Comlink.transfer(detail, [detail.bytes.buffer, detail.records.buffer]);
  },
  async streamsOf(number) {
    return (await session).streamsOf(number);
  },
  async streamCount(kind) {
    return (await session).streamCount(kind);
  },
  async follow(ref) {
    const followed = await (await session).follow(ref);
    // Chunks are views into per-segment reads: send each its own bytes.
    if (followed) for (const chunk of followed.chunks) chunk.bytes = chunk.bytes.slice();
    return followed && Comlink.transfer(followed, followed.chunks.map((c) => c.bytes.buffer));
  },
  async expertInfo(onProgress) {
    return (await session).expertInfo(onProgress);
  },
  async filter(text, onProgress) {
    const outcome = await (await session).filter(text, onProgress);
    if (outcome.kind !== 'applied' || !outcome.frames) return outcome;
    // The session keeps its own copy for rows().
    const frames = outcome.frames.slice();
    return Comlink.transfer({ ...outcome, frames }, [frames.buffer]);
  },
  async cancelFilter() {
    return (await session).cancelFilter();
  },
  async setDissection(settings, onProgress) {
    return (await session).setDissection(settings, onProgress);
  },
  async applicationFields() {
    return (await session).applicationFields();
  },
  async decodeAsTarget(number) {
    return (await session).decodeAsTarget(number);
  },
};

Comlink.expose(api);
