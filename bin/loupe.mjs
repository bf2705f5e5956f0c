#!/usr/bin/env node
// Thin launcher so `npx loupe` works in the checkout and once installed: the CLI itself is built to dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/loupe.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('loupe: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
