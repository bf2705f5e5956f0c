// `npm test`: make sure a Chromium is there for the browser tests, build everything, check the import boundaries
// (.dependency-cruiser.cjs) and the formatting (.prettierrc.json), run every test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(chromium)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('npm test: installing Debian chromium for the browser tests (apt-get install -y chromium)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (r.status === 0 && existsSync(chromium)) return;
  }
  console.error(
    `npm test: Chromium is missing at ${chromium}; install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH`,
  );
  process.exit(1);
}

ensureChromium();
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', '--silent', 'build']);
run('npm', ['run', '--silent', 'check:imports']);
run('npm', ['run', '--silent', 'check:format']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
