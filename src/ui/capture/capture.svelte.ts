import * as Comlink from 'comlink';
import type { CaptureApi, CaptureSummary, LoadProgress, PackedAnalysis, StoredAnalysis } from '../../worker/api';

export type LoadState = 'empty' | 'loading' | 'ready' | 'failed';

/** The open capture as the UI sees it: load state, progress and summary, with the worker behind it. */
export class Capture {
  readonly api: Comlink.Remote<CaptureApi>;
  state = $state<LoadState>('empty');
  name = $state('');
  progress = $state.raw<LoadProgress>({ bytesRead: 0, bytesTotal: 0, frames: 0 });
  summary = $state.raw<CaptureSummary>();
  /** Why the file could not be shown at all. */
  failure = $state('');
  /** Bumped on every open, so views drop what they hold of the previous capture. */
  generation = $state(0);
  /** Packets available to show: all of them once loaded, those indexed so far while loading. */
  frames = $derived(this.summary?.frames ?? this.progress.frames);

  constructor() {
    const worker = new Worker(new URL('../../worker/capture-worker.ts', import.meta.url), { type: 'module', name: 'loupe-capture' });
    this.api = Comlink.wrap<CaptureApi>(worker);
  }

  /** Opens a capture, from its analysis as the library stored it when there is one. */
  async open(file: Blob, name: string, stored?: StoredAnalysis): Promise<void> {
    const generation = ++this.generation;
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
      const summary = await this.api.open(file, name, Comlink.proxy(onProgress), stored);
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

  /**
   * The open capture's analysis packed for the library (with `dissected`, once Protocol, Info and the expert items
   * are in); undefined when it failed or another capture replaced it.
   */
  async packedAnalysis(dissected: boolean): Promise<PackedAnalysis | undefined> {
    const generation = this.generation;
    if (this.state !== 'ready') return undefined;
    const packed = await this.api.packedAnalysis(dissected);
    return generation === this.generation ? packed : undefined;
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
