import { Malformed, type Bytes } from '../bytes';
import type { TreeBuilder } from '../tree';
import { parseDer } from './der';
import { md5 } from '@noble/hashes/legacy.js';
import { absTimeUtc, hexBytes, treeBytes } from '../../fields/format';
import { CIPHER_SUITES, GROUPS, HANDSHAKE_TYPES, isGrease, named } from './names';
import { certificateTree, nameSummary, parseCertificate, rdnItems } from './x509';
import { extensionList, signatureAlgorithm } from './extensions';

// ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3).
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** What one direction's handshake tells the rest of the connection. */
export interface HandshakeState {
  /** The version the ServerHello settled (supported_versions in TLS 1.3). */
  version?: number;
  cipherSuite?: number;
}

/** A handshake message's name as Info and the tree show it ("Hello Retry Request" for that ServerHello). */
export function messageName(msg: Bytes): string {
  const type = msg.u8(0);
  if (type === 2 && msg.length >= 38 && hexBytes(msg.bytes(6, 32)) === HRR_RANDOM) return 'Hello Retry Request';
  return HANDSHAKE_TYPES[type] ?? `Unknown (${type})`;
}

/**
 * One complete handshake message (RFC 5246 §7.4, RFC 8446 §4) as its tree: header, then the body of each
 * message type. Returns the message's name.
 */
export function handshakeMessage(t: TreeBuilder, msg: Bytes, state: HandshakeState): string {
  const name = messageName(msg);
  const type = msg.u8(0);
  t.open('tls.handshake', msg.abs(0), msg.length, `Handshake Protocol: ${name}`);
  t.add('tls.handshake.type', msg.abs(0), 1, type);
  const length = msg.u24(1);
  t.add('tls.handshake.length', msg.abs(1), 3, length);
  const body = msg.sub(4, Math.min(length, msg.length - 4));
  const tls13 = state.version === 0x0304;
  switch (type) {
    case 1:
      hello(t, body, true, state);
      break;
    case 2:
      hello(t, body, false, state);
      break;
    case 4:
      newSessionTicket(t, body, tls13);
      break;
    case 8:
      extensionList(t, body, 0, 'encrypted_extensions');
      break;
    case 11:
      certificates(t, body, tls13);
      break;
    case 12:
      serverKeyExchange(t, body, state);
      break;
    case 13:
      certificateRequest(t, body, tls13);
      break;
    case 15:
      certificateVerify(t, body);
      break;
    case 16:
      clientKeyExchange(t, body, state);
      break;
    case 20:
      t.add('tls.handshake.verify_data', body.abs(0), body.length, body.bytes(0, body.length), 'Verify Data');
      break;
  }
  if (length > msg.length - 4) throw new Malformed('handshake message longer than its data');
  t.close();
  // tshark 4.0 shows a KeyUpdate's field beside its message, not in it.
  if (type === 24 && body.length >= 1) t.add('tls.handshake.key_update.request_update', body.abs(0), 1, body.u8(0));
  return name;
}

