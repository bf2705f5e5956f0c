import { openDB, type IDBPDatabase } from 'idb';
import { chunkRanges } from './chunks';
import { migrationPlan, SCHEMA_VERSION } from './migrations';
import type { Annotations, CaptureEntry, LibrarySchema, StoredAnalysisRecord } from './schema';
import { defaultSettings, type DissectionSettings } from '../dissectors/decode-as';
import { DB_NAME } from './schema';
import type { CaptureFacts, CaptureSummary, PackedAnalysis, StoredAnalysis } from '../api/analysis';
import type { TlsKeyFile } from '../api/tls';

/** Storage is full: what was being written is dropped, everything stored before stays. */
export class QuotaError extends Error {}

/** Another tab opened a newer library schema: this tab let go of the database and must be reloaded. */
export class LibraryClosedError extends Error {
  constructor() {
    super('the library was upgraded by a newer Loupe in another tab: reload this tab to use it');
  }
}

const isQuotaError = (e: unknown) => e instanceof DOMException && e.name === 'QuotaExceededError';

/** Held by the tab writing an import, so another tab's start-up cleanup leaves it alone (released if the tab dies). */
const importLock = (id: string) => `loupe-import-${id}`;
const chunkRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

/** A capture whose bytes are being written; it becomes a library entry only when committed. */
export interface PendingCapture {
  id: string;
  name: string;
  size: number;
  chunks: number;
  /** Settles when every chunk is written; rejects with QuotaError when storage ran out. */
  written: Promise<void>;
  /** Set once every chunk is written. */
  complete: boolean;
}

/** A stored capture ready to hand to the worker. */
export interface LoadedCapture {
  entry: CaptureEntry;
  file: Blob;
  /** Undefined when the page went away before the analysis was stored: the capture is parsed again. */
  analysis?: StoredAnalysis;
  /** The analysis holds Protocol, Info and expert items: the worker dissects nothing. */
  dissected: boolean;
}

/** Whether two Decode As settings are the same (absent: tshark's defaults). */
export function sameDissection(a: DissectionSettings | undefined, b: DissectionSettings | undefined): boolean {
  const text = (
    { decodeAs, disabledProtocols, enabledHeuristics, disabledHeuristics }: DissectionSettings = defaultSettings(),
  ) => JSON.stringify([decodeAs, disabledProtocols, enabledHeuristics, disabledHeuristics]);
  return text(a) === text(b);
}

/**
 * The local capture library in IndexedDB. An import writes a pending record, then the bytes chunk by chunk, and
 * commits the catalogue entry in one transaction as soon as the bytes are written and the capture indexed: a tab
 * closed before leaves a pending record, which the next start-up removes with its chunks. The packed analysis
 * follows in writes of its own, each stored only if made under the Decode As settings the entry holds then.
 */
export class Library {
  private closed = false;

  private constructor(
    private db: IDBPDatabase<LibrarySchema>,
    private onClosed: () => void,
  ) {
    db.addEventListener('close', () => this.close());
  }

  static async open(onClosed: () => void): Promise<Library> {
    let library: Library | undefined;
    const db = await openDB<LibrarySchema>(DB_NAME, SCHEMA_VERSION, {
      async upgrade(db, from, to, tx) {
        for (const step of migrationPlan(from, to ?? SCHEMA_VERSION)) await step.run(db, tx);
      },
      // A newer Loupe in another tab wants to upgrade: step aside rather than block it, and say so.
      blocking() {
        library?.close();
      },
    });
    library = new Library(db, onClosed);
    return library;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.onClosed();
  }

  private get live(): IDBPDatabase<LibrarySchema> {
    if (this.closed) throw new LibraryClosedError();
    return this.db;
  }

  async list(): Promise<CaptureEntry[]> {
    return this.live.getAll('captures');
  }

