import * as Comlink from 'comlink';
import wasmUrl from '../../dist/core.wasm?url';
import { CaptureSession } from './capture-session';
import type { CaptureApi } from '../api/capture-api';

const session = WebAssembly.compileStreaming(fetch(wasmUrl)).then((module) => CaptureSession.create(module));

const api: CaptureApi = {
  async open(file, name, onProgress, stored) {
    return (await session).open(file, name, onProgress, stored);
  },
  async packedAnalysis(dissected) {
    // A Blob crosses to the page without its bytes being copied.
    return (await session).packedAnalysis(dissected);
  },
  async rows(from, count, timeFormat) {
    const page = await (await session).rows(from, count, timeFormat);
    return Comlink.transfer(page, [page.numbers.buffer, page.length.buffer, page.flags.buffer, page.notes.buffer, page.colours.buffer]);
  },
  async sort(spec) {
    return ownOrder(await (await session).sort(spec));
  },
  async setTimeFormat(format) {
    return ownOrder(await (await session).setTimeFormat(format));
  },
  async rowOf(number) {
    return (await session).rowOf(number);
  },
  async findNoted(kind, row, step) {
    return (await session).findNoted(kind, row, step);
  },
  async annotate(kind, numbers, set) {
    return (await session).annotate(kind, numbers, set);
  },
  async setComments(number, comments) {
    return (await session).setComments(number, comments);
  },
  async annotations() {
    return (await session).annotations();
  },
  async restoreAnnotations(snapshot) {
    return (await session).restoreAnnotations(snapshot);
  },
  async checkFilters(texts) {
    return (await session).checkFilters(texts);
  },
  async configure(config, onProgress) {
    return (await session).configure(config, onProgress);
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
  async expertInfo() {
    return (await session).expertInfo();
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
  async conversations(kind, displayed, onProgress) {
    return (await session).conversations(kind, displayed, onProgress);
  },
  async endpoints(kind, displayed, onProgress) {
    return (await session).endpoints(kind, displayed, onProgress);
  },
  async protocolHierarchy(displayed, onProgress) {
    return (await session).protocolHierarchy(displayed, onProgress);
  },
  async ioGraph(intervalUs, options, onProgress) {
    return (await session).ioGraph(intervalUs, options, onProgress);
  },
  async chats() {
    return (await session).chats();
  },
  async exportObjects(onProgress) {
    return (await session).exportObjects(onProgress);
  },
  async exportObject(id) {
    // The session keeps its own copy for later saves.
    const copy = (await (await session).exportObject(id))?.slice();
    return copy && Comlink.transfer(copy, [copy.buffer]);
  },
  async setDissection(settings, onProgress) {
    return (await session).setDissection(settings, onProgress);
  },
  async exportChoices() {
    return (await session).exportChoices();
  },
  async exportPackets(request) {
    return (await session).exportPackets(request);
  },
  async applicationFields() {
    return (await session).applicationFields();
  },
  async addTlsKey(file, onProgress) {
    return (await session).addTlsKey(file, onProgress);
  },
  async removeTlsKey(name, onProgress) {
    return (await session).removeTlsKey(name, onProgress);
  },
  async setTlsKeys(files, onProgress) {
    return (await session).setTlsKeys(files, onProgress);
  },
  async tlsKeyEntries() {
    return (await session).tlsKeyEntries();
  },
  async tlsKeyFiles() {
    return (await session).tlsKeyFiles();
  },
  async tlsSessions(onProgress) {
    return (await session).tlsSessions(onProgress);
  },
  async decodeAsTarget(number) {
    return (await session).decodeAsTarget(number);
  },
};

/** The list order for the UI: a copy transferred (the session keeps its own for rows()). */
function ownOrder(order: Uint32Array | undefined): Uint32Array | undefined {
  if (!order) return undefined;
  const copy = order.slice();
  return Comlink.transfer(copy, [copy.buffer]);
}

Comlink.expose(api);
