import { open } from 'node:fs/promises';
import type { Core } from '../core/core';
import { ingest, type IngestResult } from '../core/ingest';
import { PacketIndex } from '../core/packet-index';
import { SideKind } from '../abi/core-constants';
import { dissectFrames } from '../passes/dissect-frames';
import { exportPcapng, ExportSideData, type ExportResult } from '../core/export-pcapng';
import { DissectedFrameSource } from '../dissectors';
import type { CompiledFilter } from '../filter';
import type { DissectionSettings } from '../dissectors/decode-as';

export interface ExportCommandOptions {
  filter?: CompiledFilter;
  settings?: DissectionSettings;
  /** Key log texts to write as Decryption Secrets Blocks (with the capture's own). */
  keyLogs: Uint8Array[];
}

/**
 * `loupe export`: the frames the display filter matches (all without one) written to `out` as pcapng, as
 * `tshark -r in -Y filter -w out -F pcapng` does, with their comments, and the TLS secrets when key logs are
 * given (the capture's own DSBs are kept then too).
 */
export async function exportCommand(
  core: Core,
  blob: Blob,
  out: string,
  options: ExportCommandOptions,
): Promise<{ result: IngestResult; export: ExportResult }> {
  const index = new PacketIndex();
  const side = new ExportSideData();
  const comments = new Map<number, string[]>();
  const result = await ingest(core, blob, false, {
    onRows: (batch) => index.append(batch),
    onSide: (entry) => {
      side.observe(entry);
      if (entry.kind === SideKind.PacketComment) {
        const list = comments.get(entry.frame) ?? [];
        list.push(new TextDecoder().decode(entry.bytes));
        comments.set(entry.frame, list);
      }
    },
  });
  let frames: ArrayLike<number>;
  const filter = options.filter;
  if (filter) {
    const matched: number[] = [];
    await dissectFrames(
      core,
      blob,
      ({ number, input, app }) => {
        if (filter.matches(new DissectedFrameSource(input, app))) matched.push(number);
      },
      { settings: options.settings },
    );
    frames = matched;
  } else {
    frames = Uint32Array.from({ length: index.count }, (_, i) => i + 1);
  }
  const file = await open(out, 'w');
  try {
    const exported = await exportPcapng({
      blob,
      index,
      side,
      frames,
      commentsOf: (n) => comments.get(n) ?? [],
      tlsSecrets:
        options.keyLogs.length || side.hasTlsSecrets ? { fromCapture: true, keyLogs: options.keyLogs } : undefined,
      sink: async (bytes) => {
        await file.write(bytes);
      },
    });
    return { result, export: exported };
  } finally {
    await file.close();
  }
}
