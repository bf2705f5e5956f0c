import * as Comlink from 'comlink';
import wasmUrl from '../../dist/core.wasm?url';
import { CaptureSession } from './capture-session';
import type { CaptureApi } from './api';

const session = WebAssembly.compileStreaming(fetch(wasmUrl)).then((module) => CaptureSession.create(module));

const api: CaptureApi = {
  async open(file, name, onProgress) {
    return (await session).open(file, name, onProgress);
  },
  async rows(from, count) {
    const page = await (await session).rows(from, count);
    return Comlink.transfer(page, [page.time.buffer, page.length.buffer, page.flags.buffer]);
  },
  async frame(number) {
    const detail = await (await session).frame(number);
    // bytes may be a view into a larger read: send only its own bytes.
    if (detail) detail.bytes = detail.bytes.slice();
    return detail && Comlink.transfer(detail, [detail.bytes.buffer, detail.records.buffer]);
  },
};

Comlink.expose(api);
