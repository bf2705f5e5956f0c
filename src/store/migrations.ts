import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { packAnalysis } from './packed-analysis';
import type { Annotations, CaptureEntry, LibrarySchema, StoreName } from './schema';

type UpgradeTransaction = IDBPTransaction<LibrarySchema, StoreName[], 'versionchange'>;

/** One schema step: runs inside the versionchange transaction, after the steps before it. */
interface Migration {
  version: number;
  describe: string;
  run(db: IDBPDatabase<LibrarySchema>, tx: UpgradeTransaction): Promise<void> | void;
}

/**
 * Every schema version there has been, oldest first. Never edit a shipped step: a library written by an older
 * Loupe is brought forward by running the steps after its version, in order, so add a new one instead.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    describe: 'catalogue, chunked bytes, packet indexes, pending imports, annotations, settings',
    run(db) {
      const captures = db.createObjectStore('captures', { keyPath: 'id' });
      captures.createIndex('byName', 'name');
      captures.createIndex('byAdded', 'added');
      db.createObjectStore('chunks', { keyPath: ['capture', 'n'] });
      db.createObjectStore('indexes', { keyPath: 'capture' });
      db.createObjectStore('pending', { keyPath: 'capture' });
      db.createObjectStore('annotations', { keyPath: 'capture' });
      db.createObjectStore('settings', { keyPath: 'key' });
    },
  },
  {
    version: 2,
    describe: 'sort by last opened: index it, and date entries of version 1 by when they were added',
    async run(_db, tx) {
      const captures = tx.objectStore('captures');
      captures.createIndex('byLastOpened', 'lastOpened');
      for await (const cursor of captures) await cursor.update(withLastOpened(cursor.value));
    },
  },
  {
    version: 3,
    describe: 'each analysis one packed Blob, read back in one go, in place of a record of typed arrays',
    async run(db, tx) {
      db.createObjectStore('analyses', { keyPath: 'capture' });
      const analyses = tx.objectStore('analyses');
      for await (const cursor of tx.objectStore('indexes')) {
        const { capture, count, columns } = cursor.value;
        // Packing is synchronous: the upgrade transaction stays alive.
        await analyses.put({ capture, packed: packAnalysis({ index: { count, columns } }), dissected: false });
      }
      db.deleteObjectStore('indexes');
    },
  },
  {
    version: 4,
    describe: 'annotations: several comments per packet, ignored packets, time references and field columns',
    async run(_db, tx) {
      for await (const cursor of tx.objectStore('annotations'))
        await cursor.update(withAnnotationDefaults(cursor.value));
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The steps that bring a library at `from` (0: none yet) to `to`. */
export function migrationPlan(from: number, to: number): Migration[] {
  if (from > to) throw new Error(`the library was written by a newer Loupe (schema ${from}, this one knows ${to})`);
  return MIGRATIONS.filter((m) => m.version > from && m.version <= to);
}

/** Version 1 entries have no lastOpened: they were last opened when they were added, as far as anyone knows. */
export function withLastOpened(entry: Omit<CaptureEntry, 'lastOpened'> & { lastOpened?: number }): CaptureEntry {
  return { ...entry, lastOpened: entry.lastOpened ?? entry.added };
}

/** Annotations before schema 4 held one comment per packet and marks only: brought to the version 4 shape. */
export function withAnnotationDefaults(
  old: Partial<Omit<Annotations, 'comments'>> & { capture: string; comments?: Record<number, string | string[]> },
): Annotations {
  const comments: Record<number, string[]> = {};
  for (const [n, c] of Object.entries(old.comments ?? {})) comments[Number(n)] = Array.isArray(c) ? c : [c];
  return {
    capture: old.capture,
    comments,
    marks: old.marks ?? [],
    ignored: old.ignored ?? [],
    timeRefs: old.timeRefs ?? [],
    columns: old.columns ?? [],
  };
}