  /** Starts writing a capture's bytes; nothing is listed until `commit`. */
  async begin(file: Blob, name: string): Promise<PendingCapture> {
    const id = crypto.randomUUID();
    const ranges = chunkRanges(file.size);
    const pending = { id, name, size: file.size, chunks: ranges.length, complete: false } as PendingCapture;
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    pending.written = new Promise<void>((resolve, reject) => {
      void navigator.locks.request(importLock(id), async () => {
        locked();
        try {
          await this.guard(() => this.live.put('pending', { capture: id, started: Date.now() }));
          // One transaction per chunk: each Blob is copied and released before the next is read.
          for (const [n, [start, end]] of ranges.entries()) {
            await this.guard(() => this.live.put('chunks', { capture: id, n, data: file.slice(start, end) }));
          }
          pending.complete = true;
          resolve();
        } catch (e) {
          await this.discard(id).catch(() => {});
          reject(e);
        }
      });
    });
    // commit() or abandon() sees the outcome; a failure before either runs is not an unhandled rejection.
    pending.written.catch(() => {});
    await lockHeld;
    return pending;
  }

  /**
   * Lists a fully written capture: its entry (with the facts known so far and the Decode As settings it is
   * dissected under) and the end of its pending state, at once. Its analysis comes with storeAnalysis().
   */
  async commit(pending: PendingCapture, facts: CaptureFacts, dissection?: DissectionSettings): Promise<CaptureEntry> {
    await pending.written;
    const now = Date.now();
    const entry: CaptureEntry = {
      id: pending.id,
      name: pending.name,
      size: pending.size,
      chunks: pending.chunks,
      ...facts,
      added: now,
      lastOpened: now,
      ...(dissection ? { dissection } : {}),
    };
    try {
      await this.guard(async () => {
        const tx = this.live.transaction(['captures', 'pending'], 'readwrite');
        await Promise.all([
          tx.objectStore('captures').put(entry),
          tx.objectStore('pending').delete(pending.id),
          tx.done,
        ]);
      });
    } catch (e) {
      await this.discard(pending.id).catch(() => {});
      throw e;
    }
    return entry;
  }

  /** Drops an import that will not be committed (the file was no capture, or the user keeps nothing). */
  async abandon(pending: PendingCapture): Promise<void> {
    await pending.written.catch(() => {});
    await this.discard(pending.id);
  }

  /**
   * Stores a listed capture's analysis (and the facts it brings) in one write. A dissected one only if it was made
   * under the Decode As settings the capture is kept with, and a packet index alone (which no setting changes) only
   * over no analysis or another index: whatever order the writes come in, what is stored matches the settings.
   * A capture deleted meanwhile stays deleted. Returns whether it was stored.
   */
  async storeAnalysis(
    id: string,
    analysis: PackedAnalysis,
    madeUnder: DissectionSettings | undefined,
  ): Promise<boolean> {
    return this.guard(async () => {
      const tx = this.live.transaction(['captures', 'analyses'], 'readwrite');
      const [entry, existing] = await Promise.all([
        tx.objectStore('captures').get(id),
        tx.objectStore('analyses').get(id),
      ]);
      const current =
        entry !== undefined &&
        (analysis.dissected ? sameDissection(entry.dissection, madeUnder) : !existing?.dissected);
      if (current) {
        const stored: StoredAnalysisRecord = { capture: id, packed: analysis.packed, dissected: analysis.dissected };
        await Promise.all([
          tx.objectStore('captures').put({ ...entry, ...analysis.facts }),
          tx.objectStore('analyses').put(stored),
        ]);
      }
      await tx.done;
      return current;
    });
  }

  async load(id: string): Promise<LoadedCapture | undefined> {
    const tx = this.live.transaction(['captures', 'chunks', 'analyses']);
    const [entry, chunks, stored] = await Promise.all([
      tx.objectStore('captures').get(id),
      tx.objectStore('chunks').getAll(chunkRange(id)),
      tx.objectStore('analyses').get(id),
      tx.done,
    ]);
    if (!entry || chunks.length !== entry.chunks) return undefined;
    const opened = { ...entry, lastOpened: Date.now() };
    await this.live.put('captures', opened);
    const summary: CaptureSummary = {
      name: entry.name,
      frames: entry.packets,
      format: entry.format,
      compressed: entry.compressed,
      problem: entry.problem,
      warnings: entry.warnings,
    };
    // Chunks come back in key order; the Blob made of them reads from the database lazily.
    const file = new Blob(chunks.map((c) => c.data));
    return {
      entry: opened,
      file,
      analysis: stored && { summary, packed: stored.packed },
      dissected: stored?.dissected ?? false,
    };
  }

  async rename(id: string, name: string): Promise<void> {
    const tx = this.live.transaction('captures', 'readwrite');
    const entry = await tx.store.get(id);
    if (entry) await tx.store.put({ ...entry, name });
    await tx.done;
  }