function hello(t: TreeBuilder, h: Bytes, client: boolean, state: HandshakeState): void {
  const version = h.u16(0);
  t.add('tls.handshake.version', h.abs(0), 2, version);
  const random = h.bytes(2, 32);
  if (!client) state.version = serverVersion(h) ?? version;
  if (!client && hexBytes(random) === HRR_RANDOM) {
    t.add('tls.handshake.random', h.abs(2), 32, random, `Random: ${HRR_RANDOM} (HelloRetryRequest magic)`);
  } else if (state.version === 0x0304) {
    // TLS 1.3 randoms carry no time (RFC 8446 §4.1.2).
    t.add('tls.handshake.random', h.abs(2), 32, random);
  } else {
    t.open('tls.handshake.random', h.abs(2), 32, `Random: ${hexBytes(random)}`);
    t.add('tls.handshake.random_time', h.abs(2), 4, gmtTime(h.u32(2)));
    t.add('tls.handshake.random_bytes', h.abs(6), 28, h.bytes(6, 28));
    t.close();
  }
  const sidLength = h.u8(34);
  t.add('tls.handshake.session_id_length', h.abs(34), 1, sidLength);
  if (sidLength) t.add('tls.handshake.session_id', h.abs(35), sidLength, h.bytes(35, sidLength));
  let p = 35 + sidLength;
  if (client) {
    const suitesLength = h.u16(p);
    t.add('tls.handshake.cipher_suites_length', h.abs(p), 2, suitesLength);
    t.open(
      'tls.handshake.ciphersuites',
      h.abs(p + 2),
      suitesLength,
      `Cipher Suites (${suitesLength >> 1} suite${suitesLength === 2 ? '' : 's'})`,
    );
    for (let q = 0; q + 2 <= suitesLength; q += 2) cipherSuite(t, h, p + 2 + q);
    t.close();
    p += 2 + suitesLength;
    const methods = h.u8(p);
    t.add('tls.handshake.comp_methods_length', h.abs(p), 1, methods);
    t.open(
      'tls.handshake.comp_methods',
      h.abs(p + 1),
      methods,
      `Compression Methods (${methods} method${methods === 1 ? '' : 's'})`,
    );
    for (let q = 0; q < methods; q++) t.add('tls.handshake.comp_method', h.abs(p + 1 + q), 1, h.u8(p + 1 + q));
    t.close();
    p += 1 + methods;
  } else {
    state.cipherSuite = cipherSuite(t, h, p);
    t.add('tls.handshake.comp_method', h.abs(p + 2), 1, h.u8(p + 2));
    p += 3;
  }
  if (p + 2 <= h.length) extensionList(t, h, p, client ? 'client_hello' : 'server_hello');
  const full = fingerprint(h, client);
  const [fullField, hashField] = client
    ? ['tls.handshake.ja3_full', 'tls.handshake.ja3']
    : ['tls.handshake.ja3s_full', 'tls.handshake.ja3s'];
  const [fullLabel, hashLabel] = client ? ['JA3 Fullstring', 'JA3'] : ['JA3S Fullstring', 'JA3S'];
  const hash = hexBytes(md5(new TextEncoder().encode(full)));
  t.add(fullField, h.abs(0), 0, full, `[${fullLabel}: ${full}]`);
  t.add(hashField, h.abs(0), 0, hash, `[${hashLabel}: ${hash}]`);
}

/**
 * The JA3 (client) or JA3S (server) fingerprint string of a hello: version, cipher suites, extension types and,
 * for a client, supported groups and point formats, in decimal, GREASE values left out.
 */
export function fingerprint(h: Bytes, client: boolean): string {
  const keep = (v: number) => !isGrease(v);
  const list16 = (at: number, length: number) => {
    const out: number[] = [];
    for (let q = 0; q + 2 <= length; q += 2) out.push(h.u16(at + q));
    return out.filter(keep);
  };
  let p = 35 + h.u8(34);
  let suites: number[];
  if (client) {
    suites = list16(p + 2, h.u16(p));
    p += 2 + h.u16(p);
    p += 1 + h.u8(p);
  } else {
    suites = [h.u16(p)];
    p += 3;
  }
  const extensions: number[] = [];
  let groups: number[] = [];
  let formats: number[] = [];
  if (p + 2 <= h.length) {
    const end = p + 2 + h.u16(p);
    for (p += 2; p + 4 <= end; p += 4 + h.u16(p + 2)) {
      const type = h.u16(p);
      if (keep(type)) extensions.push(type);
      if (type === 10) groups = list16(p + 6, h.u16(p + 4));
      if (type === 11) formats = Array.from(h.bytes(p + 5, h.u8(p + 4)));
    }
  }
  const parts = [String(h.u16(0)), suites.join('-'), extensions.join('-')];
  if (client) parts.push(groups.join('-'), formats.join('-'));
  return parts.join(',');
}

/** The version a ServerHello selects: its supported_versions extension, looked up before the tree is made. */
function serverVersion(h: Bytes): number | undefined {
  let p = 35 + h.u8(34) + 3;
  if (p + 2 > h.length) return undefined;
  const end = Math.min(p + 2 + h.u16(p), h.length);
  for (p += 2; p + 4 <= end; p += 4 + h.u16(p + 2)) {
    if (h.u16(p) === 43 && h.u16(p + 2) === 2) return h.u16(p + 4);
  }
  return undefined;
}

function cipherSuite(t: TreeBuilder, h: Bytes, at: number): number {
  const suite = h.u16(at);
  const name = named(CIPHER_SUITES, suite, true) ?? 'Unknown';
  t.add(
    'tls.handshake.ciphersuite',
    h.abs(at),
    2,
    suite,
    `Cipher Suite: ${name} (0x${suite.toString(16).padStart(4, '0')})`,
  );
  return suite;
}

