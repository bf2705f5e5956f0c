import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Core } from '../../src/core/core';
import { openCapture } from '../../src/core/source';
import { printFields } from '../../src/cli/fields-command';
import { fieldId } from '../../src/fields/registry';

/**
 * Field coverage against tshark 4.0: of tshark's own field registry (`tshark -G fields`) for the protocols the
 * core decodes, which fields tshark fills on a set of captures and which of those `loupe fields -e` prints
 * identically on every one of them (an empty column where tshark's is empty included). tshark's columns are kept
 * as hashes in test/fixtures/field-coverage/tshark.json (written by bench/field-coverage.ts --update), so the
 * comparison needs no tshark.
 */

export const COVERAGE_PROTOCOLS = ['eth', 'arp', 'ip', 'ipv6', 'tcp', 'udp', 'icmp', 'icmpv6'];
// Two folders up from test/support/ and from dist/bench/ (where the benchmark is bundled) alike.
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const COVERAGE_DIR = join(ROOT, 'test/fixtures/field-coverage');
export const GOLDEN_PATH = join(COVERAGE_DIR, 'tshark.json');
const CORPUS = resolve(ROOT, '../shared/corpus');
const CORPUS_FOLDERS = ['real', 'apps', 'variants'];
const CAPTURE_NAME = /\.(pcap|pcapng|cap)(\.gz)?$/;

export type Group = 'fixtures' | 'corpus';

export interface CoverageGolden {
  tshark: string;
  /** tshark's value fields (no FT_NONE, no FT_PROTOCOL) of COVERAGE_PROTOCOLS: the denominator. */
  fields: string[];
  /** Capture paths per group: fixtures relative to the project root, corpus ones to the corpus. */
  captures: Record<Group, string[]>;
  /**
   * For each field tshark fills somewhere: per group, [captures where it is filled, hash of its columns on every
   * capture of the group, empty ones included].
   */
  filled: Record<string, Partial<Record<Group, [number, string]>>>;
}

export interface Coverage {
  /** Value fields tshark knows / Loupe registers too. */
  fields: number;
  known: number;
  /** Fields tshark fills on the groups compared / printed identically on all of them. */
  filled: number;
  identical: number;
  captures: number;
  differing: string[];
  missing: string[];
}

/** Every capture of a group as found on disk now (for --update); the corpus group reads `folders` of the corpus. */
export function findCaptures(group: Group, folders: readonly string[] = CORPUS_FOLDERS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (CAPTURE_NAME.test(name)) out.push(path);
    }
  };
  if (group === 'fixtures') {
    walk(join(ROOT, 'test/fixtures'));
    return out.map((p) => relative(ROOT, p));
  }
  for (const folder of folders) if (existsSync(join(CORPUS, folder))) walk(join(CORPUS, folder));
  return out.map((p) => relative(CORPUS, p));
}

export function capturePath(group: Group, name: string): string {
  return group === 'fixtures' ? join(ROOT, name) : join(CORPUS, name);
}

export function groupAvailable(group: Group, golden: CoverageGolden): boolean {
  return golden.captures[group].every((name) => existsSync(capturePath(group, name)));
}

/** Splits `-T fields` output into one column text per field. */
export function columns(text: string, count: number): string[] {
  const cols: string[][] = Array.from({ length: count }, () => []);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const cells = line.split('\t');
    for (let i = 0; i < count; i++) cols[i].push(cells[i] ?? '');
  }
  return cols.map((c) => c.join('\n'));
}

/** The hash of one field's columns over a group's captures, in order. */
export function hashColumns(perCapture: string[]): string {
  const h = createHash('sha1');
  for (const col of perCapture) h.update(col + '\n\f\n');
  return h.digest('hex').slice(0, 16);
}

/**
 * The golden's `filled` entries: for each field tshark filled on any capture, per group how many captures it filled
 * it on and the hash of its columns. `perGroup` holds, per group, one list of columns (one per capture) a field.
 */
export function filledEntries(
  fields: readonly string[],
  groups: readonly Group[],
  perGroup: ReadonlyMap<Group, string[][]>,
): CoverageGolden['filled'] {
  const filled: CoverageGolden['filled'] = {};
  fields.forEach((field, i) => {
    const counts = groups.map((g) => perGroup.get(g)![i].filter((c) => c.replace(/\n/g, '') !== '').length);
    if (counts.every((n) => n === 0)) return;
    filled[field] = Object.fromEntries(
      groups.map((g, k) => [g, [counts[k], hashColumns(perGroup.get(g)![i])] as [number, string]]),
    );
  });
  return filled;
}

export function readGolden(): CoverageGolden {
  return JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as CoverageGolden;
}

/** What `loupe fields` prints for these fields of a capture, one column text per field. */
export async function loupeColumns(core: () => Promise<Core>, path: string, fields: string[]): Promise<string[]> {
  if (fields.length === 0) return [];
  const source = await openCapture(new Blob([readFileSync(path) as BlobPart]));
  let text = '';
  await printFields(await core(), source.blob, fields, (s) => (text += s));
  return columns(text, fields.length);
}

/**
 * Compares Loupe with the golden on the groups given: a filled field counts as identical when Loupe's columns hash
 * as tshark's on every capture of every group.
 */
export async function measureCoverage(
  golden: CoverageGolden,
  groups: Group[],
  core: () => Promise<Core>,
): Promise<Coverage> {
  const known = golden.fields.filter((f) => fieldId(f) !== undefined);
  const filled = Object.keys(golden.filled).filter((f) => groups.some((g) => (golden.filled[f][g]?.[0] ?? 0) > 0));
  const compared = filled.filter((f) => fieldId(f) !== undefined);
  const perField = new Map<string, Map<Group, string[]>>(compared.map((f) => [f, new Map()]));
  let captures = 0;
  for (const group of groups) {
    for (const name of golden.captures[group]) {
      captures++;
      const cols = await loupeColumns(core, capturePath(group, name), compared);
      compared.forEach((f, i) => {
        const byGroup = perField.get(f)!;
        if (!byGroup.has(group)) byGroup.set(group, []);
        byGroup.get(group)!.push(cols[i]);
      });
    }
  }
  const differing: string[] = [];
  let identical = 0;
  for (const f of compared) {
    const same = groups.every((g) => {
      const want = golden.filled[f][g]?.[1];
      return hashColumns(perField.get(f)!.get(g) ?? []) === want;
    });
    if (same) identical++;
    else differing.push(f);
  }
  return {
    fields: golden.fields.length,
    known: known.length,
    filled: filled.length,
    identical,
    captures,
    differing,
    missing: filled.filter((f) => fieldId(f) === undefined),
  };
}
