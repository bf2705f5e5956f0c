import type { Core } from '../core/core';
import type { LoadProgress } from '../api/capture-api';
import type { TlsKeyEntry, TlsKeyFile, TlsKeyOutcome, TlsSessionRow } from '../api/tls';
import type { SessionContext } from './capture-state';
import { scanTlsSessions } from './tls-sessions';

/**
 * The TLS keys the user gives the open capture (held in the session context, memory only) and the TLS keys
 * dialog's session table. Keys that can decrypt make the capture dissect again (`redissect`).
 */
export class TlsService {
  /** The session table: one pass, kept until the keys, the dissection or the capture change. */
  private sessionRows?: Promise<TlsSessionRow[]>;
  private core?: Promise<Core>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: SessionContext,
    private readonly redissect: (onProgress?: (progress: LoadProgress) => void) => Promise<void>,
  ) {}

  reset(): void {
    this.sessionRows = undefined;
  }

  /**
   * Adds a key file the user gave (key log, PEM or PKCS#12 RSA key) and, when it holds keys, dissects the capture
   * again with them; says what the file held, or why it cannot be used (a password is needed or wrong).
   */
  async addTlsKey(file: TlsKeyFile, onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome> {
    const outcome = this.ctx.tlsKeys.add(file);
    if (outcome.kind === 'keylog' || outcome.kind === 'rsa') await this.redissect(onProgress);
    return outcome;
  }

  async removeTlsKey(name: string, onProgress?: (progress: LoadProgress) => void): Promise<void> {
    if (this.ctx.tlsKeys.remove(name)) await this.redissect(onProgress);
  }

  /**
   * Replaces every key the capture has (the library's kept keys, set before the capture is opened); with a
   * capture open, dissects it again.
   */
  async setTlsKeys(files: TlsKeyFile[], onProgress?: (progress: LoadProgress) => void): Promise<TlsKeyOutcome[]> {
    this.ctx.tlsKeys.clear();
    const outcomes = files.map((file) => this.ctx.tlsKeys.add(file));
    await this.redissect(onProgress);
    return outcomes;
  }

  async tlsKeyEntries(): Promise<TlsKeyEntry[]> {
    return this.ctx.tlsKeys.entries();
  }

  async tlsKeyFiles(): Promise<TlsKeyFile[]> {
    return this.ctx.tlsKeys.files();
  }

  /** Every TLS conversation with its endpoints, SNI, version, suite and decryption outcome (one pass, kept). */
  async tlsSessions(onProgress?: (progress: LoadProgress) => void): Promise<TlsSessionRow[]> {
    const capture = this.ctx.capture;
    await capture.loading.catch(() => {});
    if (!this.sessionRows) {
      const core = (this.core ??= this.ctx.newCore());
      const { blob } = capture;
      const frames = capture.index.count;
      const tls = this.ctx.tlsKeys.decryption();
      const settings = this.ctx.settings;
      const run = this.queue.then(async () =>
        scanTlsSessions(await core, blob, tls, {
          settings,
          onProgress: (bytesRead, bytesTotal) => onProgress?.({ bytesRead, bytesTotal, frames }),
        }),
      );
      this.queue = run.catch(() => {});
      this.sessionRows = run;
    }
    return this.sessionRows;
  }
}
