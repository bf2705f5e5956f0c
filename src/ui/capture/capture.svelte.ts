import * as Comlink from 'comlink';
import type {
  CaptureApi,
  CaptureSummary,
  LoadProgress,
  PackedAnalysis,
  StoredAnalysis,
  TlsKeyEntry,
  TlsKeyFile,
  TlsKeyOutcome,
} from '../../api/capture-api';
import { defaultSettings, type DissectionSettings } from '../../dissectors/decode-as';
import { registerFields } from '../../fields/registry';

export type LoadState = 'empty' | 'loading' | 'ready' | 'failed';

/** The open capture as the UI sees it: load state, progress and summary, with the worker behind it. */
export class Capture {
  readonly api: Comlink.Remote<CaptureApi>;
  private readonly worker: Worker;
  state = $state<LoadState>('empty');
  name = $state('');
  progress = $state.raw<LoadProgress>({ bytesRead: 0, bytesTotal: 0, frames: 0 });
  summary = $state.raw<CaptureSummary>();
  /** Why the file could not be shown at all. */
  failure = $state('');
  /** Bumped on every open, so views drop what they hold of the previous capture. */
  generation = $state(0);
  /** Decode As rules and protocol switches the capture is dissected under. */
  dissection = $state.raw<DissectionSettings>(defaultSettings());
  /** Bumped when the capture is dissected again (Decode As, TLS keys), so views fetch what they show again. */
  revision = $state(0);
  /** The TLS key files the worker holds for this capture (memory only). */
  tlsKeys = $state.raw<TlsKeyEntry[]>([]);
  /** The user asked to keep the keys with the capture in the library. */
  tlsKeysKept = $state(false);
  /**
   * Settles when the capture is indexed (or failed to open). Whole-capture questions (expert items, objects) wait
   * for it: asked of a worker still starting, they would otherwise reach it before the capture does.
   */
  indexed: Promise<void> = Promise.resolve();
  /** Packets available to show: all of them once loaded, those indexed so far while loading. */
  frames = $derived(this.summary?.frames ?? this.progress.frames);

  constructor() {
    this.worker = new Worker(new URL('../../worker/capture-worker.ts', import.meta.url), {
      type: 'module',
      name: 'loupe-capture',
    });
    this.api = Comlink.wrap<CaptureApi>(this.worker);
    // Application fields are declared where the dissectors run; the filter bar needs them here too.
    void this.api.applicationFields().then(registerFields);
  }

  /**
   * Opens a capture, from its analysis as the library stored it when there is one, dissected under `dissection`
   * (what was chosen for it before; default: tshark's defaults). `beforeShown` runs once it is indexed and before
   * it is shown as ready (the library keeps it there, so a capture shown opened is one a reload finds).
   */
  open(
    file: Blob,
    name: string,
    stored?: StoredAnalysis,
    dissection = defaultSettings(),
    beforeShown?: (summary: CaptureSummary) => Promise<void>,
    tlsKeys: TlsKeyFile[] = [],
  ): Promise<void> {
    const opening = this.load(file, name, stored, dissection, beforeShown, tlsKeys);
    this.indexed = opening;
    return opening;
  }

