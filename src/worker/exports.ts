import type { Core } from '../core/core';
import { ingest } from '../core/ingest';
import { exportPcapng, ExportSideData } from '../core/export-pcapng';
import { isPcapng } from '../core/source';
import { Note } from '../present/annotations';
import type {
  ExportChoices,
  ExportedPackets,
  ExportPacketsRequest,
  ExportSelection,
  LoadProgress,
  ObjectEntry,
} from '../api/capture-api';
import type { CaptureState, SessionContext } from './capture-state';
import { scanObjects, type ObjectCatalog } from './object-scan';

/** What leaves the capture as files: chosen packets as pcapng (Export Specified Packets) and the objects protocols carried. */
export class Exports {
  private objects?: Promise<ObjectCatalog>;
  private objectsCore?: Promise<Core>;
  private objectsQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: SessionContext) {}

  /** New capture or Decode As rules: the object catalogue is made again when next asked for. */
  reset(): void {
    this.objects = undefined;
  }

  async exportChoices(): Promise<ExportChoices> {
    await this.ctx.capture.loading.catch(() => {});
    const capture = this.ctx.capture;
    const displayed = capture.displayedFrames();
    let marked = 0;
    for (const n of displayed) if (capture.notes.of(n) & Note.Marked) marked++;
    return {
      displayed: displayed.length,
      marked,
      hasTlsSecrets: (await this.sideData(capture)).hasTlsSecrets || this.ctx.tlsKeys.keyLogBytes().length > 0,
    };
  }

  /**
   * The chosen frames as a pcapng file, each with its comments; with `tlsSecrets`, the capture's own TLS secrets
   * and the key logs given go first as Decryption Secrets Blocks.
   */
  async exportPackets(request: ExportPacketsRequest): Promise<ExportedPackets> {
    await this.ctx.capture.loading.catch(() => {});
    const capture = this.ctx.capture;
    const side = await this.sideData(capture);
    const frames = selectedFrames(capture, request.selection);
    // Chunks become Blobs as they come, so the browser may keep them out of the worker's heap.
    const parts: Blob[] = [];
    const result = await exportPcapng({
      blob: capture.blob,
      index: capture.index,
      side,
      frames,
      commentsOf: (n) => capture.notes.commentsOf(n),
      // The key logs given to this capture go with its own secrets, so the export decrypts as it does.
      tlsSecrets: request.tlsSecrets
        ? { fromCapture: true, keyLogs: [...this.ctx.tlsKeys.keyLogBytes(), ...(request.keyLogs ?? [])] }
        : undefined,
      sink: (bytes) => void parts.push(new Blob([bytes as BlobPart])),
    });
    return { file: new Blob(parts, { type: 'application/vnd.tcpdump.pcap' }), ...result };
  }

  /** The files HTTP and FTP carried, in capture order. */
  async exportObjects(onProgress?: (progress: LoadProgress) => void): Promise<ObjectEntry[]> {
    return (await this.objectCatalog(onProgress)).entries;
  }

  /** One listed object's bytes; undefined for an unknown id. */
  async exportObject(id: number): Promise<Uint8Array | undefined> {
    return (await this.objectCatalog()).objects[id]?.bytes;
  }

  /**
   * The capture's interface when it has only one (a pcapng frame's interface is not in the index); undefined when
   * it has several or they are not known yet (a capture the library restored: they are gathered for next time).
   */
  async soleInterface(): Promise<{ id: number; name?: string } | undefined> {
    const capture = this.ctx.capture;
    if (!capture.exportSide) {
      void this.sideData(capture);
      return undefined;
    }
    const { interfaces } = await capture.exportSide;
    return interfaces.length === 1 ? interfaces[0] : undefined;
  }

  /** The capture's own TLS secrets (pcapng DSBs), for passes that slice frames out of the file. */
  async captureSecrets(): Promise<readonly { type: number; data: Uint8Array }[]> {
    return (await this.sideData(this.ctx.capture)).secrets;
  }

  /** The export side data: gathered while opening, or by a pass of its own for a capture the library restored. */
  private sideData(capture: CaptureState): Promise<ExportSideData> {
    if (!capture.exportSide) {
      const side = new ExportSideData();
      const blob = capture.blob;
      capture.exportSide = isPcapng(blob).then(async (pcapng) => {
        // Only pcapng carries interfaces and secrets as blocks of their own.
        if (pcapng) await ingest(await this.ctx.newCore(), blob, false, { onSide: (e) => side.observe(e) });
        return side;
      });
    }
    return capture.exportSide;
  }

  /** One pass over the capture for its objects, made when first asked for and kept until the next open. */
  private async objectCatalog(onProgress?: (progress: LoadProgress) => void): Promise<ObjectCatalog> {
    await this.ctx.capture.loading.catch(() => {});
    if (!this.objects) {
      const core = (this.objectsCore ??= this.ctx.newCore());
      const { blob, index } = this.ctx.capture;
      const frames = index.count;
      // One core, one pass at a time: a scan of the previous capture finishes before this one starts.
      this.objects = this.objectsQueue.then(async () =>
        scanObjects(
          await core,
          blob,
          (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames }),
          this.ctx.tlsKeys.decryption(),
        ),
      );
      this.objectsQueue = this.objects.catch(() => {});
    }
    return this.objects;
  }
}

/** The selection's frame numbers among the displayed, in frame order (an export keeps capture order whatever the sort). */
function selectedFrames(capture: CaptureState, selection: ExportSelection): Uint32Array {
  const displayed = capture.displayedFrames();
  if (selection.kind === 'displayed') return displayed;
  if (selection.kind === 'marked') return displayed.filter((n) => (capture.notes.of(n) & Note.Marked) !== 0);
  return displayed.filter((n) => n >= selection.first && n <= selection.last);
}
