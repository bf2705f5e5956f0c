import { Library, LibraryClosedError, QuotaError, type LoadedCapture, type PendingCapture } from '../../store/library';
import type { Annotations, CaptureEntry } from '../../store/schema';
import type { PackedAnalysis, TlsKeyFile } from '../../api/capture-api';
import type { DissectionSettings } from '../../dissectors/decode-as';
import type { CaptureFacts } from '../../api/analysis';

const KEEP_SETTING = 'keepOpenedCaptures';
/** Tabs tell each other when the library changed, so every open Library view lists the same captures. */
const CHANNEL = 'loupe-library';

export interface StorageUse {
  used: number;
  quota: number;
  persisted: boolean;
}

/** The capture library as the UI sees it: the listed captures, storage use, and what went wrong, in words. */
export class LibraryState {
  entries = $state.raw<CaptureEntry[]>([]);
  storage = $state.raw<StorageUse>();
  /** Keep every capture opened in the library; the user may turn it off. */
  keep = $state(true);
  /** What the user must know: storage full, library closed by another tab, library unavailable. */
  notice = $state('');
  /** The database was handed to a newer Loupe in another tab: only a reload brings it back. */
  closed = $state(false);
  private library?: Promise<Library | undefined>;
  private channel = new BroadcastChannel(CHANNEL);

  constructor() {
    this.channel.onmessage = () => void this.refresh();
  }

  /** Opens the database, removes what closed tabs left half written, and lists the captures. */
  start(): Promise<void> {
    this.library = Library.open(() => {
      this.closed = true;
      this.notice = new LibraryClosedError().message;
    }).catch((e) => {
      this.notice = `The capture library is unavailable (${e instanceof Error ? e.message : e}); captures are read in memory only.`;
      return undefined;
    });
    return this.run(async (library) => {
      await library.removeOrphans();
      this.keep = await library.setting(KEEP_SETTING, true);
      await this.list(library);
    });
  }

  async refresh(): Promise<void> {
    await this.run((library) => this.list(library));
  }

  /** Starts keeping a capture being opened; undefined when nothing is kept. */
  async begin(file: Blob, name: string): Promise<PendingCapture | undefined> {
    if (!this.keep) return undefined;
    return this.run((library) => library.begin(file, name));
  }

  /**
   * Lists the capture once indexed (with what is known of it so far, and the Decode As settings it is dissected
   * under) and returns its id; drops its bytes when it could not be read (no facts).
   */
  async finish(
    pending: PendingCapture | undefined,
    facts: CaptureFacts | undefined,
    dissection?: DissectionSettings,
  ): Promise<string | undefined> {
    if (!pending) return undefined;
    return this.run(async (library) => {
      if (!facts) {
        await library.abandon(pending);
        return undefined;
      }
      const entry = await library.commit(pending, facts, dissection);
      this.changed();
      // The capture waits for its entry only, not for the list to be read again.
      void this.refresh().then(() => this.askPersistence());
      return entry.id;
    }, `${pending.name} stays open but is not kept in the library`);
  }

  /**
   * Stores a capture's analysis made under `madeUnder` (its packet index, or with Protocol, Info and expert items
   * once dissected); the store drops it if the capture's settings changed since.
   */
  async storeAnalysis(id: string, analysis: PackedAnalysis | undefined, madeUnder: DissectionSettings): Promise<void> {
    if (!analysis) return;
    const name = this.entries.find((e) => e.id === id)?.name ?? 'the capture';
    // The analysis stored before stays: the capture is kept, only this analysis is not.
    const again = analysis.dissected ? 'dissected' : 'read';
    const stored = await this.run(
      (library) => library.storeAnalysis(id, analysis, madeUnder),
      `${name} is kept, but will be ${again} again each time it is reopened`,
    );
    // Its first analysis completes what the list shows of it (times, link types).
    if (stored && !analysis.dissected) {
      this.changed();
      await this.refresh();
    }
  }

  async load(id: string): Promise<LoadedCapture | undefined> {
    return this.run(async (library) => {
      const loaded = await library.load(id);
      if (!loaded) this.notice = 'That capture is no longer in the library.';
      // Its last-opened time changed; the capture need not wait for the list.
      void this.list(library);
      return loaded;
    });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.mutate((library) => library.rename(id, name));
  }

  async remove(id: string): Promise<void> {
    await this.mutate((library) => library.remove(id));
  }

  async removeAll(): Promise<void> {
    await this.mutate((library) => library.removeAll());
  }

  async annotations(id: string): Promise<Annotations | undefined> {
    return this.run((library) => library.annotations(id));
  }

  async setAnnotations(annotations: Annotations): Promise<void> {
    await this.run((library) => library.setAnnotations(annotations));
  }

  /** Keeps new Decode As settings with a stored capture, with its analysis before dissection (see `complete`). */
  async setDissection(id: string, settings: DissectionSettings, indexOnly: PackedAnalysis | undefined): Promise<void> {
    await this.run((library) => library.setDissection(id, settings, indexOnly));
  }

  /** Keeps a stored capture's TLS key files with it (undefined: forgets them), with its analysis before dissection. */
  async setTlsKeys(
    id: string,
    tlsKeys: TlsKeyFile[] | undefined,
    indexOnly: PackedAnalysis | undefined,
  ): Promise<void> {
    await this.run((library) => library.setTlsKeys(id, tlsKeys, indexOnly));
  }

  async setKeep(keep: boolean): Promise<void> {
    this.keep = keep;
    await this.run((library) => library.setSetting(KEEP_SETTING, keep));
  }

  /** Asks the browser not to evict the library under storage pressure (Chromium decides without a prompt). */
  async askPersistence(): Promise<void> {
    if (!(await navigator.storage.persisted())) await navigator.storage.persist();
    await this.measure();
  }

  private async mutate(change: (library: Library) => Promise<void>): Promise<void> {
    await this.run(async (library) => {
      await change(library);
      this.changed();
      await this.list(library);
    });
  }

  private async list(library: Library): Promise<void> {
    this.entries = await library.list();
    await this.measure();
  }

  private async measure(): Promise<void> {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    this.storage = { used: usage, quota, persisted: await navigator.storage.persisted() };
  }

  private changed(): void {
    this.channel.postMessage('changed');
  }

  /** Runs a library operation; failures become the notice, and the app carries on in memory. */
  private async run<T>(
    operation: (library: Library) => Promise<T>,
    whenFull = 'the capture stays open but is not kept in the library',
  ): Promise<T | undefined> {
    const library = await this.library;
    if (!library || this.closed) return undefined;
    try {
      return await operation(library);
    } catch (e) {
      if (e instanceof QuotaError) {
        this.notice = `Storage is full: ${whenFull}. Delete captures from the library to make room.`;
        await this.measure();
      } else if (!(e instanceof LibraryClosedError)) {
        this.notice = `The library could not be updated: ${e instanceof Error ? e.message : e}`;
      }
      return undefined;
    }
  }
}