function newSessionTicket(t: TreeBuilder, b: Bytes, tls13: boolean): void {
  t.openText('TLS Session Ticket', b.abs(0), b.length);
  const lifetime = b.u32(0);
  t.add(
    'tls.handshake.session_ticket_lifetime_hint',
    b.abs(0),
    4,
    lifetime,
    `Session Ticket Lifetime Hint: ${lifetime} seconds (${duration(lifetime)})`,
  );
  let p = 4;
  if (tls13) {
    t.add('tls.handshake.session_ticket_age_add', b.abs(4), 4, b.u32(4));
    const nonce = b.u8(8);
    t.add('tls.handshake.session_ticket_nonce_length', b.abs(8), 1, nonce);
    t.add('tls.handshake.session_ticket_nonce', b.abs(9), nonce, b.bytes(9, nonce));
    p = 9 + nonce;
  }
  const length = b.u16(p);
  t.add('tls.handshake.session_ticket_length', b.abs(p), 2, length);
  t.add('tls.handshake.session_ticket', b.abs(p + 2), length, b.bytes(p + 2, length));
  // TLS 1.3 tickets carry extensions, shown inside the ticket's subtree.
  if (tls13) extensionList(t, b, p + 2 + length, 'new_session_ticket');
  t.close();
}

/** "2 hours", "1 day, 3 hours", "5 minutes, 10 seconds": Wireshark's time-span wording. */
function duration(seconds: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, unit] of units) {
    const n = Math.floor(seconds / size);
    seconds -= n * size;
    if (n) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ') || '0 seconds';
}

function certificates(t: TreeBuilder, b: Bytes, tls13: boolean): void {
  let p = 0;
  if (tls13) {
    const context = b.u8(0);
    t.add('tls.handshake.certificate_request_context_length', b.abs(0), 1, context);
    if (context) t.add('tls.handshake.certificate_request_context', b.abs(1), context, b.bytes(1, context));
    p = 1 + context;
  }
  const total = b.u24(p);
  t.add('tls.handshake.certificates_length', b.abs(p), 3, total);
  if (total === 0) return;
  t.open('tls.handshake.certificates', b.abs(p + 3), total, `Certificates (${total} bytes)`);
  const end = p + 3 + total;
  for (p += 3; p < end;) {
    const length = b.u24(p);
    t.add('tls.handshake.certificate_length', b.abs(p), 3, length);
    const der = b.bytes(p + 3, length);
    const parsed = parseCertificate(der, b.abs(p + 3));
    t.open('tls.handshake.certificate', b.abs(p + 3), length, `Certificate: ${treeBytes(der)} (${parsed.subject})`);
    certificateTree(t, parsed);
    t.close();
    p += 3 + length;
    if (tls13) {
      const extensions = b.u16(p);
      extensionList(t, b, p, 'certificate');
      p += 2 + extensions;
    }
  }
  t.close();
}

function serverKeyExchange(t: TreeBuilder, b: Bytes, state: HandshakeState): void {
  const kex = keyExchange(state.cipherSuite);
  let p = 0;
  if (kex === 'ecdhe') {
    t.openText('EC Diffie-Hellman Server Params', b.abs(0), b.length);
    t.add('tls.handshake.server_curve_type', b.abs(0), 1, b.u8(0));
    const curve = b.u16(1);
    t.add(
      'tls.handshake.server_named_curve',
      b.abs(1),
      2,
      curve,
      `Named Curve: ${named(GROUPS, curve) ?? 'Unknown'} (0x${curve.toString(16).padStart(4, '0')})`,
    );
    const n = b.u8(3);
    t.add('tls.handshake.server_point_len', b.abs(3), 1, n);
    t.add('tls.handshake.server_point', b.abs(4), n, b.bytes(4, n));
    p = 4 + n;
  } else if (kex === 'dhe') {
    t.openText('Diffie-Hellman Server Params', b.abs(0), b.length);
    for (const part of ['p', 'g', 'ys']) {
      const n = b.u16(p);
      t.add(`tls.handshake.${part}_len`, b.abs(p), 2, n);
      t.add(`tls.handshake.${part}`, b.abs(p + 2), n, b.bytes(p + 2, n));
      p += 2 + n;
    }
  } else {
    return;
  }
  if (p < b.length) {
    // TLS 1.2 names the signature's algorithm; earlier versions do not (RFC 5246 §7.4.3).
    if (state.version === 0x0303) {
      signatureAlgorithm(t, b, p);
      p += 2;
    }
    const n = b.u16(p);
    t.add('tls.handshake.sig_len', b.abs(p), 2, n);
    t.add('tls.handshake.sig', b.abs(p + 2), n, b.bytes(p + 2, n));
  }
  t.close();
}

