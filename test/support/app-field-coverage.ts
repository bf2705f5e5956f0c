import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Core } from '../../src/core/core';
import { openCapture } from '../../src/core/source';
import { printFields } from '../../src/cli/fields-command';
import { loadTlsKeys } from '../../src/cli/tls-options';
import { fieldId } from '../../src/fields/registry';
import { COVERAGE_DIR, capturePath, columns, findCaptures, hashColumns, type Group } from './field-coverage';

/**
 * Field coverage of the application protocols against tshark 4.0, measured as the core's is
 * (test/support/field-coverage.ts): of tshark's registry (`tshark -G fields`) for the protocols Loupe's dissectors
 * cover, which fields tshark fills on the fixtures and the corpus, and which of those `loupe fields -e` prints
 * identically on every capture (`-T fields` with the checksum preferences on, and the capture's key log when one lies
 * beside it, as the corpus's app.tsv goldens are made). tshark's columns are kept as hashes in
 * test/fixtures/field-coverage/tshark-apps.json and its registry in tshark-apps-registry.txt.gz (bench/app-field-
 * coverage.ts --update writes both), so the comparison needs no tshark.
 */

/** tshark's protocol filter names whose fields the measurement counts: the ones Loupe's dissectors show. */
export const APP_PROTOCOLS = [
  'http',
  'dns',
  'tls',
  'smb2',
  'smb',
  'nbns',
  'nbss',
  'nbdgm',
  'browser',
  'mailslot',
  'dhcp',
  'dhcpv6',
  'ftp',
  'ftp-data',
  'tftp',
  'telnet',
  'smtp',
  'imf',
  'pop',
  'imap',
  'sip',
  'sdp',
  'msnms',
  'kerberos',
  'ldap',
  'cldap',
  'ntlmssp',
  'gss-api',
  'spnego',
  'snmp',
  'radius',
  'syslog',
  'ssh',
  'dcerpc',
  'quic',
  'http2',
  'x509sat',
  'x509ce',
  'x509af',
  'pkcs-1',
  'ntp',
  'cflow',
  'bgp',
  'wg',
  'openvpn',
  'mysql',
  'pgsql',
  'resp',
  'mqtt',
  'mbtcp',
  'modbus',
  's7comm',
  'rpc',
  'nfs',
  'portmap',
  'rdp',
  'tpkt',
  'cotp',
  'gtp',
  'gtpv2',
  'json',
  'media',
  'data-text-lines',
  'urlencoded-form',
];

export const APP_GOLDEN_PATH = join(COVERAGE_DIR, 'tshark-apps.json');
export const APP_REGISTRY_PATH = join(COVERAGE_DIR, 'tshark-apps-registry.txt.gz');
const APP_CORPUS_FOLDERS = ['real', 'apps', 'variants', 'msn', 'tls'];
const CAPTURE_NAME = /\.(pcap|pcapng|cap)(\.gz)?$/;

export interface AppCoverageGolden {
  tshark: string;
  /** Capture paths per group: fixtures relative to the project root, corpus ones to the corpus. */
  captures: Record<Group, string[]>;
  /**
   * For each field tshark fills somewhere: per group, [captures where it is filled, hash of its columns on every
   * capture of the group, empty ones included].
   */
  filled: Record<string, Partial<Record<Group, [number, string]>>>;
}

/** tshark's value fields (no FT_NONE, no FT_PROTOCOL) of APP_PROTOCOLS: field name → its protocol. */
export function readAppRegistry(): Map<string, string> {
  const text = gunzipSync(readFileSync(APP_REGISTRY_PATH)).toString();
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [protocol, name] = line.split('\t');
    if (name) out.set(name, protocol);
  }
  return out;
}

export function readAppGolden(): AppCoverageGolden {
  return JSON.parse(readFileSync(APP_GOLDEN_PATH, 'utf8')) as AppCoverageGolden;
}

/** Every capture of a group as found on disk now (for --update). */
export function findAppCaptures(group: Group): string[] {
  return findCaptures(group, APP_CORPUS_FOLDERS);
}

