import { readFile } from 'node:fs/promises';
import { Core } from './core';
import { coreFileName } from './wasm-features';

/**
 * Loads dist/core.wasm (dist/core-scalar.wasm where WebAssembly has no SIMD) next to the built CLI
 * (dist/cli/loupe.mjs) or from the checkout when run from src.
 */
export async function loadCoreForNode(): Promise<Core> {
  const file = coreFileName();
  const candidates = [new URL(`../${file}`, import.meta.url), new URL(`../../dist/${file}`, import.meta.url)];
  for (const url of candidates) {
    try {
      return await Core.instantiate(await readFile(url));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`dist/${file} is missing: run \`npm run build:wasm\``);
}
