import type { CaptureApi } from '../../api/capture-api';
import { hostName } from './names';

/**
 * A tab's host names: the analyst's aliases (kept with the capture by the packet list's state) and, when switched
 * on, the names the capture's own DNS answers gave its addresses, fetched once from the worker.
 */
export class HostNameBook {
  /** Use the names learnt from DNS answers in the capture (Wireshark's "use captured DNS packet data"). */
  useCaptured = $state(false);
  captured = $state.raw<Map<string, string>>();

  constructor(
    private readonly api: () => Pick<CaptureApi, 'capturedNames'>,
    private readonly aliases: () => Readonly<Record<string, string>>,
  ) {}

  /** Whether anything names addresses now (the list and tree show names only then). */
  get active(): boolean {
    return this.useCaptured || Object.keys(this.aliases()).length > 0;
  }

  async setUseCaptured(on: boolean): Promise<void> {
    this.useCaptured = on;
    if (on && !this.captured) this.captured = new Map(await this.api().capturedNames());
  }

  /** A new capture in the tab: its names are learnt again when asked for. */
  reset(): void {
    this.captured = undefined;
    if (this.useCaptured) void this.setUseCaptured(true);
  }

  nameOf = (address: string): string | undefined =>
    hostName(address, this.aliases(), this.useCaptured ? this.captured : undefined);
}