export function appGroupAvailable(group: Group, golden: AppCoverageGolden): boolean {
  return golden.captures[group].every((name) => existsSync(capturePath(group, name)));
}

/** The NSS key log beside a capture (`x.keylog` or `x.keys` for `x.pcap`), which both tools are given. */
export function keyLogOf(path: string): string | undefined {
  const stem = path.replace(CAPTURE_NAME, '');
  return ['.keylog', '.keys'].map((ext) => stem + ext).find((p) => existsSync(p));
}

/** What `loupe fields [--keylog]` prints for these fields of a capture, one column text per field. */
export async function loupeAppColumns(core: () => Promise<Core>, path: string, fields: string[]): Promise<string[]> {
  if (fields.length === 0) return [];
  const source = await openCapture(new Blob([readFileSync(path) as BlobPart]));
  const keyLog = keyLogOf(path);
  const tls = keyLog ? await loadTlsKeys({ keyLogs: [keyLog], rsaKeys: [] }, () => {}) : undefined;
  if (typeof tls === 'string') throw new Error(tls);
  let text = '';
  await printFields(await core(), source.blob, fields, (s) => (text += s), undefined, undefined, tls);
  return columns(text, fields.length);
}

export interface ProtocolCoverage {
  protocol: string;
  /** tshark's value fields / those Loupe registers too. */
  fields: number;
  known: number;
  /** Fields tshark fills on the groups compared / printed identically on all of them. */
  filled: number;
  identical: number;
  differing: string[];
  missing: string[];
}

export interface AppCoverage {
  captures: number;
  protocols: ProtocolCoverage[];
  total: ProtocolCoverage;
}

function tally(protocol: string, rows: ProtocolCoverage[]): ProtocolCoverage {
  const sum = (key: 'fields' | 'known' | 'filled' | 'identical') => rows.reduce((n, r) => n + r[key], 0);
  return {
    protocol,
    fields: sum('fields'),
    known: sum('known'),
    filled: sum('filled'),
    identical: sum('identical'),
    differing: rows.flatMap((r) => r.differing),
    missing: rows.flatMap((r) => r.missing),
  };
}

/**
 * Compares Loupe with the golden on the groups given, per protocol: a filled field counts as identical when
 * Loupe's columns hash as tshark's on every capture of every group.
 */
export async function measureAppCoverage(
  golden: AppCoverageGolden,
  registry: Map<string, string>,
  groups: Group[],
  core: () => Promise<Core>,
): Promise<AppCoverage> {
  const filled = Object.keys(golden.filled).filter((f) => groups.some((g) => (golden.filled[f][g]?.[0] ?? 0) > 0));
  const compared = filled.filter((f) => fieldId(f) !== undefined);
  const perField = new Map<string, Map<Group, string[]>>(compared.map((f) => [f, new Map()]));
  let captures = 0;
  for (const group of groups) {
    for (const name of golden.captures[group]) {
      captures++;
      const cols = await loupeAppColumns(core, capturePath(group, name), compared);
      compared.forEach((f, i) => {
        const byGroup = perField.get(f)!;
        if (!byGroup.has(group)) byGroup.set(group, []);
        byGroup.get(group)!.push(cols[i]);
      });
    }
  }
  const same = new Set(
    compared.filter((f) =>
      groups.every((g) => hashColumns(perField.get(f)!.get(g) ?? []) === golden.filled[f][g]?.[1]),
    ),
  );
  const rows = new Map<string, ProtocolCoverage>(
    APP_PROTOCOLS.map((p) => [
      p,
      { protocol: p, fields: 0, known: 0, filled: 0, identical: 0, differing: [], missing: [] },
    ]),
  );
  for (const [name, protocol] of registry) {
    const row = rows.get(protocol);
    if (!row) continue;
    row.fields++;
    if (fieldId(name) !== undefined) row.known++;
  }
  for (const f of filled) {
    const row = rows.get(registry.get(f) ?? '');
    if (!row) continue;
    row.filled++;
    if (same.has(f)) row.identical++;
    else if (fieldId(f) === undefined) row.missing.push(f);
    else row.differing.push(f);
  }
  const protocols = [...rows.values()];
  return { captures, protocols, total: tally('all', protocols) };
}