function clientKeyExchange(t: TreeBuilder, b: Bytes, state: HandshakeState): void {
  const kex = keyExchange(state.cipherSuite);
  if (kex === 'ecdhe') {
    t.openText('EC Diffie-Hellman Client Params', b.abs(0), b.length);
    const n = b.u8(0);
    t.add('tls.handshake.client_point_len', b.abs(0), 1, n);
    t.add('tls.handshake.client_point', b.abs(1), n, b.bytes(1, n));
  } else if (kex === 'dhe') {
    t.openText('Diffie-Hellman Client Params', b.abs(0), b.length);
    const n = b.u16(0);
    t.add('tls.handshake.yc_len', b.abs(0), 2, n);
    t.add('tls.handshake.yc', b.abs(2), n, b.bytes(2, n));
  } else if (kex === 'rsa') {
    t.openText('RSA Encrypted PreMaster Secret', b.abs(0), b.length);
    const n = b.u16(0);
    t.add('tls.handshake.epms_len', b.abs(0), 2, n);
    t.add('tls.handshake.epms', b.abs(2), n, b.bytes(2, n));
  } else {
    return;
  }
  t.close();
}

function certificateRequest(t: TreeBuilder, b: Bytes, tls13: boolean): void {
  if (tls13) {
    const context = b.u8(0);
    t.add('tls.handshake.certificate_request_context_length', b.abs(0), 1, context);
    if (context) t.add('tls.handshake.certificate_request_context', b.abs(1), context, b.bytes(1, context));
    extensionList(t, b, 1 + context, 'certificate_request');
    return;
  }
  const count = b.u8(0);
  t.add('tls.handshake.cert_types_count', b.abs(0), 1, count);
  t.open('tls.handshake.cert_types', b.abs(1), count, `Certificate types (${count} type${count === 1 ? '' : 's'})`);
  for (let p = 1; p <= count; p++) t.add('tls.handshake.cert_type', b.abs(p), 1, b.u8(p));
  t.close();
  let p = 1 + count;
  const algorithms = b.u16(p);
  t.add('tls.handshake.sig_hash_alg_len', b.abs(p), 2, algorithms);
  t.open(
    'tls.handshake.sig_hash_algs',
    b.abs(p + 2),
    algorithms,
    `Signature Hash Algorithms (${algorithms >> 1} algorithm${algorithms === 2 ? '' : 's'})`,
  );
  for (let q = p + 2; q + 2 <= p + 2 + algorithms; q += 2) signatureAlgorithm(t, b, q);
  t.close();
  p += 2 + algorithms;
  const names = b.u16(p);
  t.add('tls.handshake.dnames_len', b.abs(p), 2, names);
  if (names === 0) return;
  t.open('tls.handshake.dnames', b.abs(p + 2), names, `Distinguished Names (${names} bytes)`);
  for (let q = p + 2; q < p + 2 + names;) {
    const n = b.u16(q);
    t.add('tls.handshake.dname_len', b.abs(q), 2, n);
    const name = parseDer(b.bytes(q + 2, n), b.abs(q + 2));
    t.open('tls.handshake.dname', b.abs(q + 2), n, `Distinguished Name: (${nameSummary(name)})`);
    rdnItems(t, name);
    t.close();
    q += 2 + n;
  }
  t.close();
}

function certificateVerify(t: TreeBuilder, b: Bytes): void {
  signatureAlgorithm(t, b, 0);
  const n = b.u16(2);
  t.add('tls.handshake.client_cert_vrfy.sig_len', b.abs(2), 2, n);
  t.add('tls.handshake.client_cert_vrfy.sig', b.abs(4), n, b.bytes(4, n));
}

/** The key exchange of a TLS 1.2 cipher suite, from its registered name. */
function keyExchange(suite: number | undefined): 'ecdhe' | 'dhe' | 'rsa' | undefined {
  const name = suite === undefined ? undefined : CIPHER_SUITES[suite];
  if (!name) return undefined;
  if (/^TLS_ECDHE_/.test(name)) return 'ecdhe';
  if (/^TLS_DHE_/.test(name)) return 'dhe';
  if (/^TLS_RSA_/.test(name)) return 'rsa';
  return undefined;
}

/** "Dec 18, 2059 21:20:25.000000000 UTC": the first four random bytes as seconds, as Wireshark shows them. */
const gmtTime = (seconds: number): string => absTimeUtc(BigInt(seconds) * 1_000_000_000n);
