import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared corpus (../shared/corpus from the project root). Tests that need it skip when it is absent;
 * LOUPE_NO_CORPUS=1 runs the tests as a clone without it does.
 */
export const CORPUS = resolve(__dirname, '../../../shared/corpus');
export const hasCorpus = !process.env.LOUPE_NO_CORPUS && existsSync(join(CORPUS, 'golden'));

/** Captures of a corpus folder that have a given golden file, with that file's path. */
export function goldenCases(folder: string, golden: string): { capture: string; golden: string; name: string }[] {
  const dir = join(CORPUS, 'golden', folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, golden)))
    .sort()
    .map((name) => ({
      name: `${folder}/${name}`,
      capture: join(CORPUS, folder, name),
      golden: join(dir, name, golden),
    }));
}

/** The -e field list that produced a golden file, read back from its COMMAND.txt. */
export function goldenFields(goldenPath: string): string[] {
  const dir = goldenPath.slice(0, goldenPath.lastIndexOf('/'));
  const file = goldenPath.slice(goldenPath.lastIndexOf('/') + 1);
  const line = readFileSync(join(dir, 'COMMAND.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(file + ' <- '));
  if (!line) return [];
  const words = line.split(' ');
  return words.flatMap((w, i) => (w === '-e' ? [words[i + 1]] : []));
}
