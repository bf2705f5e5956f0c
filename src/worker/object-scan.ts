import type { Core } from '../core/core';
import { dissectFrames } from '../passes/dissect-frames';
import type { ExportedObject } from '../dissectors';
import type { TlsDecryption } from '../tls/decryption';
import { objectFileNames } from '../dissectors/objects';
import type { ObjectEntry } from '../api/capture-api';

/** The capture's exportable objects of every protocol, with the file name each is saved under. */
export interface ObjectCatalog {
  entries: ObjectEntry[];
  objects: ExportedObject[];
}

/**
 * Every file HTTP and FTP carried, from a field-mode pass with the application dissectors over the whole
 * file (in a core of its own): the objects `loupe export-objects` writes, named as it names them.
 */
export async function scanObjects(
  core: Core,
  blob: Blob,
  onProgress?: (read: number, total: number) => void,
  tls?: TlsDecryption,
): Promise<ObjectCatalog> {
  const objects: ExportedObject[] = [];
  await dissectFrames(core, blob, () => {}, { onProgress, onObject: (object) => objects.push(object), tls });
  const entries: ObjectEntry[] = [];
  for (const protocol of new Set(objects.map((o) => o.protocol))) {
    const own = objects.filter((o) => o.protocol === protocol);
    const names = objectFileNames(own);
    own.forEach((o, i) =>
      entries.push({
        id: objects.indexOf(o),
        protocol,
        frame: o.frame,
        hostname: o.hostname,
        contentType: o.contentType,
        size: o.bytes.length,
        filename: names[i],
      }),
    );
  }
  entries.sort((a, b) => a.id - b.id);
  return { entries, objects };
}