  private async load(
    file: Blob,
    name: string,
    stored: StoredAnalysis | undefined,
    dissection: DissectionSettings,
    beforeShown: ((summary: CaptureSummary) => Promise<void>) | undefined,
    tlsKeys: TlsKeyFile[],
  ): Promise<void> {
    const generation = ++this.generation;
    this.dissection = dissection;
    this.state = 'loading';
    this.name = name;
    this.summary = undefined;
    this.failure = '';
    this.progress = { bytesRead: 0, bytesTotal: file.size, frames: 0 };
    const current = () => generation === this.generation;
    try {
      const onProgress = (p: LoadProgress) => {
        if (current()) this.progress = p;
      };
      await this.api.setDissection(dissection);
      // Keys kept with a library capture are in place before it opens: its stored analysis was made with them.
      if (tlsKeys.length) await this.api.setTlsKeys(tlsKeys);
      this.tlsKeys = await this.api.tlsKeyEntries();
      this.tlsKeysKept = tlsKeys.length > 0;
      const summary = await this.api.open(file, name, Comlink.proxy(onProgress), stored);
      if (!current()) return;
      await beforeShown?.(summary);
      if (!current()) return;
      this.summary = summary;
      const unreadable = summary.problem?.fatal && summary.frames === 0;
      this.state = unreadable ? 'failed' : 'ready';
      if (unreadable) this.failure = `${name} cannot be opened: ${summary.problem!.message}`;
    } catch (e) {
      if (!current()) return;
      this.state = 'failed';
      this.failure = `${name} cannot be opened: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Dissects the open capture again under new Decode As settings; the list, tree and filter follow. */
  async setDissection(settings: DissectionSettings): Promise<void> {
    const generation = this.generation;
    this.dissection = settings;
    this.progress = { ...this.progress, dissected: 0 };
    const onProgress = (p: LoadProgress) => {
      if (generation === this.generation) this.progress = { ...this.progress, dissected: p.dissected };
    };
    await this.api.setDissection($state.snapshot(settings), Comlink.proxy(onProgress));
    if (generation === this.generation) this.revision++;
  }

  /**
   * Adds a TLS key file; when it holds keys the capture is dissected again with them, and views follow. Says what
   * the file held, or why it cannot be used.
   */
  async addTlsKey(file: TlsKeyFile): Promise<TlsKeyOutcome> {
    const generation = this.generation;
    const outcome = await this.api.addTlsKey(file, Comlink.proxy(this.dissectionProgress(generation)));
    if (generation !== this.generation) return outcome;
    if (outcome.kind === 'keylog' || outcome.kind === 'rsa') this.revision++;
    this.tlsKeys = await this.api.tlsKeyEntries();
    return outcome;
  }

  async removeTlsKey(name: string): Promise<void> {
    const generation = this.generation;
    await this.api.removeTlsKey(name, Comlink.proxy(this.dissectionProgress(generation)));
    if (generation !== this.generation) return;
    this.revision++;
    this.tlsKeys = await this.api.tlsKeyEntries();
  }

  private dissectionProgress(generation: number): (p: LoadProgress) => void {
    return (p) => {
      if (generation === this.generation) this.progress = { ...this.progress, dissected: p.dissected };
    };
  }

  /**
   * The open capture's analysis packed for the library (with `dissected`, once Protocol, Info and the expert items
   * are in); undefined when it failed, another capture replaced it or Decode As changed its dissection meanwhile.
   */
  async packedAnalysis(dissected: boolean): Promise<PackedAnalysis | undefined> {
    const generation = this.generation;
    const dissection = this.dissection;
    const revision = this.revision;
    if (this.state !== 'ready') return undefined;
    // Protocol and Info decrypted with keys that are not kept would show decrypted on a reopen without them.
    if (dissected && this.tlsKeys.length && !this.tlsKeysKept) return undefined;
    const packed = await this.api.packedAnalysis(dissected);
    // Decode As or keys while it was waiting: the columns are those of a pass under other settings, or half of one.
    return generation === this.generation &&
      dissection === this.dissection &&
      (!dissected || revision === this.revision)
      ? packed
      : undefined;
  }

  /** Ends the worker and everything it holds (the capture's index, columns and cores); calls pending on it never answer. */
  dispose(): void {
    this.generation++;
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  async openDemo(): Promise<void> {
    const response = await fetch('./demo/demo.pcapng');
    if (!response.ok) {
      this.state = 'failed';
      this.failure = `the demo capture is unavailable (HTTP ${response.status})`;
      return;
    }
    await this.open(await response.blob(), 'demo.pcapng');
  }
}
