import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit tests run in Node against the built dist/core.wasm; `npm test` builds first (scripts/test.mjs).
// Browser tests (test/e2e) drive Debian's Chromium through playwright-core against a preview server.
export default defineConfig({
  plugins: [svelte()],
  test: {
    projects: [
      {
        extends: true,
        // Generous: a loaded 2-core machine is slow, and speed is the benchmarks' business, not the tests'.
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // One retry: on a loaded 2-core machine a browser test sometimes misses a timing (a service worker's update, a
        // worker's answer); a failure that repeats still fails.
        // Polls wait up to 10 s (vitest's default: 1 s): there a worker's start or the library's first write can
        // take seconds.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          retry: 1,
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
