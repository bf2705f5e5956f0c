import * as Comlink from 'comlink';
import type { Capture } from '../capture/capture.svelte';
import type { FilterProgress } from '../../api/capture-api';
import { FilterHistory } from './filter-text';

/**
 * The display filter in force, UI side: which frames the packet list shows (the worker evaluates), the progress
 * of a filter still being evaluated, and the history of applied filters.
 */
export class DisplayFilter {
  /** The filter the list shows, as applied ('' for none). */
  applied = $state('');
  /** What the box holds, applied or not ("Prepare as Filter" puts text here). */
  text = $state('');
  /** Frame numbers that match, in the list's order (ascending unless sorted); undefined: every frame in order. */
  frames = $state.raw<Uint32Array>();
  running = $state(false);
  /** Percent of the capture decoded for the frames the index alone could not decide. */
  progress = $state(0);
  /** Bumped whenever the set of displayed frames changes, so the list drops the rows it holds. */
  generation = $state(0);
  readonly history = new FilterHistory(globalThis.localStorage);

  constructor(private readonly capture: Capture) {}

  /** Frame number of displayed row `row` (0-based). */
  numberOf(row: number): number {
    return this.frames ? this.frames[row] : row + 1;
  }

  displayed(total: number): number {
    return this.frames ? this.frames.length : total;
  }

  /** Row of frame `number` (0-based), or -1 when it is not displayed. */
  rowOf(number: number, total: number): number {
    if (!this.frames) return number >= 1 && number <= total ? number - 1 : -1;
    return this.frames.indexOf(number);
  }

  /** The same frames in a new order (a sort). */
  reorder(frames: Uint32Array | undefined): void {
    this.frames = frames;
    this.generation++;
  }

  async apply(text: string): Promise<void> {
    this.text = text;
    this.running = true;
    this.progress = 0;
    const onProgress = (p: FilterProgress) => {
      this.progress = p.bytesTotal ? Math.round((100 * p.bytesRead) / p.bytesTotal) : 0;
    };
    try {
      const outcome = await this.capture.api.filter(text, Comlink.proxy(onProgress));
      if (outcome.kind !== 'applied') return;
      this.frames = outcome.frames;
      this.applied = text.trim();
      this.generation++;
      this.history.remember(this.applied);
    } finally {
      this.running = false;
    }
  }

  cancel(): void {
    void this.capture.api.cancelFilter();
  }

  /** A new capture: every frame shows until a filter is applied to it. */
  reset(): void {
    this.frames = undefined;
    this.applied = '';
    this.generation++;
  }
}