  /**
   * Keeps the capture's Decode As settings, to be applied whenever it is opened again. The Protocol and Info stored
   * before were made under the old settings: the analysis goes back to `indexOnly` (its packet index, which no
   * setting changes), or without one is dropped, so the capture is parsed again when reopened.
   */
  async setDissection(
    id: string,
    dissection: DissectionSettings,
    indexOnly: PackedAnalysis | undefined,
  ): Promise<void> {
    await this.guard(async () => {
      const tx = this.live.transaction(['captures', 'analyses'], 'readwrite');
      const entry = await tx.objectStore('captures').get(id);
      if (entry) {
        await tx.objectStore('captures').put({ ...entry, dissection });
        if (indexOnly && !indexOnly.dissected)
          await tx.objectStore('analyses').put({ capture: id, packed: indexOnly.packed, dissected: false });
        else await tx.objectStore('analyses').delete(id);
      }
      await tx.done;
    });
  }

  /**
   * Keeps the capture's TLS key files with it (undefined: forgets them), with its analysis before dissection: the
   * Protocol and Info stored before were made with other keys.
   */
  async setTlsKeys(
    id: string,
    tlsKeys: TlsKeyFile[] | undefined,
    indexOnly: PackedAnalysis | undefined,
  ): Promise<void> {
    await this.guard(async () => {
      const tx = this.live.transaction(['captures', 'analyses'], 'readwrite');
      const entry = await tx.objectStore('captures').get(id);
      if (entry) {
        const { tlsKeys: _previous, ...rest } = entry;
        await tx.objectStore('captures').put(tlsKeys?.length ? { ...rest, tlsKeys } : rest);
        if (indexOnly && !indexOnly.dissected)
          await tx.objectStore('analyses').put({ capture: id, packed: indexOnly.packed, dissected: false });
        else await tx.objectStore('analyses').delete(id);
      }
      await tx.done;
    });
  }

  /** Deletes a capture and everything stored with it, in one transaction. */
  async remove(id: string): Promise<void> {
    const tx = this.live.transaction(['captures', 'chunks', 'analyses', 'annotations'], 'readwrite');
    await Promise.all([
      tx.objectStore('captures').delete(id),
      tx.objectStore('chunks').delete(chunkRange(id)),
      tx.objectStore('analyses').delete(id),
      tx.objectStore('annotations').delete(id),
      tx.done,
    ]);
  }

  async removeAll(): Promise<void> {
    const stores = ['captures', 'chunks', 'analyses', 'annotations', 'pending'] as const;
    const tx = this.live.transaction(stores, 'readwrite');
    await Promise.all([...stores.map((s) => tx.objectStore(s).clear()), tx.done]);
  }

  /** Removes imports a closed tab left half written; imports another open tab is still writing are skipped. */
  async removeOrphans(): Promise<number> {
    let removed = 0;
    for (const id of await this.live.getAllKeys('pending')) {
      await navigator.locks.request(importLock(id), { ifAvailable: true }, async (lock) => {
        if (!lock) return;
        await this.discard(id);
        removed++;
      });
    }
    return removed;
  }

  /** What the analyst noted on a stored capture, and its field columns; undefined when nothing was noted yet. */
  async annotations(id: string): Promise<Annotations | undefined> {
    return this.live.get('annotations', id);
  }

  async setAnnotations(annotations: Annotations): Promise<void> {
    await this.guard(() => this.live.put('annotations', annotations));
  }

  async setting<T>(key: string, fallback: T): Promise<T> {
    return ((await this.live.get('settings', key))?.value as T | undefined) ?? fallback;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.live.put('settings', { key, value });
  }

  private async discard(id: string): Promise<void> {
    const tx = this.live.transaction(['chunks', 'analyses', 'pending', 'annotations'], 'readwrite');
    await Promise.all([
      tx.objectStore('chunks').delete(chunkRange(id)),
      tx.objectStore('analyses').delete(id),
      tx.objectStore('pending').delete(id),
      tx.objectStore('annotations').delete(id),
      tx.done,
    ]);
  }

  /** Runs a write, turning a full disk (thrown at once or as the transaction's abort) into QuotaError. */
  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isQuotaError(e)) throw new QuotaError('storage is full');
      throw e;
    }
  }
}
