import { readFile } from 'node:fs/promises';
import { Core } from './core';

/** Loads dist/core.wasm next to the built CLI (dist/cli/loupe.mjs) or from the checkout when run from src. */
export async function loadCoreForNode(): Promise<Core> {
  const candidates = [new URL('../core.wasm', import.meta.url), new URL('../../dist/core.wasm', import.meta.url)];
  for (const url of candidates) {
    try {
      return await Core.instantiate(await readFile(url));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error('dist/core.wasm is missing: run `npm run build:wasm`');
}
